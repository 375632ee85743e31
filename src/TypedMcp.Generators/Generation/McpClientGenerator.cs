using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TypedMcp.Generators.Generation;

/// <summary>
/// The one generator for <c>[McpClient("catalog")] partial class</c>: one method per tool of the catalog found among
/// the AdditionalFiles (the client branch), the enums, records and wire conversions the tools need (the types
/// branch), and the project's policy compiled into the client for the run-time guard (the embedded-data branch).
/// Each catalog is parsed once per change; files are told apart by <see cref="TypedMcp.Files.FileConventions"/>, the
/// rule the analyzer, the CLI and the package's MSBuild targets share.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class McpClientGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. The file conventions (catalog folder, project folder) from the project's options.
        var conventions = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ProjectOptions.ReadConventions(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Conventions);

        // 2. Every class with [McpClient], reduced to plain values.
        var clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.ClientAttributeName, static (node, _) => node is ClassDeclarationSyntax, Parser.ParseClient)
            .WithTrackingName(TrackingNames.Clients);

        // 3. Every catalog among the AdditionalFiles, parsed once and modelled (names, C# types, generated types).
        var catalogFiles = context.AdditionalTextsProvider
            .Combine(conventions)
            .Where(static pair => pair.Right.Classify(pair.Left.Path).IsCatalog)
            .Select(static (pair, ct) => Parser.ParseCatalog(pair.Left.Path, pair.Left.GetText(ct), ct))
            .WithTrackingName(TrackingNames.CatalogFiles);

        // 4. Problems in catalog files are reported whether or not a client uses them. The model the branches below
        //    use leaves them out: their positions move with every edit of the file, the generated code does not.
        context.RegisterSourceOutput(catalogFiles, static (spc, catalog) => Report(spc, catalog.Diagnostics));
        var catalogs = catalogFiles
            .Select(static (catalog, _) => catalog.Diagnostics.Count == 0 ? catalog : catalog with { Diagnostics = EquatableArray<DiagnosticSpec>.Empty })
            .WithTrackingName(TrackingNames.Catalogs);

        // 5. Client branch: each client joined with the one catalog its attribute names; type names that two catalogs
        //    used in one namespace share get their server's name in front; then the client's partial class.
        var resolved = clients
            .Combine(catalogs.Collect())
            .Select(static (pair, ct) => Parser.ResolveClient(pair.Left, pair.Right, ct))
            .WithTrackingName(TrackingNames.ClientModels);
        var models = resolved
            .Collect()
            .SelectMany(static (all, ct) => Parser.Qualify(all, ct))
            .WithTrackingName(TrackingNames.QualifiedModels);
        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            Report(spc, model.Diagnostics);
            if (model.Catalog is not { } catalog) { return; }
            Emit(spc, model.Client.AttributeLocation, "generating client " + model.Client.ClassName,
                () => (Emitter.ClientHintName(model.Client), Emitter.EmitClient(model.Client, catalog)));
        });

        // 6. Types branch: the enums, records, unions and wire conversions, once per namespace and catalog.
        var typeFiles = models
            .Collect()
            .SelectMany(static (all, ct) => Parser.GroupTypes(all, ct))
            .WithTrackingName(TrackingNames.TypeFiles);
        context.RegisterSourceOutput(typeFiles, static (spc, file) =>
            Emit(spc, null, "generating the types of catalog " + file.Catalog.FilePath,
                () => (Emitter.TypesHintName(file), Emitter.EmitTypes(file))));

        // 7. Embedded-data branch: what each client carries to run time (the policy its calls were checked against).
        //    It sees catalogs by their names only, so editing a catalog leaves it cached.
        var identities = catalogs
            .Select(static (catalog, _) => CatalogIdentitySpec.Of(catalog))
            .WithTrackingName(TrackingNames.CatalogIdentities);
        var policyFiles = context.AdditionalTextsProvider
            .Combine(conventions)
            .Where(static pair => pair.Right.Classify(pair.Left.Path).IsPolicy)
            .Select(static (pair, ct) => Parser.ReadPolicyFile(pair.Left.Path, pair.Right, pair.Left.GetText(ct)))
            .WithTrackingName(TrackingNames.PolicyFiles);
        var embedded = clients
            .Where(static client => client.CanExtend)
            .Select(static (client, _) => new EmbeddingClientSpec(client.Namespace, client.ClassName, client.CatalogName))
            .Combine(identities.Collect())
            .Combine(policyFiles.Collect())
            .Select(static (pair, _) => Parser.SelectEmbedded(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.EmbeddedData);
        context.RegisterSourceOutput(embedded, static (spc, model) =>
            Emit(spc, null, "embedding the policy into client " + model.Client.ClassName,
                () => (Emitter.EmbeddedHintName(model.Client), Emitter.EmitEmbedded(model))));
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticSpec> diagnostics)
    {
        foreach (var d in diagnostics) { context.ReportDiagnostic(d.ToDiagnostic()); }
    }

    private static void Emit(SourceProductionContext context, LocationInfo? location, string during, Func<(string HintName, SourceText Source)> emit)
    {
        try
        {
            var (hint, source) = emit();
            context.AddSource(hint, source);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.ReportDiagnostic(Parser.Internal(e, during, location).ToDiagnostic());
        }
    }
}

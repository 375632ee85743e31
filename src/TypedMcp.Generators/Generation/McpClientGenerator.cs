using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TypedMcp.Diagnostics;

namespace TypedMcp.Generators.Generation;

/// <summary>
/// Generates a typed MCP client for every <c>[McpClient("catalog")] partial class</c>: one method per tool of
/// the catalog found among the AdditionalFiles, plus the enums and result records the tools need.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class McpClientGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Every class with [McpClient], reduced to plain values.
        var clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.ClientAttributeName, static (node, _) => node is ClassDeclarationSyntax, Parser.ParseClient)
            .WithTrackingName(TrackingNames.Clients);

        // 2. Every catalog among the AdditionalFiles, parsed, named, typed (null for JSON files that are no catalog).
        var catalogFiles = context.AdditionalTextsProvider
            .Where(static file => Parser.IsJsonFile(file.Path))
            .Select(static (file, ct) => Parser.ParseCatalogFile(file.Path, file.GetText(ct)?.ToString(), ct))
            .WithTrackingName(TrackingNames.CatalogFiles);
        var catalogs = catalogFiles
            .Where(static c => c is not null)
            .WithTrackingName(TrackingNames.Catalogs);

        // 3. Problems in catalog files are reported whether or not a client uses them.
        context.RegisterSourceOutput(catalogs, static (spc, catalog) =>
        {
            foreach (var d in catalog!.Diagnostics) { spc.ReportDiagnostic(d.ToDiagnostic()); }
        });

        // 4. Each client joined with the one catalog its attribute names.
        var models = clients
            .Combine(catalogs.Collect())
            .Select(static (pair, ct) => Parser.BuildClientModel(pair.Left, pair.Right, ct))
            .WithTrackingName(TrackingNames.ClientModels);

        // 5. The client's partial class with one method per tool.
        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            foreach (var d in model.Diagnostics) { spc.ReportDiagnostic(d.ToDiagnostic()); }
            if (model.Catalog is null) { return; }
            Emit(spc, model.Client.AttributeLocation, "generating client " + model.Client.ClassName,
                () => (Emitter.ClientHintName(model.Client), Emitter.EmitClient(model.Client, model.Catalog)));
        });

        // 6. The enums, records and wire conversions: once per namespace and catalog.
        var typeFiles = models
            .Collect()
            .SelectMany(static (all, ct) => Parser.GroupTypes(all, ct))
            .WithTrackingName(TrackingNames.TypeFiles);
        context.RegisterSourceOutput(typeFiles, static (spc, file) =>
            Emit(spc, null, "generating the types of catalog " + file.Catalog.FilePath,
                () => (Emitter.TypesHintName(file), Emitter.EmitTypes(file))));
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

using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedMcp.Generators.Generation.PolicyEmbedding;

/// <summary>
/// Compiles the project's policy into every <c>[McpClient]</c> class, so the client enforces at run time the policy
/// the analyzer checked at compile time: a partial part overriding <c>BuiltInPolicyJson</c>/<c>BuiltInPolicyPath</c>
/// with the policy file's text, <c>InputSchemasJson</c> with the input schemas of the client's catalog (the run-time
/// guard validates calls against them), plus a constructor taking <c>TypedMcpClientOptions</c>. The file is chosen as the
/// policy analyzer chooses it for the client's tools: the attribute's catalog is resolved as the client generator
/// resolves it (<see cref="CatalogLookup"/>), and <c>&lt;server.name&gt;.policy.json</c> of that catalog is used, else
/// <c>policy.json</c>, the first by ordinal path when there are several.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class PolicyEmbeddingGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Every [McpClient] class, reduced to its name, namespace and catalog.
        var clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.ClientAttributeName, static (node, _) => node is ClassDeclarationSyntax, Parser.ParseClient)
            .WithTrackingName(PolicyEmbeddingTrackingNames.Clients);

        // 2. Every policy file among the AdditionalFiles, with its text.
        var policyFiles = context.AdditionalTextsProvider
            .Where(static file => Parser.IsPolicyFile(file.Path))
            .Select(static (file, ct) => Parser.ReadPolicyFile(file.Path, file.GetText(ct)?.ToString()))
            .WithTrackingName(PolicyEmbeddingTrackingNames.PolicyFiles);

        // 3. Every catalog among the AdditionalFiles, reduced to the names [McpClient] may use for it.
        var catalogs = context.AdditionalTextsProvider
            .Where(static file => CatalogLookup.IsJsonFile(file.Path))
            .Select(static (file, ct) => CatalogLookup.ReadIdentity(file.Path, file.GetText(ct)?.ToString()))
            .Where(static c => c is not null)
            .WithTrackingName(PolicyEmbeddingTrackingNames.Catalogs);

        // 4. Each client with the one policy that applies to its server's tools.
        var models = clients
            .Combine(policyFiles.Collect())
            .Combine(catalogs.Collect())
            .Select(static (pair, ct) => Parser.Select(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(PolicyEmbeddingTrackingNames.EmbeddedPolicies);

        // 5. The partial part with the policy text and the options constructor.
        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            if (model is null) { return; }
            try
            {
                spc.AddSource(Emitter.HintName(model.Client), Emitter.Emit(model));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                spc.ReportDiagnostic(McpClientGenerator.Parser.Internal(e, "embedding the policy into client " + model.Client.ClassName, null).ToDiagnostic());
            }
        });
    }
}

/// <summary>The names of the policy-embedding pipeline's steps (for incremental-caching tests).</summary>
internal static class PolicyEmbeddingTrackingNames
{
    /// <summary>Each <c>[McpClient]</c> class, as a <see cref="PolicyClientSpec"/>.</summary>
    public const string Clients = "PolicyEmbedding" + nameof(Clients);

    /// <summary>Each policy file, as a <see cref="PolicyFileSpec"/>.</summary>
    public const string PolicyFiles = "PolicyEmbedding" + nameof(PolicyFiles);

    /// <summary>Each catalog's names, as a <see cref="CatalogIdentitySpec"/>.</summary>
    public const string Catalogs = "PolicyEmbedding" + nameof(Catalogs);

    /// <summary>Each client with its policy, as an <see cref="EmbeddedPolicySpec"/>.</summary>
    public const string EmbeddedPolicies = "PolicyEmbedding" + nameof(EmbeddedPolicies);
}

using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedMcp.Generators.Generation.PolicyEmbedding;

/// <summary>
/// Compiles the project's policy into every <c>[McpClient]</c> class, so the client enforces at run time the policy
/// the analyzer checked at compile time: a partial part overriding <c>BuiltInPolicyJson</c>/<c>BuiltInPolicyPath</c>
/// with the policy file's text, plus a constructor taking <c>TypedMcpClientOptions</c>. The file is chosen as the
/// policy analyzer chooses it: <c>&lt;catalog&gt;.policy.json</c> for the attribute's catalog, else <c>policy.json</c>,
/// the first by ordinal path when there are several.
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

        // 3. Each client with the one policy that applies to it.
        var models = clients
            .Combine(policyFiles.Collect())
            .Select(static (pair, ct) => Parser.Select(pair.Left, pair.Right))
            .WithTrackingName(PolicyEmbeddingTrackingNames.EmbeddedPolicies);

        // 4. The partial part with the policy text and the options constructor.
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

    /// <summary>Each client with its policy, as an <see cref="EmbeddedPolicySpec"/>.</summary>
    public const string EmbeddedPolicies = "PolicyEmbedding" + nameof(EmbeddedPolicies);
}

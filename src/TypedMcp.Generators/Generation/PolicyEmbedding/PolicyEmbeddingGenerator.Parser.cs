using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedMcp.Generators.Generation.PolicyEmbedding;

public sealed partial class PolicyEmbeddingGenerator
{
    /// <summary>Turns Roslyn inputs into <see cref="PolicyClientSpec"/>, <see cref="PolicyFileSpec"/> and <see cref="EmbeddedPolicySpec"/>.</summary>
    internal static class Parser
    {
        public const string ClientAttributeName = "TypedMcp.McpClientAttribute";

        public static PolicyClientSpec ParseClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var node = (ClassDeclarationSyntax)context.TargetNode;
            var attribute = context.Attributes[0];
            var catalog = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string s ? s : string.Empty;
            var canExtend = node.Modifiers.Any(SyntaxKind.PartialKeyword) && symbol.ContainingType is null && !symbol.IsGenericType && !symbol.IsStatic;
            return new PolicyClientSpec(
                symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString(),
                symbol.Name,
                catalog,
                canExtend);
        }

        /// <summary>Whether a path names a policy file (the analyzer's rule: <c>policy.json</c> or <c>&lt;server&gt;.policy.json</c>).</summary>
        public static bool IsPolicyFile(string path) => PolicyFileNames.IsPolicyPath(path, out _);

        public static PolicyFileSpec ReadPolicyFile(string path, string? text)
        {
            PolicyFileNames.IsPolicyPath(path, out var server);
            return new PolicyFileSpec(path, server, text);
        }

        /// <summary>
        /// The policy of one client: the first <c>&lt;server&gt;.policy.json</c> by ordinal path, else the first
        /// <c>policy.json</c>, else none; the server is the <c>server.name</c> of the catalog the client generator
        /// resolves for the attribute (the analyzer keys policies on it), or the attribute's argument when no single
        /// catalog matches (the client generator reports that). Null when the class cannot take another partial part.
        /// </summary>
        public static EmbeddedPolicySpec? Select(PolicyClientSpec client, ImmutableArray<PolicyFileSpec> files, ImmutableArray<CatalogIdentitySpec?> catalogs)
        {
            if (!client.CanExtend) { return null; }
            var matches = CatalogLookup.Match(client.Catalog, catalogs);
            var server = matches.Count == 1 ? CatalogLookup.ServerOf(matches[0]) : client.Catalog;
            PolicyFileSpec? own = null;
            PolicyFileSpec? shared = null;
            foreach (var file in files)
            {
                if (file.Server is null)
                {
                    if (shared is null || string.CompareOrdinal(file.Path, shared.Path) < 0) { shared = file; }
                }
                else if (string.Equals(file.Server, server, StringComparison.Ordinal))
                {
                    if (own is null || string.CompareOrdinal(file.Path, own.Path) < 0) { own = file; }
                }
            }

            var schemas = matches.Count == 1 ? matches[0].InputSchemasJson : null;
            var chosen = own ?? shared;
            if (chosen is null) { return new EmbeddedPolicySpec(client, null, null, schemas); }

            // A policy file that cannot be read must close the client, not open it: embed a text that fails closed.
            var text = chosen.Text ?? "{ \"unreadable\": \"" + FileName(chosen.Path) + " could not be read at build time\" }";
            return new EmbeddedPolicySpec(client, chosen.Path, text, schemas);
        }

        public static string FileName(string path) => PolicyFileNames.FileName(path);
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TypedMcp.Catalog;
using TypedMcp.Files;
using TypedMcp.Diagnostics;

namespace TypedMcp.Generators.Generation;

public sealed partial class McpClientGenerator
{
    /// <summary>Turns attributes and catalog files into value-equatable specs. Never throws: failures become TMCP0901.</summary>
    internal static partial class Parser
    {
        /// <summary>The attribute's metadata name.</summary>
        public const string ClientAttributeName = "TypedMcp.McpClientAttribute";

        /// <summary>Reads an <c>[McpClient]</c> class.</summary>
        public static ClientSpec ParseClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var node = (ClassDeclarationSyntax)context.TargetNode;
            var attribute = context.Attributes[0];
            var catalog = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string s ? s : string.Empty;
            var location = LocationInfo.FromLocation(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation())
                ?? LocationInfo.FromLocation(node.Identifier.GetLocation());
            return new ClientSpec(
                symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString(),
                symbol.Name,
                catalog,
                node.Modifiers.Any(SyntaxKind.PartialKeyword),
                symbol.ContainingType is not null || symbol.IsGenericType || symbol.IsStatic,
                location);
        }

        /// <summary>
        /// Parses and models one catalog file: the only full parse of a catalog in the generator. Every problem of
        /// the file is reported, whether or not a client uses the catalog.
        /// </summary>
        public static CatalogSpec ParseCatalog(string path, SourceText? text, CancellationToken cancellationToken)
        {
            try
            {
                if (text is null)
                {
                    return Failed(path, DiagnosticSpec.Create(DiagnosticIds.CatalogInvalidStructure, null, $"The catalog file '{path}' could not be read."));
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new CatalogBuilder(path).Build(text.ToString());
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                return Failed(path, Internal(e, "reading catalog '" + path + "'", null));
            }
        }

        /// <summary>A policy file with its text and the server it is for.</summary>
        public static PolicyFileSpec ReadPolicyFile(string path, FileConventions conventions, SourceText? text)
            => new(path, conventions.Classify(path).Server, text?.ToString());

        /// <summary>Finds a client's catalog among all catalogs.</summary>
        public static ClientModelSpec ResolveClient(ClientSpec client, ImmutableArray<CatalogSpec> catalogs, CancellationToken cancellationToken)
        {
            try
            {
                if (!client.IsPartial || client.IsNestedOrGeneric)
                {
                    var what = !client.IsPartial ? "is not partial" : "is nested, generic or static";
                    return Fail(DiagnosticSpec.Create(DiagnosticIds.ClientClassNotPartial, client.AttributeLocation, client.ClassName, what));
                }

                var matches = Match(client.CatalogName, catalogs);
                var known = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var c in catalogs) { known.Add(c.Server); }

                if (matches.Count == 0)
                {
                    var list = known.Count == 0 ? "no catalog is among the AdditionalFiles" : "the known catalogs are: " + string.Join(", ", known);
                    return Fail(DiagnosticSpec.Create(DiagnosticIds.CatalogNotFound, client.AttributeLocation, client.CatalogName, list));
                }

                if (matches.Count > 1)
                {
                    var paths = string.Join(", ", matches.Select(m => m.FilePath).OrderBy(p => p, StringComparer.Ordinal));
                    return Fail(DiagnosticSpec.Create(DiagnosticIds.CatalogAmbiguous, client.AttributeLocation, client.CatalogName, paths));
                }

                return new ClientModelSpec(client, matches[0], EquatableArray<DiagnosticSpec>.Empty);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Fail(Internal(e, "building client '" + client.ClassName + "'", client.AttributeLocation));
            }

            ClientModelSpec Fail(DiagnosticSpec d) => new(client, null, new[] { d }.ToEquatableArray());
        }

        /// <summary>One types file per namespace and catalog, however many clients use that catalog there.</summary>
        public static ImmutableArray<TypesFileSpec> GroupTypes(ImmutableArray<ClientModelSpec> models, CancellationToken cancellationToken)
        {
            var seen = new HashSet<(string, string)>();
            var files = new List<TypesFileSpec>();
            foreach (var m in models)
            {
                if (m.Catalog is null) { continue; }
                if (seen.Add((m.Client.Namespace ?? string.Empty, m.Catalog.FilePath))) { files.Add(new TypesFileSpec(m.Client.Namespace, m.Catalog)); }
            }

            return files
                .OrderBy(f => f.Namespace ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(f => f.Catalog.SupportClassName, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        /// <summary>
        /// The data compiled into a client: the first <c>&lt;server&gt;.policy.json</c> by ordinal path, else the first
        /// <c>policy.json</c>, else none. The server is the <c>server.name</c> of the catalog the client branch resolves
        /// for the attribute (the analyzer keys policies on it), or the attribute's argument when no single catalog
        /// matches (the client branch reports that).
        /// </summary>
        public static EmbeddedSpec SelectEmbedded(EmbeddingClientSpec client, ImmutableArray<CatalogIdentitySpec> catalogs, ImmutableArray<PolicyFileSpec> files)
        {
            var matches = Match(client.CatalogName, catalogs);
            var server = matches.Count == 1 ? matches[0].ServerName ?? matches[0].FileServerName : client.CatalogName;
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

            var schemas = matches.Count == 1 ? matches[0].InputSchemas : EquatableArray<InputSchemaSpec>.Empty;
            if ((own ?? shared) is not { } chosen) { return new EmbeddedSpec(client, null, null, schemas); }

            // A policy file that cannot be read must close the client, not open it: embed a text that fails closed.
            var text = chosen.Text ?? "{ \"unreadable\": \"" + FileName(chosen.Path) + " could not be read at build time\" }";
            return new EmbeddedSpec(client, chosen.Path, text, schemas);
        }

        /// <summary>The catalogs that <c>[McpClient(<paramref name="name"/>)]</c> names: by <c>server.name</c> or by file name.</summary>
        public static List<T> Match<T>(string name, ImmutableArray<T> catalogs)
            where T : ICatalogIdentity
        {
            var matches = new List<T>();
            foreach (var c in catalogs)
            {
                if (string.Equals(c.ServerName, name, StringComparison.Ordinal) || string.Equals(c.FileServerName, name, StringComparison.Ordinal)) { matches.Add(c); }
            }

            return matches;
        }

        /// <summary>The file name of <paramref name="path"/>, for either separator.</summary>
        public static string FileName(string path) => path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);

        internal static DiagnosticSpec Internal(Exception e, string during, LocationInfo? location)
            => DiagnosticSpec.Create(DiagnosticIds.InternalError, location, e.GetType().Name, during, e.Message);

        private static CatalogSpec Failed(string path, DiagnosticSpec diagnostic)
            => new(path, null, CatalogParser.ServerNameFromPath(path), "Catalog", EquatableArray<ToolSpec>.Empty, EquatableArray<EnumSpec>.Empty,
                EquatableArray<RecordSpec>.Empty, new[] { diagnostic }.ToEquatableArray());
    }
}

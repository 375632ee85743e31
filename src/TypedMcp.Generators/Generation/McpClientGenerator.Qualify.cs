using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

namespace TypedMcp.Generators.Generation;

public sealed partial class McpClientGenerator
{
    internal static partial class Parser
    {
        /// <summary>
        /// Clients of different catalogs in one namespace share that namespace with their generated types, so two
        /// catalogs can want the same type name (<c>Mode</c>, <c>PushFilesFile</c>). Every such name, in every catalog that
        /// wants it, gets the server's name in front (<c>GithubPushFilesFile</c>, <c>GitlabPushFilesFile</c>): deterministic,
        /// the same for both, and a type name no other catalog in the namespace wants stays as it is.
        /// </summary>
        public static ImmutableArray<ClientModelSpec> Qualify(ImmutableArray<ClientModelSpec> models, CancellationToken cancellationToken)
        {
            var renames = new Dictionary<(string Namespace, string Catalog), Dictionary<string, string>>();
            foreach (var group in models.Where(m => m.Catalog is not null).GroupBy(m => m.Client.Namespace ?? string.Empty, StringComparer.Ordinal))
            {
                var catalogs = group.Select(m => m.Catalog!).GroupBy(c => c.FilePath, StringComparer.Ordinal).Select(g => g.First()).ToList();
                if (catalogs.Count < 2) { continue; }
                var owners = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var c in catalogs)
                {
                    foreach (var name in TypeNames(c)) { owners[name] = owners.TryGetValue(name, out var n) ? n + 1 : 1; }
                }

                var all = new HashSet<string>(owners.Keys, StringComparer.Ordinal);
                foreach (var c in catalogs)
                {
                    var prefix = c.SupportClassName.EndsWith("Wire", StringComparison.Ordinal) ? c.SupportClassName.Substring(0, c.SupportClassName.Length - 4) : c.SupportClassName;
                    var map = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var name in TypeNames(c).Where(n => owners[n] > 1).OrderBy(n => n, StringComparer.Ordinal))
                    {
                        var renamed = prefix + name;
                        for (var i = 2; all.Contains(renamed); i++) { renamed = prefix + name + i.ToString(System.Globalization.CultureInfo.InvariantCulture); }
                        all.Add(renamed);
                        map[name] = renamed;
                    }

                    if (map.Count > 0) { renames[(group.Key, c.FilePath)] = map; }
                }
            }

            if (renames.Count == 0) { return models; }
            var cache = new Dictionary<(string, string), CatalogSpec>();
            return models.Select(m =>
            {
                if (m.Catalog is not { } catalog || !renames.TryGetValue((m.Client.Namespace ?? string.Empty, catalog.FilePath), out var map)) { return m; }
                var key = (m.Client.Namespace ?? string.Empty, catalog.FilePath);
                if (!cache.TryGetValue(key, out var renamed)) { cache[key] = renamed = Rename(catalog, map); }
                return m with { Catalog = renamed };
            }).ToImmutableArray();
        }

        private static IEnumerable<string> TypeNames(CatalogSpec c)
            => c.Enums.Select(e => e.Name).Concat(c.Records.Select(r => r.Name)).Concat(c.Unions.Select(u => u.Name));

        private static CatalogSpec Rename(CatalogSpec c, Dictionary<string, string> map)
        {
            string N(string name) => map.TryGetValue(name, out var r) ? r : name;
            TypeRefSpec T(TypeRefSpec t) => t.Kind switch
            {
                TypeKind.Enum or TypeKind.Record or TypeKind.Union or TypeKind.CsvRows => t with { Name = N(t.Name!) },
                TypeKind.Array or TypeKind.Map => t with { Element = T(t.Element!) },
                _ => t,
            };

            return c with
            {
                Tools = c.Tools.Select(t => t with { Parameters = t.Parameters.Select(p => p with { Type = T(p.Type) }).ToEquatableArray(), Result = t.Result is null ? null : T(t.Result) }).ToEquatableArray(),
                Enums = c.Enums.Select(e => e with { Name = N(e.Name) }).OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
                Records = c.Records.Select(r => r with { Name = N(r.Name), Properties = r.Properties.Select(p => p with { Type = T(p.Type) }).ToEquatableArray(), Extra = r.Extra is null ? null : T(r.Extra) })
                    .OrderBy(r => r.Name, StringComparer.Ordinal).ToEquatableArray(),
                Unions = c.Unions.Select(u => u with
                {
                    Name = N(u.Name),
                    Alternatives = u.Alternatives.Select(a => a with { Type = T(a.Type), Accessor = "As" + CatalogBuilder.ShortName(T(a.Type)) }).ToEquatableArray(),
                }).OrderBy(u => u.Name, StringComparer.Ordinal).ToEquatableArray(),
            };
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Json;

namespace TypedMcp.Generators.Generation;

public sealed partial class McpClientGenerator
{
    private sealed partial class CatalogBuilder
    {
        /// <summary>
        /// One enum per distinct value list (the same values in the same order) wherever it is used. A list used by one
        /// argument or property keeps its own name (tool name + argument name). A list shared by several gets the longest
        /// PascalCase word suffix their C# names have in common (<c>mode</c> everywhere: <c>Mode</c>; <c>move_type</c> and
        /// <c>dest_move_type</c>: <c>MoveType</c>) when no other generated type has or wants that name, else the name of its
        /// first use by ordinal order. Returns the renames (each use's own name → the shared enum's name).
        /// </summary>
        private Dictionary<string, string> NameSharedEnums()
        {
            var renames = new Dictionary<string, string>(StringComparer.Ordinal);
            var groups = _enumUses
                .GroupBy(u => u.Key, StringComparer.Ordinal)
                .Select(g => g.OrderBy(u => u.Name, StringComparer.Ordinal).ThenBy(u => u.Tool, StringComparer.Ordinal).ToList())
                .Where(g => g.Select(u => u.Name).Distinct(StringComparer.Ordinal).Count() > 1)
                .OrderBy(g => g[0].Name, StringComparer.Ordinal)
                .ToList();
            if (groups.Count == 0) { return renames; }

            var own = new HashSet<string>(groups.SelectMany(g => g.Select(u => u.Name)), StringComparer.Ordinal);
            var wanted = groups.Select(g => CommonSuffix(g.Select(u => u.Leaf))).ToList();
            for (var i = 0; i < groups.Count; i++)
            {
                var group = groups[i];
                var candidate = wanted[i];
                var free = candidate.Length > 0
                    && (!_types.ContainsKey(candidate) || own.Contains(candidate) && group.Any(u => u.Name == candidate))
                    && wanted.Count(w => w == candidate) == 1
                    && !groups.Where((g, j) => j != i).Any(g => g.Any(u => u.Name == candidate));
                var name = free ? candidate : group[0].Name;
                foreach (var use in group)
                {
                    _types.Remove(use.Name);
                    renames[use.Name] = name;
                }

                var wires = string.Join(", ", group.Select(u => $"<c>{Xml(u.Wire)}</c>").Distinct(StringComparer.Ordinal));
                var tools = group.Select(u => u.Tool).Distinct(StringComparer.Ordinal).ToList();
                var listed = string.Join(", ", tools.Take(3).Select(t => $"<c>{Xml(t)}</c>")) + (tools.Count > 3 ? $" and {tools.Count - 3} more" : string.Empty);
                _types[name] = new EnumSpec(name, $"The values of {wires} in {tools.Count} tools: {listed}.", Members(name, group[0].Values));
            }

            return renames;
        }

        // The longest run of trailing PascalCase words all names share ("DestMoveType", "MoveType" → "MoveType"), or "".
        private static string CommonSuffix(IEnumerable<string> names)
        {
            List<string>? common = null;
            foreach (var name in names)
            {
                var words = Words(name);
                if (common is null) { common = words; continue; }
                var n = 0;
                while (n < common.Count && n < words.Count && common[common.Count - 1 - n] == words[words.Count - 1 - n]) { n++; }
                common = common.GetRange(common.Count - n, n);
            }

            return common is null ? string.Empty : string.Concat(common);
        }

        private static List<string> Words(string pascal)
        {
            var words = new List<string>();
            var start = 0;
            for (var i = 1; i <= pascal.Length; i++)
            {
                if (i == pascal.Length || char.IsUpper(pascal[i])) { words.Add(pascal.Substring(start, i - start)); start = i; }
            }

            return words;
        }

        private static ToolSpec Rename(ToolSpec tool, Dictionary<string, string> renames)
            => tool with
            {
                Parameters = tool.Parameters.Select(p => p with { Type = Rename(p.Type, renames) }).ToEquatableArray(),
                Result = tool.Result is null ? null : Rename(tool.Result, renames),
            };

        private static RecordSpec Rename(RecordSpec record, Dictionary<string, string> renames)
            => record with
            {
                Properties = record.Properties.Select(p => p with { Type = Rename(p.Type, renames) }).ToEquatableArray(),
                Extra = record.Extra is null ? null : Rename(record.Extra, renames),
            };

        private static UnionSpec Rename(UnionSpec union, Dictionary<string, string> renames)
            => union with { Alternatives = union.Alternatives.Select(a => a with { Type = Rename(a.Type, renames), Accessor = "As" + ShortName(Rename(a.Type, renames)) }).ToEquatableArray() };

        private static TypeRefSpec Rename(TypeRefSpec type, Dictionary<string, string> renames) => type.Kind switch
        {
            TypeKind.Enum when renames.TryGetValue(type.Name!, out var name) => new TypeRefSpec(TypeKind.Enum, name),
            TypeKind.Array or TypeKind.Map => new TypeRefSpec(type.Kind, null, Rename(type.Element!, renames)),
            _ => type,
        };

        /// <summary>Marks each record and union that an argument sends (it needs a writer) and that a result reads (a reader); nothing else gets either.</summary>
        private void MarkUses(IReadOnlyList<ToolSpec> tools)
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            var read = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in tools)
            {
                foreach (var p in tool.Parameters) { Visit(p.Type, written); }
                if (tool.Result is { } result) { Visit(result, read); }
            }

            foreach (var record in _types.Values.OfType<RecordSpec>().ToList())
            {
                if (record.IsCsvRow) { continue; }
                _types[record.Name] = record with { IsWritten = written.Contains(record.Name), IsRead = read.Contains(record.Name) };
            }

            foreach (var union in _types.Values.OfType<UnionSpec>().ToList())
            {
                _types[union.Name] = union with { IsWritten = written.Contains(union.Name), IsRead = read.Contains(union.Name) };
            }

            void Visit(TypeRefSpec type, HashSet<string> into)
            {
                switch (type.Kind)
                {
                    case TypeKind.Array:
                    case TypeKind.Map:
                        Visit(type.Element!, into);
                        break;
                    case TypeKind.Record when into.Add(type.Name!) && _types.TryGetValue(type.Name!, out var r) && r is RecordSpec record:
                        foreach (var p in record.Properties) { Visit(p.Type, into); }
                        if (record.Extra is { } extra) { Visit(extra, into); }
                        break;
                    case TypeKind.Union when into.Add(type.Name!) && _types.TryGetValue(type.Name!, out var u) && u is UnionSpec union:
                        foreach (var a in union.Alternatives) { Visit(a.Type, into); }
                        break;
                }
            }
        }

        /// <summary>One argument or property typed by a generated enum: its own enum name, its value list (as one key) and where it is.</summary>
        private sealed record EnumUse(string Name, string Key, string Leaf, string Wire, string Tool, IReadOnlyList<LocatedJsonNode> Values);
    }
}

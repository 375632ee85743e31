using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Naming;
using TypedMcp.Risk;

namespace TypedMcp.Generators.Generation;

public sealed partial class McpClientGenerator
{
    /// <summary>Builds one <see cref="CatalogSpec"/>: names, C# types and generated types of every tool.</summary>
    private sealed class CatalogBuilder
    {
        private readonly string _path;
        private readonly List<ModelDiagnostic> _diagnostics = new();

        // Every generated type name of the catalog, so collisions are found (TMCP0004).
        private readonly Dictionary<string, object> _types = new(StringComparer.Ordinal);
        private Dictionary<string, object> _pending = new(StringComparer.Ordinal);

        // Every use of a string enum (kept tools only), to give each distinct value list one enum (see NameSharedEnums).
        private readonly List<EnumUse> _enumUses = new();
        private List<EnumUse> _pendingUses = new();
        private CatalogTool _tool = null!;
        private bool _toolFailed;

        public CatalogBuilder(string path) => _path = path;

        public CatalogSpec Build(string text)
        {
            var parsed = CatalogParser.Parse(text, _path);
            _diagnostics.AddRange(parsed.Diagnostics);
            var fileServer = CatalogParser.ServerNameFromPath(_path);
            if (parsed.Catalog is not { } catalog)
            {
                return new CatalogSpec(_path, null, fileServer, "Catalog", EquatableArray<ToolSpec>.Empty, EquatableArray<EnumSpec>.Empty,
                    EquatableArray<RecordSpec>.Empty, _diagnostics.Select(DiagnosticSpec.From).ToEquatableArray());
            }

            var support = CSharpNames.ToPascalCase(catalog.Server.Name) + "Wire";
            _types.Add(support, support);
            var tools = new List<ToolSpec>();
            var resolved = ToolNameResolver.Resolve(catalog, _diagnostics);
            foreach (var r in resolved.OrderBy(t => t.Tool.Name, StringComparer.Ordinal))
            {
                _tool = r.Tool;
                _toolFailed = false;
                _pending = new Dictionary<string, object>(StringComparer.Ordinal);
                _pendingUses = new List<EnumUse>();
                var spec = BuildTool(r, catalog.Server.Name);
                if (_toolFailed) { continue; }
                foreach (var kv in _pending) { _types[kv.Key] = kv.Value; }
                _enumUses.AddRange(_pendingUses);
                tools.Add(spec);
            }

            var renames = NameSharedEnums();
            if (renames.Count > 0)
            {
                for (var i = 0; i < tools.Count; i++) { tools[i] = Rename(tools[i], renames); }
                foreach (var record in _types.Values.OfType<RecordSpec>().ToList()) { _types[record.Name] = Rename(record, renames); }
            }

            return new CatalogSpec(
                _path,
                catalog.Server.Name,
                fileServer,
                support,
                tools.ToEquatableArray(),
                _types.Values.OfType<EnumSpec>().OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
                _types.Values.OfType<RecordSpec>().OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
                _diagnostics.Select(DiagnosticSpec.From).ToEquatableArray(),
                InputSchemas(catalog.Root));
        }

        // The run-time guard validates calls against these: each tool's inputSchema as compact JSON, the first of a
        // duplicated name, sorted, as written in the file (also for tools the client leaves out for a naming problem).
        private static EquatableArray<InputSchemaSpec> InputSchemas(LocatedJsonNode root)
        {
            if (root["tools"] is not { IsArray: true } tools) { return EquatableArray<InputSchemaSpec>.Empty; }
            var schemas = new SortedDictionary<string, LocatedJsonNode>(StringComparer.Ordinal);
            foreach (var tool in tools.Items)
            {
                if (tool.IsObject && tool["name"]?.AsString() is { Length: > 0 } name && tool["inputSchema"] is { IsObject: true } schema && !schemas.ContainsKey(name))
                {
                    schemas.Add(name, schema);
                }
            }

            var specs = new List<InputSchemaSpec>(schemas.Count);
            foreach (var pair in schemas) { specs.Add(new InputSchemaSpec(pair.Key, LocatedJsonWriter.Write(pair.Value, indented: false))); }
            return specs.ToEquatableArray();
        }

        private ToolSpec BuildTool(ResolvedTool r, string server)
        {
            var tool = r.Tool;
            RiskCategory category;
            RiskLevel level;
            if (tool.Risk is { } risk)
            {
                category = risk.Category;
                level = risk.Level;
            }
            else
            {
                var assessed = RiskClassifier.Classify(tool.Name, tool.Description, tool.InputSchema.Source, tool.Annotations);
                category = assessed.Category;
                level = assessed.Level;
            }

            var parameters = new List<ParameterSpec>();
            foreach (var p in r.Parameters)
            {
                var leaf = CSharpNames.ToPascalCase(p.WireName);
                var type = MapType(p.Schema, r.BaseName + leaf, leaf, p.WireName, isResult: false);
                var def = p.Schema.Default is { } d ? LocatedJsonWriter.Write(d, indented: false) : null;
                parameters.Add(new ParameterSpec(p.WireName, p.CSharpName, p.IsRequired, type, p.Schema.Description ?? p.Schema.Title, def));
            }

            string? result = null;
            if (tool.OutputSchema is { } output && output.NonNullTypes == SchemaTypes.Object && output.Properties.Count > 0)
            {
                result = r.BaseName + "Result";
                BuildRecord(output, result, r.BaseName, $"The result of tool <c>{Xml(tool.Name)}</c>.", isCsvRow: false);
            }

            return new ToolSpec(tool.Name, r.MethodName, tool.Title, tool.Description, RiskClass.Format(category), RiskClass.Format(level),
                tool.Risk?.Reason, tool.Risk is not null, parameters.ToEquatableArray(), result);
        }

        // hint: the name a generated type here gets; leaf/wire: the C# and wire names of the property or argument.
        private TypeRefSpec MapType(SchemaNode schema, string hint, string leaf, string wire, bool isResult)
        {
            if (schema.Enum is { } values)
            {
                var strings = values.Where(v => !v.IsNull).ToList();
                if (strings.Count > 0 && strings.All(v => v.IsString)) { return MapEnum(schema, hint, leaf, wire, strings.Select(v => v.AsString()!).ToList()); }
                if (strings.Count > 0 && strings.All(v => v.AsInt64() is not null)) { return TypeRefSpec.Int64; }
                return TypeRefSpec.Json;
            }

            switch (schema.NonNullTypes)
            {
                case SchemaTypes.String:
                    if (isResult && string.Equals(schema.ContentMediaType, "text/csv", StringComparison.OrdinalIgnoreCase)
                        && schema.ContentSchema is { } content && content.Items is { } row && row.Properties.Count > 0)
                    {
                        var rowName = hint + "Row";
                        BuildRecord(row, rowName, hint, $"One row of the CSV text in <c>{Xml(hint)}</c> of tool <c>{Xml(_tool.Name)}</c>.", isCsvRow: true);
                        return new TypeRefSpec(TypeKind.CsvRows, rowName);
                    }

                    return string.Equals(schema.Format, "date-time", StringComparison.Ordinal) ? TypeRefSpec.DateTime : TypeRefSpec.String;
                case SchemaTypes.Integer:
                    return TypeRefSpec.Int64;
                case SchemaTypes.Number:
                case SchemaTypes.Number | SchemaTypes.Integer:
                    return TypeRefSpec.Double;
                case SchemaTypes.Boolean:
                    return TypeRefSpec.Boolean;
                case SchemaTypes.Array:
                    var element = schema.Items is { } items ? MapType(items, items.Enum is not null ? hint : hint + "Item", leaf, wire, isResult) : TypeRefSpec.Json;
                    return new TypeRefSpec(TypeKind.Array, null, element);
                case SchemaTypes.Object when isResult && schema.Properties.Count > 0:
                    BuildRecord(schema, hint, hint, $"A nested object of the result of tool <c>{Xml(_tool.Name)}</c>.", isCsvRow: false);
                    return new TypeRefSpec(TypeKind.Record, hint);
                default:
                    return TypeRefSpec.Json;
            }
        }

        private TypeRefSpec MapEnum(SchemaNode schema, string name, string leaf, string wire, List<string> values)
        {
            if (Members(name, values) is not { } members)
            {
                var clash = values.GroupBy(CSharpNames.ToPascalCase, StringComparer.Ordinal).First(g => g.Count() > 1).Key;
                _diagnostics.Add(new ModelDiagnostic(DiagnosticIds.CatalogSchemaFallback, ModelSeverity.Warning,
                    $"The enum values of '{name}' in tool '{_tool.Name}' give the C# member name '{clash}' twice; the value is typed as string instead of a generated enum.",
                    _path, schema.Source["enum"]?.Span ?? schema.Span));
                return TypeRefSpec.String;
            }

            Register(name, new EnumSpec(name, $"The values of <c>{Xml(wire)}</c> in tool <c>{Xml(_tool.Name)}</c>.", members));
            _pendingUses.Add(new EnumUse(name, string.Join("\u0000", values), leaf, wire, _tool.Name, values));
            return new TypeRefSpec(TypeKind.Enum, name);
        }

        // The members of an enum named name: PascalCase of each value ("Value" appended where it equals the enum's name), or null when two clash.
        private static EquatableArray<EnumMemberSpec>? Members(string name, List<string> values)
        {
            var members = new List<EnumMemberSpec>(values.Count);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in values)
            {
                var member = CSharpNames.ToPascalCase(v);
                if (member == name) { member += "Value"; }
                if (!names.Add(member)) { return null; }
                members.Add(new EnumMemberSpec(member, v));
            }

            return members.ToEquatableArray();
        }

        /// <summary>
        /// One enum per distinct value list (the same strings in the same order) wherever it is used. A list used by one
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
                var name = free && Members(candidate, group[0].Values) is not null ? candidate : group[0].Name;
                foreach (var use in group)
                {
                    _types.Remove(use.Name);
                    renames[use.Name] = name;
                }

                var wires = string.Join(", ", group.Select(u => $"<c>{Xml(u.Wire)}</c>").Distinct(StringComparer.Ordinal));
                var tools = group.Select(u => u.Tool).Distinct(StringComparer.Ordinal).ToList();
                var listed = string.Join(", ", tools.Take(3).Select(t => $"<c>{Xml(t)}</c>")) + (tools.Count > 3 ? $" and {tools.Count - 3} more" : string.Empty);
                _types[name] = new EnumSpec(name, $"The values of {wires} in {tools.Count} tools: {listed}.", Members(name, group[0].Values)!.Value);
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
            => tool with { Parameters = tool.Parameters.Select(p => p with { Type = Rename(p.Type, renames) }).ToEquatableArray() };

        private static RecordSpec Rename(RecordSpec record, Dictionary<string, string> renames)
            => record with { Properties = record.Properties.Select(p => p with { Type = Rename(p.Type, renames) }).ToEquatableArray() };

        private static TypeRefSpec Rename(TypeRefSpec type, Dictionary<string, string> renames) => type.Kind switch
        {
            TypeKind.Enum when renames.TryGetValue(type.Name!, out var name) => new TypeRefSpec(TypeKind.Enum, name),
            TypeKind.Array => new TypeRefSpec(TypeKind.Array, null, Rename(type.Element!, renames)),
            _ => type,
        };

        private void BuildRecord(SchemaNode schema, string name, string prefix, string summary, bool isCsvRow)
        {
            var properties = new List<PropertySpec>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in schema.Properties)
            {
                var propName = CSharpNames.ToPascalCase(p.Name);
                if (propName == name) { propName += "Value"; }
                if (!names.Add(propName))
                {
                    Collide($"Properties of the result of tool '{_tool.Name}' would both get the C# name '{propName}' in '{name}'; rename one on the server or drop the outputSchema.", p.NameSpan);
                    return;
                }

                TypeRefSpec type;
                if (isCsvRow)
                {
                    type = p.Schema.NonNullTypes switch
                    {
                        SchemaTypes.Integer => TypeRefSpec.Int64,
                        SchemaTypes.Number or (SchemaTypes.Number | SchemaTypes.Integer) => TypeRefSpec.Double,
                        SchemaTypes.Boolean => TypeRefSpec.Boolean,
                        SchemaTypes.String when string.Equals(p.Schema.Format, "date-time", StringComparison.Ordinal) => TypeRefSpec.DateTime,
                        _ => TypeRefSpec.String,
                    };
                }
                else
                {
                    type = MapType(p.Schema, prefix + propName, propName, p.Name, isResult: true);
                }

                var nullable = !p.IsRequired || p.Schema.IsNullable;
                properties.Add(new PropertySpec(p.Name, propName, type, p.IsRequired, nullable, p.Schema.Description ?? p.Schema.Title));
            }

            Register(name, new RecordSpec(name, summary, _tool.Name, isCsvRow, properties.ToEquatableArray()));
        }

        private void Register(string name, object spec)
        {
            if ((_types.TryGetValue(name, out var existing) || _pending.TryGetValue(name, out existing)) && !Equals(existing, spec))
            {
                Collide($"Tool '{_tool.Name}' needs a generated type named '{name}', which another generated type of this catalog already uses; give the tool another method name with \"csharp\": {{ \"methodName\": \"...\" }}.", _tool.NameSpan);
                return;
            }

            _pending[name] = spec;
        }

        private void Collide(string message, SourceSpan span)
        {
            if (_toolFailed) { return; }
            _toolFailed = true;
            _diagnostics.Add(new ModelDiagnostic(DiagnosticIds.CatalogNameCollision, ModelSeverity.Error, message, _path, span));
        }

        private static string Xml(string text) => SourceWriter.XmlEscape(text);

        /// <summary>One argument or property typed by a generated enum: its own enum name, its value list (as one key) and where it is.</summary>
        private sealed record EnumUse(string Name, string Key, string Leaf, string Wire, string Tool, List<string> Values);
    }
}

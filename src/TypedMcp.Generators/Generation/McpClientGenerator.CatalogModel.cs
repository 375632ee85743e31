using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Naming;
using TypedMcp.Risk;
using TypedMcp.Typing;

namespace TypedMcp.Generators.Generation;

public sealed partial class McpClientGenerator
{
    /// <summary>
    /// Builds one <see cref="CatalogSpec"/>: names, C# types and generated types of every tool. The C# shape of each
    /// schema comes from the shared model (<see cref="SchemaShapes"/>, the rules of docs/schema-mapping.md); this class
    /// names the generated types and turns shapes into specs.
    /// </summary>
    /// <remarks>
    /// Naming: a type used directly by an argument is named after the method and the argument
    /// (<c>CreateEntitiesEntity</c> for the items of <c>entities</c>), a result is <c>&lt;Method&gt;Result</c>, and a type
    /// nested in a record gets the short name of its member (singular for list items), or its <c>$defs</c> name or
    /// <c>title</c>; a name taken by a different type gets the owner's name in front, then a number. Records and unions
    /// of the same shape are one type wherever they are used, arguments and results alike. Enums follow
    /// <see cref="NameSharedEnums"/>.
    /// </remarks>
    private sealed partial class CatalogBuilder
    {
        private readonly string _path;
        private readonly List<ModelDiagnostic> _diagnostics = new();

        // Every generated type name of the catalog (records, unions, enums, the wire class), so names never clash.
        private readonly Dictionary<string, object> _types = new(StringComparer.Ordinal);

        // Every use of an enum (kept tools only), to give each distinct value list one enum (see NameSharedEnums).
        private readonly List<EnumUse> _enumUses = new();

        // A record per object shape, and one name per structurally equal record or union.
        private readonly Dictionary<Shape, string> _records = new(ReferenceComparer<Shape>.Instance);
        private readonly Dictionary<string, string> _recordsByKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _unionsByKey = new(StringComparer.Ordinal);
        private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
        private readonly HashSet<string> _selfReferenced = new(StringComparer.Ordinal);
        private readonly HashSet<(int, int, string)> _freeFormReported = new();

        private SchemaShapes _shapes = null!;
        private CatalogTool _tool = null!;

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
            _shapes = new SchemaShapes(_path);
            var tools = new List<ToolSpec>();
            foreach (var r in ToolNameResolver.Resolve(catalog, _shapes, _diagnostics).OrderBy(t => t.Tool.Name, StringComparer.Ordinal))
            {
                _tool = r.Tool;
                tools.Add(BuildTool(r));
            }

            AddTypingDiagnostics();
            var renames = NameSharedEnums();
            if (renames.Count > 0)
            {
                for (var i = 0; i < tools.Count; i++) { tools[i] = Rename(tools[i], renames); }
                foreach (var record in _types.Values.OfType<RecordSpec>().ToList()) { _types[record.Name] = Rename(record, renames); }
                foreach (var union in _types.Values.OfType<UnionSpec>().ToList()) { _types[union.Name] = Rename(union, renames); }
            }

            MarkUses(tools);
            return new CatalogSpec(
                _path,
                catalog.Server.Name,
                fileServer,
                support,
                tools.ToEquatableArray(),
                _types.Values.OfType<EnumSpec>().OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
                _types.Values.OfType<RecordSpec>().OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
                _diagnostics.Select(DiagnosticSpec.From).ToEquatableArray(),
                InputSchemas(catalog.Root),
                _types.Values.OfType<UnionSpec>().OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray());
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

        private ToolSpec BuildTool(ResolvedTool r)
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
            var constants = new List<ConstantSpec>();
            foreach (var p in r.Parameters)
            {
                // A required argument with one possible value is no choice: it is sent, not asked for.
                if (p.Member.Constant is { } constant)
                {
                    constants.Add(new ConstantSpec(p.WireName, LocatedJsonWriter.Write(constant, indented: false)));
                    continue;
                }

                var leaf = CSharpNames.ToPascalCase(p.WireName);
                var type = Map(p.Shape, new Names(r.BaseName + leaf, r.BaseName, leaf, r.BaseName, p.WireName), inResult: false);
                parameters.Add(new ParameterSpec(p.WireName, p.CSharpName, p.IsRequired, type, Describe(p.Shape), DefaultJson(p.Shape),
                    IsNullable: p.IsRequired && p.Shape.Nullable));
            }

            TypeRefSpec? result = null;
            if (tool.OutputSchema is { } output)
            {
                var shape = _shapes.Of(output);
                var name = r.BaseName + "Result";
                result = shape.Kind switch
                {
                    ShapeKind.Any => null,
                    ShapeKind.Object when shape.Members.Count == 0 && shape.Extra is null => null,
                    ShapeKind.Object => Record(shape, new Names(name, r.BaseName, "Result", r.BaseName, "result"), inResult: true, preferredFirst: true,
                        summary: $"The result of tool <c>{Xml(tool.Name)}</c>."),
                    _ => Map(shape, new Names(name, r.BaseName, "Result", r.BaseName, "result"), inResult: true),
                };
            }

            // Every free-form place, as Info (once per schema position and tool): the same list import and classify print.
            foreach (var d in CatalogTyping.Diagnostics(CatalogTyping.Analyze(tool, _shapes), _path))
            {
                if (_freeFormReported.Add((d.Span.Start, d.Span.Length, tool.Name))) { _diagnostics.Add(d); }
            }

            return new ToolSpec(tool.Name, r.MethodName, tool.Title, tool.Description, RiskClass.Format(category), RiskClass.Format(level),
                tool.Risk?.Reason, tool.Risk is not null, parameters.ToEquatableArray(), result, tool.TaskSupport == TaskSupport.Required, constants.ToEquatableArray());
        }

        // The typer's warnings (an allOf that contradicts itself), once each.
        private void AddTypingDiagnostics() => _diagnostics.AddRange(_shapes.Diagnostics);

        /// <summary>
        /// How a generated type at this place may be named: <paramref name="Preferred"/> (the tool's name and the member's:
        /// the same whatever else the catalog holds), else the owner's name and the member's (<paramref name="Owner"/>,
        /// <paramref name="Leaf"/>); <paramref name="Tool"/> is the tool's method base name.
        /// </summary>
        private readonly record struct Names(string Preferred, string Owner, string Leaf, string Tool, string Wire, string? Plural = null)
        {
            // The items of a list: the singular name (records: "Entities" → "Entity", "Data" → "DataItem"); an enum whose
            // list is not named like a plural keeps the list's name ("include" → SessionHandoffOfferInclude).
            public Names Item() => this with { Preferred = CSharpNames.Singular(Preferred), Leaf = CSharpNames.Singular(Leaf), Plural = Preferred };

            public Names Value() => this with { Preferred = Preferred + "Value", Leaf = Leaf + "Value" };

            public Names Member(string owner, string wireName)
            {
                var leaf = CSharpNames.ToPascalCase(wireName);
                return new Names(Tool + leaf, owner, leaf, Tool, wireName);
            }
        }

        private TypeRefSpec Map(Shape shape, Names names, bool inResult)
        {
            switch (shape.Kind)
            {
                case ShapeKind.String:
                    return inResult ? CsvOrString(shape, names) : TypeRefSpec.String;
                case ShapeKind.Integer: return shape.Is32Bit ? TypeRefSpec.Int32 : TypeRefSpec.Int64;
                case ShapeKind.Number: return TypeRefSpec.Double;
                case ShapeKind.Boolean: return TypeRefSpec.Boolean;
                case ShapeKind.DateTime: return TypeRefSpec.DateTime;
                case ShapeKind.Date: return TypeRefSpec.Date;
                case ShapeKind.Uuid: return TypeRefSpec.Guid;
                case ShapeKind.Uri: return TypeRefSpec.Uri;
                case ShapeKind.Enum: return Enum(shape, names);
                case ShapeKind.Array: return new TypeRefSpec(TypeKind.Array, null, Map(shape.Element!, names.Item(), inResult));
                case ShapeKind.Map: return new TypeRefSpec(TypeKind.Map, null, Map(shape.Element!, names.Value(), inResult));
                case ShapeKind.Object: return Record(shape, names, inResult, preferredFirst: false);
                case ShapeKind.Union: return Union(shape, names, inResult);
                default: return TypeRefSpec.Json;
            }
        }

        // A text/csv string of a result with a contentSchema of rows: the rows, parsed.
        private TypeRefSpec CsvOrString(Shape shape, Names names)
        {
            if (shape.Schema is { } schema && string.Equals(schema.ContentMediaType, "text/csv", StringComparison.OrdinalIgnoreCase)
                && schema.ContentSchema is { } content && content.Items is { } row && row.Properties.Count > 0)
            {
                var rowName = Free(new[] { names.Preferred + "Row", names.Owner + names.Leaf + "Row" });
                BuildCsvRecord(row, rowName, $"One row of the CSV text in <c>{Xml(names.Wire)}</c> of tool <c>{Xml(_tool.Name)}</c>.");
                return new TypeRefSpec(TypeKind.CsvRows, rowName);
            }

            return TypeRefSpec.String;
        }

        private TypeRefSpec Record(Shape shape, Names names, bool inResult, bool preferredFirst, string? summary = null)
        {
            var identity = shape.Identity;
            if (_records.TryGetValue(identity, out var known))
            {
                if (_inProgress.Contains(known)) { _selfReferenced.Add(known); }
                return new TypeRefSpec(TypeKind.Record, known);
            }

            var candidates = new List<string>(3);
            if (!preferredFirst && Hint(shape) is { } hint) { candidates.Add(hint); }
            candidates.Add(names.Preferred);
            if (names.Owner.Length > 0 && !names.Preferred.StartsWith(names.Owner, StringComparison.Ordinal)) { candidates.Add(names.Owner + names.Leaf); }
            var name = Free(candidates);
            _records.Add(identity, name);
            _types[name] = name;
            _inProgress.Add(name);

            var properties = new List<PropertySpec>(shape.Members.Count);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in shape.Members)
            {
                var propName = MemberName(m.Name, name, used);
                var constant = m.Constant is { } c ? LocatedJsonWriter.Write(c, indented: false) : null;

                // A constant member is a get-only property of its JSON type, not a generated enum of one value.
                var type = m.Constant is { } k ? ConstantType(k) : Map(m.Shape, names.Member(name, m.Name), inResult);
                properties.Add(new PropertySpec(m.Name, propName, type, m.IsRequired, !m.IsRequired || m.Shape.Nullable, Describe(m.Shape), constant, DefaultJson(m.Shape)));
            }

            var extra = shape.Extra is { } e ? Map(e, new Names(name + "Value", name, "Value", names.Tool, names.Wire), inResult) : null;
            _inProgress.Remove(name);
            var spec = new RecordSpec(name, summary ?? Summary(shape.Identity, inResult, "An object"), _tool.Name, false, properties.ToEquatableArray(), extra);

            // The same shape reached from elsewhere (another tool, an argument and a result) is one record.
            var key = Key(spec);
            if (!_selfReferenced.Contains(name) && _recordsByKey.TryGetValue(key, out var existing))
            {
                _types.Remove(name);
                _records[identity] = existing;
                return new TypeRefSpec(TypeKind.Record, existing);
            }

            _recordsByKey[key] = name;
            _types[name] = spec;
            return new TypeRefSpec(TypeKind.Record, name);
        }

        private TypeRefSpec Union(Shape shape, Names names, bool inResult)
        {
            var discriminator = Discriminator(shape);
            var alternatives = new List<UnionAlternativeSpec>(shape.Alternatives.Count);
            for (var i = 0; i < shape.Alternatives.Count; i++)
            {
                var alternative = shape.Alternatives[i];
                string? discriminatorJson = null;
                // An enum beside other alternatives holds the named choices ("pd", "pw" beside any date range).
                var altNames = names with
                {
                    Preferred = names.Preferred + (alternative.Kind == ShapeKind.Enum ? "Choice" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                };
                if (discriminator is not null)
                {
                    var constant = alternative.Members.First(m => m.Name == discriminator).Constant!;
                    discriminatorJson = LocatedJsonWriter.Write(constant, indented: false);
                    altNames = names with { Preferred = names.Tool + EnumMemberNames.Base(constant) + names.Leaf };
                }

                var type = Map(alternative, altNames, inResult);
                if (alternatives.Any(a => a.Type == type)) { continue; }
                alternatives.Add(new UnionAlternativeSpec(type, "As" + ShortName(type), discriminatorJson));
            }

            if (alternatives.Count == 1) { return alternatives[0].Type; }
            var spec = new UnionSpec(string.Empty, Summary(shape, inResult, "A value") + " One of: " + string.Join(", ", alternatives.Select(a => ShortName(a.Type))) + ".",
                alternatives.ToEquatableArray(), discriminator, IsWritten: false, IsRead: false);
            var key = string.Join("|", alternatives.Select(a => a.Type + "=" + a.DiscriminatorJson)) + "#" + discriminator;
            if (_unionsByKey.TryGetValue(key, out var existing)) { return new TypeRefSpec(TypeKind.Union, existing); }
            var candidates = new List<string> { names.Preferred };
            if (names.Owner.Length > 0 && !names.Preferred.StartsWith(names.Owner, StringComparison.Ordinal)) { candidates.Add(names.Owner + names.Leaf); }
            var name = Free(candidates);
            _unionsByKey[key] = name;
            _types[name] = spec with { Name = name };
            return new TypeRefSpec(TypeKind.Union, name);
        }

        // A union of records that all have a required constant member of the same name, with distinct values (zod's
        // discriminated unions): that member tells them apart when a result is read.
        private static string? Discriminator(Shape union)
        {
            if (union.Alternatives.Any(a => a.Kind != ShapeKind.Object)) { return null; }
            foreach (var candidate in union.Alternatives[0].Members)
            {
                if (candidate.Constant is null) { continue; }
                var values = new List<LocatedJsonNode>();
                foreach (var alternative in union.Alternatives)
                {
                    if (alternative.Members.FirstOrDefault(m => m.Name == candidate.Name)?.Constant is not { } value) { values.Clear(); break; }
                    values.Add(value);
                }

                if (values.Count == union.Alternatives.Count && values.Select(v => LocatedJsonWriter.Write(v, indented: false)).Distinct(StringComparer.Ordinal).Count() == values.Count)
                {
                    return candidate.Name;
                }
            }

            return null;
        }

        private TypeRefSpec Enum(Shape shape, Names names)
        {
            var name = names.Plural is { } plural && names.Preferred == plural + "Item" ? plural : names.Preferred;
            var values = shape.Values;
            var members = Members(name, values);
            var spec = new EnumSpec(name, $"The values of <c>{Xml(names.Wire)}</c> in tool <c>{Xml(_tool.Name)}</c>.", members);
            if (_types.TryGetValue(name, out var existing) && !Equals(existing, spec))
            {
                name = Free(new[] { names.Owner + names.Leaf, name });
                spec = new EnumSpec(name, spec.Summary, Members(name, values));
            }

            _types[name] = spec;
            var key = string.Join("\u0000", values.Select(v => LocatedJsonWriter.Write(v, indented: false)));
            _enumUses.Add(new EnumUse(name, key, names.Leaf, names.Wire, _tool.Name, values));
            return new TypeRefSpec(TypeKind.Enum, name);
        }

        // The members of an enum named name (docs/schema-mapping.md, "Enum member names": never a clash).
        private static EquatableArray<EnumMemberSpec> Members(string name, IReadOnlyList<LocatedJsonNode> values)
        {
            var names = EnumMemberNames.Assign(values, name);
            var members = new EnumMemberSpec[values.Count];
            for (var i = 0; i < members.Length; i++)
            {
                var v = values[i];
                members[i] = v.IsString ? new EnumMemberSpec(names[i], v.AsString()!) : new EnumMemberSpec(names[i], LocatedJsonWriter.Write(v, indented: false), IsString: false);
            }

            return members.ToEquatableArray();
        }

        // Names a record cannot have as members (it declares them itself), and the union base's Value.
        private static readonly HashSet<string> RecordMembers = new(StringComparer.Ordinal)
        {
            "Clone", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone", "Finalize",
        };

        // PascalCase of a wire name, unique in its record ("Value" after one equal to the record's name or to a member
        // every record has, then numbers).
        private static string MemberName(string wire, string recordName, HashSet<string> used)
        {
            var name = CSharpNames.ToPascalCase(wire);
            if (name == recordName || RecordMembers.Contains(name)) { name += "Value"; }
            if (used.Add(name)) { return name; }
            var n = 2;
            while (!used.Add(name + n.ToString(System.Globalization.CultureInfo.InvariantCulture))) { n++; }
            return name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The first candidate no generated type has; else the last with the next free number.
        private string Free(IReadOnlyList<string> candidates)
        {
            foreach (var c in candidates)
            {
                if (CSharpNames.IsValidIdentifier(c) && !_types.ContainsKey(c)) { return c; }
            }

            var last = candidates[candidates.Count - 1];
            var n = 2;
            while (_types.ContainsKey(last + n.ToString(System.Globalization.CultureInfo.InvariantCulture))) { n++; }
            return last + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // A name the schema gives itself ($defs name or title), when it makes a short identifier.
        private static string? Hint(Shape shape)
        {
            if (shape.NameHint is not { Length: > 0 } hint) { return null; }
            var name = CSharpNames.ToPascalCase(hint);
            return name.Length <= 40 && CSharpNames.IsValidIdentifier(name) ? name : null;
        }

        private string Summary(Shape shape, bool inResult, string what)
        {
            var description = shape.Description?.Trim();
            if (description is { Length: > 0 } && description.Length <= 300) { return Xml(description.EndsWith(".", StringComparison.Ordinal) ? description : description + "."); }
            return $"{what} in {(inResult ? "the result" : "the arguments")} of tool <c>{Xml(_tool.Name)}</c>.";
        }

        private static string? Describe(Shape shape) => shape.Description ?? shape.Schema?.Title;

        private static TypeRefSpec ConstantType(LocatedJsonNode value) => value.Kind switch
        {
            JsonKind.String => TypeRefSpec.String,
            JsonKind.True or JsonKind.False => TypeRefSpec.Boolean,
            JsonKind.Number when value.AsInt64() is not null => TypeRefSpec.Int64,
            JsonKind.Number => TypeRefSpec.Double,
            _ => TypeRefSpec.Json,
        };

        private static string? DefaultJson(Shape shape) => shape.Default is { } d ? LocatedJsonWriter.Write(d, indented: false) : null;

        // A record's shape as text: what makes two records the same type (names of members, their types, flags).
        private static string Key(RecordSpec r)
            => string.Join(";", r.Properties.Select(p => $"{p.WireName}:{p.Type}:{p.IsRequired}:{p.IsNullable}:{p.ConstantJson}")) + "+" + r.Extra;

        /// <summary>The short name of a C# type in member names (<c>AsString</c>, <c>AsEntityList</c>).</summary>
        public static string ShortName(TypeRefSpec t) => t.Kind switch
        {
            TypeKind.Array => ShortName(t.Element!) + "List",
            TypeKind.Map => ShortName(t.Element!) + "Map",
            TypeKind.CsvRows => t.Name + "List",
            TypeKind.Enum or TypeKind.Record or TypeKind.Union => t.Name!,
            _ => t.Kind.ToString(),
        };

        private void BuildCsvRecord(SchemaNode row, string name, string summary)
        {
            var properties = new List<PropertySpec>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in row.Properties)
            {
                var type = p.Schema.NonNullTypes switch
                {
                    SchemaTypes.Integer => TypeRefSpec.Int64,
                    SchemaTypes.Number or (SchemaTypes.Number | SchemaTypes.Integer) => TypeRefSpec.Double,
                    SchemaTypes.Boolean => TypeRefSpec.Boolean,
                    SchemaTypes.String when string.Equals(p.Schema.Format, "date-time", StringComparison.Ordinal) => TypeRefSpec.DateTime,
                    _ => TypeRefSpec.String,
                };
                properties.Add(new PropertySpec(p.Name, MemberName(p.Name, name, used), type, p.IsRequired, !p.IsRequired || p.Schema.IsNullable, p.Schema.Description ?? p.Schema.Title));
            }

            _types[name] = new RecordSpec(name, summary, _tool.Name, true, properties.ToEquatableArray());
        }

        private static string Xml(string text) => SourceWriter.XmlEscape(text);
    }
}

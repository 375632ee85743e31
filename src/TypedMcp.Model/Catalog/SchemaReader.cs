using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// Reads the JSON Schemas of one catalog into <see cref="SchemaNode"/>s: each keyword TypedMcp maps to C# by its
/// own method, in a fixed order (the order its diagnostics come in). Everything else stays in <see cref="SchemaNode.Source"/>.
/// </summary>
/// <remarks>
/// A tool's <c>inputSchema</c> or <c>outputSchema</c> is one schema document (<see cref="ReadDocument"/>): local
/// <c>$ref</c>s in it (<c>#/$defs/x</c>, <c>#/properties/a/anyOf/1</c>, <c>#</c>, <c>#anchor</c>) are collected while it
/// is read and resolved once it is read, each to the node already read for that spot (or to a node read then, for
/// <c>$defs</c> that nothing else reaches). So a schema reached twice is one node and a recursive shape is a cycle; a
/// document without <c>$ref</c> costs nothing extra. A remote <c>$ref</c> is never fetched.
/// </remarks>
/// <param name="file">The file being read.</param>
internal sealed class SchemaReader(CatalogFileReader file)
{
    // The document being read and the $refs met in it, resolved when it has been read.
    private LocatedJsonNode? _document;
    private List<PendingRef>? _pending;

    /// <summary>Reads a whole schema document (a tool's input or output schema), then resolves its local <c>$ref</c>s.</summary>
    public SchemaNode ReadDocument(LocatedJsonNode node, string where)
    {
        _document = node;
        _pending = null;
        try
        {
            var schema = Read(node, where);
            if (_pending is not null) { ResolveRefs(schema); }
            return schema;
        }
        finally
        {
            _document = null;
            _pending = null;
        }
    }

    /// <summary>Reads the schema <paramref name="node"/>, which stands in <paramref name="where"/> (for messages).</summary>
    private SchemaNode Read(LocatedJsonNode node, string where)
    {
        var schema = new SchemaNode(node);
        if (node.Kind is JsonKind.True or JsonKind.False) { return schema; }
        if (!node.IsObject)
        {
            // Not Expect: its message callback would allocate for every schema, and catalogs hold thousands.
            file.Error(DiagnosticIds.CatalogUnsupportedSchema, node.Span, $"A schema in {where} must be an object, not {node.KindName}.");
            return schema;
        }

        ReadTypes(node, schema, where);
        ReadRef(node, schema, where);
        if (node["allOf"] is { } allOf) { schema.AllOf = ReadBranches(allOf, "allOf", where); }
        if (node["not"] is { } not) { schema.Not = Read(not, where); }
        ReadAnnotations(node, schema);
        ReadEnum(node, schema, where);
        if (node["const"] is { } constant) { schema.Const = constant; }
        ReadItems(node, schema, where);
        if (node["contentSchema"] is { } content) { schema.ContentSchema = Read(content, where); }
        ReadAdditionalProperties(node, schema, where);
        ReadBounds(node, schema);
        ReadProperties(node, schema, ReadRequired(node, where), where);
        return schema;
    }

    // "type"; and the "anyOf"/"oneOf" branches. Without "type", the types are the union of the branches' types, or
    // object when there are "properties" (a summary: the branches themselves stay where they are, see SchemaShapes).
    private void ReadTypes(LocatedJsonNode node, SchemaNode schema, string where)
    {
        if (node["type"] is { } type)
        {
            schema.Types = ReadTypeKeyword(type, where);
            schema.HasTypeKeyword = true;
        }

        if (node["anyOf"] is { } anyOf) { schema.AnyOf = ReadBranches(anyOf, "anyOf", where); }
        if (node["oneOf"] is { } oneOf) { schema.OneOf = ReadBranches(oneOf, "oneOf", where); }
        if (schema.HasTypeKeyword) { return; }
        if ((schema.AnyOf ?? schema.OneOf) is { } branches)
        {
            foreach (var branch in branches) { schema.Types |= branch.Types; }
        }
        else if (node["properties"] is not null)
        {
            schema.Types = SchemaTypes.Object;
        }
    }

    private SchemaTypes ReadTypeKeyword(LocatedJsonNode type, string where)
    {
        if (type.AsString() is { } single) { return ReadTypeName(single, type, where); }
        if (!type.IsArray)
        {
            file.Error(DiagnosticIds.CatalogUnsupportedSchema, type.Span, $"\"type\" in {where} must be a string or an array of strings.");
            return SchemaTypes.None;
        }

        var result = SchemaTypes.None;
        foreach (var item in type.Items)
        {
            if (item.AsString() is { } s) { result |= ReadTypeName(s, item, where); }
            else { file.Error(DiagnosticIds.CatalogUnsupportedSchema, item.Span, $"\"type\" in {where} must list type names as strings."); }
        }

        return result;
    }

    private SchemaTypes ReadTypeName(string name, LocatedJsonNode node, string where)
    {
        switch (name)
        {
            case "string": return SchemaTypes.String;
            case "integer": return SchemaTypes.Integer;
            case "number": return SchemaTypes.Number;
            case "boolean": return SchemaTypes.Boolean;
            case "object": return SchemaTypes.Object;
            case "array": return SchemaTypes.Array;
            case "null": return SchemaTypes.Null;
            default:
                file.Error(DiagnosticIds.CatalogUnsupportedSchema, node.Span, $"Unknown JSON Schema type \"{name}\" in {where}; use string, integer, number, boolean, object, array or null (dates are \"type\": \"string\", \"format\": \"date-time\").");
                return SchemaTypes.None;
        }
    }

    private IReadOnlyList<SchemaNode>? ReadBranches(LocatedJsonNode branches, string keyword, string where)
    {
        if (!branches.IsArray || branches.Items.Count == 0)
        {
            file.Warning(DiagnosticIds.CatalogSchemaFallback, branches.Span, $"\"{keyword}\" in {where} must be a non-empty array of schemas; it is ignored, so the value may be typed more loosely than meant.");
            return null;
        }

        var list = new SchemaNode[branches.Items.Count];
        for (var i = 0; i < list.Length; i++) { list[i] = Read(branches.Items[i], where); }
        return list;
    }

    // A local "$ref" waits until the document is read; a remote one is never fetched (the value stays free-form JSON).
    private void ReadRef(LocatedJsonNode node, SchemaNode schema, string where)
    {
        if (node["$ref"] is not { } reference) { return; }
        if (reference.AsString() is not { } text)
        {
            file.Error(DiagnosticIds.CatalogUnsupportedSchema, reference.Span, $"\"$ref\" in {where} must be a string (a JSON Pointer such as \"#/$defs/name\").");
            return;
        }

        if (LocalFragment(text) is { } fragment)
        {
            (_pending ??= new List<PendingRef>()).Add(new PendingRef(schema, reference, fragment, where));
            return;
        }

        schema.UnresolvedRef = text;
        file.Warning(DiagnosticIds.CatalogSchemaFallback, reference.Span,
            $"\"$ref\": \"{text}\" in {where} points outside the catalog and is never fetched; the value is typed as free-form JSON (JsonElement). Put the schema under \"$defs\" and point at it with \"#/$defs/<name>\".");
    }

    // "#..." (or the document's own "$id" followed by "#...") is local: the part after '#'. Anything else is remote.
    private string? LocalFragment(string reference)
    {
        if (reference.Length > 0 && reference[0] == '#') { return reference.Substring(1); }
        if (_document?["$id"]?.AsString() is { Length: > 0 } id)
        {
            var hash = reference.IndexOf('#');
            var resource = hash < 0 ? reference : reference.Substring(0, hash);
            if (string.Equals(resource, id.TrimEnd('#'), StringComparison.Ordinal)) { return hash < 0 ? string.Empty : reference.Substring(hash + 1); }
        }

        return null;
    }

    private void ResolveRefs(SchemaNode root)
    {
        var read = new Dictionary<LocatedJsonNode, SchemaNode>(ReferenceComparer.Instance);
        Index(root, read);
        for (var i = 0; i < _pending!.Count; i++)
        {
            var p = _pending[i];
            var target = p.Fragment.Length == 0 || p.Fragment[0] == '/' ? JsonPointer.Resolve(_document!, p.Fragment) : FindAnchor(_document!, p.Fragment);
            if (target is null || !(target.IsObject || target.IsBoolean))
            {
                p.Schema.UnresolvedRef = "#" + p.Fragment;
                var what = target is null ? "nothing in the schema" : target.KindName + ", not a schema";
                file.Warning(DiagnosticIds.CatalogSchemaFallback, p.Reference.Span,
                    $"\"$ref\": \"#{p.Fragment}\" in {p.Where} points at {what}; the value is typed as free-form JSON (JsonElement). Fix the pointer.");
                continue;
            }

            if (!read.TryGetValue(target, out var node))
            {
                // A spot nothing else reads ($defs, definitions): read it now; its own $refs join the list.
                node = Read(target, p.Where);
                Index(node, read);
            }

            p.Schema.Ref = node;
            if (DefinitionName(p.Fragment) is { } name) { node.DefinitionName ??= name; }
        }
    }

    // "/$defs/name" or "/definitions/name" (exactly one level): the definition's name.
    private static string? DefinitionName(string fragment)
    {
        foreach (var prefix in new[] { "/$defs/", "/definitions/" })
        {
            if (!fragment.StartsWith(prefix, StringComparison.Ordinal)) { continue; }
            var rest = fragment.Substring(prefix.Length);
            if (rest.Length > 0 && rest.IndexOf('/') < 0) { return Uri.UnescapeDataString(rest).Replace("~1", "/").Replace("~0", "~"); }
        }

        return null;
    }

    // "#name": the schema whose "$anchor" is name, or whose draft-07 "$id" is "#name".
    private static LocatedJsonNode? FindAnchor(LocatedJsonNode node, string name)
    {
        if (node.IsObject)
        {
            if (string.Equals(node["$anchor"]?.AsString(), name, StringComparison.Ordinal) || string.Equals(node["$id"]?.AsString(), "#" + name, StringComparison.Ordinal)) { return node; }
            foreach (var p in node.Properties)
            {
                if (FindAnchor(p.Value, name) is { } found) { return found; }
            }
        }
        else if (node.IsArray)
        {
            foreach (var item in node.Items)
            {
                if (FindAnchor(item, name) is { } found) { return found; }
            }
        }

        return null;
    }

    // Every node read under root, by the JSON it was read from (references are not followed: their targets are indexed where they stand).
    private static void Index(SchemaNode root, Dictionary<LocatedJsonNode, SchemaNode> read)
    {
        var stack = new Stack<SchemaNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (read.ContainsKey(s.Source)) { continue; }
            read.Add(s.Source, s);
            foreach (var p in s.Properties) { stack.Push(p.Schema); }
            PushAll(stack, s.Items, s.AdditionalProperties, s.ContentSchema, s.Not);
            PushAll(stack, s.AllOf);
            PushAll(stack, s.AnyOf);
            PushAll(stack, s.OneOf);
            PushAll(stack, s.PrefixItems);
        }
    }

    private static void PushAll(Stack<SchemaNode> stack, params SchemaNode?[] nodes)
    {
        foreach (var n in nodes)
        {
            if (n is not null) { stack.Push(n); }
        }
    }

    private static void PushAll(Stack<SchemaNode> stack, IReadOnlyList<SchemaNode>? nodes)
    {
        if (nodes is null) { return; }
        foreach (var n in nodes) { stack.Push(n); }
    }

    // Keywords that describe rather than constrain; a value of the wrong type is ignored.
    private static void ReadAnnotations(LocatedJsonNode node, SchemaNode schema)
    {
        schema.Format = node["format"]?.AsString() ?? schema.Format;
        schema.Description = node["description"]?.AsString();
        schema.Title = node["title"]?.AsString();
        schema.Default = node["default"];
        schema.ContentMediaType = node["contentMediaType"]?.AsString();
    }

    private void ReadEnum(LocatedJsonNode node, SchemaNode schema, string where)
    {
        if (node["enum"] is not { } values) { return; }
        if (values.IsArray && values.Items.Count > 0) { schema.Enum = values.Items; }
        else { file.Error(DiagnosticIds.CatalogUnsupportedSchema, values.Span, $"\"enum\" in {where} must be a non-empty array."); }
    }

    // "items" as a schema, or as an array (draft-04 tuples, whose further items are "additionalItems": read into Items,
    // where 2020-12 has them); "prefixItems" (2020-12 tuples).
    private void ReadItems(LocatedJsonNode node, SchemaNode schema, string where)
    {
        if (node["items"] is { } items)
        {
            if (items.IsArray)
            {
                schema.PrefixItems = ReadTuple(items, where);
                if (node["additionalItems"] is { } rest) { schema.Items = Read(rest, where); }
            }
            else
            {
                schema.Items = Read(items, where);
            }
        }

        if (node["prefixItems"] is { } prefix)
        {
            if (prefix.IsArray) { schema.PrefixItems = ReadTuple(prefix, where); }
            else { file.Error(DiagnosticIds.CatalogUnsupportedSchema, prefix.Span, $"\"prefixItems\" in {where} must be an array of schemas."); }
        }
    }

    private IReadOnlyList<SchemaNode> ReadTuple(LocatedJsonNode items, string where)
    {
        var list = new SchemaNode[items.Items.Count];
        for (var i = 0; i < list.Length; i++) { list[i] = Read(items.Items[i], where); }
        return list;
    }

    private void ReadAdditionalProperties(LocatedJsonNode node, SchemaNode schema, string where)
    {
        if (node["additionalProperties"] is not { } additional) { return; }
        if (additional.Kind == JsonKind.False) { schema.AllowsAdditionalProperties = false; }
        else if (additional.IsObject) { schema.AdditionalProperties = Read(additional, where); }
    }

    // Numeric bounds; draft-04's boolean exclusiveMinimum/exclusiveMaximum make minimum/maximum exclusive.
    private static void ReadBounds(LocatedJsonNode node, SchemaNode schema)
    {
        schema.Minimum = Number(node["minimum"]);
        schema.Maximum = Number(node["maximum"]);
        var exclusiveMin = node["exclusiveMinimum"];
        var exclusiveMax = node["exclusiveMaximum"];
        if (exclusiveMin?.AsBoolean() == true) { schema.ExclusiveMinimum = schema.Minimum; schema.Minimum = null; }
        else { schema.ExclusiveMinimum = Number(exclusiveMin); }
        if (exclusiveMax?.AsBoolean() == true) { schema.ExclusiveMaximum = schema.Maximum; schema.Maximum = null; }
        else { schema.ExclusiveMaximum = Number(exclusiveMax); }
    }

    private static decimal? Number(LocatedJsonNode? node)
        => node is { IsNumber: true, Text: { } text } && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    // The names in "required"; null when there is no such list (most nested schemas have none, so nothing is allocated).
    private HashSet<string>? ReadRequired(LocatedJsonNode node, string where)
    {
        if (node["required"] is not { } required) { return null; }
        if (!required.IsArray)
        {
            file.Error(DiagnosticIds.CatalogUnsupportedSchema, required.Span, $"\"required\" in {where} must be an array of property names.");
            return null;
        }

        HashSet<string>? names = null;
        foreach (var r in required.Items)
        {
            if (r.AsString() is { } s) { (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(s); }
            else { file.Error(DiagnosticIds.CatalogUnsupportedSchema, r.Span, $"\"required\" in {where} must hold strings only."); }
        }

        return names;
    }

    private void ReadProperties(LocatedJsonNode node, SchemaNode schema, HashSet<string>? required, string where)
    {
        if (node["properties"] is not { } properties)
        {
            schema.ExtraRequired = required;
            return;
        }

        if (!properties.IsObject)
        {
            file.Error(DiagnosticIds.CatalogUnsupportedSchema, properties.Span, $"\"properties\" in {where} must be an object.");
            return;
        }

        file.CheckDuplicateKeys(properties);
        var list = new List<SchemaProperty>(properties.Properties.Count);
        foreach (var p in properties.Properties)
        {
            list.Add(new SchemaProperty(p.Name, p.NameSpan, Read(p.Value, where), required?.Contains(p.Name) == true));
        }

        schema.Properties = list;
        foreach (var name in required ?? (IEnumerable<string>)Array.Empty<string>())
        {
            if (schema.GetProperty(name) is null)
            {
                // allOf/anyOf may add the property, so it is told apart only when nothing can.
                if (node["allOf"] is null && node["anyOf"] is null && node["oneOf"] is null)
                {
                    file.Warning(DiagnosticIds.CatalogSchemaFallback, node["required"]!.Span, $"\"required\" in {where} names \"{name}\", which is not among its properties; it is ignored.");
                }

                (schema.ExtraRequired ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            }
        }
    }

    private sealed record PendingRef(SchemaNode Schema, LocatedJsonNode Reference, string Fragment, string Where);

    private sealed class ReferenceComparer : IEqualityComparer<LocatedJsonNode>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(LocatedJsonNode? x, LocatedJsonNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(LocatedJsonNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}

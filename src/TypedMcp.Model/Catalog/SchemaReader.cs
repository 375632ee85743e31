using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// Reads the JSON Schemas of one catalog into <see cref="SchemaNode"/>s: each keyword TypedMcp maps to C# by its
/// own method, in a fixed order (the order its diagnostics come in). Everything else stays in <see cref="SchemaNode.Source"/>.
/// </summary>
/// <remarks>
/// Built to grow into fuller JSON Schema support: one reader serves a whole catalog (so it can keep the document
/// and a table of schemas already read, which is what local <c>$ref</c> resolution and recursive shapes need); a
/// node exists before its keywords are read (so a reference back to it can point at it); and a new keyword
/// (<c>allOf</c>, <c>const</c>, maps in <c>additionalProperties</c>, ...) is one more method called from <see cref="Read"/>.
/// </remarks>
/// <param name="file">The file being read.</param>
internal sealed class SchemaReader(CatalogFileReader file)
{
    /// <summary>Reads the schema <paramref name="node"/>, which stands in <paramref name="where"/> (for messages).</summary>
    public SchemaNode Read(LocatedJsonNode node, string where)
    {
        var schema = new SchemaNode(node);
        if (node.Kind == JsonKind.True) { return schema; }
        if (!node.IsObject)
        {
            // Not Expect: its message callback would allocate for every schema, and catalogs hold thousands.
            file.Error(DiagnosticIds.CatalogUnsupportedSchema, node.Span, $"A schema in {where} must be an object, not {node.KindName}.");
            return schema;
        }

        ReadTypes(node, schema, where);
        ReadRef(node, where);
        ReadAnnotations(node, schema);
        ReadEnum(node, schema, where);
        if (node["items"] is { } items) { schema.Items = Read(items, where); }
        if (node["contentSchema"] is { } content) { schema.ContentSchema = Read(content, where); }
        if (node["additionalProperties"] is { Kind: JsonKind.False }) { schema.AllowsAdditionalProperties = false; }
        ReadProperties(node, schema, ReadRequired(node, where), where);
        return schema;
    }

    // "type"; without it, the union of simple types in "anyOf"/"oneOf"; without those, "properties" means an object.
    private void ReadTypes(LocatedJsonNode node, SchemaNode schema, string where)
    {
        if (node["type"] is { } type) { schema.Types = ReadTypeKeyword(type, where); }
        else if ((node["anyOf"] ?? node["oneOf"]) is { IsArray: true } branches) { ReadUnion(branches, schema, where); }
        else if (node["properties"] is not null) { schema.Types = SchemaTypes.Object; }
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

    // [{ "type": "string" }, { "type": "null" }] and similar unions of simple types: the union of their types, and
    // the items and format of the first branch that is not null.
    private void ReadUnion(LocatedJsonNode branches, SchemaNode schema, string where)
    {
        foreach (var b in branches.Items)
        {
            var branch = Read(b, where);
            schema.Types |= branch.Types;
            if (branch.NonNullTypes == SchemaTypes.None || schema.Items is not null) { continue; }
            schema.Items = branch.Items;
            schema.Format ??= branch.Format;
        }
    }

    private void ReadRef(LocatedJsonNode node, string where)
    {
        if (node["$ref"] is { } reference)
        {
            file.Warning(DiagnosticIds.CatalogSchemaFallback, reference.Span, $"\"$ref\" in {where} is not followed; the value is typed as free-form JSON.");
        }
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
        if (node["properties"] is not { } properties) { return; }
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
                file.Warning(DiagnosticIds.CatalogSchemaFallback, node["required"]!.Span, $"\"required\" in {where} names \"{name}\", which is not among its properties; it is ignored.");
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>The JSON Schema <c>type</c> values a schema allows (a set: <c>["integer", "null"]</c> is Integer | Null).</summary>
[Flags]
internal enum SchemaTypes
{
    /// <summary>No <c>type</c> keyword: any JSON value.</summary>
    None = 0,
    /// <summary><c>string</c></summary>
    String = 1,
    /// <summary><c>integer</c></summary>
    Integer = 2,
    /// <summary><c>number</c></summary>
    Number = 4,
    /// <summary><c>boolean</c></summary>
    Boolean = 8,
    /// <summary><c>object</c></summary>
    Object = 16,
    /// <summary><c>array</c></summary>
    Array = 32,
    /// <summary><c>null</c></summary>
    Null = 64,
}

/// <summary>One member of an object schema's <c>properties</c>.</summary>
/// <param name="Name">The property name as it travels on the wire.</param>
/// <param name="NameSpan">Where the name stands in the catalog file.</param>
/// <param name="Schema">The property's schema.</param>
/// <param name="IsRequired">Whether the schema's <c>required</c> list names it.</param>
internal sealed record SchemaProperty(string Name, SourceSpan NameSpan, SchemaNode Schema, bool IsRequired);

/// <summary>
/// The part of a JSON Schema that TypedMcp maps to C#: types, format, enum, items, properties, required,
/// description, default, and <c>contentMediaType</c>/<c>contentSchema</c> for embedded CSV. Everything else in
/// the schema is kept in <see cref="Source"/> untouched.
/// </summary>
/// <remarks>
/// A class with reader-set properties, not a record: <see cref="SchemaReader"/> fills it one keyword at a time,
/// and a schema reached twice (a reference, a recursive shape) must be the same node, not an equal copy.
/// </remarks>
internal sealed class SchemaNode
{
    internal SchemaNode(LocatedJsonNode source)
    {
        Source = source;
    }

    /// <summary>The schema JSON as written.</summary>
    public LocatedJsonNode Source { get; }

    /// <summary>Where the schema stands in the catalog file.</summary>
    public SourceSpan Span => Source.Span;

    /// <summary>The allowed JSON types; <see cref="SchemaTypes.None"/> when the schema does not say.</summary>
    public SchemaTypes Types { get; internal set; }

    /// <summary>The <c>format</c> keyword (e.g. <c>date-time</c>), or null.</summary>
    public string? Format { get; internal set; }

    /// <summary>The <c>enum</c> values, or null when there is no enum.</summary>
    public IReadOnlyList<LocatedJsonNode>? Enum { get; internal set; }

    /// <summary>The <c>items</c> schema of an array, or null.</summary>
    public SchemaNode? Items { get; internal set; }

    /// <summary>The <c>properties</c> of an object, in file order.</summary>
    public IReadOnlyList<SchemaProperty> Properties { get; internal set; } = System.Array.Empty<SchemaProperty>();

    /// <summary>Whether the object schema allows members beyond <see cref="Properties"/> (<c>additionalProperties</c> not false).</summary>
    public bool AllowsAdditionalProperties { get; internal set; } = true;

    /// <summary>The <c>description</c>, or null.</summary>
    public string? Description { get; internal set; }

    /// <summary>The <c>title</c>, or null.</summary>
    public string? Title { get; internal set; }

    /// <summary>The <c>default</c> value the server applies when the member is omitted, or null.</summary>
    public LocatedJsonNode? Default { get; internal set; }

    /// <summary>The <c>contentMediaType</c> of a string (e.g. <c>text/csv</c>), or null.</summary>
    public string? ContentMediaType { get; internal set; }

    /// <summary>The <c>contentSchema</c> describing a string's decoded content, or null.</summary>
    public SchemaNode? ContentSchema { get; internal set; }

    /// <summary>True when the schema allows JSON null (<c>"type": [..., "null"]</c> or an <c>anyOf</c> with a null branch).</summary>
    public bool IsNullable => (Types & SchemaTypes.Null) != 0;

    /// <summary>The allowed types without <c>null</c>.</summary>
    public SchemaTypes NonNullTypes => Types & ~SchemaTypes.Null;

    /// <summary>The property named <paramref name="name"/>, or null.</summary>
    public SchemaProperty? GetProperty(string name) => Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>A short text of the type for messages and diffs, e.g. <c>string(date-time)</c>, <c>array&lt;integer&gt;</c>, <c>integer|null</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        foreach (SchemaTypes t in new[] { SchemaTypes.String, SchemaTypes.Integer, SchemaTypes.Number, SchemaTypes.Boolean, SchemaTypes.Object, SchemaTypes.Array, SchemaTypes.Null })
        {
            if ((Types & t) == 0) { continue; }
            var name = t.ToString().ToLowerInvariant();
            if (t == SchemaTypes.String && Format is not null) { name += "(" + Format + ")"; }
            if (t == SchemaTypes.String && Enum is not null) { name = "enum"; }
            if (t == SchemaTypes.Array && Items is not null) { name += "<" + Items.Describe() + ">"; }
            parts.Add(name);
        }

        return parts.Count == 0 ? "any" : string.Join("|", parts);
    }
}

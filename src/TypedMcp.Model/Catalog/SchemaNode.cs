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
/// The part of a JSON Schema that TypedMcp maps to C#: types, format, enum, const, items and tuples, properties,
/// required, additional properties, the combinators (<c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>), local
/// <c>$ref</c> (resolved to the node it points at), integer bounds, description, default, and
/// <c>contentMediaType</c>/<c>contentSchema</c> for embedded CSV. Everything else in the schema is kept in
/// <see cref="Source"/> untouched. How these become C# types is <see cref="Typing.SchemaShapes"/>' job.
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

    /// <summary>
    /// The allowed JSON types: the <c>type</c> keyword; without one, the types of an <c>anyOf</c>/<c>oneOf</c>'s
    /// branches, or <c>object</c> when there are <c>properties</c>; <see cref="SchemaTypes.None"/> when the schema
    /// does not say. A quick summary for messages and diffs; the exact shape is <see cref="Typing.SchemaShapes"/>'.
    /// </summary>
    public SchemaTypes Types { get; internal set; }

    /// <summary>Whether the schema has a <c>type</c> keyword (rather than <see cref="Types"/> inferred from other keywords).</summary>
    public bool HasTypeKeyword { get; internal set; }

    /// <summary>The schema is the boolean schema <c>false</c>: no value is valid.</summary>
    public bool IsFalse => Source.Kind == JsonKind.False;

    /// <summary>
    /// The schema a local <c>$ref</c> points at (the same node however often it is reached, so recursive shapes are
    /// cycles), or null when there is no <c>$ref</c> or it is not followed (<see cref="UnresolvedRef"/>).
    /// </summary>
    public SchemaNode? Ref { get; internal set; }

    /// <summary>A <c>$ref</c> that is not followed (remote, or pointing nowhere), or null; its span is in <see cref="Source"/>.</summary>
    public string? UnresolvedRef { get; internal set; }

    /// <summary>The name under <c>$defs</c>/<c>definitions</c> when the node was reached through a <c>$ref</c> to one, or null.</summary>
    public string? DefinitionName { get; internal set; }

    /// <summary>The <c>allOf</c> branches, or null.</summary>
    public IReadOnlyList<SchemaNode>? AllOf { get; internal set; }

    /// <summary>The <c>anyOf</c> branches, or null.</summary>
    public IReadOnlyList<SchemaNode>? AnyOf { get; internal set; }

    /// <summary>The <c>oneOf</c> branches, or null.</summary>
    public IReadOnlyList<SchemaNode>? OneOf { get; internal set; }

    /// <summary>The <c>not</c> schema, or null.</summary>
    public SchemaNode? Not { get; internal set; }

    /// <summary>The <c>const</c> value (a JSON <c>null</c> constant is a node of kind Null), or null when there is none.</summary>
    public LocatedJsonNode? Const { get; internal set; }

    /// <summary>The schema of members beyond <see cref="Properties"/> when <c>additionalProperties</c> is a schema object, or null.</summary>
    public SchemaNode? AdditionalProperties { get; internal set; }

    /// <summary>The positional item schemas of a tuple (<c>prefixItems</c>, or a draft-04 <c>items</c> array), or null.</summary>
    public IReadOnlyList<SchemaNode>? PrefixItems { get; internal set; }

    /// <summary>Names in <c>required</c> that <see cref="Properties"/> does not declare (an <c>allOf</c>/<c>anyOf</c> sibling may), or null.</summary>
    public HashSet<string>? ExtraRequired { get; internal set; }

    /// <summary><c>minimum</c>, or null.</summary>
    public decimal? Minimum { get; internal set; }

    /// <summary><c>maximum</c>, or null.</summary>
    public decimal? Maximum { get; internal set; }

    /// <summary><c>exclusiveMinimum</c> as a number (draft-04's boolean form moves <see cref="Minimum"/> here), or null.</summary>
    public decimal? ExclusiveMinimum { get; internal set; }

    /// <summary><c>exclusiveMaximum</c> as a number (draft-04's boolean form moves <see cref="Maximum"/> here), or null.</summary>
    public decimal? ExclusiveMaximum { get; internal set; }

    /// <summary>The <c>format</c> keyword (e.g. <c>date-time</c>), or null.</summary>
    public string? Format { get; internal set; }

    /// <summary>The <c>enum</c> values, or null when there is no enum.</summary>
    public IReadOnlyList<LocatedJsonNode>? Enum { get; internal set; }

    /// <summary>
    /// The <c>items</c> schema of an array, or null. Beside <see cref="PrefixItems"/> it describes the items after the
    /// tuple's positions: 2020-12's <c>items</c>, or draft-04/07's <c>additionalItems</c>.
    /// </summary>
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

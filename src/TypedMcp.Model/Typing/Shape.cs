using System.Collections.Generic;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Typing;

/// <summary>What kind of C# type a schema becomes.</summary>
internal enum ShapeKind
{
    /// <summary><c>string</c> (no format TypedMcp maps, or one it maps to string).</summary>
    String,
    /// <summary><c>long</c>, or <c>int</c> when <see cref="Shape.Is32Bit"/>.</summary>
    Integer,
    /// <summary><c>double</c>.</summary>
    Number,
    /// <summary><c>bool</c>.</summary>
    Boolean,
    /// <summary><c>DateTimeOffset</c> (<c>format: date-time</c>).</summary>
    DateTime,
    /// <summary><c>DateOnly</c> (<c>format: date</c>).</summary>
    Date,
    /// <summary><c>Guid</c> (<c>format: uuid</c>).</summary>
    Uuid,
    /// <summary><c>Uri</c> (<c>format: uri</c> and its kin).</summary>
    Uri,
    /// <summary>A generated enum of <see cref="Shape.Values"/> (strings, numbers, booleans or a mix).</summary>
    Enum,
    /// <summary>A generated record of <see cref="Shape.Members"/>.</summary>
    Object,
    /// <summary><c>IReadOnlyList&lt;T&gt;</c> of <see cref="Shape.Element"/>.</summary>
    Array,
    /// <summary><c>IReadOnlyDictionary&lt;string, T&gt;</c> of <see cref="Shape.Element"/>.</summary>
    Map,
    /// <summary>A generated union of <see cref="Shape.Alternatives"/>.</summary>
    Union,
    /// <summary>Free-form JSON (<c>JsonElement</c>); <see cref="Shape.FreeFormReason"/> says why.</summary>
    Any,
}

/// <summary>The JSON kinds a free-form (<see cref="ShapeKind.Any"/>) value may have.</summary>
[System.Flags]
internal enum AnyKinds
{
    /// <summary>An object.</summary>
    Object = 1,
    /// <summary>An array.</summary>
    Array = 2,
    /// <summary>A string, number or boolean.</summary>
    Scalar = 4,
    /// <summary>Any JSON value.</summary>
    All = Object | Array | Scalar,
}

/// <summary>One member of an object shape: a property of the record.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="NameSpan">Where the name stands in the catalog (or the schema, when merged).</param>
/// <param name="Shape">The member's shape.</param>
/// <param name="IsRequired">Whether <c>required</c> lists it.</param>
internal sealed record ShapeMember(string Name, SourceSpan NameSpan, Shape Shape, bool IsRequired)
{
    /// <summary>The one value a required member can have (a <c>const</c> or an enum of one value), or null.</summary>
    public LocatedJsonNode? Constant => IsRequired && !Shape.Nullable && Shape.Kind == ShapeKind.Enum && Shape.Values.Count == 1 ? Shape.Values[0] : null;
}

/// <summary>
/// The C# shape of a JSON Schema, after <c>$ref</c>, <c>allOf</c>, <c>anyOf</c>/<c>oneOf</c>, <c>type</c> arrays,
/// <c>const</c> and formats have been taken into account (see docs/schema-mapping.md). Shapes of objects are shared:
/// the same schema gives the same <see cref="Shape"/> (so recursive schemas are cyclic graphs), and
/// <see cref="Identity"/> stays the same in its nullable copy.
/// </summary>
internal sealed class Shape
{
    private static readonly IReadOnlyList<Shape> NoShapes = System.Array.Empty<Shape>();
    private static readonly IReadOnlyList<ShapeMember> NoMembers = System.Array.Empty<ShapeMember>();
    private static readonly IReadOnlyList<LocatedJsonNode> NoValues = System.Array.Empty<LocatedJsonNode>();

    internal Shape(ShapeKind kind, SchemaNode? schema)
    {
        Kind = kind;
        Schema = schema;
        Identity = this;
    }

    /// <summary>The kind of C# type.</summary>
    public ShapeKind Kind { get; }

    /// <summary>The schema the shape was read from (for documentation and positions), or null for a merged one.</summary>
    public SchemaNode? Schema { get; internal set; }

    /// <summary>The shape this one is a (nullable) copy of, or itself: generated types are keyed by it.</summary>
    public Shape Identity { get; private set; }

    /// <summary>Whether JSON <c>null</c> is allowed too.</summary>
    public bool Nullable { get; private set; }

    /// <summary>An integer whose bounds fit <c>int</c> (or <c>format: int32</c>).</summary>
    public bool Is32Bit { get; internal set; }

    /// <summary>An enum's values, in schema order (never JSON null: that is <see cref="Nullable"/>).</summary>
    public IReadOnlyList<LocatedJsonNode> Values { get; internal set; } = NoValues;

    // An object's members are filled after the shape exists (a recursive schema reaches it while they are read), so
    // copies (AsNullable) read them from the original.
    private IReadOnlyList<ShapeMember> _members = NoMembers;
    private Shape? _extra;
    private bool _closed;

    /// <summary>An object's members, in schema order.</summary>
    public IReadOnlyList<ShapeMember> Members
    {
        get => ReferenceEquals(Identity, this) ? _members : Identity.Members;
        internal set => _members = value;
    }

    /// <summary>An object's members beyond <see cref="Members"/> when <c>additionalProperties</c> is a schema, or null.</summary>
    public Shape? Extra
    {
        get => ReferenceEquals(Identity, this) ? _extra : Identity.Extra;
        internal set => _extra = value;
    }

    /// <summary>Whether an object allows no members beyond <see cref="Members"/> (<c>additionalProperties: false</c>).</summary>
    public bool Closed
    {
        get => ReferenceEquals(Identity, this) ? _closed : Identity.Closed;
        internal set => _closed = value;
    }

    /// <summary>A name the schema gives itself: its <c>$defs</c> name or <c>title</c>, or null.</summary>
    public string? NameHint { get; internal set; }

    /// <summary>The element of an array or the value of a map.</summary>
    public Shape? Element { get; internal set; }

    /// <summary>A union's alternatives (at least two, none a union, none nullable).</summary>
    public IReadOnlyList<Shape> Alternatives { get; internal set; } = NoShapes;

    /// <summary>Why a value is free-form JSON, as a phrase ("the schema allows any JSON value here").</summary>
    public string? FreeFormReason { get; internal set; }

    /// <summary>The JSON kinds a free-form value may have.</summary>
    public AnyKinds AnyKinds { get; internal set; } = AnyKinds.All;

    /// <summary>The description to document the value with, or null.</summary>
    public string? Description { get; internal set; }

    /// <summary>The <c>default</c> the server applies, or null.</summary>
    public LocatedJsonNode? Default { get; internal set; }

    /// <summary>Whether the shape is, or holds anywhere, a free-form value (JsonElement); recursive shapes are visited once.</summary>
    public bool ContainsAny() => ContainsAny(new HashSet<Shape>());

    /// <summary>A copy that allows null (or this shape when it already does).</summary>
    public Shape AsNullable()
    {
        if (Nullable) { return this; }
        var copy = (Shape)MemberwiseClone();
        copy.Nullable = true;
        copy.Identity = Identity;
        return copy;
    }

    /// <summary>A copy with another description and default (documentation only; the type is the same).</summary>
    public Shape WithDocumentation(string? description, LocatedJsonNode? defaultValue)
    {
        if (description is null && defaultValue is null) { return this; }
        var copy = (Shape)MemberwiseClone();
        copy.Description = description ?? Description;
        copy.Default = defaultValue ?? Default;
        copy.Identity = Identity;
        return copy;
    }

    /// <summary>E.g. <c>record</c>, <c>array&lt;string&gt;</c>, <c>enum</c>, <c>union</c>, <c>json</c>; for reports.</summary>
    public override string ToString() => Kind switch
    {
        ShapeKind.Array => "array<" + Element + ">",
        ShapeKind.Map => "map<" + Element + ">",
        ShapeKind.Object => "record",
        ShapeKind.Any => "json",
        _ => Kind.ToString().ToLowerInvariant(),
    } + (Nullable ? "?" : string.Empty);

    private bool ContainsAny(HashSet<Shape> seen)
    {
        if (!seen.Add(Identity)) { return false; }
        switch (Kind)
        {
            case ShapeKind.Any: return true;
            case ShapeKind.Array:
            case ShapeKind.Map: return Element!.ContainsAny(seen);
            case ShapeKind.Union:
                foreach (var a in Alternatives)
                {
                    if (a.ContainsAny(seen)) { return true; }
                }

                return false;
            case ShapeKind.Object:
                foreach (var m in Members)
                {
                    if (m.Shape.ContainsAny(seen)) { return true; }
                }

                return Extra?.ContainsAny(seen) == true;
            default: return false;
        }
    }
}

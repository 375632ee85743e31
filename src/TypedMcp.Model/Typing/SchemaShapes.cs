using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Typing;

/// <summary>
/// Turns read schemas (<see cref="SchemaNode"/>) into C# shapes (<see cref="Shape"/>) by the rules of
/// docs/schema-mapping.md: <c>$ref</c> followed, <c>allOf</c> merged, <c>anyOf</c>/<c>oneOf</c> and <c>type</c> arrays as
/// nullable values or unions, <c>const</c> and enums of any JSON type, formats, integer ranges, maps, tuples. A value
/// becomes free-form JSON only when its schema allows any JSON there; the shape then says why. One instance serves a
/// whole catalog, so a schema reached from several places is one shape (and one generated type).
/// </summary>
/// <remarks>Shared by the generator, the analyzer and the CLI, so all three type a schema the same way.</remarks>
internal sealed class SchemaShapes
{
    // What a schema that allows only null is, before it meets a union (which it makes nullable).
    private static readonly Shape NullOnly = new(ShapeKind.Any, null) { FreeFormReason = "its schema allows only null" };

    private readonly Dictionary<SchemaNode, Shape> _objects = new(ReferenceComparer<SchemaNode>.Instance);
    private readonly Dictionary<(Shape, Shape), Shape> _merged = new();
    private readonly HashSet<SchemaNode> _active = new(ReferenceComparer<SchemaNode>.Instance);
    private readonly List<ModelDiagnostic> _diagnostics = new();
    private readonly string? _path;

    /// <summary>Creates the typer for the catalog at <paramref name="filePath"/> (used in diagnostics).</summary>
    public SchemaShapes(string? filePath) => _path = filePath;

    /// <summary>Warnings found while typing (an <c>allOf</c> that contradicts itself), located in the catalog.</summary>
    public IReadOnlyList<ModelDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The shape of <paramref name="schema"/>; a schema that accepts no value at all is free-form JSON.</summary>
    public Shape Of(SchemaNode schema)
    {
        var shape = Compute(schema);
        if (shape is null) { return FreeForm(schema, AnyKinds.All, "its schema accepts no value at all").AsNullable(); }
        return ReferenceEquals(shape, NullOnly) ? FreeForm(schema, AnyKinds.All, NullOnly.FreeFormReason!).AsNullable() : shape;
    }

    /// <summary>
    /// The arguments of a tool: the members of its input schema's object shape, in schema order (a property whose
    /// schema accepts no value is left out: it can never be sent).
    /// </summary>
    public IReadOnlyList<ShapeMember> Parameters(SchemaNode inputSchema)
        => Of(inputSchema) is { Kind: ShapeKind.Object } root ? root.Members : Array.Empty<ShapeMember>();

    /// <summary>
    /// Every free-form value under <paramref name="shape"/> (itself included), each object visited once: where it
    /// stands (a path like <c>param.items[].value</c>), its schema's position, and why it is free-form.
    /// </summary>
    public static IReadOnlyList<FreeFormSite> FreeFormSites(Shape shape, string path, SourceSpan fallback)
    {
        var sites = new List<FreeFormSite>();
        Collect(shape, path, fallback, new HashSet<Shape>(), sites);
        return sites;
    }

    private static void Collect(Shape shape, string path, SourceSpan fallback, HashSet<Shape> seen, List<FreeFormSite> sites)
    {
        var span = shape.Schema?.Span is { IsKnown: true } s ? s : fallback;
        switch (shape.Kind)
        {
            case ShapeKind.Any:
                sites.Add(new FreeFormSite(path, span, shape.FreeFormReason ?? "its schema allows any JSON value here"));
                break;
            case ShapeKind.Array:
                Collect(shape.Element!, path + "[]", span, seen, sites);
                break;
            case ShapeKind.Map:
                Collect(shape.Element!, path + "{}", span, seen, sites);
                break;
            case ShapeKind.Union:
                foreach (var a in shape.Alternatives) { Collect(a, path, span, seen, sites); }
                break;
            case ShapeKind.Object:
                if (!seen.Add(shape.Identity)) { break; }
                foreach (var m in shape.Members) { Collect(m.Shape, path.Length == 0 ? m.Name : path + "." + m.Name, m.NameSpan, seen, sites); }
                if (shape.Extra is { } extra) { Collect(extra, path + "{}", span, seen, sites); }
                break;
        }
    }

    private Shape? Compute(SchemaNode s)
    {
        if (s.IsFalse) { return null; }
        if (s.Source.Kind == JsonKind.True) { return FreeForm(s, AnyKinds.All, "its schema is true: any JSON value"); }
        if (s.UnresolvedRef is { } unresolved) { return FreeForm(s, AnyKinds.All, $"its \"$ref\": \"{unresolved}\" is not followed"); }
        if (s.Not is { } not && IsUnconstrained(not)) { return null; }
        if (!_active.Add(s))
        {
            // Reached again while it is being typed, and not through an object (objects are cached before their members).
            return _objects.TryGetValue(s, out var cached) ? cached : FreeForm(s, AnyKinds.All, "its schema refers to itself without an object in between");
        }

        try
        {
            Shape? shape;
            if (s.Ref is { } target)
            {
                var referenced = Compute(target);
                shape = HasShapingKeywords(s) ? Merge(referenced, OwnShape(s), s) : referenced;
            }
            else
            {
                shape = OwnShape(s);
            }

            foreach (var branch in s.AllOf ?? Array.Empty<SchemaNode>())
            {
                shape = Merge(shape, Compute(branch), s);
                if (shape is not null && branch.ExtraRequired is { } names) { shape = Require(shape, names); }
            }

            if (shape is not null && s.ExtraRequired is { } own && s.AllOf is not null) { shape = Require(shape, own); }
            if (shape is null || ReferenceEquals(shape, NullOnly)) { return shape; }
            return shape.WithDocumentation(s.Description, s.Default);
        }
        finally
        {
            _active.Remove(s);
        }
    }

    // The schema's own keywords, without $ref and allOf: type, enum, const, properties, items... and anyOf/oneOf.
    private Shape? OwnShape(SchemaNode s)
    {
        var shape = BaseShape(s);
        var unconstrained = shape is null;
        foreach (var branches in new[] { s.AnyOf, s.OneOf })
        {
            if (branches is null) { continue; }
            var union = UnionOf(branches.Select(Compute).ToList(), s);
            shape = unconstrained ? union : Merge(shape, union, s);
            unconstrained = false;
        }

        return unconstrained ? FreeForm(s, AnyKinds.All, "its schema does not say what type the value has (no \"type\")") : shape;
    }

    // type / enum / const (and what properties or items imply without a type); null when the schema constrains nothing here.
    private Shape? BaseShape(SchemaNode s)
    {
        if (s.Const is { } constant) { return constant.IsNull ? NullOnly : EnumOf(s, new[] { constant }); }
        if (s.Enum is { } values)
        {
            var nonNull = values.Where(v => !v.IsNull).ToList();
            var nullable = nonNull.Count < values.Count;
            if (nonNull.Count == 0) { return NullOnly; }
            var shape = nonNull.Count == 2 && nonNull.All(v => v.IsBoolean) && nonNull[0].Kind != nonNull[1].Kind
                ? new Shape(ShapeKind.Boolean, s)
                : EnumOf(s, nonNull);
            return nullable ? shape.AsNullable() : shape;
        }

        var types = s.HasTypeKeyword ? s.Types : Inferred(s);
        if (types == SchemaTypes.None) { return null; }
        var parts = new List<Shape>();
        foreach (var kind in new[] { SchemaTypes.String, SchemaTypes.Integer, SchemaTypes.Number, SchemaTypes.Boolean, SchemaTypes.Object, SchemaTypes.Array })
        {
            if ((types & kind) == 0) { continue; }
            if (kind == SchemaTypes.Integer && (types & SchemaTypes.Number) != 0) { continue; }
            parts.Add(KindShape(kind, s));
        }

        var result = parts.Count switch
        {
            0 => NullOnly,
            1 => parts[0],
            _ => UnionOf(parts, s)!,
        };
        return (types & SchemaTypes.Null) != 0 && !ReferenceEquals(result, NullOnly) ? result.AsNullable() : result;
    }

    private static SchemaTypes Inferred(SchemaNode s)
    {
        if (s.Properties.Count > 0 || s.AdditionalProperties is not null) { return SchemaTypes.Object; }
        if (s.Items is not null || s.PrefixItems is not null) { return SchemaTypes.Array; }
        return SchemaTypes.None;
    }

    private Shape KindShape(SchemaTypes kind, SchemaNode s)
    {
        switch (kind)
        {
            case SchemaTypes.String:
                return new Shape(StringKind(s.Format), s);
            case SchemaTypes.Integer:
                return new Shape(ShapeKind.Integer, s) { Is32Bit = Fits32Bits(s) };
            case SchemaTypes.Number:
                return new Shape(ShapeKind.Number, s);
            case SchemaTypes.Boolean:
                return new Shape(ShapeKind.Boolean, s);
            case SchemaTypes.Object:
                // An object with properties is a record; so is one that must stay empty ("properties": {} and no more).
                if (s.Properties.Count > 0 || (!s.AllowsAdditionalProperties && s.Source["properties"] is not null)) { return ObjectOf(s); }
                if (s.AdditionalProperties is { } additional && !IsUnconstrained(additional))
                {
                    return new Shape(ShapeKind.Map, s) { Element = Of(additional) };
                }

                return FreeForm(s, AnyKinds.Object, "it is an object whose members its schema does not describe (no \"properties\")");
            default:
                return new Shape(ShapeKind.Array, s) { Element = ElementOf(s) };
        }
    }

    private static ShapeKind StringKind(string? format) => format switch
    {
        "date-time" => ShapeKind.DateTime,
        "date" => ShapeKind.Date,
        "uuid" => ShapeKind.Uuid,
        "uri" or "uri-reference" or "iri" or "iri-reference" => ShapeKind.Uri,
        _ => ShapeKind.String,
    };

    // int when both bounds are given and inside int's range (zod's ±(2^53-1) means "any safe integer": long), or format int32.
    private static bool Fits32Bits(SchemaNode s)
    {
        if (string.Equals(s.Format, "int32", StringComparison.Ordinal)) { return true; }
        var low = s.Minimum ?? (s.ExclusiveMinimum + 1);
        var high = s.Maximum ?? (s.ExclusiveMaximum - 1);
        return low is { } l && high is { } h && l >= int.MinValue && h <= int.MaxValue;
    }

    private Shape ElementOf(SchemaNode s)
    {
        if (s.PrefixItems is { } tuple)
        {
            var positions = tuple.Select(Compute).ToList();
            if (s.Items is { } rest) { positions.Add(Compute(rest)); }
            return UnionOf(positions, s) is { } element && !ReferenceEquals(element, NullOnly) ? element : FreeForm(s, AnyKinds.All, "its tuple positions accept no common value");
        }

        return s.Items is { } items ? Of(items) : FreeForm(s, AnyKinds.All, "its array's \"items\" are not described");
    }

    private Shape ObjectOf(SchemaNode s)
    {
        if (_objects.TryGetValue(s, out var cached)) { return cached; }
        var shape = new Shape(ShapeKind.Object, s)
        {
            NameHint = s.DefinitionName ?? s.Title,
            Closed = !s.AllowsAdditionalProperties,
            Description = s.Description,
        };
        _objects.Add(s, shape);
        var members = new List<ShapeMember>(s.Properties.Count);
        foreach (var p in s.Properties)
        {
            if (Compute(p.Schema) is not { } member) { continue; }
            if (ReferenceEquals(member, NullOnly)) { member = FreeForm(p.Schema, AnyKinds.All, NullOnly.FreeFormReason!).AsNullable(); }
            members.Add(new ShapeMember(p.Name, p.NameSpan, member, p.IsRequired));
        }

        shape.Members = members;
        if (s.AdditionalProperties is { } additional && !IsUnconstrained(additional)) { shape.Extra = Of(additional); }
        return shape;
    }

    private static Shape EnumOf(SchemaNode s, IReadOnlyList<LocatedJsonNode> values)
    {
        var distinct = new List<LocatedJsonNode>(values.Count);
        foreach (var v in values)
        {
            if (!distinct.Any(d => LocatedJsonNode.DeepEquals(d, v))) { distinct.Add(v); }
        }

        return new Shape(ShapeKind.Enum, s) { Values = distinct };
    }

    private static Shape FreeForm(SchemaNode? s, AnyKinds kinds, string reason)
        => new(ShapeKind.Any, s) { AnyKinds = kinds, FreeFormReason = reason };

    // An alternative of anyOf/oneOf (or a type array): null ones make the whole nullable, unions are flattened,
    // integer meets number as number, enums and constants join into one enum, the same scalar is kept once.
    private Shape? UnionOf(IReadOnlyList<Shape?> shapes, SchemaNode owner)
    {
        var nullable = false;
        var alternatives = new List<Shape>();
        AnyKinds any = 0;
        string? anyReason = null;
        void Add(Shape shape)
        {
            if (shape.Nullable) { nullable = true; shape = NonNullable(shape); }
            if (shape.Kind == ShapeKind.Union)
            {
                foreach (var a in shape.Alternatives) { Add(a); }
                return;
            }

            if (shape.Kind == ShapeKind.Any)
            {
                any |= shape.AnyKinds;
                anyReason ??= shape.FreeFormReason;
                return;
            }

            // A list or map of anything beside other free-form alternatives is one free-form value, not a union of JSON.
            if (shape.Kind is ShapeKind.Array or ShapeKind.Map && shape.Element is { Kind: ShapeKind.Any, AnyKinds: AnyKinds.All } element)
            {
                any |= shape.Kind == ShapeKind.Array ? AnyKinds.Array : AnyKinds.Object;
                anyReason ??= element.FreeFormReason;
                return;
            }

            alternatives.Add(shape);
        }

        foreach (var shape in shapes)
        {
            if (shape is null) { continue; }
            if (ReferenceEquals(shape, NullOnly)) { nullable = true; continue; }
            Add(shape);
        }

        if (any == AnyKinds.All)
        {
            var free = FreeForm(owner, AnyKinds.All, alternatives.Count == 0 ? anyReason! : "one of its alternatives accepts any JSON value");
            return free.AsNullable();
        }

        JoinEnums(alternatives);
        if (alternatives.Any(a => a.Kind == ShapeKind.Number)) { alternatives.RemoveAll(a => a.Kind == ShapeKind.Integer); }
        for (var i = alternatives.Count - 1; i > 0; i--)
        {
            var a = alternatives[i];
            if (a.Kind is ShapeKind.String or ShapeKind.Integer or ShapeKind.Number or ShapeKind.Boolean or ShapeKind.DateTime or ShapeKind.Date or ShapeKind.Uuid or ShapeKind.Uri
                && alternatives.Take(i).Any(b => b.Kind == a.Kind))
            {
                var first = alternatives.First(b => b.Kind == a.Kind);
                if (a.Kind == ShapeKind.Integer && !a.Is32Bit) { first.Is32Bit = false; }
                alternatives.RemoveAt(i);
            }
        }

        if (any != 0) { alternatives.Add(FreeForm(owner, any, anyReason ?? "one of its alternatives is free-form")); }
        Shape? result = alternatives.Count switch
        {
            0 => nullable ? NullOnly : null,
            1 => alternatives[0],
            _ => new Shape(ShapeKind.Union, owner) { Alternatives = alternatives },
        };
        return nullable && result is not null && !ReferenceEquals(result, NullOnly) ? result.AsNullable() : result;
    }

    private static void JoinEnums(List<Shape> alternatives)
    {
        var enums = alternatives.Where(a => a.Kind == ShapeKind.Enum).ToList();
        if (enums.Count < 2) { return; }
        var values = new List<LocatedJsonNode>();
        foreach (var e in enums)
        {
            foreach (var v in e.Values)
            {
                if (!values.Any(d => LocatedJsonNode.DeepEquals(d, v))) { values.Add(v); }
            }
        }

        var index = alternatives.IndexOf(enums[0]);
        alternatives.RemoveAll(a => a.Kind == ShapeKind.Enum);
        alternatives.Insert(index, new Shape(ShapeKind.Enum, enums[0].Schema) { Values = values });
    }

    private static Shape NonNullable(Shape shape)
    {
        if (!ReferenceEquals(shape.Identity, shape) && !shape.Identity.Nullable) { return shape.Identity.WithDocumentation(shape.Description, shape.Default); }
        var copy = new Shape(shape.Kind, shape.Schema)
        {
            Is32Bit = shape.Is32Bit,
            Values = shape.Values,
            Members = shape.Members,
            Extra = shape.Extra,
            Closed = shape.Closed,
            NameHint = shape.NameHint,
            Element = shape.Element,
            Alternatives = shape.Alternatives,
            FreeFormReason = shape.FreeFormReason,
            AnyKinds = shape.AnyKinds,
            Description = shape.Description,
            Default = shape.Default,
        };
        return copy;
    }

    // Both a and b must hold (allOf, keywords beside $ref, a union under a type): the most precise shape that satisfies
    // both, or null when nothing can (reported once, at the schema).
    private Shape? Merge(Shape? a, Shape? b, SchemaNode owner)
    {
        if (a is null || b is null) { return null; }
        if (ReferenceEquals(a, NullOnly)) { return b.Nullable || ReferenceEquals(b, NullOnly) ? NullOnly : Conflict(owner, "null", b.ToString()); }
        if (ReferenceEquals(b, NullOnly)) { return Merge(b, a, owner); }
        var nullable = a.Nullable && b.Nullable;
        var merged = MergeNonNull(a, b, owner);
        return merged is not null && nullable ? merged.AsNullable() : merged;
    }

    private Shape? MergeNonNull(Shape a, Shape b, SchemaNode owner)
    {
        if (a.Kind == ShapeKind.Any && a.AnyKinds == AnyKinds.All) { return NonNullableIf(b); }
        if (b.Kind == ShapeKind.Any && b.AnyKinds == AnyKinds.All) { return NonNullableIf(a); }
        if (a.Kind == ShapeKind.Union) { return UnionOf(a.Alternatives.Select(x => Merge(x, NonNullableIf(b), owner)).ToList(), owner); }
        if (b.Kind == ShapeKind.Union) { return UnionOf(b.Alternatives.Select(x => Merge(NonNullableIf(a), x, owner)).ToList(), owner); }
        if (a.Kind == ShapeKind.Any) { return Fits(b, a.AnyKinds) ? NonNullableIf(b) : Conflict(owner, a.ToString(), b.ToString()); }
        if (b.Kind == ShapeKind.Any) { return Fits(a, b.AnyKinds) ? NonNullableIf(a) : Conflict(owner, a.ToString(), b.ToString()); }
        if (a.Kind == ShapeKind.Enum || b.Kind == ShapeKind.Enum)
        {
            var (e, other) = a.Kind == ShapeKind.Enum ? (a, b) : (b, a);
            var kept = e.Values.Where(v => other.Kind == ShapeKind.Enum ? other.Values.Any(o => LocatedJsonNode.DeepEquals(o, v)) : Accepts(other, v)).ToList();
            return kept.Count == 0 ? Conflict(owner, a.ToString(), b.ToString()) : new Shape(ShapeKind.Enum, e.Schema) { Values = kept };
        }

        if (a.Kind == ShapeKind.Object && b.Kind == ShapeKind.Object) { return MergeObjects(a.Identity, b.Identity, owner); }
        if (a.Kind == ShapeKind.Object && b.Kind == ShapeKind.Map) { return WithExtra(a.Identity, b.Element!); }
        if (a.Kind == ShapeKind.Map && b.Kind == ShapeKind.Object) { return WithExtra(b.Identity, a.Element!); }
        if (a.Kind is ShapeKind.Array or ShapeKind.Map && a.Kind == b.Kind)
        {
            var element = Merge(a.Element, b.Element, owner);
            return element is null ? null : new Shape(a.Kind, a.Schema) { Element = element };
        }

        if (IsStringKind(a.Kind) && IsStringKind(b.Kind)) { return a.Kind == ShapeKind.String ? NonNullableIf(b) : b.Kind == ShapeKind.String || a.Kind == b.Kind ? NonNullableIf(a) : Conflict(owner, a.ToString(), b.ToString()); }
        if (a.Kind is ShapeKind.Integer or ShapeKind.Number && b.Kind is ShapeKind.Integer or ShapeKind.Number)
        {
            if (a.Kind == ShapeKind.Number && b.Kind == ShapeKind.Number) { return NonNullableIf(a); }
            return new Shape(ShapeKind.Integer, (a.Kind == ShapeKind.Integer ? a : b).Schema) { Is32Bit = a.Is32Bit || b.Is32Bit };
        }

        return a.Kind == b.Kind ? NonNullableIf(a) : Conflict(owner, a.ToString(), b.ToString());
    }

    private static Shape NonNullableIf(Shape shape) => shape.Nullable ? NonNullable(shape) : shape;

    private Shape MergeObjects(Shape a, Shape b, SchemaNode owner)
    {
        if (ReferenceEquals(a, b)) { return a; }
        if (_merged.TryGetValue((a, b), out var cached)) { return cached; }
        var shape = new Shape(ShapeKind.Object, a.Schema)
        {
            NameHint = a.NameHint ?? b.NameHint,
            Closed = a.Closed && b.Closed,
            Description = a.Description ?? b.Description,
        };
        _merged.Add((a, b), shape);
        var members = new List<ShapeMember>();
        foreach (var m in a.Members)
        {
            var other = b.Members.FirstOrDefault(x => x.Name == m.Name);
            var merged = other is null ? m.Shape : Merge(m.Shape, other.Shape, owner) ?? m.Shape;
            members.Add(new ShapeMember(m.Name, m.NameSpan, merged, m.IsRequired || other?.IsRequired == true));
        }

        foreach (var m in b.Members)
        {
            if (a.Members.All(x => x.Name != m.Name)) { members.Add(m); }
        }

        shape.Members = members;
        shape.Extra = a.Extra ?? b.Extra;
        return shape;
    }

    private static Shape WithExtra(Shape obj, Shape extra)
    {
        var shape = new Shape(ShapeKind.Object, obj.Schema) { NameHint = obj.NameHint, Closed = obj.Closed, Description = obj.Description, Members = obj.Members, Extra = extra };
        return shape;
    }

    // allOf branches that only list "required": their names become required members.
    private static Shape Require(Shape shape, HashSet<string> names)
    {
        if (shape.Kind != ShapeKind.Object || shape.Members.All(m => m.IsRequired || !names.Contains(m.Name))) { return shape; }
        var copy = new Shape(ShapeKind.Object, shape.Schema) { NameHint = shape.NameHint, Closed = shape.Closed, Description = shape.Description, Extra = shape.Extra };
        copy.Members = shape.Members.Select(m => names.Contains(m.Name) && !m.IsRequired ? m with { IsRequired = true } : m).ToList();
        return shape.Nullable ? copy.AsNullable() : copy;
    }

    private Shape? Conflict(SchemaNode owner, string first, string second)
    {
        if (_diagnostics.Exists(d => d.Span.Equals(owner.Span))) { return FreeForm(owner, AnyKinds.All, "its schema's parts contradict each other"); }
        _diagnostics.Add(new ModelDiagnostic(DiagnosticIds.CatalogSchemaFallback, ModelSeverity.Warning,
            $"The schema requires both {first} and {second}, which no value can be (\"allOf\", \"$ref\" with keywords beside it, or a union under a \"type\"); the value is typed as free-form JSON (JsonElement). Fix the schema.",
            _path, owner.Span));
        return FreeForm(owner, AnyKinds.All, "its schema's parts contradict each other");
    }

    private static bool Fits(Shape shape, AnyKinds kinds) => shape.Kind switch
    {
        ShapeKind.Object or ShapeKind.Map => (kinds & AnyKinds.Object) != 0,
        ShapeKind.Array => (kinds & AnyKinds.Array) != 0,
        _ => (kinds & AnyKinds.Scalar) != 0,
    };

    private static bool IsStringKind(ShapeKind kind) => kind is ShapeKind.String or ShapeKind.DateTime or ShapeKind.Date or ShapeKind.Uuid or ShapeKind.Uri;

    // Whether a constant is a value of a (non-enum) shape.
    private static bool Accepts(Shape shape, LocatedJsonNode value) => shape.Kind switch
    {
        ShapeKind.Any => true,
        ShapeKind.String or ShapeKind.DateTime or ShapeKind.Date or ShapeKind.Uuid or ShapeKind.Uri => value.IsString,
        ShapeKind.Integer => value.AsInt64() is not null,
        ShapeKind.Number => value.IsNumber,
        ShapeKind.Boolean => value.IsBoolean,
        ShapeKind.Object or ShapeKind.Map => value.IsObject,
        ShapeKind.Array => value.IsArray,
        _ => false,
    };

    // A schema that says nothing about the value (only annotations, or constraints on other kinds of schema).
    private static bool IsUnconstrained(SchemaNode s)
        => s.Source.Kind == JsonKind.True || (s.Source.IsObject && !s.IsFalse && !HasShapingKeywords(s) && s.Ref is null && s.UnresolvedRef is null && s.AllOf is null);

    // Keywords that decide the C# type (beside $ref they are merged with the target).
    private static bool HasShapingKeywords(SchemaNode s)
        => s.HasTypeKeyword || s.Enum is not null || s.Const is not null || s.Properties.Count > 0 || s.Items is not null || s.PrefixItems is not null
           || s.AdditionalProperties is not null || s.AnyOf is not null || s.OneOf is not null || s.AllOf is not null || s.Not is not null;
}

/// <summary>A place where a value is typed as free-form JSON, and why.</summary>
/// <param name="Path">The value's path from the parameter or result: <c>param</c>, <c>param.member</c>, <c>param[]</c>, <c>param{}</c>.</param>
/// <param name="Span">Its schema's position in the catalog.</param>
/// <param name="Reason">Why it is free-form, as a phrase ("it is an object whose members its schema does not describe").</param>
internal sealed record FreeFormSite(string Path, SourceSpan Span, string Reason);

/// <summary>Compares by reference (schemas and JSON nodes are identities, not values).</summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    /// <summary>The one instance.</summary>
    public static readonly ReferenceComparer<T> Instance = new();

    /// <inheritdoc />
    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    /// <inheritdoc />
    public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}

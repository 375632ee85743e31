using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;

namespace TypedMcp.Json;

/// <summary>The kind of a <see cref="LocatedJsonNode"/>.</summary>
internal enum JsonKind
{
    /// <summary><c>{ ... }</c></summary>
    Object,
    /// <summary><c>[ ... ]</c></summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number (kept as its source text, so nothing is lost).</summary>
    Number,
    /// <summary><c>true</c></summary>
    True,
    /// <summary><c>false</c></summary>
    False,
    /// <summary><c>null</c></summary>
    Null,
}

/// <summary>One member of a JSON object, with the position of its name.</summary>
internal sealed class LocatedJsonProperty
{
    /// <summary>Creates a property.</summary>
    public LocatedJsonProperty(string name, LocatedJsonNode value, SourceSpan nameSpan = default)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Value = value ?? throw new ArgumentNullException(nameof(value));
        NameSpan = nameSpan;
    }

    /// <summary>The property name, unescaped.</summary>
    public string Name { get; }

    /// <summary>Where the name (with its quotes) stands in the file.</summary>
    public SourceSpan NameSpan { get; }

    /// <summary>The value.</summary>
    public LocatedJsonNode Value { get; }
}

/// <summary>
/// An immutable JSON value that remembers where it stood in its file. Objects keep their members in file order,
/// duplicates included, so validators can report a duplicate key instead of silently keeping one.
/// </summary>
internal sealed class LocatedJsonNode
{
    private static readonly IReadOnlyList<LocatedJsonProperty> NoProperties = System.Array.Empty<LocatedJsonProperty>();
    private static readonly IReadOnlyList<LocatedJsonNode> NoItems = System.Array.Empty<LocatedJsonNode>();

    private LocatedJsonNode(JsonKind kind, string? text, IReadOnlyList<LocatedJsonProperty>? properties, IReadOnlyList<LocatedJsonNode>? items, SourceSpan span)
    {
        Kind = kind;
        Text = text;
        Properties = properties ?? NoProperties;
        Items = items ?? NoItems;
        Span = span;
    }

    /// <summary>What kind of value this is.</summary>
    public JsonKind Kind { get; }

    /// <summary>Where the whole value stands in the file.</summary>
    public SourceSpan Span { get; }

    /// <summary>The members of an object in file order (empty for other kinds).</summary>
    public IReadOnlyList<LocatedJsonProperty> Properties { get; }

    /// <summary>The elements of an array (empty for other kinds).</summary>
    public IReadOnlyList<LocatedJsonNode> Items { get; }

    /// <summary>The unescaped string of a string, or the source text of a number; otherwise null.</summary>
    public string? Text { get; }

    /// <summary>True for objects.</summary>
    public bool IsObject => Kind == JsonKind.Object;

    /// <summary>True for arrays.</summary>
    public bool IsArray => Kind == JsonKind.Array;

    /// <summary>True for strings.</summary>
    public bool IsString => Kind == JsonKind.String;

    /// <summary>True for numbers.</summary>
    public bool IsNumber => Kind == JsonKind.Number;

    /// <summary>True for <c>true</c> and <c>false</c>.</summary>
    public bool IsBoolean => Kind == JsonKind.True || Kind == JsonKind.False;

    /// <summary>True for <c>null</c>.</summary>
    public bool IsNull => Kind == JsonKind.Null;

    /// <summary>The kind as messages name it: <c>an object</c>, <c>an array</c>, <c>a string</c>, <c>a number</c>, <c>a boolean</c> or <c>null</c>.</summary>
    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The string value, or null when this is not a string.</summary>
    public string? AsString() => Kind == JsonKind.String ? Text : null;

    /// <summary>The boolean value, or null when this is not a boolean.</summary>
    public bool? AsBoolean() => Kind == JsonKind.True ? true : Kind == JsonKind.False ? false : null;

    /// <summary>The number as a double (invariant culture), or null when this is not a number.</summary>
    public double? AsDouble()
        => Kind == JsonKind.Number && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>The number as a decimal (invariant culture; exponents allowed), or null when this is not a number or is out of the decimal range.</summary>
    public decimal? AsDecimal()
        => Kind == JsonKind.Number && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : null;

    /// <summary>The number as a 64-bit integer when it is one exactly (e.g. <c>10</c> or <c>1e3</c>), else null.</summary>
    public long? AsInt64()
    {
        if (Kind != JsonKind.Number) { return null; }
        if (long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { return l; }
        var d = AsDouble();
        return d is { } v && Math.Floor(v) == v && v >= long.MinValue && v <= long.MaxValue ? (long)v : null;
    }

    /// <summary>The first member named <paramref name="name"/>, or null (also for non-objects).</summary>
    public LocatedJsonNode? this[string name] => GetProperty(name)?.Value;

    /// <summary>The first member named <paramref name="name"/> (ordinal comparison), or null.</summary>
    public LocatedJsonProperty? GetProperty(string name)
    {
        foreach (var p in Properties)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal)) { return p; }
        }

        return null;
    }

    /// <summary>Builds an object node.</summary>
    public static LocatedJsonNode Object(IEnumerable<LocatedJsonProperty> properties, SourceSpan span = default)
        => new(JsonKind.Object, null, new List<LocatedJsonProperty>(properties).AsReadOnly(), null, span);

    /// <summary>An object node that keeps <paramref name="properties"/> (the reader's exact-size copy; never changed afterwards).</summary>
    internal static LocatedJsonNode ObjectOwning(LocatedJsonProperty[] properties, SourceSpan span)
        => new(JsonKind.Object, null, properties.Length == 0 ? NoProperties : new ReadOnlyCollection<LocatedJsonProperty>(properties), null, span);

    /// <summary>An array node that keeps <paramref name="items"/> (the reader's exact-size copy; never changed afterwards).</summary>
    internal static LocatedJsonNode ArrayOwning(LocatedJsonNode[] items, SourceSpan span)
        => new(JsonKind.Array, null, null, items.Length == 0 ? NoItems : new ReadOnlyCollection<LocatedJsonNode>(items), span);

    /// <summary>Builds an object node from name/value pairs (values may be null for JSON null).</summary>
    public static LocatedJsonNode Object(params (string Name, LocatedJsonNode? Value)[] properties)
    {
        var list = new List<LocatedJsonProperty>(properties.Length);
        foreach (var (name, value) in properties) { list.Add(new LocatedJsonProperty(name, value ?? Null())); }
        return new(JsonKind.Object, null, list.AsReadOnly(), null, default);
    }

    /// <summary>Builds an array node.</summary>
    public static LocatedJsonNode Array(IEnumerable<LocatedJsonNode> items, SourceSpan span = default)
        => new(JsonKind.Array, null, null, new List<LocatedJsonNode>(items).AsReadOnly(), span);

    /// <summary>Builds a string node.</summary>
    public static LocatedJsonNode String(string value, SourceSpan span = default)
        => new(JsonKind.String, value ?? throw new ArgumentNullException(nameof(value)), null, null, span);

    /// <summary>Builds a number node from its JSON text (e.g. <c>"42"</c>, <c>"1.5e3"</c>).</summary>
    public static LocatedJsonNode Number(string jsonNumberText, SourceSpan span = default)
        => new(JsonKind.Number, jsonNumberText, null, null, span);

    /// <summary>Builds a number node from an integer.</summary>
    public static LocatedJsonNode Number(long value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Builds a number node from a double (round-trip formatting, invariant culture).</summary>
    public static LocatedJsonNode Number(double value) => Number(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Builds a boolean node.</summary>
    public static LocatedJsonNode Boolean(bool value, SourceSpan span = default)
        => new(value ? JsonKind.True : JsonKind.False, null, null, null, span);

    /// <summary>Builds a null node.</summary>
    public static LocatedJsonNode Null(SourceSpan span = default) => new(JsonKind.Null, null, null, null, span);

    /// <summary>Compares two values structurally: member order matters not, numbers compare by value (<c>1</c> = <c>1.0</c>), spans are ignored.</summary>
    public static bool DeepEquals(LocatedJsonNode? a, LocatedJsonNode? b)
    {
        if (ReferenceEquals(a, b)) { return true; }
        if (a is null || b is null || a.Kind != b.Kind) { return false; }
        switch (a.Kind)
        {
            case JsonKind.String:
                return string.Equals(a.Text, b.Text, StringComparison.Ordinal);
            case JsonKind.Number:
                return string.Equals(a.Text, b.Text, StringComparison.Ordinal) || CompareNumbers(a, b) == 0;
            case JsonKind.Array:
                if (a.Items.Count != b.Items.Count) { return false; }
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (!DeepEquals(a.Items[i], b.Items[i])) { return false; }
                }

                return true;
            case JsonKind.Object:
                if (a.Properties.Count != b.Properties.Count) { return false; }
                foreach (var p in a.Properties)
                {
                    if (!DeepEquals(p.Value, b[p.Name])) { return false; }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Compares two number nodes: exactly as decimals when both fit, else as doubles.</summary>
    public static int CompareNumbers(LocatedJsonNode a, LocatedJsonNode b)
    {
        if (TryDecimal(a.Text, out var da) && TryDecimal(b.Text, out var db)) { return da.CompareTo(db); }
        var x = a.AsDouble() ?? 0d;
        var y = b.AsDouble() ?? 0d;
        return x.CompareTo(y);
    }

    private static bool TryDecimal(string? text, out decimal value)
    {
        value = 0m;
        if (text is null) { return false; }
        try
        {
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Compact JSON text of this value.</summary>
    public override string ToString() => LocatedJsonWriter.Write(this, indented: false);
}

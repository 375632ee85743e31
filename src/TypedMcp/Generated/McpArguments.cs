using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TypedMcp;

/// <summary>Turns typed argument values into what goes on the wire. Called by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpArguments
{
    /// <summary>The arguments of a call that has none (one shared, empty, read-only instance).</summary>
    public static IReadOnlyDictionary<string, object?> None { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>(0, StringComparer.Ordinal));

    /// <summary>An instant as ISO-8601 UTC text, e.g. <c>2026-03-01T08:30:00Z</c> (fractions of a second only when present).</summary>
    public static string DateTime(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The wire string of a generated enum's value: the enum's members are numbered 0, 1, ... in the order of
    /// <paramref name="values"/>, its wire strings.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is none of the enum's members.</exception>
    public static string Enum<TEnum>(TEnum value, string[] values)
        where TEnum : struct, System.Enum
        => WireValueOf(value, values);

    /// <summary>A list converted element by element (for lists of dates and enums).</summary>
    public static object?[] List<T>(IReadOnlyList<T> items, Func<T, object?> convert)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(convert);
        var result = new object?[items.Count];
        for (var i = 0; i < result.Length; i++) { result[i] = convert(items[i]); }
        return result;
    }

    /// <summary>A calendar date as <c>yyyy-MM-dd</c> (JSON Schema <c>format: date</c>).</summary>
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A UUID in its canonical form: lower case, with hyphens (JSON Schema <c>format: uuid</c>).</summary>
    public static string Guid(Guid value) => value.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>A URI exactly as it was given (<see cref="System.Uri.OriginalString"/>, not the unescaped <c>ToString()</c>).</summary>
    public static string Uri(Uri value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.OriginalString;
    }

    /// <summary>
    /// The wire value of a generated enum whose values are not all strings (numbers, booleans, a mix): the enum's
    /// members are numbered 0, 1, ... in the order of <paramref name="values"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is none of the enum's members.</exception>
    public static object EnumValue<TEnum>(TEnum value, object[] values)
        where TEnum : struct, System.Enum
        => WireValueOf(value, values);

    // A generated enum's members are numbered 0, 1, ... in the order of its wire values.
    private static TWire WireValueOf<TEnum, TWire>(TEnum value, TWire[] values)
        where TEnum : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);
        return (uint)index < (uint)values.Length
            ? values[index]
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a value of " + typeof(TEnum).Name + ".");
    }

    /// <summary>A map converted value by value (for maps of records, enums, dates...), keys kept.</summary>
    public static Dictionary<string, object?> Map<T>(IReadOnlyDictionary<string, T> items, Func<T, object?> convert)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(convert);
        var result = new Dictionary<string, object?>(items.Count, StringComparer.Ordinal);
        foreach (var kv in items) { result[kv.Key] = convert(kv.Value); }
        return result;
    }

    /// <summary>Adds the entries of <paramref name="members"/> (a record's extra members), converted, to <paramref name="json"/>.</summary>
    public static void AddMembers<T>(JsonObject json, IReadOnlyDictionary<string, T>? members, Func<T, object?> convert)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(convert);
        if (members is null) { return; }
        foreach (var kv in members)
        {
            if (!json.ContainsKey(kv.Key)) { json[kv.Key] = Node(convert(kv.Value)); }
        }
    }

    /// <summary>
    /// A value as it goes on the wire, as a JSON node (for members of a record): strings, numbers and booleans as JSON
    /// values, lists as arrays, maps as objects, JSON as it is.
    /// </summary>
    /// <exception cref="ArgumentException">A value of a type generated code never produces.</exception>
    public static JsonNode? Node(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        IReadOnlyDictionary<string, object?> map => Object(map),
        System.Collections.IEnumerable items => Array(items),
        _ => throw new ArgumentException("A value of type " + value.GetType().Name + " has no JSON form here.", nameof(value)),
    };

    /// <summary>A JSON value written as text (a constant argument that is an object or an array).</summary>
    public static JsonNode? Json(string json) => JsonNode.Parse(json);

    private static JsonObject Object(IReadOnlyDictionary<string, object?> map)
    {
        var json = new JsonObject();
        foreach (var kv in map) { json[kv.Key] = Node(kv.Value); }
        return json;
    }

    private static JsonArray Array(System.Collections.IEnumerable items)
    {
        var json = new JsonArray();
        foreach (var item in items) { json.Add(Node(item)); }
        return json;
    }
}

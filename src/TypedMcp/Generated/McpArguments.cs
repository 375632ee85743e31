using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

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
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);
        return (uint)index < (uint)values.Length
            ? values[index]
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a value of " + typeof(TEnum).Name + ".");
    }

    /// <summary>A list converted element by element (for lists of dates and enums).</summary>
    public static object?[] List<T>(IReadOnlyList<T> items, Func<T, object?> convert)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(convert);
        var result = new object?[items.Count];
        for (var i = 0; i < result.Length; i++) { result[i] = convert(items[i]); }
        return result;
    }
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace TypedMcp;

/// <summary>Turns typed argument values into what goes on the wire. Called by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpArguments
{
    /// <summary>An instant as ISO-8601 UTC text, e.g. <c>2026-03-01T08:30:00Z</c> (fractions of a second only when present).</summary>
    public static string DateTime(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

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

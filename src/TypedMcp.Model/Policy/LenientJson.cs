using System;
using System.Globalization;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Equality as a lenient server binder may see it (System.Text.Json's web defaults, Newtonsoft, most dynamic
/// languages): the second reading of every predicate, so that a value the server would turn into a denied one is
/// denied too. Looser than <see cref="LocatedJsonNode.DeepEquals"/>, never stricter:
/// <list type="bullet">
/// <item>strings are equal ignoring case (ordinal, invariant);</item>
/// <item>a string that reads as a JSON number equals that number (<c>"1"</c>, <c>" 1.0 "</c> and <c>1</c>);</item>
/// <item>a boolean equals what a lax binder reads as it: <c>1</c>/<c>0</c>, and <c>"true"</c>, <c>"1"</c>, <c>"yes"</c>,
/// <c>"on"</c>, <c>"t"</c>, <c>"y"</c> / <c>"false"</c>, <c>"0"</c>, <c>"no"</c>, <c>"off"</c>, <c>"f"</c>, <c>"n"</c> in any case;</item>
/// <item>an integer equals any enum-like string (a letter or <c>_</c>, then letters, digits, <c>_</c> or <c>-</c>),
/// because a binder may read an integer as the enum member with that index;</item>
/// <item>arrays element by element, objects member by member with names matched ignoring case.</item>
/// </list>
/// </summary>
internal static class LenientJson
{
    public static bool Equal(LocatedJsonNode a, LocatedJsonNode b)
    {
        if (LocatedJsonNode.DeepEquals(a, b)) { return true; }
        switch (a.Kind)
        {
            case JsonKind.String when b.Kind == JsonKind.String:
                return string.Equals(a.Text, b.Text, StringComparison.OrdinalIgnoreCase);
            case JsonKind.Array when b.Kind == JsonKind.Array:
                if (a.Items.Count != b.Items.Count) { return false; }
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (!Equal(a.Items[i], b.Items[i])) { return false; }
                }

                return true;
            case JsonKind.Object when b.Kind == JsonKind.Object:
                if (a.Properties.Count != b.Properties.Count) { return false; }
                foreach (var p in a.Properties)
                {
                    var match = FindIgnoringCase(b, p.Name);
                    if (match is null || !Equal(p.Value, match)) { return false; }
                }

                return true;
        }

        return Scalar(a, b) || Scalar(b, a);
    }

    /// <summary>The value as a number node: itself, or a numeric string parsed; otherwise null.</summary>
    public static LocatedJsonNode? AsNumber(LocatedJsonNode node)
    {
        if (node.IsNumber) { return node; }
        return node.IsString && TryNumber(node.Text!, out var text) ? LocatedJsonNode.Number(text) : null;
    }

    /// <summary>The first member whose name equals <paramref name="name"/> exactly, else ignoring case.</summary>
    public static LocatedJsonNode? FindIgnoringCase(LocatedJsonNode obj, string name)
    {
        var exact = obj[name];
        if (exact is not null) { return exact; }
        foreach (var p in obj.Properties)
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { return p.Value; }
        }

        return null;
    }

    private static bool Scalar(LocatedJsonNode a, LocatedJsonNode b)
    {
        if (b.Kind is JsonKind.True or JsonKind.False) { return LaxBoolean(a) == (b.Kind == JsonKind.True); }
        if (a.Kind != JsonKind.String || b.Kind != JsonKind.Number) { return false; }
        var text = a.Text!;
        return TryNumber(text, out var number) && LocatedJsonNode.CompareNumbers(LocatedJsonNode.Number(number), b) == 0
            || (IsEnumLike(text) && b.AsInt64() is not null);
    }

    // What a lax binder reads as a boolean (pydantic's default lax mode, used by Python MCP servers; most dynamic
    // languages): the booleans, the numbers 1 and 0, and the words below in any case, spaces around allowed.
    private static bool? LaxBoolean(LocatedJsonNode node)
    {
        switch (node.Kind)
        {
            case JsonKind.True:
                return true;
            case JsonKind.False:
                return false;
            case JsonKind.Number:
                var n = node.AsDouble();
                return n == 1 ? true : n == 0 ? false : null;
            case JsonKind.String:
                switch (node.Text!.Trim().ToLowerInvariant())
                {
                    case "true" or "1" or "yes" or "on" or "t" or "y":
                        return true;
                    case "false" or "0" or "no" or "off" or "f" or "n":
                        return false;
                    default:
                        return null;
                }

            default:
                return null;
        }
    }

    private static bool TryNumber(string text, out string normalized)
    {
        normalized = string.Empty;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 100) { return false; }
        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            normalized = d.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && !double.IsNaN(x) && !double.IsInfinity(x))
        {
            normalized = x.ToString("R", CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    private static bool IsEnumLike(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_')) { return false; }
        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-')) { return false; }
        }

        return true;
    }
}

using System;
using System.Globalization;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>Value comparisons used by predicates: numbers by numeric value, strings ordinally, containers structurally.</summary>
internal static class JsonValueComparer
{
    /// <summary>Structural equality where <c>1</c>, <c>1.0</c> and <c>1e0</c> are equal and member order does not matter.</summary>
    public static bool ValueEquals(LocatedJsonNode a, LocatedJsonNode b) => LocatedJsonNode.DeepEquals(a, b);

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

    /// <summary>A short description of a JSON value's type for messages.</summary>
    public static string KindName(LocatedJsonNode node) => node.Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// Reads tool results with <see cref="JsonElement"/> (no reflection serializer). Every mismatch with the
/// outputSchema throws <see cref="McpResultMismatchException"/> naming the tool and the field path. Called by
/// generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpJson
{
    /// <summary>The JSON of a result: its structured content, else its first text block parsed as JSON.</summary>
    public static JsonElement ResultJson(string tool, CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.StructuredContent is { } structured) { return structured; }
        foreach (var block in result.Content ?? (IList<ContentBlock>)System.Array.Empty<ContentBlock>())
        {
            if (block is not TextContentBlock text) { continue; }
            try
            {
                using var doc = JsonDocument.Parse(text.Text);
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new McpResultMismatchException(tool, string.Empty, "the text of the result is not JSON (" + e.Message + ")", e);
            }
        }

        throw new McpResultMismatchException(tool, string.Empty, "the result has neither structured content nor a text block");
    }

    /// <summary>The path of a member: <c>path.name</c>, or <c>name</c> at the root.</summary>
    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>The path of an array element: <c>path[index]</c>.</summary>
    public static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>Checks that a value is an object.</summary>
    public static void ExpectObject(JsonElement value, string tool, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) { throw Mismatch(tool, path, "an object", value); }
    }

    /// <summary>A required member: present and not null.</summary>
    public static JsonElement Required(JsonElement obj, string name, string tool, string path)
    {
        if (!obj.TryGetProperty(name, out var value)) { throw new McpResultMismatchException(tool, Child(path, name), "the required field is missing"); }
        if (value.ValueKind == JsonValueKind.Null) { throw new McpResultMismatchException(tool, Child(path, name), "the required field is null"); }
        return value;
    }

    /// <summary>A required member that may be null: present, its value or null.</summary>
    public static JsonElement? RequiredNullable(JsonElement obj, string name, string tool, string path)
    {
        if (!obj.TryGetProperty(name, out var value)) { throw new McpResultMismatchException(tool, Child(path, name), "the required field is missing"); }
        return value.ValueKind == JsonValueKind.Null ? null : value;
    }

    /// <summary>An optional member: its value, or null when absent or null.</summary>
    public static JsonElement? Optional(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A string value.</summary>
    public static string String(JsonElement value, string tool, string path)
        => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Mismatch(tool, path, "a string", value);

    /// <summary>An integer value.</summary>
    public static long Int64(JsonElement value, string tool, string path)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var v) ? v : throw Mismatch(tool, path, "an integer", value);

    /// <summary>An integer value that fits <c>int</c>.</summary>
    public static int Int32(JsonElement value, string tool, string path)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var v) ? v : throw Mismatch(tool, path, "an integer that fits int", value);

    /// <summary>A calendar date, <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly Date(JsonElement value, string tool, string path)
    {
        var text = String(value, tool, path);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v)
            ? v
            : throw new McpResultMismatchException(tool, path, "expected a date (yyyy-MM-dd), got \"" + text + "\"");
    }

    /// <summary>A UUID.</summary>
    public static Guid Guid(JsonElement value, string tool, string path)
    {
        var text = String(value, tool, path);
        return System.Guid.TryParse(text, out var v) ? v : throw new McpResultMismatchException(tool, path, "expected a UUID, got \"" + text + "\"");
    }

    /// <summary>A URI, absolute or relative.</summary>
    public static Uri Uri(JsonElement value, string tool, string path)
    {
        var text = String(value, tool, path);
        return System.Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var v) ? v : throw new McpResultMismatchException(tool, path, "expected a URI, got \"" + text + "\"");
    }

    /// <summary>A number value.</summary>
    public static double Double(JsonElement value, string tool, string path)
        => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Mismatch(tool, path, "a number", value);

    /// <summary>A boolean value.</summary>
    public static bool Boolean(JsonElement value, string tool, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Mismatch(tool, path, "a boolean", value),
    };

    /// <summary>An ISO-8601 date-time string.</summary>
    public static DateTimeOffset DateTime(JsonElement value, string tool, string path)
    {
        var text = String(value, tool, path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)
            ? v
            : throw new McpResultMismatchException(tool, path, "expected an ISO-8601 date-time, got \"" + text + "\"");
    }

    /// <summary>Any JSON value, detached from its document.</summary>
    public static JsonElement Any(JsonElement value) => value.Clone();

    /// <summary>An array, element by element.</summary>
    public static IReadOnlyList<T> Array<T>(JsonElement value, string tool, string path, Func<JsonElement, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (value.ValueKind != JsonValueKind.Array) { throw Mismatch(tool, path, "an array", value); }
        var list = new List<T>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray()) { list.Add(read(item, Index(path, i++))); }
        return list;
    }

    /// <summary>
    /// A generated enum's value from its wire string: the enum's members are numbered 0, 1, ... in the order of
    /// <paramref name="values"/>, its wire strings (compared ordinally).
    /// </summary>
    /// <exception cref="McpResultMismatchException">The string is none of the values.</exception>
    public static TEnum Enum<TEnum>(JsonElement value, string[] values, string tool, string path)
        where TEnum : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = String(value, tool, path);
        var index = System.Array.IndexOf(values, text);
        if (index < 0) { throw new McpResultMismatchException(tool, path, "\"" + text + "\" is not one of " + string.Join(", ", values)); }
        return System.Runtime.CompilerServices.Unsafe.As<int, TEnum>(ref index);
    }

    /// <summary>
    /// A generated enum's value from its JSON value when not all values are strings: the enum's members are numbered
    /// 0, 1, ... in the order of <paramref name="values"/> (strings, longs, doubles, booleans); numbers compare by value.
    /// </summary>
    /// <exception cref="McpResultMismatchException">The value is none of the values.</exception>
    public static TEnum Enum<TEnum>(JsonElement value, object[] values, string tool, string path)
        where TEnum : struct, System.Enum
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (!Same(value, values[i])) { continue; }
            var index = i;
            return System.Runtime.CompilerServices.Unsafe.As<int, TEnum>(ref index);
        }

        throw new McpResultMismatchException(tool, path, value.GetRawText() + " is not one of " + string.Join(", ", System.Array.ConvertAll(values, v => Convert.ToString(v, CultureInfo.InvariantCulture))));
    }

    /// <summary>A map (an object whose members all have one type), member by member.</summary>
    public static IReadOnlyDictionary<string, T> Map<T>(JsonElement value, string tool, string path, Func<JsonElement, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (value.ValueKind != JsonValueKind.Object) { throw Mismatch(tool, path, "an object", value); }
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject()) { map[member.Name] = read(member.Value, Child(path, member.Name)); }
        return map;
    }

    /// <summary>The members of an object beyond <paramref name="known"/> (a record's extra members), or null when there are none.</summary>
    public static IReadOnlyDictionary<string, T>? Members<T>(JsonElement value, string[] known, string tool, string path, Func<JsonElement, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(read);
        Dictionary<string, T>? map = null;
        foreach (var member in value.EnumerateObject())
        {
            if (System.Array.IndexOf(known, member.Name) >= 0) { continue; }
            (map ??= new Dictionary<string, T>(StringComparer.Ordinal))[member.Name] = read(member.Value, Child(path, member.Name));
        }

        return map;
    }

    /// <summary>Checks a record's constant member: when present it must hold <paramref name="constantJson"/>.</summary>
    /// <exception cref="McpResultMismatchException">It holds something else.</exception>
    public static void Constant(JsonElement obj, string name, string constantJson, string tool, string path)
    {
        if (!obj.TryGetProperty(name, out var value)) { return; }
        if (!System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(constantJson)))
        {
            throw new McpResultMismatchException(tool, Child(path, name), "expected " + constantJson + ", got " + value.GetRawText());
        }
    }

    /// <summary>The JSON text of a discriminating member (e.g. <c>"classic"</c> with its quotes), or null when it is absent.</summary>
    public static string? Discriminator(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value.GetRawText() : null;

    /// <summary>Reads a value as one alternative of a union; false (and no exception) when it is not that alternative.</summary>
    public static bool TryRead<T>(JsonElement value, string tool, string path, Func<JsonElement, string, string, T> read, out T result)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            result = read(value, tool, path);
            return true;
        }
        catch (McpResultMismatchException)
        {
            result = default!;
            return false;
        }
    }

    /// <summary>The exception for a value that is none of a union's alternatives.</summary>
    public static McpResultMismatchException NoAlternative(string tool, string path, string union, JsonElement value)
        => new(tool, path, KindName(value.ValueKind) + " that fits none of the alternatives of " + union);

    /// <summary>A JSON value written as text (a constant), detached.</summary>
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static bool Same(JsonElement value, object expected) => expected switch
    {
        string s => value.ValueKind == JsonValueKind.String && value.GetString() == s,
        long l => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == l,
        double x => value.ValueKind == JsonValueKind.Number && value.GetDouble() == x,
        bool b => value.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
        JsonElement e => System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(e.GetRawText())),
        _ => false,
    };

    private static McpResultMismatchException Mismatch(string tool, string path, string expected, JsonElement value)
        => new(tool, path, "expected " + expected + ", got " + KindName(value.ValueKind));

    /// <summary>How a mismatch names a JSON value's kind: <c>an object</c>, <c>a string</c>, <c>null</c>….</summary>
    internal static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

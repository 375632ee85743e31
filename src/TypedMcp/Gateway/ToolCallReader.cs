using System;
using System.Collections.Generic;
using System.Text.Json;
using ModelContextProtocol;

namespace TypedMcp;

/// <summary>
/// Reads a <c>tools/call</c> exactly once, from the bytes that will be sent, and refuses what a server could read
/// differently from the guard: members a server might bind instead (unknown <c>params</c> members), a name that is not
/// a non-empty string, arguments that are not an object, and — at any depth of the whole message — a key written twice
/// or two keys that differ only in case (binders differ on which one wins).
/// </summary>
internal static class ToolCallReader
{
    /// <summary>The deepest nesting read; deeper messages are refused.</summary>
    public const int MaxDepth = 128;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    // What an MCP tools/call carries: the tool, its arguments, metadata, and the multi-round-trip continuation (SEP-1686/MRTR).
    private static readonly string[] ParamsMembers = { "name", "arguments", "_meta", "inputResponses", "requestState", "task" };

    /// <summary>Parses UTF-8 JSON into an element that owns its memory; null and an error when it is not JSON.</summary>
    public static JsonElement? Parse(ReadOnlySpan<byte> utf8, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            var element = JsonElement.ParseValue(ref reader);
            if (reader.Read()) { error = "the message has text after its JSON value"; return null; }
            error = null;
            return element;
        }
        catch (JsonException e)
        {
            error = "the message is not valid JSON (" + e.Message + ")";
            return null;
        }
    }

    /// <summary>Null when no object in <paramref name="root"/> has a duplicate or case-colliding key; else where.</summary>
    public static string? FindAmbiguousKey(JsonElement root) => FindAmbiguousKey(root, "$", 0);

    /// <summary>Reads <c>params</c> of a tools/call: the tool name and the arguments object (empty when omitted or null).</summary>
    public static bool TryReadParams(JsonElement parameters, out string name, out JsonElement arguments, out string? error)
    {
        name = string.Empty;
        arguments = EmptyObject;
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            error = "its params are " + Kind(parameters) + ", not an object";
            return false;
        }

        var hasName = false;
        foreach (var member in parameters.EnumerateObject())
        {
            if (Array.IndexOf(ParamsMembers, member.Name) < 0)
            {
                error = $"its params carry the member '{member.Name}', which a tools/call does not have (a server might read it instead of the checked ones)";
                return false;
            }

            if (member.NameEquals("name"))
            {
                if (member.Value.ValueKind != JsonValueKind.String || member.Value.GetString() is not { Length: > 0 } n)
                {
                    error = "its tool name is " + Kind(member.Value) + ", not a non-empty string";
                    return false;
                }

                name = n;
                hasName = true;
            }
            else if (member.NameEquals("arguments"))
            {
                if (member.Value.ValueKind == JsonValueKind.Object) { arguments = member.Value; }
                else if (member.Value.ValueKind != JsonValueKind.Null)
                {
                    error = "its arguments are " + Kind(member.Value) + ", not an object";
                    return false;
                }
            }
        }

        if (!hasName)
        {
            error = "it names no tool";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The arguments as plain values for people and logs: strings, long/decimal/double, bool, null; objects and arrays as <see cref="JsonElement"/>.</summary>
    public static IReadOnlyDictionary<string, object?> ToValues(JsonElement arguments)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (arguments.ValueKind != JsonValueKind.Object) { return values; }
        foreach (var member in arguments.EnumerateObject())
        {
            var v = member.Value;
            values[member.Name] = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.TryGetInt64(out var l) ? l : v.TryGetDecimal(out var d) ? d : v.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => v.Clone(),
            };
        }

        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(values);
    }

    /// <summary>The argument names, sorted and joined, for logs (never the values).</summary>
    public static string KeysOf(JsonElement arguments)
    {
        if (arguments.ValueKind != JsonValueKind.Object) { return "(none)"; }
        var keys = new List<string>();
        foreach (var member in arguments.EnumerateObject()) { keys.Add(member.Name); }
        if (keys.Count == 0) { return "(none)"; }
        keys.Sort(StringComparer.Ordinal);
        return string.Join(",", keys);
    }

    /// <summary>
    /// Serializes arguments the way <c>McpClient.CallToolAsync</c> does (each value with the SDK's options; a
    /// <see cref="JsonElement"/> as it is), once, into an element that owns its memory.
    /// </summary>
    public static JsonElement Pin(IReadOnlyDictionary<string, object?> arguments)
    {
        var typeInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var pair in arguments)
            {
                writer.WritePropertyName(pair.Key);
                if (pair.Value is JsonElement element) { element.WriteTo(writer); }
                else { JsonSerializer.Serialize(writer, pair.Value, typeInfo); }
            }

            writer.WriteEndObject();
        }

        return Parse(buffer.WrittenSpan, out var error) ?? throw new JsonException(error);
    }

    private static string? FindAmbiguousKey(JsonElement element, string where, int depth)
    {
        if (depth > MaxDepth) { return $"{where} is nested more than {MaxDepth} levels deep"; }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Few members (the usual case): compare pairwise without allocating.
                var count = 0;
                foreach (var _ in element.EnumerateObject()) { count++; }
                if (count > 1)
                {
                    if (count <= 16)
                    {
                        var i = 0;
                        foreach (var a in element.EnumerateObject())
                        {
                            var j = 0;
                            foreach (var b in element.EnumerateObject())
                            {
                                if (j++ <= i) { continue; }
                                if (string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase)) { return Collision(where, a.Name, b.Name); }
                            }

                            i++;
                        }
                    }
                    else
                    {
                        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var member in element.EnumerateObject())
                        {
                            if (seen.TryGetValue(member.Name, out var first)) { return Collision(where, first, member.Name); }
                            seen.Add(member.Name, member.Name);
                        }
                    }
                }

                foreach (var member in element.EnumerateObject())
                {
                    if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                        && FindAmbiguousKey(member.Value, where + "." + member.Name, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                        && FindAmbiguousKey(item, where + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", depth + 1) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            default:
                return null;
        }
    }

    private static string Collision(string where, string first, string second)
        => string.Equals(first, second, StringComparison.Ordinal)
            ? $"{where} has the key '{first}' twice (servers differ on which one wins)"
            : $"{where} has the keys '{first}' and '{second}', which differ only in case (a case-insensitive server binds either)";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}

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

    /// <summary>
    /// Parses a message the gateway serialized itself, in one pass and without copying: the element reads
    /// <paramref name="owned"/> directly, so it must be an array nobody else holds and nobody changes afterwards. The
    /// document is never disposed (its pooled buffer is then simply not given back to the pool), so no other user of the
    /// pool can ever be handed memory this element still reads. Null and an error when it is not one JSON value.
    /// </summary>
    public static JsonElement? ParseOwned(byte[] owned, out string? error)
    {
        try
        {
            var document = JsonDocument.Parse(owned.AsMemory(), DocumentOptions);
            error = null;
            return document.RootElement;
        }
        catch (JsonException e)
        {
            error = "the message is not valid JSON (" + e.Message + ")";
            return null;
        }
    }

    /// <summary>Null when no object in <paramref name="root"/> has a duplicate or case-colliding key; else where.</summary>
    public static string? FindAmbiguousKey(JsonElement root) => FindAmbiguousKey(root, "$", 0);

    /// <summary>
    /// The same answer as <see cref="FindAmbiguousKey(JsonElement)"/> for <paramref name="root"/> parsed from
    /// <paramref name="utf8"/> (exactly those bytes). The common message (few, plain ASCII, unescaped keys per object)
    /// is cleared by one pass over the bytes that allocates nothing; anything else (a collision, an escaped or
    /// non-ASCII key, a large object, deep nesting) is left to the element walk, which also words the finding.
    /// </summary>
    public static string? FindAmbiguousKey(ReadOnlySpan<byte> utf8, JsonElement root)
        => HasOnlyDistinctPlainKeys(utf8) ? null : FindAmbiguousKey(root, "$", 0);

    // True only when every object's keys are unescaped ASCII, at most SmallObject of them, pairwise different ignoring
    // ASCII case (for ASCII text exactly what string.Equals(OrdinalIgnoreCase) compares), and nesting stays shallow.
    // False means "not proven here", never "ambiguous".
    private static bool HasOnlyDistinctPlainKeys(ReadOnlySpan<byte> utf8)
    {
        const int SmallObject = 16;
        const int MaxNames = 64;
        const int MaxFastDepth = 32;
        Span<int> starts = stackalloc int[MaxNames];
        Span<int> lengths = stackalloc int[MaxNames];
        Span<int> frames = stackalloc int[MaxFastDepth + 1];
        var count = 0;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= MaxFastDepth) { return false; }
                        frames[reader.CurrentDepth] = count;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        count = frames[reader.CurrentDepth];
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped || reader.HasValueSequence || count == MaxNames) { return false; }
                        var name = reader.ValueSpan;
                        if (!System.Text.Ascii.IsValid(name)) { return false; }
                        var start = checked((int)reader.TokenStartIndex + 1);
                        if (!utf8.Slice(start, name.Length).SequenceEqual(name)) { return false; }
                        var first = frames[reader.CurrentDepth - 1];
                        if (count - first >= SmallObject) { return false; }
                        for (var i = first; i < count; i++)
                        {
                            if (System.Text.Ascii.EqualsIgnoreCase(utf8.Slice(starts[i], lengths[i]), name)) { return false; }
                        }

                        starts[count] = start;
                        lengths[count] = name.Length;
                        count++;
                        break;
                }
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

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
            if (!IsParamsMember(member))
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

    // Whether the member is one an MCP tools/call carries: the tool, its arguments, metadata, and the multi-round-trip
    // continuation (SEP-1686/MRTR). Compared on the unescaped name (ordinal), without making a string of it.
    private static bool IsParamsMember(JsonProperty member)
        => member.NameEquals("name"u8) || member.NameEquals("arguments"u8) || member.NameEquals("_meta"u8)
            || member.NameEquals("inputResponses"u8) || member.NameEquals("requestState"u8) || member.NameEquals("task"u8);

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

    // Paths are built only on the way back from a finding, so a clean message allocates no path strings.
    private static string? FindAmbiguousKey(JsonElement element, string where, int depth)
    {
        var found = Find(element, depth, out var path);
        return found is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, found, where + path);
    }

    // A finding is a format string whose {0} is the path of the object that has it.
    private static string? Find(JsonElement element, int depth, out string path)
    {
        path = string.Empty;
        if (depth > MaxDepth) { return "{0} is nested more than " + MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels deep"; }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                string[]? names = null;
                var count = 0;
                foreach (var member in element.EnumerateObject())
                {
                    names ??= System.Buffers.ArrayPool<string>.Shared.Rent(8);
                    if (count == names.Length)
                    {
                        var larger = System.Buffers.ArrayPool<string>.Shared.Rent(count * 2);
                        Array.Copy(names, larger, count);
                        System.Buffers.ArrayPool<string>.Shared.Return(names, clearArray: true);
                        names = larger;
                    }

                    names[count++] = member.Name;
                }

                try
                {
                    if (count > 1 && Collision(names!, count) is { } collision) { return collision; }
                    var index = 0;
                    foreach (var member in element.EnumerateObject())
                    {
                        var value = member.Value;
                        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Find(value, depth + 1, out var inner) is { } found)
                        {
                            path = "." + names![index] + inner;
                            return found;
                        }

                        index++;
                    }

                    return null;
                }
                finally
                {
                    if (names is not null) { System.Buffers.ArrayPool<string>.Shared.Return(names, clearArray: true); }
                }

            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Find(item, depth + 1, out var inner) is { } found)
                    {
                        path = "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" + inner;
                        return found;
                    }

                    i++;
                }

                return null;
            default:
                return null;
        }
    }

    private static string? Collision(string[] names, int count)
    {
        if (count <= 16)
        {
            for (var a = 0; a < count; a++)
            {
                for (var b = a + 1; b < count; b++)
                {
                    if (string.Equals(names[a], names[b], StringComparison.OrdinalIgnoreCase)) { return Collision("{0}", names[a], names[b]); }
                }
            }

            return null;
        }

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            if (seen.TryGetValue(names[i], out var first)) { return Collision("{0}", first, names[i]); }
            seen.Add(names[i], names[i]);
        }

        return null;
    }

    private static string Collision(string where, string first, string second)
        => string.Equals(first, second, StringComparison.Ordinal)
            ? where + " has the key '" + Escape(first) + "' twice (servers differ on which one wins)"
            : where + " has the keys '" + Escape(first) + "' and '" + Escape(second) + "', which differ only in case (a case-insensitive server binds either)";

    // The finding is used as a format string: braces in member names must stay literal.
    private static string Escape(string name) => name.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    private static string Kind(JsonElement value)
        => value.ValueKind == JsonValueKind.Undefined ? "missing" : McpJson.KindName(value.ValueKind);
}

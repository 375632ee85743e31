using System;
using System.Collections.Generic;
using System.Text.Json;
using ModelContextProtocol;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// Turns a call's arguments into the JSON the policy evaluator reads, exactly as the MCP SDK puts them on the wire:
/// each value is serialized with <see cref="McpJsonUtilities.DefaultOptions"/> (what <c>McpClient.CallToolAsync</c>
/// uses), then copied into <see cref="LocatedJsonNode"/>. Strings, booleans, integers and <see cref="JsonElement"/> take a
/// short path with the same result.
/// </summary>
internal static class PolicyArgumentConverter
{
    /// <summary>The arguments as policy arguments.</summary>
    public static PolicyArguments ToPolicyArguments(IReadOnlyDictionary<string, object?> arguments)
    {
        var properties = new List<LocatedJsonProperty>(arguments.Count);
        foreach (var pair in arguments)
        {
            if (pair.Key is null) { continue; }
            properties.Add(new LocatedJsonProperty(pair.Key, ToJson(pair.Value)));
        }

        return PolicyArguments.FromJson(LocatedJsonNode.Object(properties));
    }

    /// <summary>One value as our JSON node.</summary>
    public static LocatedJsonNode ToJson(object? value)
    {
        switch (value)
        {
            case null: return LocatedJsonNode.Null();
            case string s: return LocatedJsonNode.String(s);
            case bool b: return LocatedJsonNode.Boolean(b);
            case int i: return LocatedJsonNode.Number(i);
            case long l: return LocatedJsonNode.Number(l);
            case short sh: return LocatedJsonNode.Number(sh);
            case byte by: return LocatedJsonNode.Number(by);
            case JsonElement element: return FromElement(element);
            case System.Text.Json.Nodes.JsonNode node: return FromElement(JsonSerializer.SerializeToElement(node, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(System.Text.Json.Nodes.JsonNode))));
            default:
                var serialized = JsonSerializer.SerializeToElement(value, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object)));
                return FromElement(serialized);
        }
    }

    internal static LocatedJsonNode FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Filled in document order into an exact-size array the node keeps (no list to grow, no second copy).
#if NET9_0_OR_GREATER
                var properties = new LocatedJsonProperty[element.GetPropertyCount()];
#else
                var count = 0;
                foreach (var _ in element.EnumerateObject()) { count++; }
                var properties = new LocatedJsonProperty[count];
#endif
                var index = 0;
                foreach (var p in element.EnumerateObject()) { properties[index++] = new LocatedJsonProperty(p.Name, FromElement(p.Value)); }
                return LocatedJsonNode.ObjectOwning(properties, default);
            case JsonValueKind.Array:
                var items = new LocatedJsonNode[element.GetArrayLength()];
                var at = 0;
                foreach (var item in element.EnumerateArray()) { items[at++] = FromElement(item); }
                return LocatedJsonNode.ArrayOwning(items, default);
            case JsonValueKind.String: return LocatedJsonNode.String(element.GetString() ?? string.Empty);
            case JsonValueKind.Number: return LocatedJsonNode.Number(element.GetRawText());
            case JsonValueKind.True: return LocatedJsonNode.Boolean(true);
            case JsonValueKind.False: return LocatedJsonNode.Boolean(false);
            default: return LocatedJsonNode.Null();
        }
    }

    /// <summary>The argument names, sorted ordinally and joined, for logs (never the values).</summary>
    public static string KeysOf(IReadOnlyDictionary<string, object?> arguments)
    {
        if (arguments.Count == 0) { return "(none)"; }
        var keys = new List<string>(arguments.Count);
        foreach (var key in arguments.Keys) { keys.Add(key); }
        keys.Sort(StringComparer.Ordinal);
        return string.Join(",", keys);
    }
}

using System;
using System.Collections.Generic;
using System.Text.Json;
using ModelContextProtocol;
using JsonNode = TypedMcp.Model.Json.JsonNode;
using JsonProperty = TypedMcp.Model.Json.JsonProperty;
using TypedMcp.Model.Policy;

namespace TypedMcp;

/// <summary>
/// Turns a call's arguments into the JSON the policy evaluator reads, exactly as the MCP SDK puts them on the wire:
/// each value is serialized with <see cref="McpJsonUtilities.DefaultOptions"/> (what <c>McpClient.CallToolAsync</c>
/// uses), then copied into <see cref="JsonNode"/>. Strings, booleans, integers and <see cref="JsonElement"/> take a
/// short path with the same result.
/// </summary>
internal static class PolicyArgumentConverter
{
    /// <summary>The arguments as policy arguments.</summary>
    public static PolicyArguments ToPolicyArguments(IReadOnlyDictionary<string, object?> arguments)
    {
        var properties = new List<JsonProperty>(arguments.Count);
        foreach (var pair in arguments)
        {
            if (pair.Key is null) { continue; }
            properties.Add(new JsonProperty(pair.Key, ToJson(pair.Value)));
        }

        return PolicyArguments.FromJson(JsonNode.Object(properties));
    }

    /// <summary>One value as our JSON node.</summary>
    public static JsonNode ToJson(object? value)
    {
        switch (value)
        {
            case null: return JsonNode.Null();
            case string s: return JsonNode.String(s);
            case bool b: return JsonNode.Boolean(b);
            case int i: return JsonNode.Number(i);
            case long l: return JsonNode.Number(l);
            case short sh: return JsonNode.Number(sh);
            case byte by: return JsonNode.Number(by);
            case JsonElement element: return FromElement(element);
            case System.Text.Json.Nodes.JsonNode node: return FromElement(JsonSerializer.SerializeToElement(node, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(System.Text.Json.Nodes.JsonNode))));
            default:
                var serialized = JsonSerializer.SerializeToElement(value, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object)));
                return FromElement(serialized);
        }
    }

    private static JsonNode FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var p in element.EnumerateObject()) { properties.Add(new JsonProperty(p.Name, FromElement(p.Value))); }
                return JsonNode.Object(properties);
            case JsonValueKind.Array:
                var items = new List<JsonNode>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray()) { items.Add(FromElement(item)); }
                return JsonNode.Array(items);
            case JsonValueKind.String: return JsonNode.String(element.GetString() ?? string.Empty);
            case JsonValueKind.Number: return JsonNode.Number(element.GetRawText());
            case JsonValueKind.True: return JsonNode.Boolean(true);
            case JsonValueKind.False: return JsonNode.Boolean(false);
            default: return JsonNode.Null();
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

using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace OdooDemoServer.Tools;

/// <summary>Helpers that turn tool arguments and answers into JSON text, as the real server answers.</summary>
internal static class ToolJson
{
    // Like the real server, answers keep non-ASCII text as is ("Café", not "Caf\u00E9").
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text of a tool answer: compact JSON.</summary>
    public static string Answer(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    /// <summary>The fields list, where null and empty both mean all fields.</summary>
    public static IReadOnlyList<string> Fields(string[]? fields) => fields ?? [];

    /// <summary>The ids list, which must be given and non-empty.</summary>
    public static IReadOnlyList<long> Ids(long[]? ids)
    {
        return ids is { Length: > 0 } ? ids : throw new McpException("ids must hold at least one record id.");
    }

    /// <summary>An array of ids as JSON.</summary>
    public static JsonArray IdArray(IEnumerable<long> ids) => new(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
}

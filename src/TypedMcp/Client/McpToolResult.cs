using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>The result of a tool without an <c>outputSchema</c>: its text, its JSON when it has any, and the raw protocol result.</summary>
public sealed class McpToolResult
{
    /// <summary>Wraps a protocol result.</summary>
    /// <param name="raw">The result as the server sent it.</param>
    public McpToolResult(CallToolResult raw)
    {
        Raw = raw ?? throw new System.ArgumentNullException(nameof(raw));
        Text = TextOf(raw);
        Json = JsonOf(raw);
    }

    /// <summary>The text blocks of the result, joined with line breaks (empty when there are none).</summary>
    public string Text { get; }

    /// <summary>The structured content, else the text parsed as JSON, else null.</summary>
    public JsonElement? Json { get; }

    /// <summary>The result as the server sent it.</summary>
    public CallToolResult Raw { get; }

    internal static string TextOf(CallToolResult result)
    {
        var texts = new List<string>();
        foreach (var block in result.Content ?? (IList<ContentBlock>)System.Array.Empty<ContentBlock>())
        {
            if (block is TextContentBlock t) { texts.Add(t.Text); }
        }

        return string.Join("\n", texts);
    }

    private static JsonElement? JsonOf(CallToolResult result)
    {
        if (result.StructuredContent is { } structured) { return structured.Clone(); }
        foreach (var block in result.Content ?? (IList<ContentBlock>)System.Array.Empty<ContentBlock>())
        {
            if (block is not TextContentBlock t) { continue; }
            try
            {
                using var doc = JsonDocument.Parse(t.Text);
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }
}

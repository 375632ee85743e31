using System;
using System.Collections.Generic;
using System.Text;
using TypedMcp.Json;

namespace TypedMcp.CodeFixes;

/// <summary>
/// Edits policy.json text in place, at the spans the model's <see cref="LocatedJsonReader"/> reports, so every byte the edit
/// does not touch (comments of layout, key order, unknown keys, line endings) stays as it was. The file is never
/// re-serialized.
/// </summary>
public static class PolicyTextEditor
{
    /// <summary>
    /// Allows <paramref name="toolName"/>: removes it from <c>hide</c>, turns an <c>action: deny</c> rule into <c>{}</c>,
    /// and lists it as <c>"tool": {}</c> under <c>tools</c> when it is not listed (creating <c>tools</c> if needed).
    /// </summary>
    /// <returns>The edited text, or null when the text cannot be edited safely (not valid JSON, not an object,
    /// <c>hide</c> is <c>"*"</c> or contains <c>"*"</c>, or <c>tools</c> is not an object).</returns>
    public static string? AllowTool(string text, string toolName)
    {
        if (text is null) { throw new ArgumentNullException(nameof(text)); }
        if (string.IsNullOrEmpty(toolName)) { throw new ArgumentException("A tool name is required.", nameof(toolName)); }
        if (!CanAllow(text, toolName)) { return null; }

        // One edit at a time, re-reading in between, so every span is fresh.
        for (var guard = 0; guard < 1000; guard++)
        {
            var root = LocatedJsonReader.Parse(text);
            var hide = root.GetProperty("hide");
            if (hide is null) { break; }
            if (hide.Value.IsString)
            {
                if (hide.Value.AsString() != toolName) { break; }
                text = Replace(text, hide.Value.Span.Start, hide.Value.Span.Length, "[]");
                break;
            }

            var index = IndexOf(hide.Value.Items, toolName);
            if (index < 0) { break; }
            text = RemoveItem(text, hide.Value, index);
        }

        var current = LocatedJsonReader.Parse(text);
        var tools = current.GetProperty("tools");
        if (tools is null)
        {
            return InsertProperty(text, current, "\"tools\": { " + LocatedJsonWriter.Quote(toolName) + ": {} }");
        }

        var rule = tools.Value.GetProperty(toolName);
        if (rule is null) { return InsertProperty(text, tools.Value, LocatedJsonWriter.Quote(toolName) + ": {}"); }
        if (rule.Value.IsObject && rule.Value["action"]?.AsString() == "deny")
        {
            return Replace(text, rule.Value.Span.Start, rule.Value.Span.Length, "{}");
        }

        return text;
    }

    /// <summary>Whether <see cref="AllowTool"/> can allow <paramref name="toolName"/> in <paramref name="text"/>.</summary>
    public static bool CanAllow(string text, string toolName)
    {
        var root = LocatedJsonReader.TryParse(text ?? string.Empty, out _);
        if (root is null || !root.IsObject || string.IsNullOrEmpty(toolName)) { return false; }
        var hide = root["hide"];
        if (hide is not null)
        {
            // Allowing one tool must never un-hide all the others.
            if (hide.IsString && hide.AsString() == "*") { return false; }
            if (hide.IsArray && IndexOf(hide.Items, "*") >= 0) { return false; }
            if (!hide.IsString && !hide.IsArray) { return false; }
        }

        var tools = root["tools"];
        return tools is null || tools.IsObject;
    }

    private static int IndexOf(IReadOnlyList<LocatedJsonNode> items, string name)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].AsString() == name) { return i; }
        }

        return -1;
    }

    /// <summary>Removes one array item with the comma that joins it to a neighbour.</summary>
    private static string RemoveItem(string text, LocatedJsonNode array, int index)
    {
        var items = array.Items;
        var item = items[index];
        if (index + 1 < items.Count) { return Replace(text, item.Span.Start, items[index + 1].Span.Start - item.Span.Start, string.Empty); }
        if (index > 0) { return Replace(text, items[index - 1].Span.End, item.Span.End - items[index - 1].Span.End, string.Empty); }
        return Replace(text, item.Span.Start, item.Span.Length, string.Empty);
    }

    /// <summary>Adds <paramref name="member"/> as the last member of <paramref name="obj"/>, in the object's own layout.</summary>
    private static string InsertProperty(string text, LocatedJsonNode obj, string member)
    {
        var properties = obj.Properties;
        if (properties.Count == 0)
        {
            // {} or { } or a multi-line empty object: put the member between the braces.
            var inner = text.Substring(obj.Span.Start + 1, Math.Max(0, obj.Span.Length - 2));
            var newline = DetectNewline(text);
            if (inner.IndexOf('\n') >= 0)
            {
                var closeIndent = IndentOfLine(text, obj.Span.End - 1);
                return Replace(text, obj.Span.Start + 1, inner.Length, newline + closeIndent + "  " + member + newline + closeIndent);
            }

            return Replace(text, obj.Span.Start + 1, inner.Length, member);
        }

        var last = properties[properties.Count - 1];
        var lastStart = last.NameSpan.Start;
        var lineStart = LineStart(text, lastStart);
        var prefix = text.Substring(lineStart, lastStart - lineStart);
        var separator = prefix.Trim().Length == 0 && lineStart > obj.Span.Start
            ? "," + DetectNewline(text) + prefix
            : ", ";
        return Replace(text, last.Value.Span.End, 0, separator + member);
    }

    private static int LineStart(string text, int position)
    {
        var i = position;
        while (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r') { i--; }
        return i;
    }

    private static string IndentOfLine(string text, int position)
    {
        var start = LineStart(text, position);
        var sb = new StringBuilder();
        for (var i = start; i < text.Length && (text[i] == ' ' || text[i] == '\t'); i++) { sb.Append(text[i]); }
        return sb.ToString();
    }

    private static string DetectNewline(string text) => text.IndexOf("\r\n", StringComparison.Ordinal) >= 0 ? "\r\n" : "\n";

    private static string Replace(string text, int start, int length, string replacement)
        => text.Substring(0, start) + replacement + text.Substring(start + length);
}

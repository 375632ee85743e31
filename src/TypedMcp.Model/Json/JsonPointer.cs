using System;
using System.Globalization;

namespace TypedMcp.Json;

/// <summary>Builds JSON Pointers (RFC 6901) such as <c>/tools/a~1b/deny_if/0</c>, the addresses messages and models give to parts of a file.</summary>
internal static class JsonPointer
{
    /// <summary>The pointer to member <paramref name="name"/> of the value at <paramref name="parent"/> (<c>~</c> and <c>/</c> escaped).</summary>
    public static string Member(string parent, string name) => parent + "/" + name.Replace("~", "~0").Replace("/", "~1");

    /// <summary>The pointer to element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Item(string parent, int index) => parent + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The value <paramref name="pointer"/> (RFC 6901, e.g. <c>/$defs/a~1b/properties/0</c>; empty for the root) leads to
    /// inside <paramref name="root"/>, or null when a step does not exist. <c>~1</c> and <c>~0</c> are unescaped, and
    /// percent-escapes are decoded (a URI fragment is percent-encoded).
    /// </summary>
    public static LocatedJsonNode? Resolve(LocatedJsonNode root, string pointer)
    {
        if (pointer.Length == 0) { return root; }
        if (pointer[0] != '/') { return null; }
        var node = root;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            if (node.IsObject)
            {
                node = node[token];
            }
            else if (node.IsArray && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < node.Items.Count)
            {
                node = node.Items[index];
            }
            else
            {
                return null;
            }

            if (node is null) { return null; }
        }

        return node;
    }
}

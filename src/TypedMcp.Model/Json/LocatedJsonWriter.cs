using System.Globalization;
using System.Text;

namespace TypedMcp.Json;

/// <summary>
/// Writes a <see cref="LocatedJsonNode"/> as JSON text: member order kept, two-space indentation, <c>\n</c> line endings,
/// invariant culture, so the same tree always gives the same bytes.
/// </summary>
internal static class LocatedJsonWriter
{
    /// <summary>Returns the JSON text of <paramref name="node"/>.</summary>
    public static string Write(LocatedJsonNode node, bool indented = true)
    {
        var sb = new StringBuilder();
        Write(sb, node, indented, 0);
        if (indented) { sb.Append('\n'); }
        return sb.ToString();
    }

    /// <summary>
    /// Appends <paramref name="value"/> as a quoted, escaped string: <c>"</c>, <c>\</c> and the short escapes, and
    /// <c>\uXXXX</c> for every other control character and the Unicode line separators. The one escaping rule of
    /// TypedMcp: the result is both a JSON string and a C# regular string literal with the same value, so the
    /// generator's literals use it too.
    /// </summary>
    public static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        WriteEscaped(sb, value);
        sb.Append('"');
    }

    /// <summary>Appends <paramref name="value"/> escaped as <see cref="WriteString"/> escapes it, without the quotes (a part of a longer string).</summary>
    [System.Runtime.CompilerServices.MethodImpl(LocatedJsonReader.Optimized)]
    public static void WriteEscaped(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (char.IsControl(c) || c == '\u2028' || c == '\u2029') { sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                    else { sb.Append(c); }
                    break;
            }
        }
    }

    /// <summary>Returns <paramref name="value"/> as a quoted, escaped string (see <see cref="WriteString"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(LocatedJsonReader.Optimized)]
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        WriteString(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, LocatedJsonNode node, bool indented, int depth)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
                if (node.Properties.Count == 0) { sb.Append("{}"); return; }
                sb.Append('{');
                for (var i = 0; i < node.Properties.Count; i++)
                {
                    if (i > 0) { sb.Append(','); }
                    NewLine(sb, indented, depth + 1);
                    WriteString(sb, node.Properties[i].Name);
                    sb.Append(indented ? ": " : ":");
                    Write(sb, node.Properties[i].Value, indented, depth + 1);
                }

                NewLine(sb, indented, depth);
                sb.Append('}');
                return;
            case JsonKind.Array:
                if (node.Items.Count == 0) { sb.Append("[]"); return; }
                if (IsScalarArray(node))
                {
                    sb.Append('[');
                    for (var i = 0; i < node.Items.Count; i++)
                    {
                        if (i > 0) { sb.Append(indented ? ", " : ","); }
                        Write(sb, node.Items[i], indented, depth + 1);
                    }

                    sb.Append(']');
                    return;
                }

                sb.Append('[');
                for (var i = 0; i < node.Items.Count; i++)
                {
                    if (i > 0) { sb.Append(','); }
                    NewLine(sb, indented, depth + 1);
                    Write(sb, node.Items[i], indented, depth + 1);
                }

                NewLine(sb, indented, depth);
                sb.Append(']');
                return;
            case JsonKind.String: WriteString(sb, node.Text!); return;
            case JsonKind.Number: sb.Append(node.Text); return;
            case JsonKind.True: sb.Append("true"); return;
            case JsonKind.False: sb.Append("false"); return;
            default: sb.Append("null"); return;
        }
    }

    private static bool IsScalarArray(LocatedJsonNode node)
    {
        if (node.Items.Count > 8) { return false; }
        foreach (var item in node.Items)
        {
            if (item.IsObject || item.IsArray) { return false; }
        }

        return true;
    }

    private static void NewLine(StringBuilder sb, bool indented, int depth)
    {
        if (!indented) { return; }
        sb.Append('\n');
        sb.Append(' ', depth * 2);
    }
}

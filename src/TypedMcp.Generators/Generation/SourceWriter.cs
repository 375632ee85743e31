using System;
using System.Text;

namespace TypedMcp.Generators.Generation;

/// <summary>An indenting writer for generated C#: four spaces per level, <c>\n</c> line ends on every machine.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0) { _sb.Append(' ', _indent * 4).Append(text); }
        _sb.Append('\n');
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    /// <summary>Writes XML doc text, one <c>///</c> line per line of <paramref name="text"/>, escaped.</summary>
    public void Doc(string tag, string text, string? attributes = null)
    {
        var open = attributes is null ? "<" + tag + ">" : "<" + tag + " " + attributes + ">";
        var lines = XmlEscape(text.Trim()).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        if (lines.Length == 1)
        {
            Line("/// " + open + lines[0].Trim() + "</" + tag + ">");
            return;
        }

        Line("/// " + open);
        foreach (var l in lines) { Line(("/// " + l.Trim()).TrimEnd()); }
        Line("/// </" + tag + ">");
    }

    /// <summary>Writes an already escaped XML doc line.</summary>
    public void DocRaw(string xml) => Line("/// " + xml);

    public override string ToString() => _sb.ToString();

    /// <summary>Escapes text for XML docs.</summary>
    public static string XmlEscape(string text)
        => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A C# string literal (regular, escaped).</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}

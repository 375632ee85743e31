using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TypedMcp.Generators.Generation;

/// <summary>An indenting writer for generated C#: four spaces per level, <c>\n</c> line ends on every machine.</summary>
internal sealed class SourceWriter
{
    // Fixed small chunks, handed to Roslyn as they are (TextBuffer): no large string, no copy.
    private readonly TextBuffer _sb = new();

    // Escaped literal parts pass through here (the model's escaping rule writes to a StringBuilder).
    private readonly StringBuilder _escaped = new();
    private int _indent;

    public void Line(string text = "")
    {
        var start = _sb.Length;
        if (text.Length > 0) { _sb.Append(' ', _indent * 4).Append(text); }
        EndLine(start);
    }

    /// <summary>
    /// <c>w.Line($"...")</c> binds here: the parts go straight into the buffer, without a temporary string per line
    /// (most of the emitter's garbage on large catalogs). Same output as <see cref="Line(string)"/>.
    /// </summary>
    public void Line([InterpolatedStringHandlerArgument("")] ref LineHandler text) => EndLine(text.Start);

    /// <summary>Appends the parts of an interpolated line, indenting before the first non-empty part.</summary>
    [InterpolatedStringHandler]
    public struct LineHandler
    {
        private readonly SourceWriter _writer;
        private bool _indented;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _writer = writer;
            _indented = false;
            Start = writer._sb.Length;
        }

        /// <summary>Where the line starts in the buffer.</summary>
        public int Start { get; }

        public void AppendLiteral(string value) => Append(value);

        public void AppendFormatted(string? value) => Append(value);

        public void AppendFormatted<T>(T value)
            => Append(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

        [MethodImpl(TypedMcp.Json.LocatedJsonReader.Optimized)]
        private void Append(string? value)
        {
            if (string.IsNullOrEmpty(value)) { return; }
            if (!_indented)
            {
                _writer._sb.Append(' ', _writer._indent * 4);
                _indented = true;
            }

            _writer._sb.Append(value);
        }
    }

    private static readonly char[] LineBreaks = { '\r', '\n' };

    /// <summary>
    /// No code line is longer than this. The emitter breaks its long lines itself (<see cref="CodeWidth"/>); a line it
    /// still writes longer (a type nested so deep that its name alone is longer, such as a list of lists of lists of
    /// lists of numbers) is broken here, as a last resort, where C# allows whitespace: after a generic <c>&lt;</c>, after
    /// <c>(</c> or <c>", "</c>, before <c>=&gt;</c>, never inside a literal or a comment. Doc lines wrap on their own.
    /// </summary>
    public const int MaxWidth = 200;

    // Ends the line that started at start: a code line over MaxWidth is taken back and written broken.
    private void EndLine(int start)
    {
        if (_sb.Length - start > MaxWidth)
        {
            var line = _sb.Tail(start);
            var code = line.TrimStart(' ');
            if (!code.StartsWith("//", StringComparison.Ordinal) && !code.StartsWith("#", StringComparison.Ordinal))
            {
                _sb.Truncate(start);
                var indent = line.Length - code.Length;
                var first = true;
                foreach (var part in BreakCode(code, indent))
                {
                    _sb.Append(' ', first ? indent : indent + 4).Append(part).Append('\n');
                    first = false;
                }

                return;
            }
        }

        _sb.Append('\n');
    }

    /// <summary>
    /// Splits a code line (without its indent) into pieces of at most <see cref="CodeWidth"/> characters where it can
    /// (continuation pieces are indented once more), at the places listed on <see cref="MaxWidth"/>.
    /// </summary>
    internal static List<string> BreakCode(string code, int indent)
    {
        // Offsets after which a line break may go (the break replaces a following space).
        var breaks = new List<int>();
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '"' or '\'')
            {
                // Skip the literal (a verbatim string doubles its quotes, a regular one escapes with a backslash).
                var verbatim = c == '"' && i > 0 && code[i - 1] == '@';
                for (i++; i < code.Length; i++)
                {
                    if (!verbatim && code[i] == '\\') { i++; continue; }
                    if (code[i] != c) { continue; }
                    if (verbatim && i + 1 < code.Length && code[i + 1] == '"') { i++; continue; }
                    break;
                }

                continue;
            }

            if (c == '/' && i + 1 < code.Length && code[i + 1] is '/' or '*') { break; }
            var next = i + 1 < code.Length ? code[i + 1] : '\0';
            if (c == '<' && i > 0 && (char.IsLetterOrDigit(code[i - 1]) || code[i - 1] == '_') && next is not ('<' or '=')) { breaks.Add(i + 1); }
            else if (c == '(' && next != ')') { breaks.Add(i + 1); }
            else if (c == ',' && next == ' ') { breaks.Add(i + 1); }
            else if (c == ' ' && next == '=' && i + 2 < code.Length && code[i + 2] == '>') { breaks.Add(i); }
        }

        var pieces = new List<string>();
        var from = 0;
        var width = CodeWidth - indent;
        while (code.Length - from > width)
        {
            var cut = -1;
            foreach (var b in breaks)
            {
                if (b <= from) { continue; }
                if (b - from > width && cut >= 0) { break; }
                cut = b;
                if (b - from > width) { break; }
            }

            if (cut < 0) { break; }
            pieces.Add(code.Substring(from, cut - from).TrimEnd(' '));
            from = cut;
            while (from < code.Length && code[from] == ' ') { from++; }
            width = CodeWidth - indent - 4;
        }

        pieces.Add(code.Substring(from));
        return pieces;
    }

    /// <summary>Doc lines are wrapped at word boundaries to stay within this many characters (indent included).</summary>
    public const int DocWidth = 160;

    public void Open(string header)
    {
        Line(header);
        OpenBlock();
    }

    /// <summary>
    /// Writes <paramref name="head"/>, the items separated by <c>", "</c> and <paramref name="tail"/>, broken after a comma
    /// where a line would pass <see cref="DocWidth"/> (continuation lines indented once more).
    /// </summary>
    [MethodImpl(TypedMcp.Json.LocatedJsonReader.Optimized)]
    public void Wrapped(string head, IReadOnlyList<string> items, string tail)
    {
        var line = new StringBuilder(head);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] + (i < items.Count - 1 ? "," : tail);
            if (i > 0 && (_indent * 4) + line.Length + 1 + item.Length > DocWidth)
            {
                Line(line.ToString().TrimEnd());
                line.Clear().Append("    ");
            }
            else if (i > 0)
            {
                line.Append(' ');
            }

            line.Append(item);
        }

        if (items.Count == 0) { line.Append(tail.TrimStart()); }
        Line(line.ToString());
    }

    /// <summary>
    /// Writes <paramref name="head"/>, the concatenation of <paramref name="parts"/> as one C# string literal, and
    /// <paramref name="tail"/> on one line, escaping straight into the buffer (no joined string of the parts is made).
    /// </summary>
    public void LiteralLine(string head, IReadOnlyList<string> parts, string tail)
    {
        _sb.Append(' ', _indent * 4).Append(head).Append('"');
        foreach (var part in parts)
        {
            _escaped.Clear();
            TypedMcp.Json.LocatedJsonWriter.WriteEscaped(_escaped, part);
            _sb.Append(_escaped);
        }

        _sb.Append('"').Append(tail).Append('\n');
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void OpenBlock()
    {
        Line("{");
        _indent++;
    }

    /// <summary>Unindents and writes <c>}</c>.</summary>
    public void Close()
    {
        _indent--;
        Line("}");
    }

    public void Indent() => _indent++;

    /// <summary>Code lines longer than this (indent included) are broken by the emitter where it can.</summary>
    public const int CodeWidth = 180;

    /// <summary>Whether <paramref name="text"/> fits on one line at the current indent (<see cref="CodeWidth"/>).</summary>
    public bool Fits(string text) => (_indent * 4) + text.Length <= CodeWidth;

    /// <summary>Writes <c>if (condition) { statement }</c>: on one line when it fits, else as a block.</summary>
    public void If(string condition, string statement)
    {
        var one = $"if ({condition}) {{ {statement} }}";
        if (Fits(one))
        {
            Line(one);
            return;
        }

        Line($"if ({condition})");
        OpenBlock();
        Line(statement);
        Close();
    }

    /// <summary>Writes <c>head => body</c> (an expression-bodied member): on one line when it fits, else <c>=> body</c> on the next.</summary>
    public void Arrow(string head, string body)
    {
        var one = $"{head} => {body}";
        if (Fits(one))
        {
            Line(one);
            return;
        }

        Line(head);
        Line($"    => {body}");
    }

    /// <summary>Writes <c>attribute declaration</c>: on one line when it fits, else the attribute on a line above.</summary>
    public void Attributed(string attribute, string declaration)
    {
        var one = $"{attribute} {declaration}";
        if (Fits(one))
        {
            Line(one);
            return;
        }

        Line(attribute);
        Line(declaration);
    }

    public void Unindent() => _indent--;

    /// <summary>
    /// Writes an XML doc element: one <c>///</c> line when it fits in <see cref="DocWidth"/>, else the text wrapped at
    /// word boundaries over several (the tags on the first and last), and each line break of the text kept. Written
    /// straight into the buffer, word by word. <paramref name="escape"/> false: the text is already XML.
    /// </summary>
    [MethodImpl(TypedMcp.Json.LocatedJsonReader.Optimized)]
    public void Doc(string tag, string text, string? attributes = null, bool escape = true)
    {
        var body = escape ? XmlEscape(text.Trim()) : text.Trim();
        var indent = _indent * 4;
        var openLength = tag.Length + 2 + (attributes is null ? 0 : attributes.Length + 1);
        var closeLength = tag.Length + 3;
        if (body.IndexOfAny(LineBreaks) < 0 && indent + 4 + openLength + body.Length + closeLength <= DocWidth)
        {
            // One line (nearly every doc text): written in place.
            if (attributes is null) { Line($"/// <{tag}>{body}</{tag}>"); }
            else { Line($"/// <{tag} {attributes}>{body}</{tag}>"); }
            return;
        }

        _sb.Append(' ', indent).Append("/// <").Append(tag);
        if (attributes is not null) { _sb.Append(' ').Append(attributes); }
        _sb.Append('>');
        var length = indent + 4 + openLength;
        var empty = true;    // no word yet on this line
        var fresh = false;   // a continuation line: "///" written, its space not yet
        for (var i = 0; i < body.Length;)
        {
            var c = body[i];
            if (c is '\r' or '\n')
            {
                // A line break of the text starts a new doc line.
                i += c == '\r' && i + 1 < body.Length && body[i + 1] == '\n' ? 2 : 1;
                NewLine();
                continue;
            }

            if (c == ' ') { i++; continue; }
            var end = i;
            while (end < body.Length && body[end] is not (' ' or '\r' or '\n')) { end++; }
            var word = end - i;
            var last = end == body.Length;
            // The closing tag travels with the last word, so it never sticks out past the width.
            if (!empty && length + 1 + word + (last ? closeLength : 0) > DocWidth) { NewLine(); }
            if (fresh || !empty) { _sb.Append(' '); length++; }
            _sb.Append(body, i, word);
            length += word;
            empty = false;
            fresh = false;
            i = end;
        }

        _sb.Append("</").Append(tag).Append(">\n");

        void NewLine()
        {
            _sb.Append('\n').Append(' ', indent).Append("///");
            length = indent + 3;
            empty = true;
            fresh = true;
        }
    }

    /// <summary>
    /// Writes an already escaped XML doc element whose only long part is a list (a cref's parameter types): broken
    /// after <c>", "</c> where a line would pass <see cref="DocWidth"/>, and a type too long for a line of its own (a list
    /// of lists of lists of lists) also after its <c>{</c>.
    /// </summary>
    [MethodImpl(TypedMcp.Json.LocatedJsonReader.Optimized)]
    public void DocList(string xml)
    {
        var line = new StringBuilder("/// ");
        var parts = xml.Split(new[] { ", " }, StringSplitOptions.None);
        var room = DocWidth - (_indent * 4) - "///     ".Length;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i] + (i < parts.Length - 1 ? "," : string.Empty);
            var pieces = part.Length > room ? part.Replace("{", "{\n").Split('\n') : new[] { part };
            for (var j = 0; j < pieces.Length; j++)
            {
                var piece = pieces[j];
                if ((i > 0 || j > 0) && (_indent * 4) + line.Length + (j == 0 ? 1 : 0) + piece.Length > DocWidth)
                {
                    Line(line.ToString());
                    line.Clear().Append("///     ");
                }
                else if (i > 0 && j == 0)
                {
                    line.Append(' ');
                }

                line.Append(piece);
            }
        }

        Line(line.ToString());
    }

    /// <summary>Writes an already escaped XML doc line.</summary>
    public void DocRaw(string xml) => Line($"/// {xml}");

    /// <summary>Writes an already escaped XML doc line given as an interpolated string, straight into the buffer.</summary>
    public void DocRaw([InterpolatedStringHandlerArgument("")] ref DocHandler xml) => _sb.Append('\n');

    /// <summary>Appends an indented <c>/// </c> and then the parts of an interpolated doc line.</summary>
    [InterpolatedStringHandler]
    public readonly struct DocHandler
    {
        private readonly TextBuffer _sb;

        public DocHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _sb = writer._sb;
            _sb.Append(' ', writer._indent * 4).Append("/// ");
        }

        public void AppendLiteral(string value) => _sb.Append(value);

        public void AppendFormatted(string? value) => _sb.Append(value);

        public void AppendFormatted<T>(T value)
            => _sb.Append(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
    }

    /// <summary>The text for <c>AddSource</c> (see <see cref="TextBuffer.ToSourceText"/>).</summary>
    public SourceText ToSourceText() => _sb.ToSourceText();

    /// <summary>Escapes text for XML docs.</summary>
    public static string XmlEscape(string text)
        => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A C# string literal (regular, escaped), by the model's one escaping rule (also valid JSON).</summary>
    public static string Literal(string value) => TypedMcp.Json.LocatedJsonWriter.Quote(value);
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TypedMcp.Json;

/// <summary>
/// A strict, dependency-free JSON reader (RFC 8259) that keeps the line and column of every value and member name.
/// It is what the generator, the analyzer, the run-time library and the CLI all use, so a file means the same
/// thing everywhere and every mistake can be reported where it is.
/// </summary>
/// <remarks>
/// A leading byte-order mark is skipped. Comments and trailing commas are rejected. Duplicate member names are
/// kept (in order) for validators to report. Limits come from <see cref="LocatedJsonReaderOptions"/>.
/// </remarks>
internal sealed class LocatedJsonReader
{
    // The per-character loops are compiled optimized at once: in a compiler host a generator or analyzer runs a few
    // times per process, so tiered compilation would leave them in unoptimized code (AggressiveOptimization; a
    // host without it ignores the flag).
    internal const MethodImplOptions Optimized = (MethodImplOptions)512;

    private readonly string _text;
    private readonly LocatedJsonReaderOptions _options;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;

    // One scratch list per nesting depth, reused for every object/array at that depth: each node then gets one
    // exact-size array instead of a growing list plus a copy.
    private readonly List<List<LocatedJsonProperty>> _propertyScratch = new();
    private readonly List<List<LocatedJsonNode>> _itemScratch = new();

    // Short strings repeat all over a catalog (member names, "string", "object", ...): each distinct one is kept
    // once per parse. Open addressing over the characters in the text, so a hit allocates nothing.
    private const int MaxCachedLength = 32;
    private string?[] _strings = new string?[1024];
    private int _stringCount;

    private LocatedJsonReader(string text, LocatedJsonReaderOptions options)
    {
        _text = text;
        _options = options;
    }

    /// <summary>
    /// Raised after every successful parse with the text and whether the whole tree was built (false for a pruned
    /// parse). Tests count parses per file with it; nothing in the product listens.
    /// </summary>
    internal static event Action<string, bool>? Parsed;

    /// <summary>Parses <paramref name="text"/> into a located tree.</summary>
    /// <exception cref="JsonParseException">The text is not valid JSON or breaks a limit; the exception says where.</exception>
    public static LocatedJsonNode Parse(string text, LocatedJsonReaderOptions? options = null)
        => Parse(text, LocatedJsonOutline.Everything, options);

    /// <summary>
    /// Parses <paramref name="text"/> as strictly as <see cref="Parse(string, LocatedJsonReaderOptions?)"/>, but builds
    /// only the members and items <paramref name="outline"/> keeps: everything else is checked and skipped without
    /// allocating, so reading a few names out of a large file costs little more than scanning it.
    /// </summary>
    /// <exception cref="JsonParseException">The text is not valid JSON or breaks a limit; the exception says where.</exception>
    public static LocatedJsonNode Parse(string text, LocatedJsonOutline outline, LocatedJsonReaderOptions? options = null)
    {
        if (text is null) { throw new ArgumentNullException(nameof(text)); }
        if (outline is null) { throw new ArgumentNullException(nameof(outline)); }
        options ??= LocatedJsonReaderOptions.Default;
        var reader = new LocatedJsonReader(text, options);
        if (text.Length > options.MaxLength)
        {
            throw new JsonParseException(
                $"the file has {text.Length.ToString(CultureInfo.InvariantCulture)} characters, more than the limit of {options.MaxLength.ToString(CultureInfo.InvariantCulture)}",
                reader.Here());
        }

        if (text.Length > 0 && text[0] == '\uFEFF') { reader._pos = 1; reader._lineStart = 1; }
        reader.SkipWhitespace();
        if (reader._pos >= text.Length) { throw reader.Error("the file is empty; expected a JSON value"); }
        var root = reader.ReadValue(outline)!;
        reader.SkipWhitespace();
        if (reader._pos < text.Length) { throw reader.Error("unexpected text after the end of the JSON value"); }
        Parsed?.Invoke(text, ReferenceEquals(outline, LocatedJsonOutline.Everything));
        return root;
    }

    /// <summary>Parses <paramref name="text"/>, returning null and the error instead of throwing.</summary>
    public static LocatedJsonNode? TryParse(string text, out JsonParseException? error, LocatedJsonReaderOptions? options = null)
        => TryParse(text, LocatedJsonOutline.Everything, out error, options);

    /// <summary>A pruned parse (<see cref="Parse(string, LocatedJsonOutline, LocatedJsonReaderOptions?)"/>), returning null and the error instead of throwing.</summary>
    public static LocatedJsonNode? TryParse(string text, LocatedJsonOutline outline, out JsonParseException? error, LocatedJsonReaderOptions? options = null)
    {
        try
        {
            error = null;
            return Parse(text, outline, options);
        }
        catch (JsonParseException e)
        {
            error = e;
            return null;
        }
    }

    private SourceSpan Here(int length = 1)
    {
        // At the end of the text the span is empty: a span past the end breaks editors and Roslyn locations.
        length = Math.Min(length, Math.Max(0, _text.Length - _pos));
        return new(_pos, length, _line, _pos - _lineStart + 1, _line, _pos - _lineStart + 1 + length);
    }

    private JsonParseException Error(string reason) => new(reason, Here());

    private (int Offset, int Line, int Column) Mark() => (_pos, _line, _pos - _lineStart + 1);

    private SourceSpan SpanFrom((int Offset, int Line, int Column) start)
        => new(start.Offset, _pos - start.Offset, start.Line, start.Column, _line, _pos - _lineStart + 1);

    [MethodImpl(Optimized)]
    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
            else if (c == ' ' || c == '\t' || c == '\r') { _pos++; }
            else if (c == '/' ) { throw Error("comments are not allowed in JSON"); }
            else { return; }
        }
    }

    // Every Read* method below reads one value; "keep" null means the value is checked and skipped (null returned).
    [MethodImpl(Optimized)]
    private LocatedJsonNode? ReadValue(LocatedJsonOutline? keep)
    {
        if (_pos >= _text.Length) { throw Error("unexpected end of file; expected a value"); }
        var c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject(keep);
            case '[': return ReadArray(keep);
            case '"':
                {
                    var start = Mark();
                    var s = ReadString(keep is not null);
                    return s is null ? null : LocatedJsonNode.String(s, SpanFrom(start));
                }
            case 't': return ReadLiteral("true", JsonKind.True, keep is not null);
            case 'f': return ReadLiteral("false", JsonKind.False, keep is not null);
            case 'n': return ReadLiteral("null", JsonKind.Null, keep is not null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) { return ReadNumber(keep is not null); }
                throw Error($"unexpected character {Describe(c)}; expected a value (object, array, string, number, true, false or null)");
        }
    }

    private static string Describe(char c)
        => c < ' ' || c > '~' ? $"U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}" : $"'{c}'";

    private void Enter()
    {
        if (++_depth > _options.MaxDepth)
        {
            throw Error($"nesting is deeper than the limit of {_options.MaxDepth.ToString(CultureInfo.InvariantCulture)} levels");
        }
    }

    [MethodImpl(Optimized)]
    private LocatedJsonNode? ReadObject(LocatedJsonOutline? keep)
    {
        var start = Mark();
        Enter();
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            _depth--;
            return keep is null ? null : LocatedJsonNode.ObjectOwning(System.Array.Empty<LocatedJsonProperty>(), SpanFrom(start));
        }

        var props = Scratch(_propertyScratch);
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length) { throw Error("unexpected end of file inside an object; expected a member name or '}'"); }
            if (_text[_pos] != '"') { throw Error($"unexpected character {Describe(_text[_pos])}; expected a member name in double quotes"); }
            var nameStart = Mark();
            var name = ReadString(keep is not null);
            var nameSpan = SpanFrom(nameStart);
            SkipWhitespace();
            if (Peek() != ':') { throw Error($"expected ':' after the member name \"{name ?? _text.Substring(nameStart.Offset + 1, nameSpan.Length - 2)}\""); }
            _pos++;
            SkipWhitespace();
            var memberKeep = name is null ? null : keep!.Member(name);
            var value = ReadValue(memberKeep);
            if (value is not null) { props.Add(new LocatedJsonProperty(name!, value, nameSpan)); }
            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
                SkipWhitespace();
                if (Peek() == '}') { throw Error("trailing comma before '}' is not allowed in JSON"); }
                continue;
            }

            if (c == '}') { _pos++; break; }
            if (_pos >= _text.Length) { throw Error("unexpected end of file inside an object; expected ',' or '}'"); }
            throw Error($"unexpected character {Describe(c)}; expected ',' or '}}' after a member");
        }

        _depth--;
        if (keep is null) { return null; }
        var result = LocatedJsonNode.ObjectOwning(props.ToArray(), SpanFrom(start));
        props.Clear();
        return result;
    }

    [MethodImpl(Optimized)]
    private LocatedJsonNode? ReadArray(LocatedJsonOutline? keep)
    {
        var start = Mark();
        Enter();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            _depth--;
            return keep is null ? null : LocatedJsonNode.ArrayOwning(System.Array.Empty<LocatedJsonNode>(), SpanFrom(start));
        }

        var items = Scratch(_itemScratch);
        var itemKeep = keep?.Items;
        while (true)
        {
            SkipWhitespace();
            if (ReadValue(itemKeep) is { } item) { items.Add(item); }
            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _pos++;
                SkipWhitespace();
                if (Peek() == ']') { throw Error("trailing comma before ']' is not allowed in JSON"); }
                continue;
            }

            if (c == ']') { _pos++; break; }
            if (_pos >= _text.Length) { throw Error("unexpected end of file inside an array; expected ',' or ']'"); }
            throw Error($"unexpected character {Describe(c)}; expected ',' or ']' after an element");
        }

        _depth--;
        if (keep is null) { return null; }
        var result = LocatedJsonNode.ArrayOwning(items.ToArray(), SpanFrom(start));
        items.Clear();
        return result;
    }

    /// <summary>The empty scratch list of the current depth (<see cref="Enter"/> has already counted this level).</summary>
    private List<T> Scratch<T>(List<List<T>> stack)
    {
        while (stack.Count < _depth) { stack.Add(new List<T>()); }
        return stack[_depth - 1];
    }

    /// <summary>The text's characters at <paramref name="start"/> as a string, the same instance for equal short strings.</summary>
    [MethodImpl(Optimized)]
    private string Cached(int start, int length)
    {
        if (length > MaxCachedLength) { return _text.Substring(start, length); }
        var hash = (uint)length;
        for (var i = 0; i < length; i++) { hash = (hash ^ _text[start + i]) * 16777619u; }
        var mask = _strings.Length - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var existing = _strings[slot];
            if (existing is null) { break; }
            if (existing.Length == length && string.CompareOrdinal(existing, 0, _text, start, length) == 0) { return existing; }
        }

        var result = _text.Substring(start, length);
        if (_stringCount * 2 >= _strings.Length) { Grow(); }
        Insert(_strings, result, hash);
        _stringCount++;
        return result;
    }

    private void Grow()
    {
        var bigger = new string?[_strings.Length * 2];
        foreach (var s in _strings)
        {
            if (s is null) { continue; }
            var hash = (uint)s.Length;
            foreach (var c in s) { hash = (hash ^ c) * 16777619u; }
            Insert(bigger, s, hash);
        }

        _strings = bigger;
    }

    private static void Insert(string?[] table, string value, uint hash)
    {
        var mask = table.Length - 1;
        var slot = (int)(hash & (uint)mask);
        while (table[slot] is not null) { slot = (slot + 1) & mask; }
        table[slot] = value;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private LocatedJsonNode? ReadLiteral(string literal, JsonKind kind, bool keep)
    {
        var start = Mark();
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error($"unexpected text; did you mean {literal}? (JSON literals are lower case and strings need double quotes)");
        }

        _pos += literal.Length;
        if (!keep) { return null; }
        var span = SpanFrom(start);
        return kind switch
        {
            JsonKind.True => LocatedJsonNode.Boolean(true, span),
            JsonKind.False => LocatedJsonNode.Boolean(false, span),
            _ => LocatedJsonNode.Null(span),
        };
    }

    [MethodImpl(Optimized)]
    private LocatedJsonNode? ReadNumber(bool keep)
    {
        var start = Mark();
        if (Peek() == '-') { _pos++; }
        if (Peek() == '0') { _pos++; }
        else if (Peek() >= '1' && Peek() <= '9') { while (char.IsDigit(Peek()) && Peek() <= '9') { _pos++; } }
        else { throw Error("invalid number: expected a digit"); }
        if (Peek() == '.')
        {
            _pos++;
            if (!(Peek() >= '0' && Peek() <= '9')) { throw Error("invalid number: expected a digit after '.'"); }
            while (Peek() >= '0' && Peek() <= '9') { _pos++; }
        }

        if (Peek() == 'e' || Peek() == 'E')
        {
            _pos++;
            if (Peek() == '+' || Peek() == '-') { _pos++; }
            if (!(Peek() >= '0' && Peek() <= '9')) { throw Error("invalid number: expected a digit in the exponent"); }
            while (Peek() >= '0' && Peek() <= '9') { _pos++; }
        }

        if (Peek() >= '0' && Peek() <= '9') { throw Error("invalid number: leading zeros are not allowed"); }
        if (!keep) { return null; }
        return LocatedJsonNode.Number(_text.Substring(start.Offset, _pos - start.Offset), SpanFrom(start));
    }

    [MethodImpl(Optimized)]
    private string? ReadString(bool keep)
    {
        var quote = Here();
        _pos++; // opening quote
        var sb = (StringBuilder?)null;
        var escaped = 0; // unescaped characters before runStart (in sb when kept)
        var runStart = _pos;
        while (true)
        {
            if (_pos >= _text.Length) { throw Error("unexpected end of file inside a string; a closing '\"' is missing"); }
            var c = _text[_pos];
            if (c == '"')
            {
                var length = escaped + (_pos - runStart);
                if (length > _options.MaxStringLength)
                {
                    throw new JsonParseException(
                        $"a string of {length.ToString(CultureInfo.InvariantCulture)} characters is longer than the limit of {_options.MaxStringLength.ToString(CultureInfo.InvariantCulture)}",
                        quote);
                }

                string? result = null;
                if (keep && sb is null) { result = Cached(runStart, _pos - runStart); }
                else if (keep) { result = sb!.Append(_text, runStart, _pos - runStart).ToString(); }
                _pos++;
                return result;
            }

            if (c == '\\')
            {
                // A skipped string still counts its length (for the limit) but builds nothing.
                if (keep) { (sb ??= new StringBuilder()).Append(_text, runStart, _pos - runStart); }
                escaped += _pos - runStart + 1;
                _pos++;
                if (_pos >= _text.Length) { throw Error("unexpected end of file inside a string escape"); }
                var unescaped = Unescape(_text[_pos]);
                sb?.Append(unescaped);
                _pos++;
                runStart = _pos;
                continue;
            }

            if (c < ' ')
            {
                throw Error(c == '\n'
                    ? "a string may not span lines; a closing '\"' is missing or a line break needs escaping as \\n"
                    : $"control character {Describe(c)} must be escaped inside a string");
            }

            _pos++;
        }
    }

    /// <summary>The character an escape stands for; <c>_pos</c> is on the character after the backslash (and ends on the last one read).</summary>
    private char Unescape(char e)
    {
        switch (e)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (_pos + 4 >= _text.Length) { throw Error("incomplete \\u escape: four hex digits expected"); }
                var code = 0;
                for (var i = 1; i <= 4; i++)
                {
                    var h = _text[_pos + i];
                    var digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                    if (digit < 0) { throw Error($"invalid \\u escape \"\\u{_text.Substring(_pos + 1, 4)}\": four hex digits expected"); }
                    code = (code * 16) + digit;
                }

                _pos += 4;
                return (char)code;
            default:
                throw Error($"invalid escape \\{e} in a string");
        }
    }
}

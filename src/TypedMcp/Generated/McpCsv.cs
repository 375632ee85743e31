using System;
using System.Runtime.Intrinsics;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace TypedMcp;

/// <summary>
/// The rows of CSV text embedded in a tool result (<c>contentMediaType: text/csv</c>), read one at a time as they are
/// enumerated: whatever the number of rows, only the text and the current row are in memory (each enumeration reads
/// the text again). Comma separated, a header row, RFC 4180 quoting; columns are found by header name.
/// </summary>
/// <remarks>
/// A missing column throws <see cref="McpResultMismatchException"/> when the result is read; a value that does not parse
/// throws it when its row is reached, naming the row and the column. Generated result records expose CSV columns as this
/// type; call <c>ToList()</c> to hold every row.
/// </remarks>
/// <typeparam name="TRow">The generated row record.</typeparam>
public sealed class McpCsvRows<TRow> : IEnumerable<TRow>
{
    private readonly string _csv;
    private readonly McpCsvLayout _layout;
    private readonly Func<McpCsvRecord, TRow> _read;

    /// <summary>Checks the header of <paramref name="csv"/> for <paramref name="columns"/> and prepares to read rows with <paramref name="read"/>.</summary>
    /// <param name="csv">The CSV text (empty: no rows).</param>
    /// <param name="columns">The header names the row record reads, in the order <paramref name="read"/> asks for them.</param>
    /// <param name="tool">The tool name, for errors.</param>
    /// <param name="path">The result path of the CSV text, for errors.</param>
    /// <param name="read">Builds one row from a record (called by generated code).</param>
    /// <exception cref="McpResultMismatchException">A column is missing from the header.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public McpCsvRows(string csv, string[] columns, string tool, string path, Func<McpCsvRecord, TRow> read)
    {
        _csv = csv ?? throw new ArgumentNullException(nameof(csv));
        _read = read ?? throw new ArgumentNullException(nameof(read));
        _layout = McpCsvLayout.Read(_csv, columns, tool, path);
    }

    /// <summary>Reads the rows from the start of the text.</summary>
    public IEnumerator<TRow> GetEnumerator()
    {
        var record = new McpCsvRecord(_csv, _layout);
        while (record.MoveNext()) { yield return _read(record); }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Where the columns a row record reads stand in the CSV's header (computed once per result).</summary>
/// <param name="Columns">The header names the row record reads, in its order.</param>
/// <param name="Indexes">For each of them, its cell index in the CSV.</param>
/// <param name="HeaderCells">How many cells the header has.</param>
/// <param name="DataStart">Where the first data row starts (the text's length when there is none).</param>
/// <param name="Tool">The tool name, for errors.</param>
/// <param name="Path">The result path of the CSV text, for errors.</param>
internal sealed record McpCsvLayout(string[] Columns, int[] Indexes, int HeaderCells, int DataStart, string Tool, string Path)
{
    public static McpCsvLayout Read(string csv, string[] columns, string tool, string path)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var indexes = new int[columns.Length];
        if (csv.Length == 0) { return new McpCsvLayout(columns, indexes, 0, 0, tool, path); }
        var header = new McpCsvRecord(csv, new McpCsvLayout(columns, indexes, 0, 0, tool, path), headerRow: true);
        header.MoveNext();
        var names = new string[header.CellCount];
        for (var i = 0; i < names.Length; i++) { names[i] = header.Cell(i); }
        for (var c = 0; c < columns.Length; c++)
        {
            indexes[c] = Array.IndexOf(names, columns[c]);
            if (indexes[c] < 0)
            {
                throw new McpResultMismatchException(tool, path, "the CSV has no column \"" + columns[c] + "\" (its columns: " + string.Join(", ", names) + ")");
            }
        }

        return new McpCsvLayout(columns, indexes, names.Length, header.Position, tool, path);
    }
}

/// <summary>
/// The current row of an <see cref="McpCsvRows{TRow}"/> enumeration: typed cells by column, parsed straight from the
/// text (only text cells become strings). One instance per enumeration, reused for every row. Called by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class McpCsvRecord
{
    private readonly string _text;
    private McpCsvSpecials _specials;
    private readonly McpCsvLayout _layout;
    private int[] _starts;
    private int[] _lengths;
    private bool[] _quoted;
    private int _row;

    internal McpCsvRecord(string text, McpCsvLayout layout, bool headerRow = false)
    {
        _row = headerRow ? -2 : -1;
        _text = text;
        _layout = layout;
        Position = headerRow ? 0 : layout.DataStart;
        var capacity = Math.Max(layout.HeaderCells, 8);
        _starts = new int[capacity];
        _lengths = new int[capacity];
        _quoted = new bool[capacity];
    }

    internal int Position { get; private set; }

    internal int CellCount { get; private set; }

    /// <summary>Reads the next row; false at the end of the text (a last line break ends no row).</summary>
    internal bool MoveNext()
    {
        var text = _text;
        var pos = Position;
        if (pos >= text.Length) { return false; }
        _row++;
        var count = 0;
        while (true)
        {
            if (count == _starts.Length) { Grow(); }
            if (pos < text.Length && text[pos] == '"')
            {
                // Quoted: up to the quote that is not doubled; the cell keeps its doubled quotes until it is read.
                var start = pos + 1;
                var next = start;
                int end;
                while (true)
                {
                    var q = _specials.Next(text, next);
                    if (q >= text.Length) { throw BadRow("has a quoted cell that never ends"); }
                    if (text[q] != '"') { next = q + 1; continue; }
                    if (q + 1 < text.Length && text[q + 1] == '"') { next = q + 2; continue; }
                    end = q;
                    break;
                }

                _starts[count] = start;
                _lengths[count] = end - start;
                _quoted[count] = true;
                pos = end + 1;
            }
            else
            {
                // Unquoted: up to the next comma or line break (a quote inside is text).
                var start = pos;
                var e = _specials.Next(text, pos);
                while (e < text.Length && text[e] == '"') { e = _specials.Next(text, e + 1); }
                _starts[count] = start;
                _lengths[count] = e - start;
                _quoted[count] = false;
                pos = e;
            }

            count++;
            if (pos >= text.Length) { break; }
            var c = text[pos];
            if (c == ',') { pos++; continue; }
            if (c == '\r') { pos++; if (pos < text.Length && text[pos] == '\n') { pos++; } break; }
            if (c == '\n') { pos++; break; }
            throw BadRow("has text after a closing quote");
        }

        Position = pos;
        CellCount = count;
        if (_layout.HeaderCells > 0 && count < _layout.HeaderCells)
        {
            throw BadRow($"has {count.ToString(CultureInfo.InvariantCulture)} cells where the header has {_layout.HeaderCells.ToString(CultureInfo.InvariantCulture)}");
        }

        return true;
    }

    /// <summary>The text of a cell by its index in the CSV (header reading).</summary>
    internal string Cell(int index) => Text(index);

    /// <summary>A text column; empty is empty text.</summary>
    public string String(int column) => Text(_layout.Indexes[column]);

    /// <summary>A text column; empty is null.</summary>
    public string? StringOrNull(int column)
    {
        var cell = _layout.Indexes[column];
        return _lengths[cell] == 0 ? null : Text(cell);
    }

    /// <summary>A required integer column.</summary>
    public long Int64(int column) => Int64OrNull(column) ?? throw Bad(column, "is empty");

    /// <summary>An optional integer column; empty is null.</summary>
    public long? Int64OrNull(int column)
    {
        var span = Span(column);
        if (span.IsEmpty) { return null; }
        return TryParseInt64(span, out var v) ? v : throw Bad(column, "is not an integer: \"" + span.ToString() + "\"");
    }

    /// <summary>A required number column.</summary>
    public double Double(int column) => DoubleOrNull(column) ?? throw Bad(column, "is empty");

    /// <summary>An optional number column; empty is null.</summary>
    public double? DoubleOrNull(int column)
    {
        var span = Span(column);
        if (span.IsEmpty) { return null; }
        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(column, "is not a number: \"" + span.ToString() + "\"");
    }

    /// <summary>A required boolean column (<c>1</c>/<c>0</c>, <c>true</c>/<c>false</c>).</summary>
    public bool Boolean(int column) => BooleanOrNull(column) ?? throw Bad(column, "is empty");

    /// <summary>An optional boolean column; empty is null.</summary>
    public bool? BooleanOrNull(int column)
    {
        var span = Span(column);
        if (span.IsEmpty) { return null; }
        if (span is "1") { return true; }
        if (span is "0") { return false; }
        return bool.TryParse(span, out var v) ? v : throw Bad(column, "is not a boolean: \"" + span.ToString() + "\"");
    }

    /// <summary>A required ISO-8601 date-time column.</summary>
    public DateTimeOffset DateTime(int column) => DateTimeOrNull(column) ?? throw Bad(column, "is empty");

    /// <summary>An optional ISO-8601 date-time column; empty is null.</summary>
    public DateTimeOffset? DateTimeOrNull(int column)
    {
        var span = Span(column);
        if (span.IsEmpty) { return null; }
        return DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)
            ? v
            : throw Bad(column, "is not an ISO-8601 date-time: \"" + span.ToString() + "\"");
    }

    // Plain digits with an optional minus (nearly every cell) without the general parser; anything else through it.
    private static bool TryParseInt64(ReadOnlySpan<char> span, out long value)
    {
        var i = span[0] == '-' ? 1 : 0;
        if (i == span.Length || span.Length - i > 18) { return long.TryParse(span, NumberStyles.Integer, CultureInfo.InvariantCulture, out value); }
        var v = 0L;
        for (; i < span.Length; i++)
        {
            var digit = (uint)(span[i] - '0');
            if (digit > 9) { return long.TryParse(span, NumberStyles.Integer, CultureInfo.InvariantCulture, out value); }
            v = (v * 10) + digit;
        }

        value = span[0] == '-' ? -v : v;
        return true;
    }

    // A quoted cell with doubled quotes is unescaped into a string first (rare); any other cell is a slice of the text.
    private ReadOnlySpan<char> Span(int column)
    {
        var cell = _layout.Indexes[column];
        var span = _text.AsSpan(_starts[cell], _lengths[cell]);
        return _quoted[cell] && span.Contains('"') ? Text(cell).AsSpan() : span;
    }

    private string Text(int cell)
    {
        var span = _text.AsSpan(_starts[cell], _lengths[cell]);
        if (span.IsEmpty) { return string.Empty; }
        var quotes = _quoted[cell] ? span.Count('"') : 0;
        if (quotes == 0) { return span.ToString(); }

        // Doubled quotes become one, straight into the new string.
        return string.Create(span.Length - (quotes / 2), (_text, _starts[cell], _lengths[cell]), static (chars, state) =>
        {
            var source = state._text.AsSpan(state.Item2, state.Item3);
            var j = 0;
            for (var i = 0; i < source.Length; i++)
            {
                chars[j++] = source[i];
                if (source[i] == '"') { i++; }
            }
        });
    }

    private void Grow()
    {
        Array.Resize(ref _starts, _starts.Length * 2);
        Array.Resize(ref _lengths, _lengths.Length * 2);
        Array.Resize(ref _quoted, _quoted.Length * 2);
    }

    // Data rows count from 0 in paths (csv[0]) and from 1 in messages (CSV row 1), the header not counted.
    private McpResultMismatchException Bad(int column, string problem)
    {
        var header = _layout.Columns[column];
        return new McpResultMismatchException(_layout.Tool, _layout.Path + "[" + _row.ToString(CultureInfo.InvariantCulture) + "]." + header,
            "CSV row " + (_row + 1).ToString(CultureInfo.InvariantCulture) + ", column \"" + header + "\" " + problem);
    }

    private McpResultMismatchException BadRow(string problem)
        => new(_layout.Tool, _layout.Path + "[" + _row.ToString(CultureInfo.InvariantCulture) + "]",
            "CSV row " + (_row + 1).ToString(CultureInfo.InvariantCulture) + " " + problem);
}

/// <summary>
/// Finds the CSV's special characters (comma, quote, CR, LF) in order, a vector of characters at a time: each block's
/// matches become a bit mask, and the characters in between are never looked at one by one.
/// </summary>
internal struct McpCsvSpecials
{
    private int _block;
    private uint _bits;
    private bool _started;

    /// <summary>The index of the first special character at or after <paramref name="from"/>, or the text's length.</summary>
    public int Next(string text, int from)
    {
        if (!_started || from >= _block + Width || from < _block)
        {
            // First use, or a jump outside the current block: start the scan at this block.
            _started = true;
            _block = from;
            _bits = Scan(text, from);
        }

        while (true)
        {
            while (_bits != 0)
            {
                var index = _block + System.Numerics.BitOperations.TrailingZeroCount(_bits);
                _bits &= _bits - 1;
                if (index >= from) { return index; }
            }

            _block += Width;
            if (_block >= text.Length) { _block = text.Length; return text.Length; }
            _bits = Scan(text, _block);
        }
    }

    // Eight characters a block: 128-bit vectors are accelerated on every platform .NET runs on.
    private const int Width = 8;

    private static uint Scan(string text, int at)
    {
        if (at + Width <= text.Length)
        {
            ref var first = ref System.Runtime.CompilerServices.Unsafe.As<char, ushort>(ref System.Runtime.CompilerServices.Unsafe.Add(
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(text.AsSpan()), at));
            var v = Vector128.LoadUnsafe(ref first);
            var matches = Vector128.Equals(v, Vector128.Create((ushort)','))
                | Vector128.Equals(v, Vector128.Create((ushort)'"'))
                | Vector128.Equals(v, Vector128.Create((ushort)'\r'))
                | Vector128.Equals(v, Vector128.Create((ushort)'\n'));
            return matches.ExtractMostSignificantBits();
        }

        // The text's tail, shorter than a vector.
        var bits = 0u;
        for (var i = 0; at + i < text.Length && i < Width; i++)
        {
            if (text[at + i] is ',' or '"' or '\r' or '\n') { bits |= 1u << i; }
        }

        return bits;
    }
}

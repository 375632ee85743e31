using System;
using System.Collections.Generic;
using System.Globalization;

namespace TypedMcp.Benchmarks.Csv;

/// <summary>One ledger row, as the hand-written baseline produces it (the same fields and types as the generated row).</summary>
public sealed record LedgerRow(
    long Id, DateTimeOffset CreatedAt, string TenantCode, string OdooUrl, string OdooDb, long? MoveId, long? AttachmentId,
    string Source, string SourceMessageId, string Model, long InputTokens, long OutputTokens, long CacheReadTokens,
    long CacheCreationTokens, long CostMillicents, long CostUsdMillicents, long Pages, long DurationMs, string PromptVersion,
    string State, long Billed, string ErrorMessage, string Extra);

/// <summary>
/// The baseline: a hand-written, span-based RFC 4180 parser for the ledger export. Columns are found by header
/// name (as the generated reader does), cells are sliced from the text without copying, only quoted cells with
/// doubled quotes are unescaped, numbers and dates are parsed from spans.
/// </summary>
public static class SpanLedgerParser
{
    private static readonly string[] Columns = LedgerCsv.Header.Split(',');

    public static List<LedgerRow> Parse(string csv)
    {
        var rows = new List<LedgerRow>();
        if (csv.Length == 0) { return rows; }
        var text = csv.AsSpan();
        var pos = 0;
        Span<Range> cells = stackalloc Range[32];
        Span<bool> escaped = stackalloc bool[32];

        // Header: map each expected column to its index.
        var headerCount = ReadRecord(text, ref pos, cells, escaped);
        Span<int> map = stackalloc int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            map[c] = -1;
            for (var h = 0; h < headerCount; h++)
            {
                if (text[cells[h]].SequenceEqual(Columns[c].AsSpan())) { map[c] = h; break; }
            }

            if (map[c] < 0) { throw new FormatException("The CSV has no column \"" + Columns[c] + "\"."); }
        }

        while (pos < text.Length)
        {
            var count = ReadRecord(text, ref pos, cells, escaped);
            if (count == 1 && text[cells[0]].IsEmpty) { continue; }
            if (count < headerCount) { throw new FormatException("CSV row " + (rows.Count + 2).ToString(CultureInfo.InvariantCulture) + " has " + count.ToString(CultureInfo.InvariantCulture) + " cells."); }
            rows.Add(new LedgerRow(
                Long(text, cells, map[0]), Date(text, cells, map[1]), Str(text, cells, escaped, map[2]), Str(text, cells, escaped, map[3]),
                Str(text, cells, escaped, map[4]), LongOrNull(text, cells, map[5]), LongOrNull(text, cells, map[6]), Str(text, cells, escaped, map[7]),
                Str(text, cells, escaped, map[8]), Str(text, cells, escaped, map[9]), Long(text, cells, map[10]), Long(text, cells, map[11]),
                Long(text, cells, map[12]), Long(text, cells, map[13]), Long(text, cells, map[14]), Long(text, cells, map[15]),
                Long(text, cells, map[16]), Long(text, cells, map[17]), Str(text, cells, escaped, map[18]), Str(text, cells, escaped, map[19]),
                Long(text, cells, map[20]), Str(text, cells, escaped, map[21]), Str(text, cells, escaped, map[22])));
        }

        return rows;
    }

    /// <summary>Reads one record from <paramref name="pos"/>, leaving cell ranges (quotes stripped) and whether a cell holds doubled quotes.</summary>
    private static int ReadRecord(ReadOnlySpan<char> text, ref int pos, Span<Range> cells, Span<bool> escaped)
    {
        var count = 0;
        while (true)
        {
            if (count == cells.Length) { throw new FormatException("Too many cells in a CSV row."); }
            escaped[count] = false;
            if (pos < text.Length && text[pos] == '"')
            {
                var start = ++pos;
                while (true)
                {
                    var q = text.Slice(pos).IndexOf('"');
                    if (q < 0) { throw new FormatException("Unterminated quoted CSV cell."); }
                    pos += q;
                    if (pos + 1 < text.Length && text[pos + 1] == '"') { escaped[count] = true; pos += 2; continue; }
                    break;
                }

                cells[count++] = new Range(start, pos);
                pos++;
            }
            else
            {
                var rest = text.Slice(pos);
                var end = rest.IndexOfAny(',', '\r', '\n');
                if (end < 0) { end = rest.Length; }
                cells[count++] = new Range(pos, pos + end);
                pos += end;
            }

            if (pos >= text.Length) { return count; }
            var c = text[pos];
            if (c == ',') { pos++; continue; }
            if (c == '\r') { pos++; }
            if (pos < text.Length && text[pos] == '\n') { pos++; }
            return count;
        }
    }

    private static string Str(ReadOnlySpan<char> text, Span<Range> cells, Span<bool> escaped, int i)
    {
        var cell = text[cells[i]];
        if (cell.IsEmpty) { return string.Empty; }
        return escaped[i] ? cell.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : cell.ToString();
    }

    private static long Long(ReadOnlySpan<char> text, Span<Range> cells, int i)
        => long.Parse(text[cells[i]], NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long? LongOrNull(ReadOnlySpan<char> text, Span<Range> cells, int i)
    {
        var cell = text[cells[i]];
        return cell.IsEmpty ? null : long.Parse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset Date(ReadOnlySpan<char> text, Span<Range> cells, int i)
        => DateTimeOffset.Parse(text[cells[i]], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

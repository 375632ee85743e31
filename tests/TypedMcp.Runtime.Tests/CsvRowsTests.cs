using System;
using System.Linq;

namespace TypedMcp.Runtime.Tests;

/// <summary>McpCsvRows, the reader generated CSV columns are exposed as: RFC 4180, by header name, row by row.</summary>
public sealed class CsvRowsTests
{
    private sealed record Row(long Id, string Name, long? Count, double? Ratio, bool Ok, DateTimeOffset? At);

    private static readonly string[] Columns = { "id", "name", "count", "ratio", "ok", "at" };

    private static McpCsvRows<Row> Read(string csv) => new(csv, Columns, "tool", "csv", static r => new Row(
        r.Int64(0), r.String(1), r.Int64OrNull(2), r.DoubleOrNull(3), r.Boolean(4), r.DateTimeOrNull(5)));

    [Fact]
    public void Cells_are_read_by_header_name_with_quotes_commas_line_breaks_and_doubled_quotes()
    {
        var csv = "at,ok,ratio,count,name,id,extra\r\n"
            + "2026-03-01T08:30:00Z,1,0.5,,\"a, \"\"quoted\"\" name\",-7,x\r\n"
            + ",false,,12,\"two\nlines\",8,\"\"\n";

        var rows = Read(csv).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(new Row(-7, "a, \"quoted\" name", null, 0.5, true, new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero)), rows[0]);
        Assert.Equal(new Row(8, "two\nlines", 12, null, false, null), rows[1]);
    }

    [Fact]
    public void Empty_text_has_no_rows_and_a_header_alone_has_none_either()
    {
        Assert.Empty(Read(string.Empty));
        Assert.Empty(Read("id,name,count,ratio,ok,at\r\n"));
    }

    [Fact]
    public void Each_enumeration_reads_the_text_again()
    {
        var rows = Read("id,name,count,ratio,ok,at\n1,a,,,0,\n2,b,,,1,");

        Assert.Equal(new long[] { 1, 2 }, rows.Select(r => r.Id).ToArray());
        Assert.Equal(new long[] { 1, 2 }, rows.Select(r => r.Id).ToArray());
    }

    [Fact]
    public void A_missing_column_is_reported_when_the_result_is_read()
    {
        var e = Assert.Throws<McpResultMismatchException>(() => Read("id,name,count,ok,at\n"));

        Assert.Equal("csv", e.FieldPath);
        Assert.Contains("no column \"ratio\"", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_is_reported_when_its_row_is_reached_naming_row_and_column()
    {
        var rows = Read("id,name,count,ratio,ok,at\n1,a,,,1,\n2,b,12x,,1,");

        using var enumerator = rows.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        var e = Assert.Throws<McpResultMismatchException>(() => enumerator.MoveNext());
        Assert.Equal("csv[1].count", e.FieldPath);
        Assert.Contains("CSV row 2, column \"count\" is not an integer: \"12x\"", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,name,count,ratio,ok,at\n1,a,,,1\n", "CSV row 1 has 5 cells where the header has 6")]
    [InlineData("id,name,count,ratio,ok,at\n1,\"a,,,1,\n", "CSV row 1 has a quoted cell that never ends")]
    [InlineData("id,name,count,ratio,ok,at\n1,\"a\"b,,,1,\n", "CSV row 1 has text after a closing quote")]
    [InlineData("id,name,count,ratio,ok,at\n1,a,,,maybe,\n", "CSV row 1, column \"ok\" is not a boolean: \"maybe\"")]
    [InlineData("id,name,count,ratio,ok,at\n,a,,,1,\n", "CSV row 1, column \"id\" is empty")]
    public void A_malformed_row_is_reported_with_what_is_wrong(string csv, string problem)
    {
        var e = Assert.Throws<McpResultMismatchException>(() => Read(csv).ToList());

        Assert.Equal(problem, e.Problem);
    }

    [Fact]
    public void Long_cells_and_integers_beyond_the_fast_path_are_read_like_short_ones()
    {
        var name = new string('x', 5_000);
        var rows = Read($"id,name,count,ratio,ok,at\n9223372036854775807,{name},-9223372036854775808,1e3,true,\n").ToList();

        Assert.Equal(new Row(long.MaxValue, name, long.MinValue, 1000, true, null), Assert.Single(rows));
    }
}

using System;
using System.ComponentModel;
using System.Globalization;
using CsvHelper;

namespace TypedMcp;

/// <summary>
/// Reads CSV text embedded in a tool result (<c>contentMediaType: text/csv</c>) with CsvHelper, by header name.
/// A missing column or a value that does not parse throws <see cref="McpResultMismatchException"/> naming the
/// row and the column. Called by generated code, which declares the row types and opens the reader.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpCsv
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>A reader over CSV text (comma separated, header row, RFC 4180 quoting).</summary>
    public static CsvReader Open(string csv) => CsvReader.FromText(csv ?? string.Empty, Options);

    /// <summary>The index of the column with exactly this header name.</summary>
    public static int Column(CsvReader reader, string header, string tool, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var headers = reader.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i], header, StringComparison.Ordinal)) { return i; }
        }

        throw new McpResultMismatchException(tool, path, "the CSV has no column \"" + header + "\" (its columns: " + string.Join(", ", headers) + ")");
    }

    /// <summary>A text field; empty is empty text.</summary>
    public static string String(CsvReader reader, int column) => reader.GetString(column) ?? string.Empty;

    /// <summary>A text field; empty is null.</summary>
    public static string? StringOrNull(CsvReader reader, int column) => reader.IsEmpty(column) ? null : reader.GetString(column);

    /// <summary>A required integer field.</summary>
    public static long Int64(CsvReader reader, int column, string header, string tool, string path)
        => Int64OrNull(reader, column, header, tool, path) ?? throw Bad(reader, header, tool, path, "is empty");

    /// <summary>An optional integer field; empty is null.</summary>
    public static long? Int64OrNull(CsvReader reader, int column, string header, string tool, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsEmpty(column)) { return null; }
        return reader.TryParse<long>(column, out var v) ? v : throw Bad(reader, header, tool, path, "is not an integer: \"" + reader.GetString(column) + "\"");
    }

    /// <summary>A required number field.</summary>
    public static double Double(CsvReader reader, int column, string header, string tool, string path)
        => DoubleOrNull(reader, column, header, tool, path) ?? throw Bad(reader, header, tool, path, "is empty");

    /// <summary>An optional number field; empty is null.</summary>
    public static double? DoubleOrNull(CsvReader reader, int column, string header, string tool, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsEmpty(column)) { return null; }
        return reader.TryParse<double>(column, out var v) ? v : throw Bad(reader, header, tool, path, "is not a number: \"" + reader.GetString(column) + "\"");
    }

    /// <summary>A required boolean field (<c>1</c>/<c>0</c>, <c>true</c>/<c>false</c>).</summary>
    public static bool Boolean(CsvReader reader, int column, string header, string tool, string path)
        => BooleanOrNull(reader, column, header, tool, path) ?? throw Bad(reader, header, tool, path, "is empty");

    /// <summary>An optional boolean field; empty is null.</summary>
    public static bool? BooleanOrNull(CsvReader reader, int column, string header, string tool, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsEmpty(column)) { return null; }
        return reader.TryParse<bool>(column, out var v) ? v : throw Bad(reader, header, tool, path, "is not a boolean: \"" + reader.GetString(column) + "\"");
    }

    /// <summary>A required ISO-8601 date-time field.</summary>
    public static DateTimeOffset DateTime(CsvReader reader, int column, string header, string tool, string path)
        => DateTimeOrNull(reader, column, header, tool, path) ?? throw Bad(reader, header, tool, path, "is empty");

    /// <summary>An optional ISO-8601 date-time field; empty is null.</summary>
    public static DateTimeOffset? DateTimeOrNull(CsvReader reader, int column, string header, string tool, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsEmpty(column)) { return null; }
        var text = reader.GetString(column);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v)
            ? v
            : throw Bad(reader, header, tool, path, "is not an ISO-8601 date-time: \"" + text + "\"");
    }

    private static McpResultMismatchException Bad(CsvReader reader, string header, string tool, string path, string problem)
        => new(tool, path + "[" + (reader.RowNumber - 1).ToString(CultureInfo.InvariantCulture) + "]." + header,
            "CSV row " + reader.RowNumber.ToString(CultureInfo.InvariantCulture) + ", column \"" + header + "\" " + problem);
}

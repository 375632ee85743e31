using System;
using System.Globalization;
using ModelContextProtocol;

namespace OdooDemoServer.Data;

/// <summary>
/// An inclusive range of ledger timestamps from the tools' <c>date_from</c>/<c>date_to</c> arguments (ISO-8601,
/// UTC unless an offset is given; empty means unbounded; a bare date as <c>date_to</c> includes that whole day).
/// Bounds are kept in the ledger's own text format so SQLite compares them as text.
/// </summary>
internal sealed record UtcRange(string? From, string? To)
{
    private const string LedgerFormat = "yyyy-MM-ddTHH:mm:ssZ";

    public static UtcRange Parse(string? dateFrom, string? dateTo)
    {
        var from = ParseBound(dateFrom, "date_from", endOfDay: false);
        var to = ParseBound(dateTo, "date_to", endOfDay: true);
        if (from is not null && to is not null && from > to)
        {
            throw new McpException($"date_from ({dateFrom}) is after date_to ({dateTo}).");
        }

        // The ledger stores whole seconds: round the lower bound up and the upper bound down.
        return new UtcRange(
            from is { } f ? new DateTime(f.Ticks - (f.Ticks % TimeSpan.TicksPerSecond) + (f.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : TimeSpan.TicksPerSecond), DateTimeKind.Utc).ToString(LedgerFormat, CultureInfo.InvariantCulture) : null,
            to is { } t ? new DateTime(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).ToString(LedgerFormat, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The SQL condition over <c>created_at</c>; parameters <c>$from</c>/<c>$to</c> are added by <see cref="Bind"/>.</summary>
    public string Condition => (From, To) switch
    {
        (null, null) => "1 = 1",
        (_, null) => "created_at >= $from",
        (null, _) => "created_at <= $to",
        _ => "created_at >= $from AND created_at <= $to",
    };

    public void Bind(Microsoft.Data.Sqlite.SqliteCommand command)
    {
        if (From is not null) { command.Parameters.AddWithValue("$from", From); }
        if (To is not null) { command.Parameters.AddWithValue("$to", To); }
    }

    private static DateTime? ParseBound(string? text, string name, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text)) { return null; }
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
        {
            return endOfDay ? day.AddDays(1).AddTicks(-1) : day;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && text.Contains('T', StringComparison.Ordinal))
        {
            return instant.UtcDateTime;
        }

        throw new McpException($"{name} '{text}' is not an ISO-8601 date or UTC timestamp; write e.g. 2026-10-01 or 2026-10-01T00:00:00Z.");
    }
}

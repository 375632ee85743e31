using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using TypedMcp.Benchmarks.Csv;
using TypedMcp.Benchmarks.Infrastructure;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G6: a 100,000-row usage-ledger export (the server's maximum) read row by row into typed rows, each row used and
/// dropped (a running sum), so nothing but the text and the current row is alive. Baseline: Sep 0.17.1 building the
/// same record. Measured: the generated rows (<c>McpCsvRows</c>, read as they are enumerated) over the same text, and
/// the whole generated result path from the tool's JSON answer (unescape the csv string, then the rows).
/// </summary>
[Config(typeof(ShortConfig))]
public class G6CsvBenchmarks
{
    public const int RowCount = 100_000;

    private string _csv = string.Empty;
    private JsonDocument _answer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _csv = LedgerCsv.Create(RowCount);
        var answer = new JsonObject { ["tenant_code"] = "tenant-1", ["rows"] = RowCount, ["csv"] = _csv };
        _answer = JsonDocument.Parse(answer.ToJsonString());
        Console.WriteLine($"// G6 input: {RowCount} rows, {_csv.Length:N0} chars of CSV ({_csv.Length * 2:N0} bytes as a .NET string)");

        // The two readers must agree on every cell, or the comparison means nothing.
        var generated = GeneratedRows().ToList();
        var baseline = SepLedgerParser.ToList(_csv);
        if (generated.Count != RowCount || baseline.Count != RowCount) { throw new InvalidOperationException($"Row counts: generated {generated.Count}, Sep {baseline.Count}."); }
        for (var i = 0; i < RowCount; i++)
        {
            var g = generated[i];
            var b = baseline[i];
            var same = g.Id == b.Id && g.CreatedAt == b.CreatedAt && g.TenantCode == b.TenantCode && g.OdooUrl == b.OdooUrl && g.OdooDb == b.OdooDb
                && g.MoveId == b.MoveId && g.AttachmentId == b.AttachmentId && g.Source == b.Source && g.SourceMessageId == b.SourceMessageId
                && g.Model == b.Model && g.InputTokens == b.InputTokens && g.OutputTokens == b.OutputTokens && g.CacheReadTokens == b.CacheReadTokens
                && g.CacheCreationTokens == b.CacheCreationTokens && g.CostMillicents == b.CostMillicents && g.CostUsdMillicents == b.CostUsdMillicents
                && g.Pages == b.Pages && g.DurationMs == b.DurationMs && g.PromptVersion == b.PromptVersion && g.State == b.State
                && g.Billed == b.Billed && g.ErrorMessage == b.ErrorMessage && g.Extra == b.Extra;
            if (!same) { throw new InvalidOperationException($"Row {i} differs:\n generated {g}\n Sep       {b}"); }
        }

        if (FromJsonAnswer() != Generated()) { throw new InvalidOperationException("The JSON path read other rows."); }
    }

    [GlobalCleanup]
    public void Cleanup() => _answer.Dispose();

    [Benchmark(Baseline = true, Description = "Sep 0.17.1, row by row")]
    public long Sep()
    {
        var sum = 0L;
        SepLedgerParser.ForEach(_csv, row => sum += row.CostMillicents);
        return sum;
    }

    [Benchmark(Description = "generated rows (McpCsvRows), row by row")]
    public long Generated()
    {
        var sum = 0L;
        foreach (var row in GeneratedRows()) { sum += row.CostMillicents; }
        return sum;
    }

    [Benchmark(Description = "generated result from the JSON answer (unescape + rows)")]
    public long FromJsonAnswer()
    {
        var sum = 0L;
        foreach (var row in OdooClaudeMcpWire.ReadUsageLogExportResult(_answer.RootElement, "ai_usage_log_export", string.Empty).Csv) { sum += row.CostMillicents; }
        return sum;
    }

    private TypedMcp.McpCsvRows<UsageLogExportCsvRow> GeneratedRows() => OdooClaudeMcpWire.ReadUsageLogExportCsvRows(_csv, "ai_usage_log_export", "csv");

    /// <summary>The two readers alternated for <paramref name="rounds"/> rounds (so load drifts hit both alike), with median times.</summary>
    public static void Loop(int rounds)
    {
        var bench = new G6CsvBenchmarks();
        bench.Setup();
        var sep = new List<double>();
        var generated = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var w = System.Diagnostics.Stopwatch.StartNew();
            bench.Sep();
            sep.Add(w.Elapsed.TotalMilliseconds);
            w.Restart();
            bench.Generated();
            generated.Add(w.Elapsed.TotalMilliseconds);
        }

        sep.Sort();
        generated.Sort();
        Console.WriteLine($"Sep median {sep[rounds / 2]:F1} ms, generated median {generated[rounds / 2]:F1} ms, ratio {generated[rounds / 2] / sep[rounds / 2]:F2}");
        bench.Cleanup();
    }

    /// <summary>
    /// Live memory while the rows are read, for 10,000 and 100,000 rows: full collections every 5,000 rows measure what is
    /// alive then (the text is not counted); streaming keeps it flat. For contrast, the rows held in a list.
    /// </summary>
    public static void PrintMemory()
    {
        foreach (var count in new[] { 10_000, 100_000 })
        {
            var csv = LedgerCsv.Create(count);
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            var n = 0;
            foreach (var row in OdooClaudeMcpWire.ReadUsageLogExportCsvRows(csv, "ai_usage_log_export", "csv"))
            {
                if (++n % 5_000 == 0) { peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline); }
                GC.KeepAlive(row);
            }

            var before = GC.GetTotalMemory(forceFullCollection: true);
            var list = OdooClaudeMcpWire.ReadUsageLogExportCsvRows(csv, "ai_usage_log_export", "csv").ToList();
            var held = GC.GetTotalMemory(forceFullCollection: true) - before;
            GC.KeepAlive(list);
            Console.WriteLine($"{count:N0} rows: CSV text {csv.Length * 2L:N0} bytes; live while streaming (beyond the text) at most {peak:N0} bytes; rows held in a list {held:N0} bytes");
            GC.KeepAlive(csv);
        }
    }
}

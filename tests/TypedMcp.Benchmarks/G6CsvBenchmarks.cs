using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using TypedMcp.Benchmarks.Csv;
using TypedMcp.Benchmarks.Infrastructure;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G6: a 100,000-row usage-ledger export (the server's maximum) into typed rows. Baseline: the hand-written
/// span-based parser. Measured: the generated reader (<c>OdooClaudeMcpWire.ReadUsageLogExportCsvRows</c>, CsvHelper 34
/// through <c>McpCsv</c>) on the same CSV text, and the whole generated result path from the tool's JSON answer.
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

        // The two parsers must agree on every cell, or the comparison means nothing.
        var generated = Generated();
        var baseline = Baseline();
        if (generated.Count != RowCount || baseline.Count != RowCount) { throw new InvalidOperationException($"Row counts: generated {generated.Count}, baseline {baseline.Count}."); }
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
            if (!same) { throw new InvalidOperationException($"Row {i} differs:\n generated {g}\n baseline  {b}"); }
        }

        if (FromJsonAnswer().Csv.Count != RowCount) { throw new InvalidOperationException("The JSON path lost rows."); }
    }

    [GlobalCleanup]
    public void Cleanup() => _answer.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written span parser")]
    public List<LedgerRow> Baseline() => SpanLedgerParser.Parse(_csv);

    [Benchmark(Description = "generated reader (CsvHelper 34 via McpCsv)")]
    public IReadOnlyList<UsageLogExportCsvRow> Generated() => OdooClaudeMcpWire.ReadUsageLogExportCsvRows(_csv, "ai_usage_log_export", "csv");

    [Benchmark(Description = "generated result from the JSON answer (unescape + CSV)")]
    public UsageLogExportResult FromJsonAnswer() => OdooClaudeMcpWire.ReadUsageLogExportResult(_answer.RootElement, "ai_usage_log_export", string.Empty);

    /// <summary>Retained heap of the parsed rows (what stays alive while the caller holds the list), for the peak-memory statement.</summary>
    public static void PrintRetained()
    {
        var bench = new G6CsvBenchmarks();
        bench.Setup();
        Console.WriteLine($"CSV text: {bench._csv.Length * 2L:N0} bytes");
        Console.WriteLine($"baseline rows retained: {Retained(() => bench.Baseline()):N0} bytes");
        Console.WriteLine($"generated rows retained: {Retained(() => bench.Generated()):N0} bytes");
        bench.Cleanup();
    }

    private static long Retained(Func<object> make)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var result = make();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        return after - before;
    }
}

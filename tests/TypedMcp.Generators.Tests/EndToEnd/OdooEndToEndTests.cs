using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp.Generators.Tests.EndToEnd;

public sealed class OdooEndToEndTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly LedgerRow[] Ledger =
    {
        new(1, March.AddDays(-3), "acme", 501, "claude-sonnet-4", 1250, "success", ""),
        new(2, March.AddDays(2), "acme", null, "claude-haiku-4", 80, "error", "timeout, retried"),
        new(3, March.AddDays(5), "other", 7, "claude-sonnet-4", 999, "success", ""),
        new(4, March.AddDays(9), "acme", 502, "claude-opus-4", 40000, "cached", ""),
        new(5, March.AddDays(40), "acme", 503, "claude-sonnet-4", 1, "success", ""),
    };

    [Fact]
    public async Task The_generated_client_exports_typed_ledger_rows_for_the_date_range()
    {
        await using var server = new FakeOdooServer(Ledger);
        var odoo = new OdooClient(await server.StartAsync());

        UsageLogExportResult r = await odoo.UsageLogExportAsync("acme", March, March.AddDays(10), CancellationToken.None);

        Assert.Equal("acme", r.TenantCode);
        Assert.Equal(2, r.Rows);
        var rows = r.Csv.ToList();
        Assert.Equal(new long[] { 2, 4 }, rows.Select(row => row.Id).ToArray());
        var first = rows[0];
        Assert.Equal(March.AddDays(2), first.CreatedAt);
        Assert.Equal("claude-haiku-4", first.Model);
        Assert.Equal(80, first.CostMillicents);
        Assert.Null(first.MoveId);
        Assert.Equal("timeout, retried", first.ErrorMessage);
        Assert.Equal(0, first.Billed);
        Assert.Equal("{\"note\": \"a, \\\"quoted\\\" value\"}", first.Extra);
        Assert.Equal(502, rows[1].MoveId);
        Assert.Equal(40000, rows[1].CostMillicents);
    }

    [Fact]
    public async Task An_export_with_no_rows_gives_an_empty_list()
    {
        await using var server = new FakeOdooServer(Ledger);
        var odoo = new OdooClient(await server.StartAsync());

        var r = await odoo.UsageLogExportAsync("nobody", March, March.AddDays(1), CancellationToken.None);

        Assert.Equal(0, r.Rows);
        Assert.Empty(r.Csv);
    }

    [Fact]
    public async Task A_tool_without_an_output_schema_returns_its_text_and_json()
    {
        await using var server = new FakeOdooServer(Ledger);
        var odoo = new OdooClient(await server.StartAsync());

        var r = await odoo.SearchCountAsync("ai.usage.log", cancellationToken: CancellationToken.None);

        Assert.Equal("5", r.Text);
        Assert.Equal(5, r.Json!.Value.GetInt32());
    }

    [Fact]
    public async Task An_error_result_becomes_McpToolException_with_the_tool_name_and_server_message()
    {
        await using var server = new FakeOdooServer(Ledger);
        var odoo = new OdooClient(await server.StartAsync());

        var e = await Assert.ThrowsAsync<McpToolException>(() => odoo.SearchCountAsync("nomodel", cancellationToken: CancellationToken.None));

        Assert.Equal("odoo_search_count", e.ToolName);
        Assert.Contains("Model 'nomodel' does not exist.", e.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_csv_value_becomes_McpResultMismatchException_naming_row_and_column()
    {
        var ledger = Ledger.Select(r => r with { TenantCode = "broken-csv" }).ToArray();
        await using var server = new FakeOdooServer(ledger);
        var odoo = new OdooClient(await server.StartAsync());

        // The rows are read as they are enumerated: the call succeeds, the bad row throws when it is reached.
        var r = await odoo.UsageLogExportAsync("broken-csv", March.AddDays(-10), March.AddDays(10), CancellationToken.None);
        var e = Assert.Throws<McpResultMismatchException>(() => r.Csv.ToList());

        Assert.Equal("ai_usage_log_export", e.ToolName);
        Assert.Equal("csv[0].cost_millicents", e.FieldPath);
        Assert.Contains("row 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_missing_a_required_field_becomes_McpResultMismatchException()
    {
        await using var server = new FakeOdooServer(Ledger);
        var odoo = new OdooClient(await server.StartAsync());

        var e = await Assert.ThrowsAsync<McpResultMismatchException>(() => odoo.UsageLogExportAsync("no-csv", March, March, CancellationToken.None));

        Assert.Equal("csv", e.FieldPath);
        Assert.Contains("missing", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_untyped_escape_hatch_calls_any_tool_by_name()
    {
        await using var server = new FakeOdooServer(Ledger);
        var odoo = new OdooClient(await server.StartAsync());

        var r = await odoo.CallToolAsync("odoo_search_count", new Dictionary<string, object?> { ["model"] = "res.partner" }, CancellationToken.None);

        Assert.Equal("5", r.Text);
    }
}

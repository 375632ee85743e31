using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedMcp.Generators.Tests.EndToEnd;

/// <summary>One row of the in-memory AI usage ledger (the columns of the real server's export, in order).</summary>
public sealed record LedgerRow(long Id, DateTimeOffset CreatedAt, string TenantCode, long? MoveId, string Model, long CostMillicents, string State, string ErrorMessage);

/// <summary>
/// An in-process MCP server, built with the C# SDK, that answers a few Odoo Claude MCP tools the way the real
/// server does: one text block of JSON. Tenant "broken-csv" gets a CSV with a bad number, tenant "no-csv" an
/// answer without its csv field.
/// </summary>
public sealed class FakeOdooServer : IAsyncDisposable
{
    public static readonly string[] Columns =
    {
        "id", "created_at", "tenant_code", "odoo_url", "odoo_db", "move_id", "attachment_id", "source", "source_message_id", "model",
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_millicents", "cost_usd_millicents", "pages",
        "duration_ms", "prompt_version", "state", "billed", "error_message", "extra",
    };

    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public FakeOdooServer(IReadOnlyList<LedgerRow> ledger) => Ledger = ledger;

    public IReadOnlyList<LedgerRow> Ledger { get; }

    public McpClient? Client { get; private set; }

    public async Task<McpClient> StartAsync()
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "odoo-claude-mcp", Version = "3.3.11" },
            ToolCollection =
            [
                McpServerTool.Create(
                    (string connection = "default", string tenant_code = "", string date_from = "", string date_to = "") => Export(tenant_code, date_from, date_to),
                    new McpServerToolCreateOptions { Name = "ai_usage_log_export" }),
                McpServerTool.Create(
                    (string model, JsonElement? domain = null, string connection = "default") => SearchCount(model),
                    new McpServerToolCreateOptions { Name = "odoo_search_count" }),
            ],
        };
        var server = McpServer.Create(new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), "fake-odoo", null), options);
        _run = server.RunAsync(_stop.Token);
        Client = await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), null));
        return Client;
    }

    private string SearchCount(string model)
    {
        if (!model.Contains('.', StringComparison.Ordinal)) { throw new McpException($"Model '{model}' does not exist."); }
        return Ledger.Count.ToString(CultureInfo.InvariantCulture);
    }

    private string Export(string tenant, string from, string to)
    {
        if (tenant == "no-csv") { return """{"tenant_code": "no-csv", "rows": 0}"""; }
        var lower = from.Length == 0 ? DateTimeOffset.MinValue : DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        var upper = to.Length == 0 ? DateTimeOffset.MaxValue : DateTimeOffset.Parse(to, CultureInfo.InvariantCulture);
        var rows = Ledger.Where(r => r.TenantCode == tenant && r.CreatedAt >= lower && r.CreatedAt <= upper).OrderBy(r => r.Id).ToList();
        var csv = new StringBuilder();
        if (rows.Count > 0 || tenant == "broken-csv")
        {
            csv.Append(string.Join(",", Columns)).Append("\r\n");
            foreach (var r in rows)
            {
                var cost = tenant == "broken-csv" ? "12.5x" : r.CostMillicents.ToString(CultureInfo.InvariantCulture);
                string[] cells =
                {
                    r.Id.ToString(CultureInfo.InvariantCulture), r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    r.TenantCode, "https://erp.example.test", "prod", r.MoveId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, string.Empty,
                    "upload", string.Empty, r.Model, "1200", "300", "0", "0", cost, "900", "2", "1534", "v7", r.State,
                    r.State == "success" ? "1" : "0", r.ErrorMessage, """{"note": "a, \"quoted\" value"}""",
                };
                csv.Append(string.Join(",", cells.Select(Quote))).Append("\r\n");
            }
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["tenant_code"] = tenant, ["rows"] = rows.Count, ["csv"] = csv.ToString() });
    }

    private static string Quote(string cell)
        => cell.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    public async ValueTask DisposeAsync()
    {
        if (Client is not null) { await Client.DisposeAsync(); }
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try { await _run; }
            catch (OperationCanceledException) { }
        }

        _stop.Dispose();
    }
}

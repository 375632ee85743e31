using System;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using OdooDemoServer.Data;

namespace OdooDemoServer.Tools;

/// <summary>The AI usage ledger tools: CSV export for billing, row queries and summary figures.</summary>
/// <remarks>Parameter names are the wire names of the real server (snake_case), checked against tool-schemas.json at start-up.</remarks>
internal sealed class UsageLogTools(DemoDatabase database)
{
    private static readonly string[] States = { "success", "error", "cached", "skipped" };
    private static readonly string[] Sources = { "upload", "gmail", "terminal", "api" };
    private static readonly string ColumnList = string.Join(", ", UsageLedger.Columns.Select(c => c.Name));

    [McpServerTool(Name = "ai_usage_log_export", ReadOnly = true), Description("Exports one tenant's ledger rows in a date range as CSV text, for billing.")]
    public string Export(string connection = "default", string tenant_code = "", string date_from = "", string date_to = "")
    {
        var tenant = Tenants.TenantFor(connection, tenant_code);
        var range = UtcRange.Parse(date_from, date_to);
        var (csv, rows) = database.Use(db =>
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT {ColumnList} FROM ai_usage_log WHERE tenant_code = $tenant AND {range.Condition} ORDER BY created_at, id LIMIT {UsageLedger.MaxExportRows}";
            command.Parameters.AddWithValue("$tenant", tenant);
            range.Bind(command);
            using var reader = command.ExecuteReader();
            var writer = new CsvText();
            var count = 0;
            while (reader.Read())
            {
                if (count == 0) { writer.WriteRecord(UsageLedger.Columns.Select(c => c.Name)); }
                writer.WriteRecord(Enumerable.Range(0, reader.FieldCount).Select(i => CsvField(reader, i)));
                count++;
            }

            return (count == 0 ? string.Empty : writer.ToString(), count);
        });

        return ToolJson.Answer(new JsonObject { ["tenant_code"] = tenant, ["rows"] = rows, ["csv"] = csv });
    }

    [McpServerTool(Name = "ai_usage_log_query", ReadOnly = true), Description("Returns full ledger rows filtered by tenant, state, source and dates, a page at a time.")]
    public string Query(string connection = "default", string tenant_code = "", string state = "", string source = "", string date_from = "", string date_to = "", bool billed_only = false, long limit = 100, long offset = 0)
    {
        var tenant = Tenants.TenantFor(connection, tenant_code);
        var range = UtcRange.Parse(date_from, date_to);
        CheckChoice("state", state, States);
        CheckChoice("source", source, Sources);
        if (limit < 0 || offset < 0) { throw new McpException("limit and offset must not be negative."); }

        return database.Use(db =>
        {
            using var command = db.CreateCommand();
            var where = $"tenant_code = $tenant AND {range.Condition}"
                + (state.Length > 0 ? " AND state = $state" : string.Empty)
                + (source.Length > 0 ? " AND source = $source" : string.Empty)
                + (billed_only ? " AND billed = 1" : string.Empty);
            command.Parameters.AddWithValue("$tenant", tenant);
            command.Parameters.AddWithValue("$state", state);
            command.Parameters.AddWithValue("$source", source);
            range.Bind(command);
            command.CommandText = $"SELECT COUNT(*) FROM ai_usage_log WHERE {where}";
            var total = (long)command.ExecuteScalar()!;
            command.CommandText = $"SELECT {ColumnList} FROM ai_usage_log WHERE {where} ORDER BY created_at DESC, id DESC LIMIT {limit} OFFSET {offset}";
            var records = new JsonArray();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = new JsonObject();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[UsageLedger.Columns[i].Name] = reader.IsDBNull(i) ? null
                            : UsageLedger.Columns[i].Kind == FieldKind.Integer ? JsonValue.Create(reader.GetInt64(i)) : JsonValue.Create(reader.GetString(i));
                    }

                    records.Add(row);
                }
            }

            return ToolJson.Answer(new JsonObject { ["tenant_code"] = tenant, ["total"] = total, ["count"] = records.Count, ["records"] = records });
        });
    }

    [McpServerTool(Name = "ai_usage_log_stats", ReadOnly = true), Description("Sums up one tenant's ledger over a period: calls, tokens, cost, per-model breakdown and cache hit rate.")]
    public string Stats(string connection = "default", string tenant_code = "", string period = "month")
    {
        var tenant = Tenants.TenantFor(connection, tenant_code);
        var now = DemoDatabase.Now.UtcDateTime;
        DateTime? since = period switch
        {
            "day" => now.AddDays(-1),
            "week" => now.AddDays(-7),
            "month" => now.AddMonths(-1),
            "year" => now.AddYears(-1),
            "all" => null,
            _ => throw new McpException($"period '{period}' is not one of day, week, month, year, all."),
        };
        var range = new UtcRange(since?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), null);

        return database.Use(db =>
        {
            using var command = db.CreateCommand();
            command.Parameters.AddWithValue("$tenant", tenant);
            range.Bind(command);
            var where = $"tenant_code = $tenant AND {range.Condition}";
            command.CommandText = $"""
                SELECT COUNT(*), COALESCE(SUM(billed), 0), COALESCE(SUM(state = 'error'), 0), COALESCE(SUM(state = 'cached'), 0),
                       COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_read_tokens), 0),
                       COALESCE(SUM(cost_millicents), 0), COALESCE(SUM(cost_usd_millicents), 0), COALESCE(SUM(pages), 0),
                       COALESCE(SUM(CASE WHEN billed = 1 THEN cost_millicents ELSE 0 END), 0)
                FROM ai_usage_log WHERE {where}
                """;
            var totals = new JsonObject { ["tenant_code"] = tenant, ["period"] = period, ["date_from"] = range.From, ["date_to"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                var calls = reader.GetInt64(0);
                var billed = reader.GetInt64(1);
                totals["calls"] = calls;
                totals["billed_calls"] = billed;
                totals["errors"] = reader.GetInt64(2);
                totals["cache_hit_rate"] = calls == 0 ? 0.0 : Math.Round(reader.GetInt64(3) / (double)calls, 4);
                totals["input_tokens"] = reader.GetInt64(4);
                totals["output_tokens"] = reader.GetInt64(5);
                totals["cache_read_tokens"] = reader.GetInt64(6);
                totals["cost_millicents"] = reader.GetInt64(7);
                totals["cost_usd_millicents"] = reader.GetInt64(8);
                totals["pages"] = reader.GetInt64(9);
                totals["avg_cost_per_billed_millicents"] = billed == 0 ? 0 : reader.GetInt64(10) / billed;
            }

            command.CommandText = $"SELECT model, COUNT(*), SUM(cost_millicents) FROM ai_usage_log WHERE {where} GROUP BY model ORDER BY model";
            var byModel = new JsonArray();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    byModel.Add(new JsonObject { ["model"] = reader.GetString(0), ["calls"] = reader.GetInt64(1), ["cost_millicents"] = reader.GetInt64(2) });
                }
            }

            totals["by_model"] = byModel;
            return ToolJson.Answer(totals);
        });
    }

    private static void CheckChoice(string name, string value, string[] allowed)
    {
        if (value.Length > 0 && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw new McpException($"{name} '{value}' is not one of {string.Join(", ", allowed)} (or empty for any).");
        }
    }

    private static string CsvField(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) { return string.Empty; }
        return UsageLedger.Columns[ordinal].Kind == FieldKind.Integer
            ? reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture)
            : reader.GetString(ordinal);
    }
}

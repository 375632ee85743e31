using System.Collections.Generic;

namespace OdooDemoServer.Data;

/// <summary>One column of the AI usage ledger.</summary>
internal sealed record LedgerColumn(string Name, FieldKind Kind);

/// <summary>The AI usage ledger's columns, in the order the real server exports them.</summary>
internal static class UsageLedger
{
    /// <summary>The most rows one export returns, like the real server.</summary>
    public const int MaxExportRows = 100_000;

    public static readonly IReadOnlyList<LedgerColumn> Columns = new LedgerColumn[]
    {
        new("id", FieldKind.Integer),
        new("created_at", FieldKind.DateTime),
        new("tenant_code", FieldKind.Text),
        new("odoo_url", FieldKind.Text),
        new("odoo_db", FieldKind.Text),
        new("move_id", FieldKind.Integer),
        new("attachment_id", FieldKind.Integer),
        new("source", FieldKind.Text),
        new("source_message_id", FieldKind.Text),
        new("model", FieldKind.Text),
        new("input_tokens", FieldKind.Integer),
        new("output_tokens", FieldKind.Integer),
        new("cache_read_tokens", FieldKind.Integer),
        new("cache_creation_tokens", FieldKind.Integer),
        new("cost_millicents", FieldKind.Integer),
        new("cost_usd_millicents", FieldKind.Integer),
        new("pages", FieldKind.Integer),
        new("duration_ms", FieldKind.Integer),
        new("prompt_version", FieldKind.Text),
        new("state", FieldKind.Text),
        new("billed", FieldKind.Integer),
        new("error_message", FieldKind.Text),
        new("extra", FieldKind.Text),
    };
}

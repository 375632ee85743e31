using System;
using System.Globalization;
using System.Text;

namespace TypedMcp.Benchmarks.Csv;

/// <summary>
/// A deterministic usage-ledger export in the server's format: header row, 23 columns in the server's order,
/// comma separated, RFC 4180 quoting (error messages with commas and quotes, JSON in <c>extra</c>), empty cells for
/// absent ids. The same seed gives the same text on every machine.
/// </summary>
public static class LedgerCsv
{
    public const string Header = "id,created_at,tenant_code,odoo_url,odoo_db,move_id,attachment_id,source,source_message_id,model,input_tokens,output_tokens,cache_read_tokens,cache_creation_tokens,cost_millicents,cost_usd_millicents,pages,duration_ms,prompt_version,state,billed,error_message,extra";

    private static readonly string[] Sources = { "upload", "gmail", "terminal", "api" };
    private static readonly string[] States = { "success", "success", "success", "error", "skipped", "cached" };
    private static readonly string[] Models = { "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1" };

    public static string Create(int rows, uint seed = 20261124)
    {
        var state = seed;
        uint Next() { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }

        var sb = new StringBuilder(rows * 330);
        sb.Append(Header).Append("\r\n");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= rows; i++)
        {
            var r = Next();
            var source = Sources[r % 4];
            var rowState = States[(r >> 3) % (uint)States.Length];
            var input = 500 + (Next() % 20000);
            var output = 50 + (Next() % 4000);
            var cacheRead = (r & 1) == 0 ? Next() % 8000 : 0;
            var cacheCreate = (r & 2) == 0 ? Next() % 2000 : 0;
            sb.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append(start.AddSeconds(i * 37L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',');
            sb.Append("tenant-").Append((r % 7).ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append("https://erp").Append((r % 7).ToString(CultureInfo.InvariantCulture)).Append(".example.com,");
            sb.Append("prod_db_").Append((r % 7).ToString(CultureInfo.InvariantCulture)).Append(',');
            if ((r & 4) == 0) { sb.Append((100000 + (Next() % 900000)).ToString(CultureInfo.InvariantCulture)); }
            sb.Append(',');
            if ((r & 8) == 0) { sb.Append((200000 + (Next() % 900000)).ToString(CultureInfo.InvariantCulture)); }
            sb.Append(',');
            sb.Append(source).Append(',');
            if (source == "gmail") { sb.Append('<').Append(Next().ToString("x8", CultureInfo.InvariantCulture)).Append(".").Append(i.ToString(CultureInfo.InvariantCulture)).Append("@mail.gmail.com>"); }
            sb.Append(',');
            sb.Append(Models[(r >> 5) % 3]).Append(',');
            sb.Append(input.ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append(output.ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append(cacheRead.ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append(cacheCreate.ToString(CultureInfo.InvariantCulture)).Append(',');
            var cost = (input * 3) + (output * 15);
            sb.Append(cost.ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append((cost * 108 / 100).ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append((1 + (r % 12)).ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append((300 + (Next() % 60000)).ToString(CultureInfo.InvariantCulture)).Append(',');
            sb.Append("v").Append((1 + (r % 4)).ToString(CultureInfo.InvariantCulture)).Append(".2,");
            sb.Append(rowState).Append(',');
            sb.Append(rowState == "success" ? '1' : '0').Append(',');
            if (rowState == "error") { sb.Append("\"Model refused: \"\"overloaded\"\", retry later, code 529\""); }
            sb.Append(',');
            if ((r & 16) == 0) { sb.Append("\"{\"\"pipeline\"\": \"\"invoice\"\", \"\"step\"\": ").Append((r % 5).ToString(CultureInfo.InvariantCulture)).Append("}\""); }
            sb.Append("\r\n");
        }

        return sb.ToString();
    }
}

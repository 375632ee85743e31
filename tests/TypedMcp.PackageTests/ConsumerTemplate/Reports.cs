using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using TypedMcp;

namespace Consumer;

[McpClient("odoo-claude-mcp")]
public partial class OdooClient;

public static class Reports
{
    public static async Task<long> BilledCostAsync(McpClient session, CancellationToken cancellationToken)
    {
        var odoo = new OdooClient(session);
        UsageLogExportResult export = await odoo.UsageLogExportAsync("acme", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow, cancellationToken: cancellationToken);
        return export.Csv.Where(row => row.Billed == 1).Sum(row => row.CostMillicents);
    }

    public static async Task<string> CompaniesAsync(McpClient session, CancellationToken cancellationToken)
    {
        var odoo = new OdooClient(session);
        var result = await odoo.SearchReadAsync("res.partner", fields: ["name"], limit: 10, cancellationToken: cancellationToken);
        return result.Text;
    }
}

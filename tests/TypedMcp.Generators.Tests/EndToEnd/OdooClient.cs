using TypedMcp;

namespace TypedMcp.Generators.Tests.EndToEnd;

/// <summary>The test project's own client, generated at build time from catalog/odoo-claude-mcp.json.</summary>
[McpClient("odoo-claude-mcp")]
public partial class OdooClient;

/// <summary>The probe: this exact call must compile against the generated client.</summary>
internal static class Probe
{
    public static async System.Threading.Tasks.Task<UsageLogExportResult> RunAsync(ModelContextProtocol.Client.McpClient client)
        => await new OdooClient(client).UsageLogExportAsync("acme", System.DateTimeOffset.UtcNow.AddDays(-30), System.DateTimeOffset.UtcNow);
}

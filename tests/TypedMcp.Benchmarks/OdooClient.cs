using TypedMcp;

namespace TypedMcp.Benchmarks;

/// <summary>The benchmark project's own client, generated at build time from catalog/odoo-claude-mcp.json (G5, G6).</summary>
[McpClient("odoo-claude-mcp")]
public partial class OdooClient;

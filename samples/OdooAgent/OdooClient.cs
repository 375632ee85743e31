using TypedMcp;

namespace OdooAgent;

/// <summary>The typed Odoo client: TypedMcp generates one method per tool of the odoo-claude-mcp catalog.</summary>
[McpClient("odoo-claude-mcp")]
public partial class OdooClient;

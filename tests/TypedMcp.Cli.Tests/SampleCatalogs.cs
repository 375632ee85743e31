namespace TypedMcp.Cli.Tests;

/// <summary>Hand-written catalogs (descriptions in our own words) for the file-based commands.</summary>
internal static class SampleCatalogs
{
    /// <summary>The shipped Odoo Claude MCP catalog in the repository, found from this source file's path.</summary>
    public static string OdooCatalogPath => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Here())!, "..", "..", "catalog", "odoo-claude-mcp.json"));

    private static string Here([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    /// <summary>A copy of a JSON object with one member set, for editing catalogs the way a person would.</summary>
    public static TypedMcp.Json.LocatedJsonNode With(TypedMcp.Json.LocatedJsonNode obj, string name, TypedMcp.Json.LocatedJsonNode value)
        => global::TypedMcp.Cli.Catalogs.CatalogBuilder.With(obj, name, value);

    public const string Shop = """
    {
      "server": { "name": "shop", "version": "1.0.0" },
      "tools": [
        {
          "name": "get_order",
          "description": "Looks up one order.",
          "inputSchema": {
            "type": "object",
            "properties": {
              "id": { "type": "integer" },
              "options": { "type": "object", "properties": { "depth": { "type": "integer" } } },
              "status": { "type": "string", "enum": ["open", "closed"] }
            },
            "required": [ "id" ]
          },
          "risk": { "category": "Read", "level": "low" }
        },
        {
          "name": "update_order",
          "description": "Changes an order.",
          "inputSchema": { "type": "object", "properties": { "id": { "type": "integer" }, "note": { "type": "string" } }, "required": ["id"] },
          "risk": { "category": "Write", "level": "medium" }
        },
        {
          "name": "run_report_query",
          "description": "Runs a query.",
          "inputSchema": { "type": "object", "properties": { "sql": { "type": "string" } }, "required": ["sql"] },
          "risk": { "category": "Execute", "level": "high" }
        },
        {
          "name": "delete_order",
          "description": "Removes an order.",
          "inputSchema": { "type": "object", "properties": { "id": { "type": "integer" } }, "required": ["id"] },
          "risk": { "category": "Destructive", "level": "critical" }
        },
        {
          "name": "refund_payment",
          "description": "Gives money back.",
          "inputSchema": { "type": "object", "properties": { "amount": { "type": "number" } }, "required": ["amount"] },
          "risk": { "category": "Financial", "level": "critical" }
        },
        {
          "name": "think_aloud",
          "description": "Records a step of the agent's reasoning and returns it.",
          "inputSchema": { "type": "object", "properties": { "thought": { "type": "string" } }, "required": ["thought"] },
          "risk": { "category": "Other", "level": "low" }
        }
      ]
    }
    """;
}

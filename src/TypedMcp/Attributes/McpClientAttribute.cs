using System;

namespace TypedMcp;

/// <summary>
/// Marks a <c>partial</c> class as a typed client for one MCP server. The source generator adds one method per
/// tool of the catalog named by <see cref="Catalog"/> (a catalog's <c>server.name</c>, or its file name without
/// <c>.json</c>), found among the project's AdditionalFiles.
/// </summary>
/// <example>
/// <code>
/// [McpClient("odoo-claude-mcp")]
/// public partial class OdooClient;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class McpClientAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="catalog">The catalog's server name or file name.</param>
    public McpClientAttribute(string catalog) => Catalog = catalog;

    /// <summary>The catalog's server name or file name.</summary>
    public string Catalog { get; }
}

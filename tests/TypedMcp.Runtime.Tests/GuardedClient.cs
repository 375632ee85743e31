namespace TypedMcp.Runtime.Tests;

/// <summary>Generated from catalog/guarded.mcp.json, with policy.json compiled in by the generator (its embedded-data branch).</summary>
[McpClient("guarded")]
public partial class GuardedClient;

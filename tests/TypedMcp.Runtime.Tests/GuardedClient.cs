namespace TypedMcp.Runtime.Tests;

/// <summary>Generated from catalog/guarded.mcp.json, with policy.json compiled in by PolicyEmbeddingGenerator.</summary>
[McpClient("guarded")]
public partial class GuardedClient;

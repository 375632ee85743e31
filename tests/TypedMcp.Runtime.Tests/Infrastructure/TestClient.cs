using ModelContextProtocol.Client;

namespace TypedMcp.Runtime.Tests.Infrastructure;

/// <summary>A hand-written client with the built-in policy a test needs (as if compiled in by the generator).</summary>
public sealed class TestClient : McpClientBase
{
    private readonly string? _builtInPolicy;

    public TestClient(McpClient client, string? builtInPolicy, TypedMcpClientOptions? options = null)
        : base(client, options ?? new TypedMcpClientOptions { TimeProvider = new ManualTimeProvider() })
    {
        _builtInPolicy = builtInPolicy;
    }

    // Without options the clock stands still: limit windows are aligned to UTC, and a real clock could cross a
    // boundary in the middle of a test that counts calls.

    /// <summary>The constructor AddMcpClient uses (no built-in policy).</summary>
    public TestClient(McpClient client, TypedMcpClientOptions options)
        : this(client, null, options)
    {
    }

    /// <summary>The catalog's input schemas (tool name → inputSchema), as the generator would compile them in.</summary>
    public string? Schemas { get; init; }

    protected override string? BuiltInPolicyJson => _builtInPolicy;

    protected override string? InputSchemasJson => Schemas;

    protected override string? BuiltInPolicyPath => _builtInPolicy is null ? null : "builtin.policy.json";

    /// <summary>Calls a tool by a name the analyzer cannot see (a run-time string), as an application would.</summary>
    public System.Threading.Tasks.Task<McpToolResult> Call(string tool, System.Collections.Generic.IReadOnlyDictionary<string, object?>? arguments = null)
        => CallToolAsync(tool, arguments);
}

using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>The session a typed client hands out (<see cref="McpClientBase.Client"/>) is guarded like the typed calls.</summary>
public sealed class GuardedSessionTests
{
    [Fact]
    public async Task A_denied_tool_called_on_the_clients_session_by_a_runtime_name_never_reaches_the_server()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());
        var name = string.Concat("wi", "pe"); // built at run time: only the guard can refuse it

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(
            async () => await client.Client.CallToolAsync(name, new Dictionary<string, object?>()));

        Assert.Equal("wipe", denied.ToolName);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_deny_if_on_an_argument_holds_for_calls_on_the_session_too()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());
        var tool = string.Concat("run_", "query");

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(
            async () => await client.Client.CallToolAsync(tool, new Dictionary<string, object?> { ["method"] = string.Concat("un", "link") }));
        var allowed = await client.Client.CallToolAsync(tool, new Dictionary<string, object?> { ["method"] = "read" });

        Assert.Equal(DecisionStep.DenyIfMatched, denied.Step);
        Assert.NotEqual(true, allowed.IsError);
        Assert.Equal(1, server.CallsOf("run_query"));
    }

    [Fact]
    public async Task Other_requests_pass_through_the_session_unchanged()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());

        var tools = await client.Client.ListToolsAsync();

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Equal("guarded", client.Client.ServerInfo?.Name);
        Assert.IsType<GuardedMcpClient>(client.Client);
    }
}

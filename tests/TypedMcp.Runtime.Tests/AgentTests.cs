using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>Tools handed to an AI agent: only what the policy offers, each guarded, refusals as tool results.</summary>
public sealed class AgentTests
{
    [Fact]
    public async Task Hidden_and_outright_denied_tools_never_appear_in_the_agents_tool_list()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions
        {
            Policy = PolicyParser.Parse("""{ "version": "1", "default": "allow", "hide": ["failing"] }""", "runtime.json").Policy,
        });

        var tools = await client.GetAgentToolsAsync();

        Assert.Equal(new[] { "echo", "flaky", "run_query", "send_mail" }, tools.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(tools, t => Assert.IsType<GuardedAIFunction>(t));
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_broken_runtime_policy_leaves_the_agent_no_tools()
    {
        await using var server = new CountingServer();
        using var file = new TempPolicyFile("not json at all");
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { PolicyFilePath = file.Path });

        var tools = await client.GetAgentToolsAsync();

        Assert.Empty(tools);
    }

    [Fact]
    public async Task A_denied_agent_call_comes_back_as_an_error_result_starting_with_policy_denied()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());
        var runQuery = (await client.GetAgentToolsAsync()).Single(t => t.Name == "run_query");

        var result = await runQuery.InvokeAsync(new AIFunctionArguments { ["method"] = "unlink" });

        var json = Assert.IsType<JsonElement>(result);
        Assert.True(json.GetProperty("isError").GetBoolean());
        var text = json.GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.StartsWith("[POLICY DENIED]", text, StringComparison.Ordinal);
        Assert.Contains("tool 'run_query'", text, StringComparison.Ordinal);
        Assert.Contains("/tools/run_query/deny_if/0", text, StringComparison.Ordinal);
        Assert.Contains("run_query may not delete records or install modules", text, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task An_agent_call_needing_approval_without_a_hook_is_refused_as_a_result_not_an_exception()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());
        var sendMail = (await client.GetAgentToolsAsync()).Single(t => t.Name == "send_mail");

        var result = await sendMail.InvokeAsync(new AIFunctionArguments { ["to"] = "someone@example.com" });

        var text = Assert.IsType<JsonElement>(result).GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.StartsWith("[POLICY DENIED] tool 'send_mail', rule /tools/send_mail (ApprovalRequired)", text, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task An_allowed_agent_call_reaches_the_server_and_counts_against_the_limits()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), """
            { "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "1/hour" } } }
            """);
        var echo = (await client.GetAgentToolsAsync()).Single(t => t.Name == "echo");

        var first = await echo.InvokeAsync(new AIFunctionArguments { ["text"] = "hello agent" });
        var second = await echo.InvokeAsync(new AIFunctionArguments { ["text"] = "again" });

        Assert.Equal("hello agent", Assert.IsType<TextContent>(first).Text);
        var refused = Assert.IsType<JsonElement>(second).GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.StartsWith("[POLICY DENIED] tool 'echo', rule /tools/echo/rate_limit (LimitExhausted)", refused, StringComparison.Ordinal);
        Assert.Equal(1, server.CallsOf("echo"));
    }
}

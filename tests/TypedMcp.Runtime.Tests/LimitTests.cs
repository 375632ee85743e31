using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>Step 7: fixed-window limits reserved before the call and given back when the call fails in transport.</summary>
public sealed class LimitTests
{
    private static Dictionary<string, object?> Text(string text) => new() { ["text"] = text };

    [Fact]
    public async Task Under_a_thousand_concurrent_calls_exactly_the_limit_reaches_the_server()
    {
        await using var server = new CountingServer();
        const int max = 37;
        var client = new TestClient(await server.StartAsync(), $$"""
            { "version": "1", "default": "allow", "tools": { "echo": { "limits": [ { "max": {{max}}, "window": 3600 } ] } } }
            """);
        using var start = new System.Threading.ManualResetEventSlim(false);

        var calls = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await client.Call("echo", Text("call " + i));
                return (McpPolicyDeniedException?)null;
            }
            catch (McpPolicyDeniedException e)
            {
                return e;
            }
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(max, server.CallsOf("echo"));
        Assert.Equal(max, outcomes.Count(o => o is null));
        var denials = outcomes.Where(o => o is not null).ToList();
        Assert.Equal(1000 - max, denials.Count);
        Assert.All(denials, d => Assert.Equal((DecisionStep.LimitExhausted, "/tools/echo/limits/0"), (d!.Step, d.RulePointer)));
        Assert.Contains("no calls are left in the current window", denials[0]!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_tools_limits_and_tool_limits_both_hold_and_a_refused_call_uses_neither()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), """
            {
              "version": "1", "default": "allow",
              "all_tools": { "limits": [ { "max": 3, "window": 60 } ] },
              "tools": { "echo": { "rate_limit": "2/minute" } }
            }
            """);

        await client.Call("echo", Text("1"));
        await client.Call("echo", Text("2"));
        var toolLimit = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("3")));
        await client.Call("wipe");
        var sharedLimit = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("wipe"));

        Assert.Equal("/tools/echo/rate_limit", toolLimit.RulePointer);
        Assert.Equal("/all_tools/limits/0", sharedLimit.RulePointer);
        Assert.Equal((2, 1), (server.CallsOf("echo"), server.CallsOf("wipe")));
        var usage = client.Guard.GetLimitUsage();
        Assert.Contains(usage, u => u.LimitId == "/all_tools/limits/0" && u.Used == 3 && u.Max == 3);
    }

    [Fact]
    public async Task Limits_with_the_same_id_share_one_counter_across_tools()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), """
            {
              "version": "1", "default": "allow",
              "tools": {
                "echo": { "limits": [ { "max": 2, "window": 60, "id": "writes" } ] },
                "wipe": { "limits": [ { "max": 2, "window": 60, "id": "writes" } ] }
              }
            }
            """);

        await client.Call("echo", Text("1"));
        await client.Call("wipe");
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("2")));

        Assert.Equal(DecisionStep.LimitExhausted, denied.Step);
        Assert.Equal(2, server.TotalCalls);
    }

    [Fact]
    public async Task A_new_window_gives_the_calls_back()
    {
        await using var server = new CountingServer();
        var clock = new ManualTimeProvider();
        var client = new TestClient(await server.StartAsync(), """
            { "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": { "max": 1, "window": 10 } } } }
            """, new TypedMcpClientOptions { TimeProvider = clock });

        await client.Call("echo", Text("first"));
        await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("too soon")));
        clock.Advance(TimeSpan.FromSeconds(10));
        await client.Call("echo", Text("next window"));

        Assert.Equal(2, server.CallsOf("echo"));
    }

    [Fact]
    public async Task A_limit_that_cannot_be_read_refuses_every_call_and_says_so()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), """
            { "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "lots/fortnight" } } }
            """);

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("x")));

        Assert.Equal((DecisionStep.LimitExhausted, "/tools/echo/rate_limit"), (denied.Step, denied.RulePointer));
        Assert.Contains("cannot be read", denied.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_call_the_server_answers_with_a_protocol_error_keeps_its_quota_used()
    {
        await using var server = new CountingServer { ProtocolFailures = 1 };
        var client = new TestClient(await server.StartAsync(), """
            { "version": "1", "default": "allow", "tools": { "flaky": { "rate_limit": { "max": 1, "window": 3600 } } } }
            """);

        // The request was written and the tool ran: the JSON-RPC error does not give the call back.
        await Assert.ThrowsAsync<McpProtocolException>(() => client.Call("flaky"));
        var second = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("flaky"));

        Assert.Equal(DecisionStep.LimitExhausted, second.Step);
        Assert.Equal(1, server.CallsOf("flaky"));
    }

    [Fact]
    public async Task A_call_over_a_connection_closed_before_the_write_gives_its_quota_back()
    {
        await using var server = new CountingServer();
        const string policy = """
            { "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": { "max": 1, "window": 3600 } } } }
            """;
        var client = await McpClientBase.CreateAsync(server.StartForTransport(), (session, options) => new TestClient(session, policy, options));
        await server.BreakAsync();
        await client.Client.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var failure = await Record.ExceptionAsync(() => client.Call("echo", Text("into the void")));

        Assert.NotNull(failure);
        Assert.IsNotType<McpPolicyDeniedException>(failure);
        var usage = client.Guard.GetLimitUsage();
        Assert.All(usage, u => Assert.Equal(0L, u.Used));
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_call_the_server_answers_with_an_error_result_keeps_its_quota_used()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), """
            { "version": "1", "default": "allow", "tools": { "failing": { "rate_limit": { "max": 1, "window": 3600 } } } }
            """);

        await Assert.ThrowsAsync<McpToolException>(() => client.Call("failing"));
        var second = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("failing"));

        Assert.Equal(DecisionStep.LimitExhausted, second.Step);
        Assert.Equal(1, server.CallsOf("failing"));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>The guard in front of every call: deny, combine policies, fail closed, log without values.</summary>
public sealed class GuardTests
{
    private const string AllowAll = """{ "version": "1", "default": "allow" }""";

    private static Task<McpToolResult> Untyped(McpClientBase client, string tool, IReadOnlyDictionary<string, object?>? arguments = null)
        => client.CallToolAsync(tool, arguments);

    [Fact]
    public async Task A_call_denied_only_by_deny_if_on_a_runtime_value_never_reaches_the_server()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());
        var method = string.Concat("un", "link"); // known only at run time: the analyzer leaves it to the guard (TMCP0106)

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.RunQueryAsync(method));

        Assert.Equal("run_query", denied.ToolName);
        Assert.Equal("/tools/run_query/deny_if/0", denied.RulePointer);
        Assert.Equal(DecisionStep.DenyIfMatched, denied.Step);
        Assert.Contains("run_query may not delete records or install modules", denied.Message, StringComparison.Ordinal);
        Assert.Equal("policy.json", denied.PolicyFilePath);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task The_same_tool_with_an_allowed_runtime_value_reaches_the_server()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());
        var method = string.Concat("re", "ad");

        var result = await client.RunQueryAsync(method, limit: 5);

        Assert.Equal("ran read", result.Text);
        Assert.Equal(1, server.CallsOf("run_query"));
    }

    [Fact]
    public async Task The_generated_client_carries_the_projects_policy_json_as_its_built_in_policy()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());

        var builtIn = client.Guard.BuiltInPolicy;

        Assert.NotNull(builtIn);
        Assert.False(builtIn!.IsFailClosed);
        Assert.Equal("policy.json", builtIn.FilePath);
        Assert.True(builtIn.IsHidden("secret_tool"));
        Assert.Equal(RuleAction.Deny, builtIn.GetRule("wipe")!.Action);
    }

    [Fact]
    public async Task Calls_through_the_untyped_escape_hatch_are_decided_too()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());

        var wipe = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Untyped(client, "wipe"));
        var secret = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Untyped(client, "secret_tool"));

        Assert.Equal(("/tools/wipe", DecisionStep.ActionDeny), (wipe.RulePointer, wipe.Step));
        Assert.Contains("nothing is ever wiped", wipe.Message, StringComparison.Ordinal);
        Assert.Equal(("/hide/0", DecisionStep.Hidden), (secret.RulePointer, secret.Step));
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_runtime_policy_that_is_not_valid_json_denies_every_call_and_says_why()
    {
        await using var server = new CountingServer();
        using var file = new TempPolicyFile("{ \"version\": \"1\", \"default\": ");
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { PolicyFilePath = file.Path });

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.EchoAsync("hello"));

        Assert.Equal(DecisionStep.PolicyUnreadable, denied.Step);
        Assert.Equal(string.Empty, denied.RulePointer);
        Assert.Contains(file.Path, denied.Message, StringComparison.Ordinal);
        Assert.Contains("policy cannot be read", denied.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_runtime_policy_file_that_is_missing_denies_every_call_and_names_the_file()
    {
        await using var server = new CountingServer();
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "typedmcp-no-such-" + Guid.NewGuid().ToString("N"), "policy.json");
        var client = new TestClient(await server.StartAsync(), AllowAll, new TypedMcpClientOptions { PolicyFilePath = missing });

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", new Dictionary<string, object?> { ["text"] = "x" }));

        Assert.Equal(DecisionStep.PolicyUnreadable, denied.Step);
        Assert.Contains(missing, denied.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", denied.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_runtime_policy_stricter_than_the_built_in_one_wins()
    {
        await using var server = new CountingServer();
        using var file = new TempPolicyFile("""
            { "version": "1", "default": "allow", "tools": { "echo": { "action": "deny", "reason": "echo is switched off today" } } }
            """);
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { PolicyFilePath = file.Path });

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.EchoAsync("hello"));

        Assert.Equal("/tools/echo", denied.RulePointer);
        Assert.Equal(file.Path, denied.PolicyFilePath);
        Assert.Contains("echo is switched off today", denied.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task A_built_in_policy_stricter_than_the_runtime_one_wins()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { Policy = PolicyParser.Parse(AllowAll, "runtime.json").Policy });
        var method = string.Concat("un", "link");

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.RunQueryAsync(method));
        var echoed = await client.EchoAsync("both allow this");

        Assert.Equal("/tools/run_query/deny_if/0", denied.RulePointer);
        Assert.Equal("policy.json", denied.PolicyFilePath);
        Assert.Equal("both allow this", echoed.Text);
        Assert.Equal(0, server.CallsOf("run_query"));
        Assert.Equal(1, server.CallsOf("echo"));
    }

    [Fact]
    public async Task A_runtime_policy_can_be_replaced_while_the_client_runs()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), AllowAll);
        await client.Call("echo", new Dictionary<string, object?> { ["text"] = "before" });

        client.Guard.SetRuntimePolicy(PolicyParser.Parse("""{ "version": "1", "default": "deny" }""", "tightened.json").Policy);
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", new Dictionary<string, object?> { ["text"] = "after" }));

        Assert.Equal(("/default", DecisionStep.NotListed), (denied.RulePointer, denied.Step));
        Assert.Equal(1, server.CallsOf("echo"));
    }

    [Fact]
    public async Task Without_any_policy_every_call_is_allowed()
    {
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), builtInPolicy: null);

        await client.Call("wipe");

        Assert.Null(client.Guard.BuiltInPolicy);
        Assert.Equal(1, server.CallsOf("wipe"));
    }

    [Fact]
    public async Task Argument_values_of_every_wire_type_are_seen_as_the_sdk_sends_them()
    {
        await using var server = new CountingServer();
        const string policy = """
            {
              "version": "1", "default": "allow",
              "tools": { "run_query": { "deny_if": [
                { "path": "args.limit", "op": "gt", "value": 100 },
                { "path": "args.tags", "op": "contains", "value": "forbidden" },
                { "path": "args.options.mode", "op": "eq", "value": "force" },
                { "path": "args.when", "op": "regex", "value": "^1999-" }
              ] } }
            }
            """;
        var client = new TestClient(await server.StartAsync(), policy);
        Task<McpToolResult> Call(string key, object? value) => client.Call("run_query", new Dictionary<string, object?> { ["method"] = "read", [key] = value });

        var byLong = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("limit", 101L));
        var byInt = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("limit", 500));
        var byDouble = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("limit", 100.5));
        var byList = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("tags", new[] { "fine", "forbidden" }));
        var byElement = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("options", JsonDocument.Parse("""{ "mode": "force" }""").RootElement));
        var byNestedDictionary = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("options", new Dictionary<string, object?> { ["mode"] = "force" }));
        var byDate = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Call("when", new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        await Call("limit", 100);
        await Call("tags", new List<string> { "fine" });

        Assert.Equal(
            new[] { "/tools/run_query/deny_if/0", "/tools/run_query/deny_if/0", "/tools/run_query/deny_if/0", "/tools/run_query/deny_if/1", "/tools/run_query/deny_if/2", "/tools/run_query/deny_if/2", "/tools/run_query/deny_if/3" },
            new[] { byLong, byInt, byDouble, byList, byElement, byNestedDictionary, byDate }.Select(e => e.RulePointer));
        Assert.Equal(2, server.CallsOf("run_query"));
    }

    [Fact]
    public async Task Each_decision_is_logged_with_tool_verdict_rule_and_argument_names_but_never_values()
    {
        await using var server = new CountingServer();
        var logs = new CollectingLoggerProvider();
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { LoggerFactory = logs });
        const string secretValue = "s3cr3t-value-7781";
        var deniedMethod = "unlink";

        await client.EchoAsync(secretValue);
        await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.RunQueryAsync(deniedMethod, limit: 424242));

        var entries = logs.Entries.ToList();
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.Message.Contains("echo", StringComparison.Ordinal) && e.Message.Contains("Allow", StringComparison.Ordinal) && e.Message.Contains("/tools/echo", StringComparison.Ordinal) && e.Message.Contains("text", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("/tools/run_query/deny_if/0", StringComparison.Ordinal) && e.Message.Contains("limit,method", StringComparison.Ordinal));
        foreach (var (_, message, state) in entries)
        {
            Assert.DoesNotContain(secretValue, message, StringComparison.Ordinal);
            Assert.DoesNotContain("424242", message, StringComparison.Ordinal);
            Assert.DoesNotContain("unlink", message, StringComparison.Ordinal);
            foreach (var pair in state)
            {
                var text = Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain(secretValue, text, StringComparison.Ordinal);
                Assert.DoesNotContain("424242", text, StringComparison.Ordinal);
            }
        }
    }
}

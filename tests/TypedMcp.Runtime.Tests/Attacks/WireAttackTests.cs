using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests.Attacks;

#pragma warning disable TMCP0101, TMCP0103, TMCP0105 // the attacks name denied tools on purpose

/// <summary>
/// Attacks on the protocol, the quota, the tool list and the agent surface, against a real in-process MCP server.
/// Each test also makes an allowed control call that must reach the tool body.
/// </summary>
public sealed class WireAttackTests
{
    public static IEnumerable<object[]> Apis => AttackTarget.AllApis();

    private static Dictionary<string, object?> Args(string name, object? value) => new(StringComparer.Ordinal) { [name] = value };

    [Theory]
    [InlineData(Api.TypedClient)]
    [InlineData(Api.TypedClientOverOwnSession)]
    [InlineData(Api.ClientSession)]
    [InlineData(Api.RawClientOverGuardedTransport)]
    [InlineData(Api.McpClientTool)]
    [InlineData(Api.AgentTool)]
    [InlineData(Api.DependencyInjection)]
    public async Task Cancelling_each_call_once_the_server_has_it_does_not_give_the_quota_back(Api api)
    {
        // Before the fix: max 2 per hour, 8 calls each cancelled once the tool body had started, and the body ran 8 times.
        await using var target = await AttackTarget.StartAsync(api);
        var outcomes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            using var cancel = new CancellationTokenSource();
            var call = target.CallAsync("slow", Args("text", "run " + i), cancel.Token);
            var entered = target.Server.SlowEntered.WaitAsync(TimeSpan.FromSeconds(10));
            if (await Task.WhenAny(call, entered) == entered && await entered) { await cancel.CancelAsync(); }
            try
            {
                var outcome = await call;
                outcomes.Add(outcome.Refused ? "refused" : "answered");
            }
            catch (OperationCanceledException)
            {
                outcomes.Add("cancelled");
            }
        }

        var control = await target.CallAsync("echo", Args("text", "still here"));

        Assert.Equal(2, target.Server.CallsOf("slow"));
        Assert.Equal(6, outcomes.Count(o => o == "refused"));
        Assert.False(control.Refused, control.Text);
        Assert.Equal(1, target.Server.CallsOf("echo"));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Hidden_tools_are_neither_listed_nor_callable(Api api)
    {
        await using var target = await AttackTarget.StartAsync(api);

        var listed = await target.ListAsync();
        var hidden = await target.CallAsync("secret_tool", new Dictionary<string, object?>());
        var denied = await target.CallAsync("wipe", new Dictionary<string, object?>());
        var control = await target.CallAsync("echo", Args("text", "visible"));

        Assert.DoesNotContain("secret_tool", listed);
        Assert.Contains("echo", listed);
        Assert.True(hidden.Refused, hidden.Text);
        Assert.True(denied.Refused, denied.Text);
        Assert.False(control.Refused, control.Text);
        Assert.Equal(new[] { "echo:visible" }, target.Server.Reached);
    }

    [Theory]
    [InlineData(Api.TypedClient)]
    [InlineData(Api.ClientSession)]
    [InlineData(Api.RawClientOverGuardedTransport)]
    [InlineData(Api.AgentTool)]
    public async Task A_server_that_lists_hidden_tools_under_other_spellings_and_after_list_changed_is_filtered(Api api)
    {
        await using var target = await AttackTarget.StartAsync(api, lenientServer: true);
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;

        var before = await target.ListAsync();
        target.Server.ExtraListedTools.Add(new Tool { Name = "Secret_Tool", InputSchema = schema });
        target.Server.ExtraListedTools.Add(new Tool { Name = "secret_tool\u200B", InputSchema = schema });
        target.Server.ExtraListedTools.Add(new Tool { Name = "secret_tool", InputSchema = schema });
        await target.Server.Server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification);
        var after = await target.ListAsync();
        var control = await target.CallAsync("echo", Args("text", "listed"));

        Assert.All(new[] { before, after }, list => Assert.DoesNotContain(list, n => n.Replace("\u200B", string.Empty, StringComparison.Ordinal).Equals("secret_tool", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("echo", after);
        Assert.False(control.Refused, control.Text);
        Assert.Single(target.Server.Reached);
    }

    [Theory]
    [InlineData(Api.TypedClient)]
    [InlineData(Api.TypedClientOverOwnSession)]
    [InlineData(Api.ClientSession)]
    [InlineData(Api.RawClientOverGuardedTransport)]
    [InlineData(Api.McpClientTool)]
    [InlineData(Api.DependencyInjection)]
    public async Task Case_variants_and_invisible_characters_in_a_tool_name_are_refused(Api api)
    {
        // The lenient server folds case and drops control and space characters, as careless servers do.
        await using var target = await AttackTarget.StartAsync(api, lenientServer: true);

        var names = new[] { "WIPE", "Wipe", "wipe\u0000", " wipe", "SECRET_TOOL", "secret_tool\u0000", "\u0455ecret_tool", "wipe\u200B" };
        var outcomes = new List<AttackOutcome>();
        foreach (var name in names) { outcomes.Add(await target.CallAsync(name, new Dictionary<string, object?>())); }
        var control = await target.CallAsync("echo", Args("text", "plain"));

        Assert.All(outcomes, o => Assert.True(o.Refused, o.Text));
        Assert.False(control.Refused, control.Text);
        Assert.Equal(new[] { "echo:{\"text\":\"plain\"}" }, target.Server.Reached);
    }

    [Fact]
    public async Task A_tools_call_sent_as_a_notification_or_under_another_spelling_is_not_sent()
    {
        await using var target = await AttackTarget.StartAsync(Api.RawClientOverGuardedTransport, lenientServer: true);
        var raw = target.Raw!;
        var wipe = new JsonObject { ["name"] = "wipe", ["arguments"] = new JsonObject() };

        await Assert.ThrowsAnyAsync<McpException>(() => raw.SendMessageAsync(new JsonRpcNotification { Method = "tools/call", Params = wipe.DeepClone() }));
        await Assert.ThrowsAnyAsync<McpException>(() => raw.SendRequestAsync(new JsonRpcRequest { Method = "Tools/Call", Params = wipe.DeepClone() }));
        await Assert.ThrowsAnyAsync<McpException>(() => raw.SendRequestAsync(new JsonRpcRequest { Method = "tools/call ", Params = wipe.DeepClone() }));
        var control = await raw.CallToolAsync("echo", Args("text", "plain"));

        Assert.NotEqual(true, control.IsError);
        Assert.Equal(new[] { "echo:{\"text\":\"plain\"}" }, target.Server.Reached);
    }

    [Fact]
    public async Task A_raw_request_with_a_string_id_is_decided_and_answered_under_that_id()
    {
        await using var target = await AttackTarget.StartAsync(Api.RawClientOverGuardedTransport);
        var raw = target.Raw!;

        var denied = await raw.SendRequestAsync(new JsonRpcRequest
        {
            Id = new RequestId("attack-7"),
            Method = "tools/call",
            Params = new JsonObject { ["name"] = "run_query", ["arguments"] = new JsonObject { ["method"] = "unlink" } },
        });
        var allowed = await raw.SendRequestAsync(new JsonRpcRequest
        {
            Id = new RequestId("attack-8"),
            Method = "tools/call",
            Params = new JsonObject { ["name"] = "run_query", ["arguments"] = new JsonObject { ["method"] = "read" } },
        });

        Assert.Equal(new RequestId("attack-7"), denied.Id);
        Assert.True(denied.Result!["isError"]!.GetValue<bool>());
        Assert.StartsWith("[POLICY DENIED]", denied.Result!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("DenyIfMatched", denied.Result!["_meta"]![PolicyDenials.MetaKey]!["step"]!.GetValue<string>());
        Assert.Equal("/tools/run_query/deny_if/0", denied.Result!["_meta"]![PolicyDenials.MetaKey]!["rule"]!.GetValue<string>());
        Assert.Equal(new RequestId("attack-8"), allowed.Id);
        Assert.Equal(new[] { "run_query:read" }, target.Server.Reached);
    }

    [Theory]
    [InlineData("""{"name":"run_query","arguments":"{\"method\":\"unlink\"}"}""")]
    [InlineData("""{"name":"run_query","arguments":["unlink"]}""")]
    [InlineData("""{"name":"run_query","arguments":{"method":"read"},"args":{"method":"unlink"}}""")]
    [InlineData("""{"name":"run_query","arguments":{"method":"read"},"Arguments":{"method":"unlink"}}""")]
    [InlineData("""{"name":"echo","Name":"wipe","arguments":{"text":"x"}}""")]
    [InlineData("""{"name":"run_query","arguments":{"method":"read"},"_meta":{"progressToken":"p","progresstoken":"q"}}""")]
    [InlineData("""{"arguments":{"method":"unlink"}}""")]
    [InlineData("""{"name":"","arguments":{}}""")]
    public async Task A_tools_call_the_guard_cannot_read_unambiguously_is_refused_locally(string parameters)
    {
        await using var target = await AttackTarget.StartAsync(Api.RawClientOverGuardedTransport);
        var raw = target.Raw!;

        var response = await raw.SendRequestAsync(new JsonRpcRequest { Method = "tools/call", Params = JsonNode.Parse(parameters) });
        var control = await raw.CallToolAsync("run_query", Args("method", "read"));

        Assert.True(response.Result!["isError"]!.GetValue<bool>());
        Assert.Equal(nameof(DecisionStep.RequestRejected), response.Result!["_meta"]![PolicyDenials.MetaKey]!["step"]!.GetValue<string>());
        Assert.NotEqual(true, control.IsError);
        Assert.Equal(new[] { "run_query:read" }, target.Server.Reached);
    }

    [Fact]
    public async Task A_request_sent_on_the_guarded_transport_itself_is_answered_on_its_reader()
    {
        await using var server = new AttackServer();
        var guard = new PolicyGuard(PolicyParser.Parse(AttackTarget.Policy, "attack.policy.json").Policy);
        await using var transport = await new PolicyEnforcingClientTransport(server.Start(), guard).ConnectAsync();

        await transport.SendMessageAsync(new JsonRpcRequest { Id = new RequestId(99), Method = "tools/call", Params = new JsonObject { ["name"] = "wipe" } });
        var answer = await transport.MessageReader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await transport.SendMessageAsync(new JsonRpcRequest { Id = new RequestId(100), Method = "tools/call", Params = new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["text"] = "direct" } } });
        var control = await transport.MessageReader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new RequestId(100), Assert.IsType<JsonRpcResponse>(control).Id);
        var response = Assert.IsType<JsonRpcResponse>(answer);
        Assert.Equal(new RequestId(99), response.Id);
        Assert.Equal("ActionDeny", response.Result!["_meta"]![PolicyDenials.MetaKey]!["step"]!.GetValue<string>());
        Assert.Equal(new[] { "echo:direct" }, server.Reached);
    }

    [Fact]
    public async Task An_agent_tool_never_hands_out_the_sdk_tool_it_calls_through()
    {
        await using var target = await AttackTarget.StartAsync(Api.AgentTool);
        var tools = await target.Typed!.GetAgentToolsAsync();
        var echo = tools.Single(t => t.Name == "echo");
        var sendMail = tools.Single(t => t.Name == "send_mail");

        Assert.Null(echo.GetService<McpClientTool>());
        Assert.Null(echo.GetService(typeof(McpClientTool)));
        Assert.Same(echo, echo.GetService<AIFunction>());
        Assert.Same(echo, echo.GetService(typeof(AITool)));
        Assert.Null(echo.GetService<ApprovalRequiredAIFunction>());
        Assert.Null(echo.GetService<McpClient>());
        var marker = sendMail.GetService<ApprovalRequiredAIFunction>();
        Assert.NotNull(marker);
        Assert.Same(sendMail, marker!.GetService<GuardedAIFunction>());
        Assert.Null(marker.GetService<McpClientTool>());
        var control = await echo.InvokeAsync(new AIFunctionArguments { ["text"] = "through the guard" });
        Assert.Equal(new[] { "echo:through the guard" }, target.Server.Reached);
        _ = control;
    }

    [Fact]
    public async Task A_chat_clients_approval_flow_asks_before_the_call_and_a_rejection_sends_nothing()
    {
        await using var target = await AttackTarget.StartAsync(Api.FunctionInvokingChatClient, new RecordingApprovals(answer: false));

        var rejected = await target.CallAsync("send_mail", Args("to", "boss@corp.example"));
        target.Approvals = new RecordingApprovals(answer: true);
        var approved = await target.CallAsync("send_mail", Args("to", "boss@corp.example"));
        var deniedAfterApproval = await target.CallAsync("send_mail", Args("to", "someone@evil.example"));

        Assert.True(rejected.Refused, rejected.Text);
        Assert.False(approved.Refused, approved.Text);
        Assert.True(deniedAfterApproval.Refused, deniedAfterApproval.Text);
        Assert.Equal(new[] { "send_mail:boss@corp.example" }, target.Server.Reached);
    }

    [Fact]
    public async Task The_agent_frameworks_auto_approval_rules_approve_through_the_same_flow()
    {
        await using var target = await AttackTarget.StartAsync(Api.AgentTool);
        var tools = await target.Typed!.GetAgentToolsAsync();
        var model = new ScriptedChatClient(new FunctionCallContent("call-1", "send_mail", new Dictionary<string, object?> { ["to"] = "boss@corp.example" }));
        var agent = new ChatClientAgent(model, instructions: null, name: "mailer", description: null, tools: [.. tools])
            .AsBuilder()
            .UseToolApproval(new ToolApprovalAgentOptions
            {
                AutoApprovalRules = [context => ValueTask.FromResult(context.FunctionCallContent.Arguments?["to"]?.ToString()?.EndsWith("@corp.example", StringComparison.Ordinal) == true)],
            })
            .Build();

        var response = await agent.RunAsync("mail the boss");

        Assert.Equal(new[] { "send_mail:boss@corp.example" }, target.Server.Reached);
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is ToolApprovalRequestContent);
    }

    [Fact]
    public async Task An_approval_that_does_not_come_within_approval_timeout_denies_the_call()
    {
        await using var server = new AttackServer();
        const string policy = """
            { "version": "1", "default": "allow", "tools": { "send_mail": { "action": "require_approval", "approval_timeout": "0.2s" }, "echo": {} } }
            """;
        var client = await McpClientBase.CreateAsync(server.Start(), (s, o) => new Infrastructure.TestClient(s, policy, o), new TypedMcpClientOptions { Approvals = new NeverAnswers() });

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.CallToolAsync("send_mail", Args("to", "boss@corp.example")));
        var control = await client.CallToolAsync("echo", Args("text", "no approval needed"));

        Assert.Equal(DecisionStep.ApprovalRequired, denied.Step);
        Assert.Contains("approval_timeout", denied.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "echo:no approval needed" }, server.Reached);
        _ = control;
    }

    private sealed class NeverAnswers : IToolApprovalService
    {
        public async ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return true;
        }
    }

}

/// <summary><c>require_approval_if</c>: a person is asked only when the predicate holds; otherwise the call is auto-approved.</summary>
public sealed class ConditionalApprovalTests
{
    private const string Policy = """
        { "version": "1", "default": "allow",
          "tools": { "send_mail": { "require_approval_if": [ { "path": "args.to", "op": "regex", "value": "@(?!corp\\.example$)" } ] }, "echo": {} } }
        """;

    [Fact]
    public async Task The_typed_clients_hook_is_asked_only_for_calls_whose_predicate_holds()
    {
        await using var server = new AttackServer();
        var approvals = new RecordingApprovals(answer: false);
        var client = await McpClientBase.CreateAsync(server.Start(), (s, o) => new TestClient(s, Policy, o), new TypedMcpClientOptions { Approvals = approvals });

        await client.CallToolAsync("send_mail", new Dictionary<string, object?> { ["to"] = "boss@corp.example" });
        var outside = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.CallToolAsync("send_mail", new Dictionary<string, object?> { ["to"] = "someone@else.example" }));

        Assert.Equal("/tools/send_mail/require_approval_if/0", outside.RulePointer);
        var asked = Assert.Single(approvals.Requests);
        Assert.Equal("someone@else.example", asked.Arguments["to"]);
        Assert.Equal(new[] { "send_mail:boss@corp.example" }, server.Reached);
    }

    [Fact]
    public async Task The_agent_frameworks_auto_approval_rule_can_approve_exactly_the_calls_that_need_no_approval()
    {
        await using var server = new AttackServer();
        var client = await McpClientBase.CreateAsync(server.Start(), (s, o) => new TestClient(s, Policy, o));
        var tools = await client.GetAgentToolsAsync();
        var sendMail = (GuardedAIFunction)tools.Single(t => t.Name == "send_mail");

        async Task<AgentResponse> RunAsync(string to)
        {
            var model = new ScriptedChatClient(new FunctionCallContent("call-" + to, "send_mail", new Dictionary<string, object?> { ["to"] = to }));
            var agent = new ChatClientAgent(model, instructions: null, name: "mailer", description: null, tools: [.. tools])
                .AsBuilder()
                .UseToolApproval(new ToolApprovalAgentOptions
                {
                    AutoApprovalRules = [context => ValueTask.FromResult(!sendMail.RequiresApprovalFor(context.FunctionCallContent.Arguments))],
                })
                .Build();
            return await agent.RunAsync("mail " + to);
        }

        var inside = await RunAsync("boss@corp.example");
        var outside = await RunAsync("someone@else.example");

        Assert.True(sendMail.RequiresApproval);
        Assert.False(sendMail.RequiresApprovalFor(new Dictionary<string, object?> { ["to"] = "boss@corp.example" }));
        Assert.True(sendMail.RequiresApprovalFor(new Dictionary<string, object?> { ["to"] = "someone@else.example" }));
        Assert.DoesNotContain(inside.Messages.SelectMany(m => m.Contents), c => c is ToolApprovalRequestContent);
        Assert.Contains(outside.Messages.SelectMany(m => m.Contents), c => c is ToolApprovalRequestContent);
        Assert.Equal(new[] { "send_mail:boss@corp.example" }, server.Reached);
    }
}

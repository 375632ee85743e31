using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests.Attacks;

/// <summary>Every public way to call a tool, driven the same way by the attack tests.</summary>
public enum Api
{
    /// <summary>The typed client connected through the gateway (<c>McpClientBase.CreateAsync</c>).</summary>
    TypedClient,
    /// <summary>The typed client built over a session the application made itself (<c>new TestClient(mcpClient)</c>).</summary>
    TypedClientOverOwnSession,
    /// <summary><c>client.Client.CallToolAsync</c>.</summary>
    ClientSession,
    /// <summary>A plain <c>McpClient.CreateAsync(new PolicyEnforcingClientTransport(...))</c>.</summary>
    RawClientOverGuardedTransport,
    /// <summary>An <see cref="McpClientTool"/> on that raw client.</summary>
    McpClientTool,
    /// <summary>A tool from <c>GetAgentToolsAsync</c>, invoked directly.</summary>
    AgentTool,
    /// <summary>An agent tool invoked by <see cref="FunctionInvokingChatClient"/> for a scripted model.</summary>
    FunctionInvokingChatClient,
    /// <summary>The typed client resolved from <c>AddMcpClient</c>.</summary>
    DependencyInjection,
}

/// <summary>What came back: refused by the policy (an exception or a <c>[POLICY DENIED]</c> result), or an answer.</summary>
public sealed record AttackOutcome(bool Refused, string Text);

/// <summary>One connected API over a fresh <see cref="AttackServer"/>.</summary>
public sealed class AttackTarget : IAsyncDisposable
{
    public const string Policy = """
        {
          "version": "1", "default": "allow", "hide": ["secret_tool"],
          "tools": {
            "echo": {},
            "run_query": { "deny_if": [ { "path": "args.method", "op": "eq", "value": "unlink" } ] },
            "send_mail": { "action": "require_approval", "deny_if": [ { "path": "args.to", "op": "regex", "value": "@evil\\." } ] },
            "configure": { "deny_if": [ { "path": "args.options.mode", "op": "eq", "value": "delete" } ] },
            "by_id": { "deny_if": [ { "path": "args.id", "op": "in", "value": [1, 2] } ] },
            "set_mode": { "deny_if": [ { "path": "args.mode", "op": "in", "value": ["Delete"] } ] },
            "by_ids": { "deny_if": [ { "path": "args.ids", "op": "contains", "value": 1 } ] },
            "pick": { "require": [ { "path": "args.mode", "op": "regex", "value": "^(read|search)$" } ] },
            "set_flag": { "deny_if": [ { "path": "args.force", "op": "eq", "value": true } ] },
            "slow": { "limits": [ { "max": 2, "window": 3600 } ] },
            "wipe": { "action": "deny" }
          }
        }
        """;

    private readonly List<IAsyncDisposable> _owned = new();

    private AttackTarget(Api api, AttackServer server)
    {
        Api = api;
        Server = server;
    }

    public Api Api { get; }

    public AttackServer Server { get; }

    /// <summary>The typed client, when the API has one.</summary>
    public TestClient? Typed { get; private set; }

    /// <summary>The raw SDK client over the guarded transport, when the API has one.</summary>
    public McpClient? Raw { get; private set; }

    /// <summary>Answers approval questions (typed client and raw clients); the chat client approves through M.E.AI.</summary>
    public IToolApprovalService? Approvals { get; set; }

    public static IEnumerable<object[]> AllApis() => Enum.GetValues<Api>().Select(a => new object[] { a });

    public static async Task<AttackTarget> StartAsync(Api api, IToolApprovalService? approvals = null, bool lenientServer = false)
    {
        var server = new AttackServer();
        var target = new AttackTarget(api, server) { Approvals = approvals };
        var transport = lenientServer ? server.StartLenient() : server.Start();
        var options = new TypedMcpClientOptions { Approvals = new DelegatingApprovals(target) };
        switch (api)
        {
            case Api.TypedClientOverOwnSession:
                var session = await McpClient.CreateAsync(transport);
                target._owned.Add(session);
                target.Typed = new TestClient(session, Policy, options);
                break;
            case Api.RawClientOverGuardedTransport:
            case Api.McpClientTool:
                var guard = new PolicyGuard(PolicyParser.Parse(Policy, "attack.policy.json").Policy, options);
                target.Raw = await McpClient.CreateAsync(new PolicyEnforcingClientTransport(transport, guard));
                target._owned.Add(target.Raw);
                break;
            case Api.DependencyInjection:
                var services = new ServiceCollection();
                services.AddSingleton<IToolApprovalService>(new DelegatingApprovals(target));
                services.AddMcpClient<TestClient>(o => o.UseTransport(_ => transport).UseFactory((s, o2) => new TestClient(s, Policy, o2)));
                var provider = services.BuildServiceProvider();
                target._owned.Add(provider);
                target.Typed = await provider.GetRequiredService<IMcpClientProvider<TestClient>>().GetClientAsync();
                break;
            default:
                target.Typed = await McpClientBase.CreateAsync(transport, (s, o) => new TestClient(s, Policy, o), options);
                target._owned.Add(target.Typed.Client);
                break;
        }

        return target;
    }

    /// <summary>Calls <paramref name="tool"/> with <paramref name="arguments"/> through this target's API.</summary>
    public async Task<AttackOutcome> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken = default)
    {
        try
        {
            switch (Api)
            {
                case Api.TypedClient:
                case Api.TypedClientOverOwnSession:
                case Api.DependencyInjection:
                    return new AttackOutcome(false, (await Typed!.CallToolAsync(tool, arguments, cancellationToken)).Text);
                case Api.ClientSession:
                    return FromResult(await Typed!.Client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken));
                case Api.RawClientOverGuardedTransport:
                    return FromResult(await Raw!.CallToolAsync(tool, arguments, cancellationToken: cancellationToken));
                case Api.McpClientTool:
                    var listed = (await Raw!.ListToolsAsync(cancellationToken: cancellationToken)).FirstOrDefault(t => t.ProtocolTool.Name == tool)
                        ?? new McpClientTool(Raw!, new Tool { Name = tool, InputSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement });
                    return FromResult(await listed.CallAsync(arguments, cancellationToken: cancellationToken));
                case Api.AgentTool:
                    var agentTool = (await Typed!.GetAgentToolsAsync(cancellationToken)).FirstOrDefault(t => t.Name == tool);
                    if (agentTool is null) { return new AttackOutcome(true, "not offered to the agent"); }
                    return FromInvocation(await agentTool.InvokeAsync(new AIFunctionArguments(arguments.ToDictionary(p => p.Key, p => p.Value)), cancellationToken));
                case Api.FunctionInvokingChatClient:
                    return await ViaChatClientAsync(tool, arguments, cancellationToken);
                default:
                    throw new InvalidOperationException(Api.ToString());
            }
        }
        catch (McpPolicyDeniedException denied)
        {
            return new AttackOutcome(true, GuardedAIFunction.FormatDenial(denied));
        }
    }

    /// <summary>The tool names a caller of this API sees.</summary>
    public async Task<IReadOnlyList<string>> ListAsync()
    {
        return Api switch
        {
            Api.RawClientOverGuardedTransport or Api.McpClientTool => (await Raw!.ListToolsAsync()).Select(t => t.ProtocolTool.Name).ToList(),
            Api.AgentTool or Api.FunctionInvokingChatClient => (await Typed!.GetAgentToolsAsync()).Select(t => t.Name).ToList(),
            _ => (await Typed!.Client.ListToolsAsync()).Select(t => t.ProtocolTool.Name).ToList(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned)) { await owned.DisposeAsync(); }
        await Server.DisposeAsync();
    }

    private async Task<AttackOutcome> ViaChatClientAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var tools = await Typed!.GetAgentToolsAsync(cancellationToken);
        if (tools.All(t => t.Name != tool)) { return new AttackOutcome(true, "not offered to the agent"); }
        var model = new ScriptedChatClient(new FunctionCallContent("call-1", tool, arguments.ToDictionary(p => p.Key, p => p.Value)));
        using var chat = new FunctionInvokingChatClient(model);
        var options = new ChatOptions { Tools = [.. tools] };
        var messages = new List<ChatMessage> { new(ChatRole.User, "please call " + tool) };
        var response = await chat.GetResponseAsync(messages, options, cancellationToken);
        var approval = response.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().FirstOrDefault();
        if (approval is not null)
        {
            var approved = Approvals is not null && await Approvals.ApproveAsync(new ToolApprovalRequest(tool, arguments, "/tools/" + tool, "chat approval", null), cancellationToken);
            messages.AddRange(response.Messages);
            messages.Add(new ChatMessage(ChatRole.User, [approval.CreateResponse(approved)]));
            await chat.GetResponseAsync(messages, options, cancellationToken);
        }

        var result = model.FunctionResults.LastOrDefault();
        if (result is null) { return new AttackOutcome(true, "the chat client did not invoke the tool"); }
        return result.Result switch
        {
            JsonElement json => FromInvocation(json),
            string rejected when rejected.Contains("rejected", StringComparison.Ordinal) => new AttackOutcome(true, rejected),
            var other => FromInvocation(other),
        };
    }

    private static AttackOutcome FromResult(CallToolResult result)
    {
        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        return new AttackOutcome(result.IsError == true && text.StartsWith(PolicyDenials.DeniedPrefix, StringComparison.Ordinal), text);
    }

    private static AttackOutcome FromInvocation(object? result)
    {
        if (result is JsonElement { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("content", out var content))
        {
            var text = content[0].GetProperty("text").GetString() ?? string.Empty;
            var isError = json.TryGetProperty("isError", out var e) && e.ValueKind == JsonValueKind.True;
            return new AttackOutcome(isError && text.StartsWith(PolicyDenials.DeniedPrefix, StringComparison.Ordinal), text);
        }

        return new AttackOutcome(false, result switch { TextContent t => t.Text, _ => result?.ToString() ?? string.Empty });
    }

    private sealed class DelegatingApprovals(AttackTarget owner) : IToolApprovalService
    {
        public ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
            => owner.Approvals?.ApproveAsync(request, cancellationToken) ?? ValueTask.FromResult(false);
    }
}

/// <summary>A model with a script: first it asks for one tool call, then it answers with text; it records tool results.</summary>
public sealed class ScriptedChatClient(FunctionCallContent call) : IChatClient
{
    public List<FunctionResultContent> FunctionResults { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var results = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        if (results.Count == 0)
        {
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
        }

        lock (FunctionResults) { FunctionResults.AddRange(results.Where(r => !FunctionResults.Contains(r))); }
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "done")));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The scripted model does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}

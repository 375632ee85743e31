using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Spectre.Console;
using TypedMcp;
using TypedMcp.Policy;

namespace OdooAgent;

/// <summary>
/// The same policy.json governing clients TypedMcp did not generate: a raw MCP SDK client over the guarded transport,
/// and an M.E.AI agent (FunctionInvokingChatClient) whose tool call needs a person's approval.
/// </summary>
internal static class GovernedClients
{
    /// <summary>A plain McpClient over PolicyEnforcingClientTransport: hidden tools are not listed, denied calls are answered by the gateway.</summary>
    public static async Task RawClientAsync(string serverDll, CancellationToken ct)
    {
        var guard = new PolicyGuard(PolicyGuard.LoadPolicyFile(Path.Combine(AppContext.BaseDirectory, "policy.json")));
        await using var raw = await McpClient.CreateAsync(new PolicyEnforcingClientTransport(DemoServer.Transport(serverDll), guard), cancellationToken: ct);

        var listed = await raw.ListToolsAsync(cancellationToken: ct);
        AnsiConsole.MarkupLineInterpolated($"Raw McpClient over the guarded transport lists {listed.Count} tools; odoo_unlink listed: {listed.Any(t => t.Name == "odoo_unlink")}");

        // Names and methods from data (an agent's plan): only the gateway can judge them.
        (string Tool, Dictionary<string, object?> Arguments)[] plan =
        [
            ("odoo_unlink", new() { ["model"] = "res.partner", ["ids"] = new[] { 1 } }),
            ("odoo_execute", new() { ["model"] = "res.partner", ["method"] = "unlink" }),
        ];
        foreach (var (tool, arguments) in plan)
        {
            var result = await raw.CallToolAsync(tool, arguments, cancellationToken: ct);
            var text = result.Content.OfType<TextContentBlock>().First().Text;
            AnsiConsole.MarkupLineInterpolated($"[red]Gateway answer[/] for {tool}: {text[..Math.Min(text.Length, 90)]}");
        }

        var count = await raw.CallToolAsync("odoo_search_count", new Dictionary<string, object?> { ["model"] = "res.partner" }, cancellationToken: ct);
        AnsiConsole.MarkupLineInterpolated($"Allowed through the gateway: odoo_search_count = {count.Content.OfType<TextContentBlock>().First().Text}");
    }

    /// <summary>
    /// An M.E.AI agent: a run-time policy makes odoo_write need approval, so FunctionInvokingChatClient asks before
    /// calling it (ToolApprovalRequestContent); the operator declines, and nothing is written.
    /// </summary>
    public static async Task AgentWithApprovalAsync(string serverDll, CancellationToken ct)
    {
        var approvals = PolicyDocument.Parse("""
            { "version": "1", "default": "allow", "tools": { "odoo_write": { "action": "require_approval", "approval_timeout": "10m" } } }
            """, "approvals.policy.json");
        var odoo = await McpClientBase.CreateAsync<OdooClient>(DemoServer.Transport(serverDll), new TypedMcpClientOptions { Policy = approvals }, cancellationToken: ct);
        await using var session = odoo.Client;
        var tools = await odoo.GetAgentToolsAsync(ct);

        var model = new ScriptedModel(new FunctionCallContent("call-1", "odoo_write", new Dictionary<string, object?>
        {
            ["model"] = "res.partner",
            ["ids"] = new[] { 1 },
            ["values"] = new Dictionary<string, object?> { ["city"] = "Atlantis" },
        }));
        using var agent = new FunctionInvokingChatClient(model);
        var options = new ChatOptions { Tools = [.. tools] };
        List<ChatMessage> messages = [new(ChatRole.User, "Move partner 1 to Atlantis.")];

        var response = await agent.GetResponseAsync(messages, options, ct);
        messages.AddRange(response.Messages);
        foreach (var request in response.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>())
        {
            var call = (FunctionCallContent)request.ToolCall;
            AnsiConsole.MarkupLineInterpolated($"[yellow]Approval requested[/] for {call.Name}: the operator declines.");
            messages.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(false, "the operator declined")]));
        }

        var final = await agent.GetResponseAsync(messages, options, ct);
        AnsiConsole.MarkupLineInterpolated($"Agent: {final.Text}");
    }

    /// <summary>A stand-in for an LLM: asks for one tool call, then reports what came back.</summary>
    private sealed class ScriptedModel(FunctionCallContent call) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
            var answer = result is null
                ? new ChatMessage(ChatRole.Assistant, [call])
                : new ChatMessage(ChatRole.Assistant, $"{call.Name} was not run: {result.Result}");
            return Task.FromResult(new ChatResponse(answer));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException("The scripted model does not stream.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

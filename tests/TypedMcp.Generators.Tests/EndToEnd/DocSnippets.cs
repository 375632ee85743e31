using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Generators.Tests.EndToEnd;

// The C# blocks of docs/runtime-policy.md and docs/policy-language.md, compiled against the real generated Odoo
// client. TypedMcp.PackageTests checks that every csharp block of docs/*.md appears in a file under samples/ or tests/.
#pragma warning disable CS1998, IDE0059

internal static class RuntimePolicyDocSnippets
{
    public static async Task DenyIfAsync(OdooClient odoo, string model, string method, ILogger logger, CancellationToken ct)
    {
        try
        {
            await odoo.ExecuteAsync(model, method, cancellationToken: ct);
        }
        catch (McpPolicyDeniedException e) when (e.Step == DecisionStep.DenyIfMatched)
        {
            logger.LogWarning("Refused by {Rule}: {Reason}", e.RulePointer, e.Reason);
        }
    }

    public static OdooClient WithOptions(McpClient mcpClient, ILoggerFactory loggerFactory)
    {
        var odoo = new OdooClient(mcpClient, new TypedMcpClientOptions
        {
            PolicyFilePath = "/etc/myapp/policy.json",   // on top of the built-in policy
            Approvals = new ConsoleApprovals(),
            LoggerFactory = loggerFactory,
        });
        return odoo;
    }

    public static async Task<ChatOptions> AgentToolsAsync(OdooClient odoo, CancellationToken ct)
    {
        IReadOnlyList<AIFunction> tools = await odoo.GetAgentToolsAsync(ct);
        var options = new ChatOptions { Tools = [.. tools] };
        return options;
    }

    public static async Task<OdooClient> GatewayAsync(IClientTransport transport, CancellationToken ct)
    {
        var guard = new PolicyGuard(PolicyGuard.LoadPolicyFile("policy.json"));
        await using var client = await McpClient.CreateAsync(new PolicyEnforcingClientTransport(transport, guard), cancellationToken: ct);

        var odoo = await McpClientBase.CreateAsync<OdooClient>(transport, new TypedMcpClientOptions { PolicyFilePath = "policy.json" }, cancellationToken: ct);
        return odoo;
    }

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IToolApprovalService, ConsoleApprovals>();   // optional
        services.AddMcpClient<OdooClient>(o =>
        {
            o.UseStdio("dotnet", ["OdooMcpServer.dll"]);       // or o.UseHttp(new Uri("https://host/mcp"))
            o.UsePolicyFile("policy.json");                    // optional, on top of the built-in policy
        });
    }

    public static PolicyDecision Evaluate(string text)
    {
        var policy = PolicyDocument.Parse(text, "policy.json");   // never throws; an unreadable file denies every call
        var decision = new PolicyGuard(policy).Evaluate("odoo_execute",
            new Dictionary<string, object?> { ["method"] = "unlink" });
        // decision.Verdict == Deny, decision.Step == DenyIfMatched, decision.RulePointer == "/tools/odoo_execute/deny_if/0"
        return decision;
    }
}

public sealed class ConsoleApprovals : IToolApprovalService
{
    public ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken ct)
    {
        Console.Write($"Allow {request.ToolName} ({request.Message})? [y/N] ");
        return ValueTask.FromResult(Console.ReadLine() is "y" or "Y");
    }
}

// in a service:
public sealed class Billing(IMcpClientProvider<OdooClient> odoo)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var client = await odoo.GetClientAsync(ct);
        var export = await client.UsageLogExportAsync("acme", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow, ct);
        Console.WriteLine($"{export.Rows} ledger rows");
    }
}

public sealed class DocSnippetTests
{
    [Fact]
    public void The_policy_language_doc_example_decides_as_the_doc_says()
    {
        var decision = RuntimePolicyDocSnippets.Evaluate(
            """{ "version": "1", "default": "deny", "tools": { "odoo_execute": { "deny_if": [ { "path": "args.method", "op": "eq", "value": "unlink" } ] } } }""");

        Assert.Equal(PolicyVerdict.Deny, decision.Verdict);
        Assert.Equal(DecisionStep.DenyIfMatched, decision.Step);
        Assert.Equal("/tools/odoo_execute/deny_if/0", decision.RulePointer);
    }
}

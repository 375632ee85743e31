using System;
using System.Linq;
using System.Threading.Tasks;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>Step 6: the approval hook is asked for every call that needs approval, and obeyed.</summary>
public sealed class ApprovalTests
{
#pragma warning disable TMCP0105 // send_mail needs approval: exactly what these tests exercise.

    [Fact]
    public async Task An_approved_call_is_sent_and_the_hook_sees_tool_arguments_and_rule()
    {
        await using var server = new CountingServer();
        var approvals = new RecordingApprovals(answer: true);
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { Approvals = approvals });

        var result = await client.SendMailAsync("boss@example.com");

        Assert.Equal("sent to boss@example.com", result.Text);
        Assert.Equal(1, server.CallsOf("send_mail"));
        var request = Assert.Single(approvals.Requests);
        Assert.Equal(("send_mail", "/tools/send_mail", "mail leaves the company"), (request.ToolName, request.RulePointer, request.Reason));
        Assert.Equal("boss@example.com", request.Arguments["to"]);
    }

    [Fact]
    public async Task A_rejected_call_is_denied_and_never_sent()
    {
        await using var server = new CountingServer();
        var approvals = new RecordingApprovals(answer: false);
        var client = new GuardedClient(await server.StartAsync(), new TypedMcpClientOptions { Approvals = approvals });

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.SendMailAsync("boss@example.com"));

        Assert.Equal((DecisionStep.ApprovalRequired, "/tools/send_mail"), (denied.Step, denied.RulePointer));
        Assert.Contains("not approved", denied.Message, StringComparison.Ordinal);
        Assert.Single(approvals.Requests);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task Without_an_approval_hook_the_call_is_denied_with_how_to_supply_one()
    {
        await using var server = new CountingServer();
        var client = new GuardedClient(await server.StartAsync());

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.SendMailAsync("boss@example.com"));

        Assert.Equal(DecisionStep.ApprovalRequired, denied.Step);
        Assert.Contains("TypedMcpClientOptions.Approvals", denied.Message, StringComparison.Ordinal);
        Assert.Contains("IToolApprovalService", denied.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
    }

    [Fact]
    public async Task Nobody_is_asked_to_approve_a_call_the_limits_would_refuse()
    {
        await using var server = new CountingServer();
        var approvals = new RecordingApprovals(answer: true);
        var client = new TestClient(await server.StartAsync(), """
            { "version": "1", "default": "allow", "tools": { "send_mail": { "action": "require_approval", "rate_limit": "1/hour" } } }
            """, new TypedMcpClientOptions { Approvals = approvals });

        await client.Call("send_mail", new System.Collections.Generic.Dictionary<string, object?> { ["to"] = "a@example.com" });
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("send_mail", new System.Collections.Generic.Dictionary<string, object?> { ["to"] = "b@example.com" }));

        Assert.Equal(DecisionStep.LimitExhausted, denied.Step);
        Assert.Equal(new[] { "a@example.com" }, approvals.Requests.Select(r => (string?)r.Arguments["to"]));
        Assert.Equal(1, server.CallsOf("send_mail"));
    }

#pragma warning restore TMCP0105
}

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp;

/// <summary>
/// Asks a person to approve a tool call whose policy rule says <c>"action": "require_approval"</c>: a console
/// prompt, a web page, a chat message… Supply one through <see cref="TypedMcpClientOptions.Approvals"/> or register it
/// in dependency injection before <c>AddMcpClient</c>.
/// </summary>
public interface IToolApprovalService
{
    /// <summary>Asks for approval of one call. Return true to send the call, false to refuse it.</summary>
    /// <param name="request">The tool, its arguments and the rule that asks for approval.</param>
    /// <param name="cancellationToken">Cancels the question (the call is then not sent).</param>
    /// <returns>Whether the call is approved.</returns>
    ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken);
}

/// <summary>A call waiting for a person's approval.</summary>
public sealed class ToolApprovalRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="toolName">The tool the call is for.</param>
    /// <param name="arguments">The call's arguments as they will be sent.</param>
    /// <param name="rulePointer">JSON Pointer to the rule that requires approval, e.g. <c>/tools/google_gmail_send</c>.</param>
    /// <param name="message">Text explaining why approval is needed.</param>
    /// <param name="reason">The rule's own <c>reason</c>, when policy.json gives one.</param>
    public ToolApprovalRequest(string toolName, IReadOnlyDictionary<string, object?> arguments, string rulePointer, string message, string? reason)
    {
        ToolName = toolName ?? throw new ArgumentNullException(nameof(toolName));
        Arguments = arguments ?? throw new ArgumentNullException(nameof(arguments));
        RulePointer = rulePointer ?? throw new ArgumentNullException(nameof(rulePointer));
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Reason = reason;
    }

    /// <summary>The tool the call is for.</summary>
    public string ToolName { get; }

    /// <summary>The call's arguments as they will be sent (show them to the person who approves).</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>JSON Pointer to the rule that requires approval.</summary>
    public string RulePointer { get; }

    /// <summary>Text explaining why approval is needed.</summary>
    public string Message { get; }

    /// <summary>The rule's own <c>reason</c>, or null.</summary>
    public string? Reason { get; }
}

using System;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// The policy refused a tool call before anything was sent to the server. Names the tool, the rule (a JSON Pointer
/// into policy.json such as <c>/tools/odoo_execute/deny_if/0</c>), the decision step and the message.
/// </summary>
public sealed class McpPolicyDeniedException : Exception
{
    /// <summary>Creates the exception from the decision that refused the call.</summary>
    /// <param name="decision">The denying decision.</param>
    /// <param name="policyFilePath">The policy file that decided, when known.</param>
    public McpPolicyDeniedException(PolicyDecision decision, string? policyFilePath = null)
        : base((decision ?? throw new ArgumentNullException(nameof(decision))).Message)
    {
        Decision = decision;
        PolicyFilePath = policyFilePath;
    }

    /// <summary>The tool whose call was refused.</summary>
    public string ToolName => Decision.ToolName;

    /// <summary>JSON Pointer to the rule that refused the call (empty when the whole policy cannot be read).</summary>
    public string RulePointer => Decision.RulePointer;

    /// <summary>The decision step that refused the call (e.g. <see cref="DecisionStep.DenyIfMatched"/>, <see cref="DecisionStep.LimitExhausted"/>).</summary>
    public DecisionStep Step => Decision.Step;

    /// <summary>The message written in policy.json for this refusal, or null.</summary>
    public string? Reason => Decision.Reason;

    /// <summary>The policy file whose rule refused the call (the built-in or the run-time policy), when known.</summary>
    public string? PolicyFilePath { get; }

    /// <summary>The full decision.</summary>
    public PolicyDecision Decision { get; }

    /// <summary>The deciding policy as telemetry names it (<c>run-time:policy.json</c>), or null.</summary>
    internal string? PolicyId { get; init; }

    /// <summary>The deciding policy's fingerprint, or null.</summary>
    internal string? PolicyVersion { get; init; }
}

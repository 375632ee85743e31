using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>The rule for one tool: the value of <c>tools[name]</c> in policy.json.</summary>
/// <param name="ToolName">The tool name as written under <c>tools</c>.</param>
/// <param name="Action">
/// The action: <see cref="RuleAction.Allow"/> when none is written. A rule that could not be read has
/// <see cref="RuleAction.Deny"/> (see <see cref="IsFailClosed"/>).
/// </param>
/// <param name="Reason">The rule's message, from <c>reason</c> or its other spelling <c>on_deny</c>; null when neither is written.</param>
/// <param name="Require">Predicates that must all hold.</param>
/// <param name="DenyIf">Predicates of which none may hold.</param>
/// <param name="Limits">This tool's limits, <c>rate_limit</c> (any spelling) first, then <c>limits</c>.</param>
/// <param name="Pointer">JSON Pointer to the rule, e.g. <c>/tools/odoo_execute</c>.</param>
/// <param name="Span">Where the rule's name stands in policy.json.</param>
/// <param name="FailClosedReason">Why the rule denies every call because it could not be read, or null.</param>
internal sealed record ToolRule(
    string ToolName,
    RuleAction Action,
    string? Reason,
    IReadOnlyList<PolicyPredicate> Require,
    IReadOnlyList<PolicyPredicate> DenyIf,
    IReadOnlyList<PolicyLimit> Limits,
    string Pointer,
    SourceSpan Span,
    string? FailClosedReason)
{
    /// <summary>
    /// How long a person may take to approve a call (<c>approval_timeout</c>: seconds, or text such as <c>"10m"</c>);
    /// when it passes the call is denied. Null when the rule sets none.
    /// </summary>
    public TimeSpan? ApprovalTimeout { get; init; }

    /// <summary>
    /// Predicates of which any that holds makes the call need a person's approval (<c>require_approval_if</c>); a call
    /// for which none holds needs none (unless <see cref="Action"/> is <see cref="RuleAction.RequireApproval"/>).
    /// </summary>
    public IReadOnlyList<PolicyPredicate> ApprovalIf { get; init; } = Array.Empty<PolicyPredicate>();

    /// <summary>Whether the rule could not be read and therefore denies every call (fail closed).</summary>
    public bool IsFailClosed => FailClosedReason is not null;

    /// <summary>all_tools limits followed by this tool's limits; filled in by the document so the evaluator does not allocate.</summary>
    internal IReadOnlyList<PolicyLimit> EffectiveLimits { get; set; } = Array.Empty<PolicyLimit>();

    /// <summary>The decision for a call that passes every predicate (immutable, so one instance is reused; a race only builds it twice).</summary>
    internal PolicyDecision? CachedPassDecision { get; set; }
}

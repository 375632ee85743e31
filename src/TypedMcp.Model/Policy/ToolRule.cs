using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>The rule for one tool: the value of <c>tools[name]</c> in policy.json.</summary>
internal sealed class ToolRule
{
    internal ToolRule(
        string toolName,
        RuleAction action,
        string? reason,
        IReadOnlyList<PolicyPredicate> require,
        IReadOnlyList<PolicyPredicate> denyIf,
        IReadOnlyList<PolicyLimit> limits,
        string pointer,
        SourceSpan span,
        string? failClosedReason)
    {
        ToolName = toolName;
        Action = action;
        Reason = reason;
        Require = require;
        DenyIf = denyIf;
        Limits = limits;
        Pointer = pointer;
        Span = span;
        FailClosedReason = failClosedReason;
    }

    /// <summary>The tool name as written under <c>tools</c>.</summary>
    public string ToolName { get; }

    /// <summary>
    /// The action: <see cref="RuleAction.Allow"/> when none is written. A rule that could not be read has
    /// <see cref="RuleAction.Deny"/> (see <see cref="IsFailClosed"/>).
    /// </summary>
    public RuleAction Action { get; }

    /// <summary>The rule's message, from <c>reason</c> or its other spelling <c>on_deny</c>; null when neither is written.</summary>
    public string? Reason { get; }

    /// <summary>Predicates that must all hold.</summary>
    public IReadOnlyList<PolicyPredicate> Require { get; }

    /// <summary>Predicates of which none may hold.</summary>
    public IReadOnlyList<PolicyPredicate> DenyIf { get; }

    /// <summary>This tool's limits, <c>rate_limit</c> (any spelling) first, then <c>limits</c>.</summary>
    public IReadOnlyList<PolicyLimit> Limits { get; }

    /// <summary>JSON Pointer to the rule, e.g. <c>/tools/odoo_execute</c>.</summary>
    public string Pointer { get; }

    /// <summary>Where the rule's name stands in policy.json.</summary>
    public SourceSpan Span { get; }

    /// <summary>Whether the rule could not be read and therefore denies every call (fail closed).</summary>
    public bool IsFailClosed => FailClosedReason is not null;

    /// <summary>Why the rule denies every call because it could not be read, or null.</summary>
    public string? FailClosedReason { get; }

    /// <summary>all_tools limits followed by this tool's limits; filled in by the document so the evaluator does not allocate.</summary>
    internal IReadOnlyList<PolicyLimit> EffectiveLimits { get; set; } = Array.Empty<PolicyLimit>();

    /// <summary>The decision for a call that passes every predicate (immutable, so one instance is reused; a race only builds it twice).</summary>
    internal PolicyDecision? CachedPassDecision { get; set; }
}

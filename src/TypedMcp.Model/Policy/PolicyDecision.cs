using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>The decision for one call: the verdict, the step and rule that gave it, and what only run time can still decide.</summary>
public sealed class PolicyDecision
{
    /// <summary>Creates a decision (the evaluator does this; the run-time guard uses it for limit refusals).</summary>
    public PolicyDecision(
        PolicyVerdict verdict,
        DecisionStep step,
        string toolName,
        string rulePointer,
        string message,
        string? reason = null,
        SourceSpan ruleSpan = default,
        PolicyPredicate? predicate = null,
        IReadOnlyList<PolicyPredicate>? undecidedPredicates = null,
        IReadOnlyList<PolicyLimit>? limits = null)
    {
        Verdict = verdict;
        Step = step;
        ToolName = toolName ?? throw new ArgumentNullException(nameof(toolName));
        RulePointer = rulePointer ?? throw new ArgumentNullException(nameof(rulePointer));
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Reason = reason;
        RuleSpan = ruleSpan;
        Predicate = predicate;
        UndecidedPredicates = undecidedPredicates ?? Array.Empty<PolicyPredicate>();
        Limits = limits ?? Array.Empty<PolicyLimit>();
    }

    /// <summary>Allow, deny or require approval.</summary>
    public PolicyVerdict Verdict { get; }

    /// <summary>The decision step that gave the verdict.</summary>
    public DecisionStep Step { get; }

    /// <summary>The tool the call is for.</summary>
    public string ToolName { get; }

    /// <summary>
    /// JSON Pointer to the rule that decided: <c>/hide/0</c>, <c>/hide</c>, <c>/default</c>, <c>/tools/x</c>,
    /// <c>/tools/x/require/1</c>, <c>/tools/x/deny_if/0</c>; empty for an unreadable policy.
    /// </summary>
    public string RulePointer { get; }

    /// <summary>Where that rule stands in policy.json (unknown for an unreadable policy or a built-in decision).</summary>
    public SourceSpan RuleSpan { get; }

    /// <summary>Human text naming the tool and the rule; it uses the rule's <c>reason</c>/<c>on_deny</c> when written.</summary>
    public string Message { get; }

    /// <summary>The message written in policy.json for this decision (predicate <c>on_deny</c>, else rule <c>reason</c>/<c>on_deny</c>), or null.</summary>
    public string? Reason { get; }

    /// <summary>The predicate that decided (steps 4 and 5), or null.</summary>
    public PolicyPredicate? Predicate { get; }

    /// <summary>Predicates that read an unknown argument: only run time can decide them.</summary>
    public IReadOnlyList<PolicyPredicate> UndecidedPredicates { get; }

    /// <summary>The limits that apply if the call goes ahead: all_tools limits, then the tool's. Enforced at run time (step 7).</summary>
    public IReadOnlyList<PolicyLimit> Limits { get; }

    /// <summary>Whether the verdict is <see cref="PolicyVerdict.Deny"/>.</summary>
    public bool IsDenied => Verdict == PolicyVerdict.Deny;

    /// <summary>
    /// The more restrictive of two decisions for the same call (Deny over RequireApproval over Allow; on a tie,
    /// <paramref name="a"/>), carrying the limits and undecided predicates of both, so a call through two policies
    /// (e.g. the built-in one and one loaded at run time) is held to both.
    /// </summary>
    public static PolicyDecision MostRestrictive(PolicyDecision a, PolicyDecision b)
    {
        if (a is null) { throw new ArgumentNullException(nameof(a)); }
        if (b is null) { throw new ArgumentNullException(nameof(b)); }
        var winner = Rank(b.Verdict) > Rank(a.Verdict) ? b : a;
        var other = ReferenceEquals(winner, a) ? b : a;
        var limits = Union(winner.Limits, other.Limits);
        var undecided = Union(winner.UndecidedPredicates, other.UndecidedPredicates);
        if (ReferenceEquals(limits, winner.Limits) && ReferenceEquals(undecided, winner.UndecidedPredicates)) { return winner; }
        return new PolicyDecision(winner.Verdict, winner.Step, winner.ToolName, winner.RulePointer, winner.Message, winner.Reason, winner.RuleSpan, winner.Predicate, undecided, limits);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Verdict} ({Step}, {RulePointer}): {Message}";

    private static int Rank(PolicyVerdict verdict) => verdict switch
    {
        PolicyVerdict.Deny => 2,
        PolicyVerdict.RequireApproval => 1,
        _ => 0,
    };

    private static IReadOnlyList<T> Union<T>(IReadOnlyList<T> first, IReadOnlyList<T> second)
        where T : class
    {
        if (second.Count == 0) { return first; }
        List<T>? result = null;
        foreach (var item in second)
        {
            var present = false;
            foreach (var existing in first)
            {
                if (ReferenceEquals(existing, item)) { present = true; break; }
            }

            if (present) { continue; }
            result ??= new List<T>(first);
            result.Add(item);
        }

        return result is null ? first : result.AsReadOnly();
    }
}

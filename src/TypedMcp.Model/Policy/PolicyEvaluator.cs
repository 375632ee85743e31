using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Decides one call against a policy, in the order of the language spec (steps 1 to 8), the same at compile time
/// and at run time. Step 7 (limits) is left to the run-time guard: the evaluator returns the limits that apply.
/// Thread-safe and allocation-light: an allowed call with known arguments allocates only the decision.
/// </summary>
internal static class PolicyEvaluator
{
    /// <summary>Decides a call of <paramref name="toolName"/> with <paramref name="arguments"/>.</summary>
    /// <remarks>
    /// A predicate that reads an <see cref="ArgumentState.Unknown"/> argument is not decided: it is listed in
    /// <see cref="PolicyDecision.UndecidedPredicates"/> and evaluation goes on. A predicate that cannot be evaluated
    /// (invalid in policy.json, wrong argument type, regex timeout) denies the call (fail closed).
    /// </remarks>
    public static PolicyDecision Evaluate(PolicyDocument policy, string toolName, IPolicyArguments? arguments = null)
    {
        if (policy is null) { throw new ArgumentNullException(nameof(policy)); }
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        arguments ??= PolicyArguments.Empty;

        if (policy.IsFailClosed)
        {
            return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.PolicyUnreadable, toolName, string.Empty,
                $"Tool '{toolName}' is denied because the policy cannot be read: {policy.FailClosedReason}");
        }

        // Step 1: hidden.
        if (policy.IsHidden(toolName))
        {
            var entry = policy.GetHiddenEntry(toolName);
            var pointer = entry?.Pointer ?? policy.HideAllPointer;
            var span = entry?.Span ?? policy.HideAllSpan;
            return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.Hidden, toolName, pointer,
                $"Tool '{toolName}' is hidden by policy rule {pointer}{At(policy, span)}; a hidden tool cannot be called.", null, span);
        }

        // Step 2: not listed.
        var rule = policy.GetRule(toolName);
        if (rule is null)
        {
            if (policy.Default == PolicyDefault.Deny)
            {
                return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.NotListed, toolName, "/default",
                    $"Tool '{toolName}' is not listed under \"tools\" and the policy's default is \"deny\"{At(policy, default)}; list it under \"tools\" to allow it.");
            }

            return new PolicyDecision(PolicyVerdict.Allow, DecisionStep.Allowed, toolName, "/default",
                $"Tool '{toolName}' is not listed under \"tools\" and the policy's default is \"allow\".", null, default, null, null, policy.AllToolsLimits);
        }

        // Step 3: action deny (also a rule that could not be read).
        if (rule.Action == RuleAction.Deny)
        {
            var why = rule.Reason ?? (rule.FailClosedReason is { } broken
                ? $"the rule cannot be read ({broken}), so the tool is denied until it is fixed"
                : "its action is \"deny\"");
            return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.ActionDeny, toolName, rule.Pointer,
                $"Tool '{toolName}' is denied by policy rule {rule.Pointer}{At(policy, rule.Span)}: {why}", rule.Reason, rule.Span);
        }

        List<PolicyPredicate>? undecided = null;

        // Step 4: every require predicate must hold.
        var require = rule.Require;
        for (var i = 0; i < require.Count; i++)
        {
            var predicate = require[i];
            var outcome = predicate.Evaluate(arguments, out var argument, out var error);
            var lenient = false;
            if (outcome == PredicateOutcome.True)
            {
                // The same value read as a lenient server binder may read it must satisfy the requirement too.
                outcome = predicate.EvaluateLenient(arguments, out argument, out error);
                if (outcome == PredicateOutcome.True) { continue; }
                lenient = true;
            }

            if (outcome == PredicateOutcome.Unknown) { (undecided ??= new List<PolicyPredicate>()).Add(predicate); continue; }
            var detail = outcome == PredicateOutcome.Error
                ? $"requirement {predicate} cannot be checked ({error}), so the call is denied"
                : $"requirement {predicate} does not hold ({Describe(predicate, argument)}{Lenient(lenient)})";
            return PredicateDenial(policy, rule, toolName, predicate, DecisionStep.RequireFailed, detail, undecided);
        }

        // Step 5: no deny_if predicate may hold.
        var denyIf = rule.DenyIf;
        for (var i = 0; i < denyIf.Count; i++)
        {
            var predicate = denyIf[i];
            var outcome = predicate.Evaluate(arguments, out var argument, out var error);
            var lenient = false;
            if (outcome == PredicateOutcome.False)
            {
                // A value a lenient server binder would read as a denied one is denied too.
                outcome = predicate.EvaluateLenient(arguments, out argument, out error);
                if (outcome == PredicateOutcome.False) { continue; }
                lenient = true;
            }

            if (outcome == PredicateOutcome.Unknown) { (undecided ??= new List<PolicyPredicate>()).Add(predicate); continue; }
            var detail = outcome == PredicateOutcome.Error
                ? $"deny_if {predicate} cannot be checked ({error}), so the call is denied"
                : $"deny_if {predicate} holds ({Describe(predicate, argument)}{Lenient(lenient)})";
            return PredicateDenial(policy, rule, toolName, predicate, DecisionStep.DenyIfMatched, detail, undecided);
        }

        // Step 6 by predicate: a require_approval_if predicate that holds (in either reading) or cannot be checked
        // asks for approval; one that reads an unknown argument is left to run time.
        if (rule.Action != RuleAction.RequireApproval)
        {
            var approvalIf = rule.ApprovalIf;
            for (var i = 0; i < approvalIf.Count; i++)
            {
                var predicate = approvalIf[i];
                var outcome = predicate.Evaluate(arguments, out var argument, out var error);
                if (outcome == PredicateOutcome.False) { outcome = predicate.EvaluateLenient(arguments, out argument, out error); }
                if (outcome == PredicateOutcome.False) { continue; }
                if (outcome == PredicateOutcome.Unknown) { (undecided ??= new List<PolicyPredicate>()).Add(predicate); continue; }
                var why = outcome == PredicateOutcome.Error
                    ? $"require_approval_if {predicate} cannot be checked ({error})"
                    : $"require_approval_if {predicate} holds ({Describe(predicate, argument)})";
                return new PolicyDecision(PolicyVerdict.RequireApproval, DecisionStep.ApprovalRequired, toolName, predicate.Pointer,
                    $"Tool '{toolName}' needs a person's approval for this call (policy rule {predicate.Pointer}{At(policy, predicate.Span)}): {why}.",
                    predicate.OnDeny ?? rule.Reason, predicate.Span, predicate, undecided, rule.EffectiveLimits);
            }
        }

        // Steps 6 and 8 (step 7 is the run-time guard's: it counts calls against Limits). With nothing undecided
        // the decision depends on the rule only, so it is built once.
        if (undecided is null) { return rule.CachedPassDecision ??= PassDecision(policy, rule, toolName, null); }
        return PassDecision(policy, rule, toolName, undecided);
    }

    private static PolicyDecision PassDecision(PolicyDocument policy, ToolRule rule, string toolName, List<PolicyPredicate>? undecided)
    {
        if (rule.Action == RuleAction.RequireApproval)
        {
            return new PolicyDecision(PolicyVerdict.RequireApproval, DecisionStep.ApprovalRequired, toolName, rule.Pointer,
                $"Tool '{toolName}' needs a person's approval for each call (policy rule {rule.Pointer}{At(policy, rule.Span)}).",
                rule.Reason, rule.Span, null, undecided, rule.EffectiveLimits);
        }

        return new PolicyDecision(PolicyVerdict.Allow, DecisionStep.Allowed, toolName, rule.Pointer,
            $"Tool '{toolName}' is allowed by policy rule {rule.Pointer}.", null, rule.Span, null, undecided, rule.EffectiveLimits);
    }

    private static PolicyDecision PredicateDenial(PolicyDocument policy, ToolRule rule, string toolName, PolicyPredicate predicate, DecisionStep step, string detail, List<PolicyPredicate>? undecided)
    {
        var reason = predicate.OnDeny ?? rule.Reason;
        var text = reason is null ? detail : $"{reason} ({detail})";
        return new PolicyDecision(PolicyVerdict.Deny, step, toolName, predicate.Pointer,
            $"Tool '{toolName}' is denied by policy rule {predicate.Pointer}{At(policy, predicate.Span)}: {text}",
            reason, predicate.Span, predicate, undecided);
    }

    private static string Describe(PolicyPredicate predicate, ArgumentValue argument)
        => argument.State == ArgumentState.Present ? $"{predicate.Path} is {argument.Value}" : $"{predicate.Path} is absent";

    private static string Lenient(bool lenient)
        => lenient ? ", read as a server's binder may read it: strings ignoring case, numeric strings as numbers, member names ignoring case" : string.Empty;

    private static string At(PolicyDocument policy, SourceSpan span)
    {
        var file = string.IsNullOrEmpty(policy.FilePath) ? "policy.json" : policy.FilePath;
        return span.IsKnown
            ? $" at {file}:{span.StartLine.ToString(CultureInfo.InvariantCulture)}:{span.StartColumn.ToString(CultureInfo.InvariantCulture)}"
            : $" in {file}";
    }
}

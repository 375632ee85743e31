namespace TypedMcp.Policy;

/// <summary>
/// The names decisions are reported with: in the run time's spans, metrics and audit lines, and in
/// <c>typedmcp policy explain</c> (one table, so a step reads the same everywhere).
/// </summary>
internal static class DecisionNames
{
    /// <summary>A step's name, as <c>typedmcp policy explain</c> prints it: <c>allowed</c>, <c>deny-if-matched</c>, <c>limit-exhausted</c>….</summary>
    public static string Step(DecisionStep step) => step switch
    {
        DecisionStep.PolicyUnreadable => "policy-unreadable",
        DecisionStep.Hidden => "hidden",
        DecisionStep.NotListed => "not-listed",
        DecisionStep.ActionDeny => "action-deny",
        DecisionStep.RequireFailed => "require-failed",
        DecisionStep.DenyIfMatched => "deny-if-matched",
        DecisionStep.ApprovalRequired => "approval-required",
        DecisionStep.LimitExhausted => "limit-exhausted",
        DecisionStep.RequestRejected => "request-rejected",
        _ => "allowed",
    };

    /// <summary>A verdict's name as policy.json writes it.</summary>
    public static string Verdict(PolicyVerdict verdict) => verdict switch
    {
        PolicyVerdict.Allow => "allow",
        PolicyVerdict.Deny => "deny",
        _ => "require_approval",
    };
}

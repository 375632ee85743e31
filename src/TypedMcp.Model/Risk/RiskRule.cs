using System;

namespace TypedMcp.Risk;

/// <summary>One row of the classifier's ordered rule table. The first rule whose test matches decides.</summary>
/// <param name="Id">The stable rule id, e.g. <c>R01-destructive-verb</c>; documented in <c>docs/risk-classes.md</c>.</param>
/// <param name="Category">The category this rule assigns.</param>
/// <param name="Description">What the rule looks for, in one sentence.</param>
/// <param name="Test">Returns the explanation when the rule matches the evidence, otherwise null.</param>
internal sealed record RiskRule(string Id, RiskCategory Category, string Description, Func<RiskEvidence, string?> Test)
{
    /// <summary>The level this rule assigns: always the level its category carries (<see cref="RiskClassifier.DefaultLevel"/>).</summary>
    public RiskLevel Level { get; } = RiskClassifier.DefaultLevel(Category);
}

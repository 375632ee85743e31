namespace TypedMcp.Risk;

/// <summary>The classifier's verdict on one tool: its risk class and the rule that decided it.</summary>
/// <param name="Category">What the tool does to the world.</param>
/// <param name="Level">How much harm a call can do.</param>
/// <param name="RuleId">The id of the deciding rule, e.g. <c>R01-destructive-verb</c> (see <see cref="RiskClassifier.Rules"/>).</param>
/// <param name="Explanation">One sentence naming the evidence that matched, for people and diagnostics.</param>
internal sealed record RiskAssessment(RiskCategory Category, RiskLevel Level, string RuleId, string Explanation);

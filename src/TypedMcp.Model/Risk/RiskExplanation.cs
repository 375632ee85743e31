using System.Collections.Generic;

namespace TypedMcp.Risk;

/// <summary>A verdict with the evidence behind it, for <c>typedmcp classify --explain</c> and for people.</summary>
/// <param name="Assessment">The verdict.</param>
/// <param name="Facts">What the classifier read from the name, description, input schema and annotations, one fact per entry.</param>
/// <param name="RulesNotMatched">The ids of the rules checked before the deciding one, in order; none of them matched.</param>
internal sealed record RiskExplanation(RiskAssessment Assessment, IReadOnlyList<string> Facts, IReadOnlyList<string> RulesNotMatched);

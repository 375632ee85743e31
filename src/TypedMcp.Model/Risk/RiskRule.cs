using System;
using TypedMcp.Catalog;

namespace TypedMcp.Risk;

/// <summary>One row of the classifier's ordered rule table. The first rule whose test matches decides.</summary>
internal sealed class RiskRule
{
    private readonly Func<RiskEvidence, string?> _match;

    internal RiskRule(string id, RiskCategory category, string description, Func<RiskEvidence, string?> match)
    {
        Id = id;
        Category = category;
        Level = RiskClassifier.DefaultLevel(category);
        Description = description;
        _match = match;
    }

    /// <summary>The stable rule id, e.g. <c>R01-destructive-verb</c>; documented in <c>docs/risk-classes.md</c>.</summary>
    public string Id { get; }

    /// <summary>The category this rule assigns.</summary>
    public RiskCategory Category { get; }

    /// <summary>The level this rule assigns: always the level its category carries (<see cref="RiskClassifier.DefaultLevel"/>).</summary>
    public RiskLevel Level { get; }

    /// <summary>What the rule looks for, in one sentence.</summary>
    public string Description { get; }

    /// <summary>Returns the explanation when the rule matches, otherwise null.</summary>
    internal string? Match(RiskEvidence evidence) => _match(evidence);
}

using System;

namespace TypedMcp.Catalog;

/// <summary>
/// The risk class of a tool as the catalog states it. A <see cref="Reason"/> marks a person's override of the
/// classifier; a risk class without one must equal what <c>RiskClassifier</c> computes.
/// </summary>
/// <param name="Category">The category.</param>
/// <param name="Level">The level.</param>
/// <param name="Reason">Why a person overrode the classifier, or null for the classifier's own verdict.</param>
internal sealed record RiskClass(RiskCategory Category, RiskLevel Level, string? Reason = null)
{
    private static readonly RiskCategory[] Categories = { RiskCategory.Read, RiskCategory.Write, RiskCategory.Execute, RiskCategory.Destructive, RiskCategory.Financial, RiskCategory.Other };
    private static readonly RiskLevel[] Levels = { RiskLevel.Low, RiskLevel.Medium, RiskLevel.High, RiskLevel.Critical };

    /// <summary>Whether this class is a person's override (it has a reason).</summary>
    public bool IsOverride => !string.IsNullOrWhiteSpace(Reason);

    /// <summary>The catalog spelling of a category (<c>Read</c>, <c>Write</c>, ...).</summary>
    public static string Format(RiskCategory category) => category switch
    {
        RiskCategory.Read => "Read",
        RiskCategory.Write => "Write",
        RiskCategory.Execute => "Execute",
        RiskCategory.Destructive => "Destructive",
        RiskCategory.Financial => "Financial",
        RiskCategory.Other => "Other",
        _ => category.ToString(),
    };

    /// <summary>The catalog spelling of a level (<c>low</c>, <c>medium</c>, ...).</summary>
    public static string Format(RiskLevel level) => level switch
    {
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        _ => "critical",
    };

    /// <summary>Parses a category as the catalog spells it (case-insensitive).</summary>
    public static bool TryParseCategory(string? text, out RiskCategory category)
    {
        // A fixed list, not Enum.GetValues + ToString: this runs once per tool and those allocate on every call.
        foreach (var c in Categories)
        {
            if (string.Equals(Format(c), text, StringComparison.OrdinalIgnoreCase)) { category = c; return true; }
        }

        category = default;
        return false;
    }

    /// <summary>Parses a level as the catalog spells it (case-insensitive).</summary>
    public static bool TryParseLevel(string? text, out RiskLevel level)
    {
        foreach (var l in Levels)
        {
            if (string.Equals(Format(l), text, StringComparison.OrdinalIgnoreCase)) { level = l; return true; }
        }

        level = default;
        return false;
    }
}

using System;
using System.Linq;
using TypedMcp.Policy;

namespace TypedMcp.Model.Tests;

public sealed class PublicSurfaceTests
{
    // TypedMcp.Model ships once, beside the Roslyn component and beside the run time. Only what the run-time API
    // shows is public; the parsers, the JSON tree, naming and the classifier are internal to the TypedMcp assemblies.
    [Fact]
    public void The_model_assembly_exports_only_what_the_run_time_API_shows()
    {
        var exported = typeof(PolicyDocument).Assembly.GetExportedTypes()
            .Select(t => t.FullName!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                "TypedMcp.Json.SourceSpan",
                "TypedMcp.Policy.DecisionStep",
                "TypedMcp.Policy.PolicyDecision",
                "TypedMcp.Policy.PolicyDocument",
                "TypedMcp.Policy.PolicyLimit",
                "TypedMcp.Policy.PolicyPredicate",
                "TypedMcp.Policy.PolicyVerdict",
                "TypedMcp.Policy.PredicateOperator",
                "TypedMcp.RiskCategory",
                "TypedMcp.RiskLevel",
            },
            exported);
    }

    [Fact]
    public void No_exported_type_shares_a_simple_name_with_System_Text_Json()
    {
        var stj = typeof(System.Text.Json.JsonSerializer).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var ours = typeof(PolicyDocument).Assembly.GetTypes().Where(t => !t.IsNested && t.Namespace?.StartsWith("TypedMcp", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(ours, t => stj.Contains(t.Name));
    }
}

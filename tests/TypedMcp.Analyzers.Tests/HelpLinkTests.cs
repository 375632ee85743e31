using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using PolicyAnalyzer = TypedMcp.Generators.Analyzers.PolicyAnalyzer;

namespace TypedMcp.Analyzers.Tests;

/// <summary>Every descriptor of the Roslyn component links to a page that exists in docs/diagnostics.</summary>
public sealed class HelpLinkTests
{
    private static DiagnosticDescriptor[] AllDescriptors()
    {
        var type = typeof(PolicyAnalyzer).Assembly.GetType("TypedMcp.Generators.Diagnostics.DiagnosticDescriptors", throwOnError: true)!;
        return type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) { return dir.FullName; }
        }

        throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_descriptor_has_a_help_link_built_from_its_id()
    {
        var descriptors = AllDescriptors();
        Assert.Contains(descriptors, d => d.Id == "TMCP0101");
        Assert.Contains(descriptors, d => d.Id == "TMCP0212");
        Assert.All(descriptors, d => Assert.EndsWith("/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_help_link_page_exists_in_docs_diagnostics()
    {
        var docs = Path.Combine(RepoRoot(), "docs", "diagnostics");
        var missing = AllDescriptors().Select(d => d.Id).Distinct().Where(id => !File.Exists(Path.Combine(docs, id + ".md"))).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, "Missing pages in docs/diagnostics: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_analyzer_supports_every_call_site_and_policy_file_id()
    {
        var ids = new PolicyAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 101; i <= 109; i++) { Assert.Contains("TMCP0" + i, ids); }
        for (var i = 201; i <= 212; i++) { Assert.Contains("TMCP0" + i, ids); }
    }

    [Fact]
    public void Every_descriptor_has_a_release_tracking_line()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepoRoot(), "src", "TypedMcp.Generators", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(RepoRoot(), "src", "TypedMcp.Generators", "AnalyzerReleases.Shipped.md"));
        Assert.All(AllDescriptors(), d => Assert.True(
            unshipped.Contains(d.Id + " |", StringComparison.Ordinal) || shipped.Contains(d.Id + " |", StringComparison.Ordinal),
            d.Id + " has no line in AnalyzerReleases.*.md"));
    }
}

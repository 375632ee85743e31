using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Policy;
using TypedMcp.TestSupport;
using DiagnosticDescriptors = TypedMcp.Generators.Diagnostics.DiagnosticDescriptors;
using PolicyAnalyzer = TypedMcp.Generators.Analyzers.PolicyAnalyzer;

namespace TypedMcp.Analyzers.Tests;

/// <summary>One descriptor per id, with one severity, a help page, a release-tracking line and a real message format.</summary>
public sealed class DescriptorTests
{
    private static readonly string[] Ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToArray();

    [Fact]
    public void Every_id_has_exactly_one_descriptor_and_every_descriptor_an_id()
    {
        var described = DiagnosticDescriptors.All.Select(d => d.Id).ToList();

        Assert.Equal(described.Count, described.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Ids.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
        Assert.All(Ids, id => Assert.Same(DiagnosticDescriptors.All.Single(d => d.Id == id), DiagnosticDescriptors.ForId(id)));
        Assert.Same(DiagnosticDescriptors.InternalError, DiagnosticDescriptors.ForId("TMCP9999"));
    }

    [Fact]
    public void Every_descriptor_has_a_help_link_built_from_its_id_to_a_page_that_exists()
    {
        var docs = RepoPaths.File("docs/diagnostics");
        Assert.All(DiagnosticDescriptors.All, d => Assert.Equal(DiagnosticDescriptors.HelpLinkBase + d.Id + ".md", d.HelpLinkUri));
        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !File.Exists(Path.Combine(docs, id + ".md"))).ToArray();
        Assert.True(missing.Length == 0, "Missing pages in docs/diagnostics: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_descriptor_has_a_title_a_description_and_a_message_format_that_is_a_sentence_or_names_its_arguments()
    {
        Assert.All(DiagnosticDescriptors.All, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id);
            var format = d.MessageFormat.ToString();
            // "{0}" alone is the shared model's sentence; any other format words its arguments in text around them.
            Assert.True(format == "{0}" || format.Replace("{0}", string.Empty).Length > 20, d.Id + ": " + format);
        });
        Assert.Contains(DiagnosticDescriptors.All, d => d.MessageFormat.ToString() != "{0}");
    }

    [Fact]
    public void The_analyzer_supports_every_call_site_and_policy_file_id()
    {
        var ids = new PolicyAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 101; i <= 109; i++) { Assert.Contains("TMCP0" + i, ids); }
        for (var i = 201; i <= 212; i++) { Assert.Contains("TMCP0" + i, ids); }
        Assert.Contains("TMCP0901", ids);
        Assert.DoesNotContain("TMCP0001", ids);
    }

    [Fact]
    public void Every_descriptor_has_a_release_tracking_line_with_its_severity()
    {
        var unshipped = File.ReadAllText(RepoPaths.File("src/TypedMcp.Generators/AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(RepoPaths.File("src/TypedMcp.Generators/AnalyzerReleases.Shipped.md"));
        Assert.All(DiagnosticDescriptors.All, d => Assert.True(
            (unshipped + shipped).Contains($"{d.Id} | {d.Category} | {d.DefaultSeverity} |", StringComparison.Ordinal),
            d.Id + " has no matching line in AnalyzerReleases.*.md"));
    }

    public static TheoryData<string, string> ModelInputs => new()
    {
        { "catalog", """{ "tools": [ { "name": "a", "inputSchema": { "type": "object", "properties": { "x": { "$ref": "#/d" }, "y": { "type": "strin" } }, "required": ["z"] } } ], "extra": 1 }""" },
        { "catalog", """{ "tools": [ { "name": "a", "inputSchema": { "type": "object" }, "risk": { "category": "Nope", "level": "low" } }, { "name": "a", "inputSchema": {} } ] }""" },
        { "catalog", """{ "tools": [ { "inputSchema": 3 } """ },
        { "policy", """{ "version": "2", "default": "maybe", "audit": true, "hide": [3], "tools": { "a": { "action": "x", "deny_if": [ { "path": "m", "op": "like", "value": 1 }, { "path": "args.m", "op": "regex", "value": "(" } ], "rate_limit": "often" }, "b": 4 } }""" },
        { "policy", """{ "version": "1", "default": "allow", "tools": { "nope": {} } """ },
        { "policy", """{ "version": "1", "default": "allow", "tools": { "nope": {}, "a": { "require": [ { "path": "args.n", "op": "lt", "value": "ten" } ] } } }""" },
    };

    [Theory]
    [MemberData(nameof(ModelInputs))]
    public void Every_diagnostic_the_shared_model_reports_has_its_descriptors_severity(string kind, string text)
    {
        IReadOnlyList<ModelDiagnostic> diagnostics = kind == "catalog"
            ? CatalogParser.Parse(text, "/p/catalog/x.mcp.json").Diagnostics
            : PolicyParser.Parse(text, "/p/policy.json", new[] { "a", "b" }).Diagnostics;

        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(
            DiagnosticDescriptors.ForId(d.Id).DefaultSeverity,
            d.Severity switch { ModelSeverity.Error => DiagnosticSeverity.Error, ModelSeverity.Warning => DiagnosticSeverity.Warning, _ => DiagnosticSeverity.Info }));
    }
}

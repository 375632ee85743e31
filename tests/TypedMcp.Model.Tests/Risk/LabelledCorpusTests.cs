using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Risk;
using TypedMcp.Model.Tests.CatalogContent;
using Xunit.Abstractions;

namespace TypedMcp.Model.Tests.Risk;

/// <summary>
/// The classifier measured against tools of real MCP servers that a person labelled by reading them, and against the
/// categories PolicyLayer publishes. The thresholds are the issue's: 95 % agreement, and no Destructive or Financial
/// tool below high.
/// </summary>
public class LabelledCorpusTests
{
    private static readonly IReadOnlyList<LabelledTool> Corpus = LabelledCorpus.Load();

    private readonly ITestOutputHelper _output;

    public LabelledCorpusTests(ITestOutputHelper output) => _output = output;

    private static IReadOnlyList<(LabelledTool Tool, RiskAssessment Verdict)> Classified()
        => Corpus.Select(t => (t, RiskClassifier.Classify(t.Name, t.Description, t.InputSchema, t.Annotations))).ToList();

    [Fact]
    public void The_corpus_has_at_least_300_labelled_tools_from_at_least_10_real_servers_each_with_a_reason()
    {
        Assert.True(Corpus.Count >= 300, $"only {Corpus.Count} labelled tools");
        Assert.True(Corpus.Select(t => t.Server).Distinct().Count() >= 10, "fewer than 10 servers");
        var problems = new List<string>();
        foreach (var g in Corpus.GroupBy(t => t.Server))
        {
            problems.AddRange(g.GroupBy(t => t.Name, StringComparer.Ordinal).Where(d => d.Count() > 1).Select(d => $"{g.Key}/{d.Key} is labelled twice"));
        }

        problems.AddRange(Corpus.Where(t => t.Reason.Trim().Length < 8).Select(t => $"{t.Server}/{t.Name}: the reason is missing"));
        problems.AddRange(Corpus.Where(t => string.IsNullOrWhiteSpace(t.Description)).Select(t => $"{t.Server}/{t.Name}: no description"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_tool_of_the_shipped_odoo_catalog_is_labelled()
    {
        var catalog = CatalogFiles.Load(CatalogFiles.OutputPath(CatalogFiles.OdooCatalog))["tools"]!.Items.Select(t => t["name"]!.AsString()!).ToHashSet(StringComparer.Ordinal);
        var labelled = Corpus.Where(t => t.Server == "odoo-claude-mcp").Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(catalog.Except(labelled));
        Assert.Empty(labelled.Except(catalog));
    }

    [Fact]
    public void The_classifier_agrees_with_the_labels_on_at_least_95_percent_of_the_corpus()
    {
        var rows = Classified();
        var report = LabelledCorpus.Report(rows, t => t.Label, "Agreement with the labelled corpus");
        _output.WriteLine(report);
        foreach (var server in rows.GroupBy(r => r.Tool.Server))
        {
            _output.WriteLine($"{server.Key}: {server.Count(r => r.Verdict.Category == r.Tool.Label)}/{server.Count()}");
        }

        var agree = rows.Count(r => r.Verdict.Category == r.Tool.Label);
        Assert.True(agree * 100 >= rows.Count * 95, $"agreement {LabelledCorpus.Percent(agree, rows.Count)} is below 95 %:\n{report}");
    }

    [Fact]
    public void No_tool_labelled_destructive_or_financial_is_rated_below_high()
    {
        var low = Classified()
            .Where(r => r.Tool.Label is RiskCategory.Destructive or RiskCategory.Financial && r.Verdict.Level < RiskLevel.High)
            .Select(r => $"{r.Tool.Server}/{r.Tool.Name}: labelled {r.Tool.Label}, classified {r.Verdict.Category}/{RiskClass.Format(r.Verdict.Level)} by {r.Verdict.RuleId}")
            .ToList();
        Assert.True(low.Count == 0, string.Join("\n", low));
    }

    [Fact]
    public void The_classifier_agrees_with_policylayers_published_categories_on_at_least_95_percent()
    {
        var rows = Classified().Where(r => r.Tool.PolicyLayer is not null).ToList();
        Assert.True(rows.Count >= 30, $"only {rows.Count} published PolicyLayer categories in the corpus");
        var report = LabelledCorpus.Report(rows, t => t.PolicyLayer, "Agreement with PolicyLayer's published categories");
        _output.WriteLine(report);
        var agree = rows.Count(r => r.Verdict.Category == r.Tool.PolicyLayer);
        Assert.True(agree * 100 >= rows.Count * 95, $"agreement {LabelledCorpus.Percent(agree, rows.Count)} is below 95 %:\n{report}");
    }

    [Fact]
    public void Levels_are_the_levels_the_categories_carry()
    {
        foreach (var (tool, verdict) in Classified())
        {
            Assert.Equal(RiskClassifier.DefaultLevel(verdict.Category), verdict.Level);
        }
    }

    [Fact]
    public void Everyday_nouns_that_look_like_verbs_do_not_change_the_class()
    {
        // The examples, with the real servers' input names: a code host's issues and pull requests are read
        // and created, a read-only payment listing is Read, and finalising an invoice is Financial.
        Assert.Equal(RiskCategory.Read, RiskClassifier.Classify("get_issue", "Returns one issue.", null, null).Category);
        Assert.Equal(RiskCategory.Write, RiskClassifier.Classify("create_issue", "Creates an issue.", null, null).Category);
        Assert.Equal(RiskCategory.Read, RiskClassifier.Classify("get_pull_request", "Returns one pull request.", null, null).Category);
        Assert.Equal(RiskCategory.Read, RiskClassifier.Classify("list_pull_requests", "Lists pull requests.", null, null).Category);
        Assert.Equal(RiskCategory.Read, RiskClassifier.Classify("list_payment_intents", "Lists payment intents.", null, null).Category);
        Assert.Equal(RiskCategory.Financial, RiskClassifier.Classify("finalize_invoice", "Finalizes a draft invoice.", null, null).Category);
        Assert.Equal(RiskCategory.Read, RiskClassifier.Classify("list_charges", "Lists charges.", null, null).Category);
        Assert.Equal(RiskCategory.Financial, RiskClassifier.Classify("create_refund", "Refunds a charge.", null, null).Category);
    }
}

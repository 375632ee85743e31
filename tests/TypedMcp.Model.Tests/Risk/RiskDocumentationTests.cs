using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TypedMcp.Json;
using TypedMcp.Risk;
using TypedMcp.Model.Tests.CatalogContent;

namespace TypedMcp.Model.Tests.Risk;

public class RiskDocumentationTests
{
    private static string ReadDoc()
    {
        var root = CatalogFiles.RepositoryRoot();
        Assert.True(root is not null, "Generators.sln not found above the test output; run the tests from a checkout.");
        return File.ReadAllText(Path.Combine(root!, "docs", "risk-classes.md"));
    }

    [Fact]
    public void Every_rule_is_documented_in_order_in_the_rule_table()
    {
        var rows = TableRows(ReadDoc()).Select(r => r.Id).ToList();
        Assert.Equal(RiskClassifier.Rules.Select(r => r.Id).ToList(), rows);
    }

    [Fact]
    public void Every_documented_example_is_a_labelled_corpus_tool_decided_by_the_rule_it_illustrates()
    {
        var corpus = LabelledCorpus.Load().ToLookup(t => t.Name, StringComparer.Ordinal);
        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var (id, examples) in TableRows(ReadDoc()))
        {
            foreach (var name in examples)
            {
                Assert.True(corpus.Contains(name), $"{id}: example '{name}' is not a tool of the labelled corpus");
                foreach (var tool in corpus[name])
                {
                    var verdict = RiskClassifier.Classify(tool.Name, tool.Description, tool.InputSchema, tool.Annotations);
                    checkedCount++;
                    if (verdict.RuleId != id) { wrong.Add($"{tool.Server}/{name}: documented under {id}, decided by {verdict.RuleId}"); }
                }
            }
        }

        Assert.True(checkedCount >= 80, "expected the table to name many real tools");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_agreement_tables_in_the_documentation_are_the_ones_the_corpus_gives_today()
    {
        var doc = ReadDoc().Replace("\r\n", "\n", StringComparison.Ordinal);
        var rows = LabelledCorpus.Load().Select(t => (t, RiskClassifier.Classify(t.Name, t.Description, t.InputSchema, t.Annotations))).ToList();
        var labels = LabelledCorpus.Table(rows, t => t.Label);
        var policyLayer = LabelledCorpus.Table(rows, t => t.PolicyLayer);
        Assert.True(doc.Contains(labels, StringComparison.Ordinal), "docs/risk-classes.md should show this table:\n" + labels);
        Assert.True(doc.Contains(policyLayer, StringComparison.Ordinal), "docs/risk-classes.md should show this table:\n" + policyLayer);
    }

    private static IEnumerable<(string Id, IReadOnlyList<string> Examples)> TableRows(string markdown)
    {
        foreach (var line in markdown.Split('\n'))
        {
            if (!Regex.IsMatch(line, "^\\| `R[0-9]{2}-")) { continue; }
            var cells = line.Split('|');
            var id = cells[1].Trim().Trim('`');
            var examples = Regex.Matches(cells[cells.Length - 2], "`([A-Za-z0-9_-]+)`")
                .Select(m => m.Groups[1].Value)
                .ToList();
            yield return (id, examples);
        }
    }
}

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
    public void Every_documented_example_is_decided_by_the_rule_it_illustrates()
    {
        var catalog = CatalogFiles.Load(CatalogFiles.OutputPath(CatalogFiles.OdooCatalog));
        var tools = catalog["tools"]!.Items.ToDictionary(t => t["name"]!.AsString()!, StringComparer.Ordinal);
        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var (id, examples) in TableRows(ReadDoc()))
        {
            foreach (var name in examples)
            {
                Assert.True(tools.TryGetValue(name, out var tool), $"{id}: example '{name}' is not a catalog tool");
                var verdict = RiskClassifier.Classify(name, tool!["description"]?.AsString(), tool["inputSchema"], tool["annotations"]);
                checkedCount++;
                if (verdict.RuleId != id) { wrong.Add($"{name}: documented under {id}, decided by {verdict.RuleId}"); }
            }
        }

        Assert.True(checkedCount >= 60, "expected the table to name many real tools");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static IEnumerable<(string Id, IReadOnlyList<string> Examples)> TableRows(string markdown)
    {
        foreach (var line in markdown.Split('\n'))
        {
            if (!Regex.IsMatch(line, "^\\| `R[0-9]{2}-")) { continue; }
            var cells = line.Split('|');
            var id = cells[1].Trim().Trim('`');
            var examples = Regex.Matches(cells[cells.Length - 2], "`([a-z0-9_]+)`")
                .Select(m => m.Groups[1].Value)
                .Where(n => n.Contains('_', StringComparison.Ordinal) || n == "identify")
                .ToList();
            yield return (id, examples);
        }
    }
}

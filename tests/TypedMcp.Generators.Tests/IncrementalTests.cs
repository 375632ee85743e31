using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMcp.Generators.Tests.Infrastructure;

namespace TypedMcp.Generators.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] Steps = { "Clients", "CatalogFiles", "Catalogs", "ClientModels", "TypeFiles" };

    private static readonly string CatalogText = File.ReadAllText(RepoPaths.FocusedCatalog("results.mcp.json"));

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, InMemoryAdditionalText Catalog) FirstRun()
    {
        var catalog = new InMemoryAdditionalText("/repo/catalog/results.mcp.json", CatalogText);
        var compilation = Harness.Compilation(Harness.ClientSource("results"));
        var run = Harness.Run(Harness.Driver(catalog), compilation);
        return (run.Driver, compilation, catalog);
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason)> Reasons(GeneratorRun run)
    {
        var result = run.Result.Results.Single();
        foreach (var step in Steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var s in result.TrackedSteps[step])
            {
                foreach (var o in s.Outputs) { yield return (step, o.Reason); }
            }
        }

        foreach (var kv in result.TrackedOutputSteps)
        {
            foreach (var s in kv.Value)
            {
                foreach (var o in s.Outputs) { yield return ("output:" + kv.Key, o.Reason); }
            }
        }
    }

    private static void AssertNothingRegenerated(GeneratorRun run)
    {
        var bad = Reasons(run).Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToList();
        Assert.True(bad.Count == 0, "Steps that ran again: " + string.Join(", ", bad.Select(b => $"{b.Step}={b.Reason}")));
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation, _) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer; /// <summary>X.</summary>\npublic static class Unrelated { }", Harness.ParseOptions, path: "Unrelated.cs"));

        var second = Harness.Run(driver, edited);

        AssertNothingRegenerated(second);
    }

    [Fact]
    public void A_whitespace_only_catalog_edit_regenerates_nothing()
    {
        var (driver, compilation, catalog) = FirstRun();
        var reformatted = new InMemoryAdditionalText(catalog.Path, "\n\n" + CatalogText.Replace("\n", "\n  ") + "\n");
        driver = driver.ReplaceAdditionalText(catalog, reformatted);

        var second = Harness.Run(driver, compilation);

        var fileStep = second.Result.Results.Single().TrackedSteps["CatalogFiles"].Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, fileStep.Outputs.Single().Reason);
        AssertNothingRegenerated(second);
    }

    [Fact]
    public void A_real_catalog_change_is_seen_as_modified()
    {
        var (driver, compilation, catalog) = FirstRun();
        var changed = new InMemoryAdditionalText(catalog.Path, CatalogText.Replace("\"name\": \"ping\"", "\"name\": \"pong\""));
        driver = driver.ReplaceAdditionalText(catalog, changed);

        var second = Harness.Run(driver, compilation);

        Assert.Contains(Reasons(second), r => r is ("ClientModels", IncrementalStepRunReason.Modified));
        Assert.Contains("PongAsync", second.Source("TestClient.McpClient.g.cs"));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_compilation_or_location()
    {
        var (driver, compilation, _) = FirstRun();
        var run = Harness.Run(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Other { }", Harness.ParseOptions)));
        var result = run.Result.Results.Single();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var count = 0;
        foreach (var step in result.TrackedSteps.Where(s => Steps.Contains(s.Key)).SelectMany(s => s.Value))
        {
            foreach (var (value, _) in step.Outputs)
            {
                count++;
                Walk(value, step.Name ?? "?", visited);
            }
        }

        Assert.True(count >= Steps.Length, "the walk saw no step outputs");
        Assert.True(visited.Count > 20, "the walk saw too few objects to be meaningful");
    }

    private static void Walk(object? node, string path, HashSet<object> visited)
    {
        if (node is null) { return; }
        var type = node.GetType();
        if (type.IsPrimitive || type.IsEnum || node is string || node is decimal) { return; }
        Assert.False(node is ISymbol || node is SyntaxNode || node is Compilation || node is Location || node is SemanticModel || node is SyntaxTree || node is AdditionalText,
            $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !visited.Add(node)) { return; }
        if (node is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) { Walk(item, $"{path}[{i++}]", visited); }
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(f.GetValue(node), path + "." + f.Name, visited);
            }
        }
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMcp.Generators.Generation;
using TypedMcp.Generators.Tests.Infrastructure;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests;

/// <summary>
/// What each kind of edit re-runs, step by step (Mapperly's pattern), and how often a catalog is parsed: once per
/// change of that catalog, by the generator, and never in full by the analyzer.
/// </summary>
public sealed class IncrementalTests
{
    private const string Source = """
        using TypedMcp;

        namespace Consumer;

        /// <summary>First.</summary>
        [McpClient("results")]
        public partial class ResultsClient;

        /// <summary>Second.</summary>
        [McpClient("other")]
        public partial class OtherClient;
        """;

    private static readonly string ResultsText = File.ReadAllText(TestPaths.FocusedCatalog("results.mcp.json"));

    private static readonly IncrementalStepRunReason[] NotRerun = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    /// <summary>Two catalogs, each with a marker only its text holds, two clients and a policy.</summary>
    private sealed class Project : IDisposable
    {
        public readonly string ResultsMarker = "results-" + Guid.NewGuid().ToString("N");
        public readonly string OtherMarker = "other-" + Guid.NewGuid().ToString("N");
        public readonly ParseCounter Parses;
        public InMemoryAdditionalText Results;
        public InMemoryAdditionalText Other;
        public InMemoryAdditionalText Policy = new("/repo/policy.json", """{ "version": "1", "default": "allow" }""");
        public GeneratorDriver Driver;
        public CSharpCompilation Compilation = Pipeline.Compilation(Source);

        public Project()
        {
            Parses = new ParseCounter(ResultsMarker, OtherMarker);
            Results = new InMemoryAdditionalText("/repo/catalog/results.mcp.json", ResultsText.Replace("Builds a report.", "Builds a report. " + ResultsMarker, StringComparison.Ordinal));
            Other = new InMemoryAdditionalText("/repo/catalog/other.mcp.json", FileTable.CatalogText("other", "ping").Replace("A tool.", OtherMarker, StringComparison.Ordinal));
            Assert.Contains(ResultsMarker, Results.Text);
            Driver = Pipeline.Driver(new AdditionalText[] { Results, Other, Policy });
            First = Pipeline.Run(Driver, Compilation);
            Driver = First.Driver;
        }

        public PipelineRun First { get; }

        public PipelineRun Replace(ref InMemoryAdditionalText file, string text)
        {
            var edited = file.WithText(text);
            Driver = Driver.ReplaceAdditionalText(file, edited);
            file = edited;
            var run = Pipeline.Run(Driver, Compilation);
            Driver = run.Driver;
            return run;
        }

        public void Dispose() => Parses.Dispose();
    }

    private static List<(string Step, IncrementalStepRunReason Reason)> Rerun(PipelineRun run, params string[] steps)
        => run.StepReasons(steps).Where(r => !NotRerun.Contains(r.Reason)).ToList();

    private static void AssertNotRerun(PipelineRun run, params string[] steps)
    {
        var rerun = Rerun(run, steps);
        Assert.True(rerun.Count == 0, "Steps that ran again: " + string.Join(", ", rerun.Select(b => $"{b.Step}={b.Reason}")));
    }

    private static IncrementalStepRunReason[] OutputReasons(PipelineRun run, string step, Func<object, bool> which)
        => run.Generator.TrackedSteps[step].SelectMany(s => s.Outputs).Where(o => which(o.Value)).Select(o => o.Reason).ToArray();

    [Fact]
    public void The_first_run_parses_each_catalog_once_and_the_analyzer_only_scans_it()
    {
        using var project = new Project();

        Assert.Equal((1, 0), project.Parses[project.ResultsMarker]);
        Assert.Equal((1, 0), project.Parses[project.OtherMarker]);

        Pipeline.Analyze(project.First.Output, ImmutableArray.Create<AdditionalText>(project.Results, project.Other, project.Policy));

        Assert.Equal((1, 1), project.Parses[project.ResultsMarker]);
        Assert.Equal((1, 1), project.Parses[project.OtherMarker]);
    }

    [Fact]
    public void An_unrelated_csharp_edit_reruns_no_step_and_parses_nothing()
    {
        using var project = new Project();
        project.Parses.Reset();
        var edited = project.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Consumer; /// <summary>X.</summary>\npublic static class Unrelated { }", Pipeline.ParseOptions, path: "Unrelated.cs"));

        var second = Pipeline.Run(project.Driver, edited);

        AssertNotRerun(second, TrackingNames.All);
        Assert.DoesNotContain(second.Generator.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => !NotRerun.Contains(o.Reason));
        Assert.Equal((0, 0), project.Parses[project.ResultsMarker]);
        Assert.Equal((0, 0), project.Parses[project.OtherMarker]);
    }

    [Fact]
    public void A_whitespace_only_catalog_edit_parses_that_catalog_once_and_regenerates_nothing()
    {
        using var project = new Project();
        project.Parses.Reset();

        var second = project.Replace(ref project.Results, "\n\n" + project.Results.Text.Replace("\n", "\n  ", StringComparison.Ordinal) + "\n");

        // The file is parsed again (its diagnostics' positions move); the model the branches use is unchanged.
        Assert.Contains(IncrementalStepRunReason.Unchanged, OutputReasons(second, TrackingNames.Catalogs, _ => true));
        AssertNotRerun(second, TrackingNames.All.Where(n => n != TrackingNames.CatalogFiles).ToArray());
        Assert.Equal((1, 0), project.Parses[project.ResultsMarker]);
        Assert.Equal((0, 0), project.Parses[project.OtherMarker]);
    }

    [Fact]
    public void A_catalog_edit_modifies_only_that_catalogs_client_types_and_embedded_schemas()
    {
        using var project = new Project();
        project.Parses.Reset();

        var second = project.Replace(ref project.Results, project.Results.Text.Replace("\"name\": \"ping\"", "\"name\": \"pong\"", StringComparison.Ordinal));

        bool IsResults(object o) => o switch
        {
            CatalogSpec c => c.ServerName == "results",
            ClientModelSpec m => m.Client.ClassName == "ResultsClient",
            TypesFileSpec t => t.Catalog.ServerName == "results",
            _ => false,
        };
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, OutputReasons(second, TrackingNames.Catalogs, IsResults));
        Assert.All(OutputReasons(second, TrackingNames.Catalogs, o => !IsResults(o)), r => Assert.Contains(r, NotRerun));
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, OutputReasons(second, TrackingNames.ClientModels, IsResults));
        Assert.All(OutputReasons(second, TrackingNames.ClientModels, o => !IsResults(o)), r => Assert.Contains(r, NotRerun));
        // The tool's name is in the input schemas the client carries: its embedded data changes, the other's does not.
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, OutputReasons(second, TrackingNames.EmbeddedData, o => o is EmbeddedSpec { Client.ClassName: "ResultsClient" }));
        Assert.All(OutputReasons(second, TrackingNames.EmbeddedData, o => o is EmbeddedSpec { Client.ClassName: "OtherClient" }), r => Assert.Contains(r, NotRerun));
        AssertNotRerun(second, TrackingNames.PolicyFiles);
        Assert.Contains("PongAsync", second.Source("ResultsClient.McpClient.g.cs"));
        Assert.Equal((1, 0), project.Parses[project.ResultsMarker]);
        Assert.Equal((0, 0), project.Parses[project.OtherMarker]);
    }

    [Fact]
    public void A_description_edit_leaves_the_embedded_data_cached()
    {
        using var project = new Project();

        var second = project.Replace(ref project.Results, project.Results.Text.Replace("Builds a report.", "Builds the report.", StringComparison.Ordinal));

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(second, TrackingNames.Catalogs, _ => true));
        AssertNotRerun(second, TrackingNames.CatalogIdentities, TrackingNames.PolicyFiles, TrackingNames.EmbeddedData);
    }

    [Fact]
    public void A_policy_edit_reruns_only_the_embedded_data_branch_and_parses_no_catalog()
    {
        using var project = new Project();
        project.Parses.Reset();

        var second = project.Replace(ref project.Policy, """{ "version": "1", "default": "deny" }""");

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(second, TrackingNames.PolicyFiles, _ => true));
        Assert.Equal(new[] { IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified }, OutputReasons(second, TrackingNames.EmbeddedData, _ => true));
        AssertNotRerun(second, TrackingNames.Conventions, TrackingNames.Clients, TrackingNames.Catalogs, TrackingNames.CatalogIdentities, TrackingNames.ClientModels, TrackingNames.TypeFiles);
        Assert.Contains("\\\"deny\\\"", second.Source("ResultsClient.Embedded.g.cs"));
        Assert.Equal((0, 0), project.Parses[project.ResultsMarker]);
        Assert.Equal((0, 0), project.Parses[project.OtherMarker]);
    }

    [Fact]
    public void A_server_rename_reaches_the_embedded_data_branch()
    {
        using var project = new Project();

        var second = project.Replace(ref project.Other, project.Other.Text.Replace("\"other\"", "\"renamed\"", StringComparison.Ordinal));

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(second, TrackingNames.CatalogIdentities, _ => true));
    }

    [Fact]
    public void Every_step_is_tracked_under_a_name_from_the_constants_class()
    {
        using var project = new Project();

        var tracked = project.First.Generator.TrackedSteps.Keys.Where(k => TrackingNames.All.Contains(k)).ToHashSet();

        Assert.Equal(TrackingNames.All.ToHashSet(), tracked);
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_compilation_or_location()
    {
        using var project = new Project();
        var run = Pipeline.Run(project.Driver, project.Compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Other { }", Pipeline.ParseOptions)));
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var count = 0;
        foreach (var step in run.Generator.TrackedSteps.Where(s => TrackingNames.All.Contains(s.Key)).SelectMany(s => s.Value))
        {
            foreach (var (value, _) in step.Outputs)
            {
                count++;
                Walk(value, step.Name ?? "?", visited);
            }
        }

        Assert.True(count >= TrackingNames.All.Length, "the walk saw no step outputs");
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

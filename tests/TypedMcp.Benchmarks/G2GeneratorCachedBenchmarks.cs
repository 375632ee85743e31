using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMcp.TestSupport;
using TypedMcp.Benchmarks.Infrastructure;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G2: the re-run after an unrelated edit (one syntax tree of the project replaced), from a driver that has
/// already run on the project: what the IDE pays per keystroke elsewhere in the project. The setup checks that
/// every tracked step of TypedMcp's generator is Cached or Unchanged after that edit.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class G2GeneratorCachedBenchmarks
{
    // The generator's own named steps; Roslyn's internal steps such as "Compilation" are Modified by any edit by
    // design and are not the generator's.
    private static readonly string[] OwnSteps = global::TypedMcp.Generators.Generation.TrackingNames.All;

    private GeneratorDriver _typedMcpWarm = null!;
    private GeneratorDriver _refitWarm = null!;
    private CSharpCompilation _typedMcpCompilation = null!;
    private CSharpCompilation _refitCompilation = null!;
    private SyntaxTree _typedMcpUnrelated = null!;
    private SyntaxTree _refitUnrelated = null!;
    private SyntaxTree _edited = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A catalog and a policy, so every step of the pipeline has an input (a step without one is not tracked).
        var catalog = new AdditionalText[]
        {
            new InMemoryAdditionalText("/bench/catalog/odoo-claude-mcp.json", Catalogs.OdooCatalogText),
            new InMemoryAdditionalText("/bench/policy.json", """{ "version": "1", "default": "allow" }"""),
        };
        _typedMcpUnrelated = GeneratorHarness.Parse(GeneratorHarness.UnrelatedSource(0), "Unrelated.cs");
        _refitUnrelated = GeneratorHarness.Parse(GeneratorHarness.UnrelatedSource(0), "Unrelated.cs");
        _edited = GeneratorHarness.Parse(GeneratorHarness.UnrelatedSource(1), "Unrelated.cs");
        _typedMcpCompilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("odoo-claude-mcp"), "OdooClient.cs"), _typedMcpUnrelated);
        _refitCompilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(Catalogs.RefitInterface(Catalogs.OdooCatalogText), "IOdooApi.cs"), _refitUnrelated);

        // Prove the claim first: after the unrelated edit every step of TypedMcp's pipeline is Cached or Unchanged.
        var tracked = GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), catalog, GeneratorHarness.Tracked), _typedMcpCompilation, out _, 2);
        tracked = tracked.RunGenerators(_typedMcpCompilation.ReplaceSyntaxTree(_typedMcpUnrelated, _edited));
        var steps = tracked.GetRunResult().Results.Single().TrackedSteps.Where(s => OwnSteps.Contains(s.Key)).ToList();
        var bad = steps.SelectMany(s => s.Value.SelectMany(run => run.Outputs.Select(o => (s.Key, o.Reason))))
            .Where(x => x.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToList();
        if (steps.Count != OwnSteps.Length || bad.Count > 0) { throw new InvalidOperationException("G2 precondition failed: steps not cached after an unrelated edit: " + string.Join(", ", bad)); }
        Console.WriteLine("// G2 precondition: " + steps.Count + " tracked steps, all Cached/Unchanged after the edit");

        _typedMcpWarm = GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), catalog, GeneratorHarness.Untracked), _typedMcpCompilation, out _, 2);
        _refitWarm = GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewRefitGenerator(), Array.Empty<AdditionalText>(), GeneratorHarness.Untracked), _refitCompilation, out _, 2);
    }

    [Benchmark(Baseline = true, Description = "Refit, re-run after unrelated edit")]
    public GeneratorDriver Refit() => _refitWarm.RunGenerators(_refitCompilation.ReplaceSyntaxTree(_refitUnrelated, _edited));

    [Benchmark(Description = "TypedMcp, re-run after unrelated edit")]
    public GeneratorDriver TypedMcp() => _typedMcpWarm.RunGenerators(_typedMcpCompilation.ReplaceSyntaxTree(_typedMcpUnrelated, _edited));
}

using System;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMcp.TestSupport;
using TypedMcp.Benchmarks.Infrastructure;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G1: one cold generator run (new driver, fresh compilation state) over the Odoo catalog (221 tools), TypedMcp's
/// generator next to Refit's on an interface with one method per tool and comparable parameters. Baseline: Refit.
/// </summary>
[Config(typeof(WarmJitConfig))]
public class G1GeneratorColdBenchmarks
{
    private AdditionalText[] _catalog = Array.Empty<AdditionalText>();
    private CSharpCompilation _typedMcpCompilation = null!;
    private CSharpCompilation _refitCompilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/odoo-claude-mcp.json", Catalogs.OdooCatalogText) };
        _typedMcpCompilation = GeneratorHarness.Compilation(
            GeneratorHarness.Parse(GeneratorHarness.ClientSource("odoo-claude-mcp"), "OdooClient.cs"),
            GeneratorHarness.Parse(GeneratorHarness.UnrelatedSource(0), "Unrelated.cs"));
        _refitCompilation = GeneratorHarness.Compilation(
            GeneratorHarness.Parse(Catalogs.RefitInterface(Catalogs.OdooCatalogText), "IOdooApi.cs"),
            GeneratorHarness.Parse(GeneratorHarness.UnrelatedSource(0), "Unrelated.cs"));

        // Both generators must really work on their input, or the comparison means nothing.
        GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), _catalog, GeneratorHarness.Untracked), _typedMcpCompilation.Clone(), out _, expectedSources: 2);
        GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewRefitGenerator(), Array.Empty<AdditionalText>(), GeneratorHarness.Untracked), _refitCompilation.Clone(), out _, expectedSources: 2);
        Console.WriteLine("// Refit generator: " + GeneratorHarness.RefitGeneratorName);
    }

    [Benchmark(Baseline = true, Description = "Refit 16.4.0 InterfaceStubGeneratorV2, 221 methods")]
    public GeneratorDriver Refit()
        => GeneratorHarness.Driver(GeneratorHarness.NewRefitGenerator(), Array.Empty<AdditionalText>(), GeneratorHarness.Untracked)
            .RunGenerators(_refitCompilation.Clone());

    [Benchmark(Description = "TypedMcp McpClientGenerator, Odoo catalog 221 tools")]
    public GeneratorDriver TypedMcp()
        => GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), _catalog, GeneratorHarness.Untracked)
            .RunGenerators(_typedMcpCompilation.Clone());
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedMcp.Generators.Generation;
using TypedMcp.TestSupport;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>
/// Where the cold G1 time goes: Roslyn's own step timings (tracked driver) over 30 cold runs after 5 warm-up runs,
/// medians per pipeline step and for the whole generator (the driver's timing info, which includes output handling).
/// With a tool count, the same over the G4 synthetic catalog of that size (fewer runs for large catalogs).
/// </summary>
public static class StepTimes
{
    public static void Print(int? syntheticTools = null)
    {
        var (catalog, compilation) = syntheticTools is { } n
            ? (new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/synthetic.json", Catalogs.Synthetic(n, "synthetic")) },
               GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("synthetic", "SyntheticClient"), "SyntheticClient.cs")))
            : (new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/odoo-claude-mcp.json", Catalogs.OdooCatalogText) },
               GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("odoo-claude-mcp"), "OdooClient.cs")));
        var (warmUp, measured) = syntheticTools is > 1_000 ? (2, 7) : (5, 30);
        var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var totals = new List<double>();
        for (var run = 0; run < warmUp + measured; run++)
        {
            var driver = GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), catalog, GeneratorHarness.Tracked).RunGenerators(compilation.Clone());
            if (run < warmUp) { continue; }
            var result = driver.GetRunResult().Results.Single();
            foreach (var (name, runs) in result.TrackedSteps)
            {
                if (!steps.TryGetValue(name, out var list)) { steps[name] = list = new List<double>(); }
                list.Add(runs.Sum(r => r.ElapsedTime.TotalMilliseconds));
            }

            totals.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
        }

        Console.WriteLine("step\tmedian ms (sum over the step's runs)");
        foreach (var (name, list) in steps.OrderByDescending(s => Median(s.Value))) { Console.WriteLine(name + "\t" + Median(list).ToString("F2", CultureInfo.InvariantCulture)); }
        Console.WriteLine("whole generator (driver timing info)\t" + Median(totals).ToString("F2", CultureInfo.InvariantCulture));
    }

    /// <summary>Cold untracked runs over the synthetic catalog, with wall time and allocation per run, for profiling.</summary>
    public static void Loop(int tools, int runs)
    {
        var catalog = new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/synthetic.json", Catalogs.Synthetic(tools, "synthetic")) };
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("synthetic", "SyntheticClient"), "SyntheticClient.cs"));
        for (var run = 0; run < runs; run++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gen2 = GC.CollectionCount(2);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), catalog, GeneratorHarness.Untracked).RunGenerators(compilation.Clone());
            watch.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {watch.Elapsed.TotalMilliseconds:F1} ms, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:F1} MB, gen2 {GC.CollectionCount(2) - gen2}"));
        }
    }

    /// <summary>
    /// Cold runs over the 1,000- and 10,000-tool catalogs alternated (so load drifts hit both sizes alike) after
    /// warm-up runs of each: median time and allocation per size and their ratios (G4's linearity, for profiling).
    /// </summary>
    public static void Ratio(int rounds)
    {
        var sizes = new[] { 1_000, 10_000 };
        var inputs = sizes.Select(n => (Catalog: new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/synthetic.json", Catalogs.Synthetic(n, "synthetic")) },
            Compilation: GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("synthetic", "SyntheticClient"), "SyntheticClient.cs")))).ToArray();
        var times = sizes.Select(_ => new List<double>()).ToArray();
        var bytes = sizes.Select(_ => new List<double>()).ToArray();
        for (var round = -5; round < rounds; round++)
        {
            for (var i = 0; i < sizes.Length; i++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), inputs[i].Catalog, GeneratorHarness.Untracked).RunGenerators(inputs[i].Compilation.Clone());
                watch.Stop();
                if (round < 0) { continue; }
                times[i].Add(watch.Elapsed.TotalMilliseconds);
                bytes[i].Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1,000 tools: {Median(times[0]):F1} ms, {Median(bytes[0]):F1} MB | 10,000 tools: {Median(times[1]):F1} ms, {Median(bytes[1]):F1} MB | ratio time {Median(times[1]) / Median(times[0]):F2}, allocation {Median(bytes[1]) / Median(bytes[0]):F2}"));
    }

    /// <summary>Allocation and time of the model library's catalog steps (parse JSON, read catalog, resolve names) over the synthetic catalog.</summary>
    public static void ModelSteps(int tools)
    {
        var text = Catalogs.Synthetic(tools, "synthetic");
        for (var run = 0; run < 4; run++)
        {
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            var w = System.Diagnostics.Stopwatch.StartNew();
            var node = TypedMcp.Json.LocatedJsonReader.Parse(text);
            var t1 = w.Elapsed.TotalMilliseconds;
            var a1 = GC.GetTotalAllocatedBytes(precise: true);
            var parsed = TypedMcp.Catalog.CatalogParser.Parse(text, "/bench/catalog/synthetic.json");
            var t2 = w.Elapsed.TotalMilliseconds;
            var a2 = GC.GetTotalAllocatedBytes(precise: true);
            var resolved = TypedMcp.Naming.ToolNameResolver.Resolve(parsed.Catalog!, new List<TypedMcp.Diagnostics.ModelDiagnostic>());
            var t3 = w.Elapsed.TotalMilliseconds;
            var a3 = GC.GetTotalAllocatedBytes(precise: true);
            GC.KeepAlive(node);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"LocatedJsonReader.Parse {t1:F1} ms {(a1 - a0) / 1048576.0:F1} MB | CatalogParser.Parse (incl. JSON) {t2 - t1:F1} ms {(a2 - a1) / 1048576.0:F1} MB | Resolve {t3 - t2:F1} ms {(a3 - a2) / 1048576.0:F1} MB ({resolved.Count} tools)"));
        }
    }

    /// <summary>Time and allocation of the generator's own catalog step and emitter, called directly (internal, visible to the benchmarks).</summary>
    public static void GeneratorSteps(int tools)
    {
        var text = Microsoft.CodeAnalysis.Text.SourceText.From(Catalogs.Synthetic(tools, "synthetic"));
        var client = new ClientSpec("Consumer", "SyntheticClient", "synthetic", true, false, null);
        for (var run = 0; run < 5; run++)
        {
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            var w = System.Diagnostics.Stopwatch.StartNew();
            var catalog = McpClientGenerator.Parser.ParseCatalog("/bench/catalog/synthetic.json", text, System.Threading.CancellationToken.None);
            var t1 = w.Elapsed.TotalMilliseconds;
            var a1 = GC.GetTotalAllocatedBytes(precise: true);
            var source = McpClientGenerator.Emitter.EmitClient(client, catalog);
            var t2 = w.Elapsed.TotalMilliseconds;
            var a2 = GC.GetTotalAllocatedBytes(precise: true);
            var types = McpClientGenerator.Emitter.EmitTypes(new TypesFileSpec("Consumer", catalog));
            var t3 = w.Elapsed.TotalMilliseconds;
            var a3 = GC.GetTotalAllocatedBytes(precise: true);
            var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions);
            tree.GetRoot();
            var t4 = w.Elapsed.TotalMilliseconds;
            var a4 = GC.GetTotalAllocatedBytes(precise: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"catalog {t1:F1} ms {(a1 - a0) / 1048576.0:F1} MB | client {t2 - t1:F1} ms {(a2 - a1) / 1048576.0:F1} MB ({source.Length} chars) | types {t3 - t2:F1} ms {(a3 - a2) / 1048576.0:F1} MB ({types.Length} chars) | Roslyn parse of the client {t4 - t3:F1} ms {(a4 - a3) / 1048576.0:F1} MB"));
        }
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}

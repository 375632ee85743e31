using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using TypedMcp.TestSupport;
using TypedMcp.Benchmarks;
using TypedMcp.Benchmarks.Infrastructure;

// Commands besides BenchmarkDotNet's own arguments (--filter '*G1*', --list flat, ...):
//   make-consumer <dir> <call sites>   writes CallSites.cs and policy.json for scripts/bench/analyzer-overhead.sh
//   g1-steps [tools]                   prints the generator's time per pipeline step (median of cold runs; Odoo
//                                      catalog, or the G4 synthetic catalog with that many tools)
//   g4-loop <tools> <runs>             runs the cold generator over the G4 synthetic catalog (to attach dotnet-trace)
//   model-steps <tools>                time and allocation of JSON parse, catalog read, name resolution,
//                                      the generator's catalog step and its emitter
//   g8-limits <host:port> [decisions]  p50/p99 of one guard decision with limits: in-process vs a Redis store (G8)
//   g4-ratio <rounds>                  1,000- and 10,000-tool cold runs alternated: medians and ratios (G4)
//   g6-loop <rounds>                   Sep and the generated CSV rows alternated, medians (G6, for profiling)
//   g7-loop <rounds>                   the G7 guard alone: stub vs gateway alternated, ns per call (for profiling)
//   csv-memory                         prints the live memory while 10,000 and 100,000 ledger rows are streamed (G6)
if (args.Length is 2 or 3 && args[0] == "g8-limits")
{
    return await G8LimitStoreLatency.RunAsync(args[1], args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
}

if (args.Length >= 1 && args[0] == "make-consumer")
{
    if (args.Length != 3 || !int.TryParse(args[2], out var count) || count < 1)
    {
        Console.Error.WriteLine("usage: make-consumer <output folder> <number of call sites>");
        return 2;
    }

    return MakeConsumer(args[1], count);
}

if (args.Length is 1 or 2 && args[0] == "g1-steps")
{
    StepTimes.Print(args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : null);
    return 0;
}

if (args.Length == 2 && args[0] == "model-steps")
{
    StepTimes.ModelSteps(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    StepTimes.GeneratorSteps(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 3 && args[0] == "g4-loop")
{
    StepTimes.Loop(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 2 && args[0] == "g4-ratio")
{
    StepTimes.Ratio(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 2 && args[0] == "g6-loop")
{
    G6CsvBenchmarks.Loop(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 2 && args[0] == "g7-loop")
{
    G7GatewayOverheadBenchmarks.Loop(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length == 1 && args[0] == "csv-memory")
{
    G6CsvBenchmarks.PrintMemory();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(G1GeneratorColdBenchmarks).Assembly).Run(args);
return 0;

static int MakeConsumer(string dir, int count)
{
    var compilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("odoo-claude-mcp"), "OdooClient.cs"));
    var catalog = new InMemoryAdditionalText(Repo.OdooCatalogPath, Catalogs.OdooCatalogText);
    GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), new Microsoft.CodeAnalysis.AdditionalText[] { catalog }, GeneratorHarness.Untracked), compilation, out var generated, 2);
    var tools = CallSites.ToolCalls(generated, "Consumer.OdooClient");
    Directory.CreateDirectory(dir);
    File.WriteAllText(Path.Combine(dir, "CallSites.cs"), CallSites.Source(tools, count, "OdooClient"));
    File.WriteAllText(Path.Combine(dir, "policy.json"), CallSites.Policy(CallSites.UsedTools(tools, count)));
    var ids = GeneratorHarness.NewPolicyAnalyzer().SupportedDiagnostics.Select(d => d.Id).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal);
    File.WriteAllText(Path.Combine(dir, "no-policy-analyzer.globalconfig"),
        "# Every diagnostic of TypedMcp's PolicyAnalyzer off: Roslyn then skips the analyzer (the generator still runs).\nis_global = true\n"
        + string.Concat(ids.Select(id => "dotnet_diagnostic." + id + ".severity = none\n")));
    var distinct = CallSites.UsedTools(tools, count).Distinct(StringComparer.Ordinal).Count();
    Console.WriteLine($"Wrote {count} call sites over {Math.Min(count, tools.Count)} tool methods ({distinct} distinct tools) to {dir}");
    return 0;
}

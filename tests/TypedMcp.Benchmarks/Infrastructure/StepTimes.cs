using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>
/// Where the cold G1 time goes: Roslyn's own step timings (tracked driver) over 30 cold runs after 5 warm-up runs,
/// medians per pipeline step and for the whole generator (the driver's timing info, which includes output handling).
/// </summary>
public static class StepTimes
{
    public static void Print()
    {
        var catalog = new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/odoo-claude-mcp.json", Catalogs.OdooCatalogText) };
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("odoo-claude-mcp"), "OdooClient.cs"));
        var steps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var totals = new List<double>();
        for (var run = 0; run < 35; run++)
        {
            var driver = GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), catalog, GeneratorHarness.Tracked).RunGenerators(compilation.Clone());
            if (run < 5) { continue; }
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

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}

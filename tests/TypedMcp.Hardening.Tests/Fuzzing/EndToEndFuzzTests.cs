using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedMcp.Hardening.Tests.Infrastructure;
using TypedMcp.TestSupport;
using TypedMcp.Json;
using Xunit.Abstractions;

namespace TypedMcp.Hardening.Tests.Fuzzing;

/// <summary>
/// Mutated catalogs and policies through the real generator and policy analyzer, as the compiler runs them. Smaller
/// case count than the Model targets (each case is a compilation); every case is replayable from seed and case.
/// </summary>
public sealed class EndToEndFuzzTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> CatalogFileIds = new(StringComparer.Ordinal)
    {
        "TMCP0001", "TMCP0002", "TMCP0003", "TMCP0004", "TMCP0005", "TMCP0007", "TMCP0008", "TMCP0009", "TMCP0010", "TMCP0013",
    };

    [Fact]
    public void Generator_and_analyzer_never_crash_locate_every_file_problem_and_what_they_accept_compiles()
    {
        var seed = FuzzSettings.Seed;
        var cases = FuzzSettings.EndToEndCases;
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        var generatedClients = 0;
        for (var i = 0; i < cases && failures.Count < 10; i++)
        {
            var mutator = new JsonMutator(new Random(ModelFuzzTests.HashCode(seed, "e2e", i)), Seeds.KnownKeys);
            var catalog = mutator.Next(5) == 0 ? Seeds.Catalog : mutator.Mutate(Seeds.Catalog);
            var catalogMutation = ReferenceEquals(catalog, Seeds.Catalog) ? "none" : mutator.LastMutation;
            var policy = mutator.Next(2) == 0 ? Seeds.Policy : mutator.Mutate(Seeds.Policy);
            var policyMutation = ReferenceEquals(policy, Seeds.Policy) ? "none" : mutator.LastMutation;
            string? failure;
            try
            {
                failure = Check(catalog, policy, ref generatedClients);
            }
            catch (Exception e)
            {
                failure = $"{e.GetType().Name} escaped: {e.Message}";
            }

            if (failure is not null)
            {
                failures.Add($"[e2e seed={seed} case={i} catalog={catalogMutation} policy={policyMutation}] {failure}");
            }
        }

        output.WriteLine($"FUZZ target=e2e seed={seed} cases={cases} generatedClients={generatedClients} failures={failures.Count} ms={watch.ElapsedMilliseconds}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The fuzzer must also reach the valid side: some cases have to produce a client that compiles.
        Assert.True(cases < 20 || generatedClients > 0, "no case produced a client; the mutations are too destructive to test 'valid input compiles'");
    }

    /// <summary>One case: returns null when every property holds.</summary>
    internal static string? Check(string catalog, string policy, ref int generatedClients)
    {
        var source = Pipeline.ClientSource(Seeds.ServerName, "FuzzClient") + """

            public static class Calls
            {
                public static async System.Threading.Tasks.Task Run(TypedMcp.McpClientBase client)
                {
                    await client.CallToolAsync("fz_search");
                    await client.CallToolAsync("fz_delete");
                    await client.CallToolAsync("ping");
                }
            }
            """;
        var run = Pipeline.Run(source, new[] { (Seeds.CatalogPath, catalog), (Seeds.PolicyPath, policy) }, analyze: true);
        var all = run.All().ToList();
        if (all.FirstOrDefault(d => d.Id is "TMCP0901" or "CS8784" or "CS8785" or "AD0001") is { } crash)
        {
            return "crash reported as a diagnostic: " + crash;
        }

        var errors = run.CompilationErrors();
        if (errors.Count > 0) { return $"the output does not compile ({errors.Count} errors), first: {errors[0]}"; }

        foreach (var d in run.GeneratorDiagnostics.Concat(run.AnalyzerDiagnostics).Where(d => d.Id.StartsWith("TMCP", StringComparison.Ordinal)))
        {
            var expectedFile = CatalogFileIds.Contains(d.Id) ? Seeds.CatalogPath : d.Id.StartsWith("TMCP02", StringComparison.Ordinal) ? Seeds.PolicyPath : null;
            if (expectedFile is null) { continue; }
            var span = d.Location.GetLineSpan();
            if (d.Location == Location.None || !string.Equals(span.Path, expectedFile, StringComparison.Ordinal))
            {
                return $"{d.Id} is not located in {expectedFile}: {d}";
            }

            if (span.StartLinePosition.Line < 0 || span.StartLinePosition.Character < 0) { return $"{d.Id} has no line: {d}"; }
        }

        if (LocatedJsonReader.TryParse(catalog, out _) is null && !run.GeneratorDiagnostics.Any(d => d.Id is "TMCP0001" or "TMCP0009"))
        {
            return "an invalid catalog gave no TMCP0001/TMCP0009";
        }

        if (LocatedJsonReader.TryParse(policy, out _) is null && !run.AnalyzerDiagnostics.Any(d => d.Id == "TMCP0201"))
        {
            return "an invalid policy gave no TMCP0201";
        }

        var generatorErrors = run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        var client = run.Sources().Any(s => s.HintName.EndsWith("FuzzClient.McpClient.g.cs", StringComparison.Ordinal));
        if (!generatorErrors && !client) { return "no error and yet no client was generated"; }
        if (client) { generatedClients++; }
        return null;
    }
}

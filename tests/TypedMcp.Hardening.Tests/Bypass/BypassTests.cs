using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using TypedMcp.Hardening.Tests.Infrastructure;
using TypedMcp.TestSupport;
using Xunit.Abstractions;

namespace TypedMcp.Hardening.Tests.Bypass;

/// <summary>
/// The policy-bypass suite: every way to reach a denied tool, checked twice with the same C#. At compile time (the
/// analyzer) every statically decidable way must be an error; at run time (the guard) every way must be refused,
/// with no request reaching the counting in-process server. docs/hardening.md has the table.
/// </summary>
public sealed class BypassTests(ITestOutputHelper output)
{
    private static readonly string[] DenialIds = { "TMCP0101", "TMCP0102", "TMCP0103" };

    [Theory]
    [MemberData(nameof(BypassCases.Data), MemberType = typeof(BypassCases))]
    public void A_statically_decidable_bypass_is_a_compile_error(string name)
    {
        var c = BypassCases.Get(name);

        var run = Compile(c);

        var denials = run.AnalyzerDiagnostics
            .Where(d => DenialIds.Contains(d.Id) && d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == "Source0.cs")
            .ToList();
        output.WriteLine($"BYPASS compile [{name}] decidable={c.StaticallyDecidable} errors={string.Join("; ", denials.Select(d => d.Id + "@" + d.Location.GetLineSpan().StartLinePosition))}");
        if (c.StaticallyDecidable)
        {
            Assert.True(denials.Count > 0, $"'{name}': the tool name is known at compile time, but the analyzer reports no TMCP0101/0102/0103 error. Analyzer said: {string.Join(" | ", run.AnalyzerDiagnostics)}");
        }
        else
        {
            // Not decidable: nothing to require, but the analysis must have run without crashing.
            Assert.DoesNotContain(run.AnalyzerDiagnostics, d => d.Id == "TMCP0901");
        }
    }

    [Theory]
    [MemberData(nameof(BypassCases.Data), MemberType = typeof(BypassCases))]
    public async Task Every_bypass_is_refused_at_run_time_and_no_request_reaches_the_server(string name)
    {
        var c = BypassCases.Get(name);
        var run = Compile(c);
        var assembly = EmitAndLoad(run.Output);
        await using var server = new BypassServer();
        var session = await server.StartAsync();
        var client = Activator.CreateInstance(assembly.GetType("Consumer.BypassClient", throwOnError: true)!, session)!;
        var entry = assembly.GetType("Consumer.Case", throwOnError: true)!.GetMethod("RunAsync")!;

        string? outcome;
        Exception? refusal = null;
        try
        {
            outcome = await (Task<string>)entry.Invoke(null, new[] { client })!;
        }
        catch (Exception e)
        {
            outcome = null;
            refusal = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
        }

        var reached = BypassCases.DeniedTools.Sum(server.CallsOf);
        output.WriteLine($"BYPASS run-time [{name}] refusal={refusal?.GetType().Name ?? "none"} outcome={outcome ?? "-"} serverCalls={reached}");
        Assert.True(reached == 0, $"'{name}': {reached} request(s) for a denied tool reached the server (outcome {outcome ?? refusal?.GetType().Name}).");
        if (outcome is not null && outcome.StartsWith("offered:", StringComparison.Ordinal))
        {
            // The agent path refuses by not offering the tool at all.
            var offered = outcome.Substring("offered:".Length).Split(',', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain("wipe", offered);
            Assert.DoesNotContain("secret_tool", offered);
            Assert.Contains("read_notes", offered);
            return;
        }

        Assert.True(refusal is McpPolicyDeniedException, $"'{name}': expected McpPolicyDeniedException, got {(refusal is null ? "no exception (the call went through)" : refusal.GetType().Name + ": " + refusal.Message)}");
    }

    private static PipelineRun Compile(BypassCase c)
    {
        var run = Pipeline.Run(BypassCases.Source(c), new[] { (BypassCases.CatalogPath, BypassCases.Catalog), (BypassCases.PolicyPath, BypassCases.Policy) }, analyze: true);
        var errors = run.CompilationErrors();
        Assert.True(errors.Count == 0, $"the case does not compile: {string.Join(" | ", errors)}");
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return run;
    }

    private static Assembly EmitAndLoad(Compilation compilation)
    {
        using var stream = new MemoryStream();
        // Emit ignores analyzer diagnostics: this is the build of someone who suppressed or ignored the analyzer.
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(" | ", result.Diagnostics));
        stream.Position = 0;
        // Its own context (collectible), resolving TypedMcp and the SDK to the ones this test process already loaded.
        var context = new AssemblyLoadContext("bypass-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(stream);
    }
}

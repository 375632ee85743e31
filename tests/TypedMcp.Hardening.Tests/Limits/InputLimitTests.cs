using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using TypedMcp.Hardening.Tests.Fuzzing;
using TypedMcp.Hardening.Tests.Infrastructure;
using TypedMcp.TestSupport;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Naming;
using TypedMcp.Policy;
using Xunit.Abstractions;

namespace TypedMcp.Hardening.Tests.Limits;

/// <summary>
/// Hostile sizes (docs/hardening.md, "Input limits"): each is refused with a located TMCP0009 (catalog) or TMCP0201
/// (policy), without a stack overflow, and with memory bounded relative to the input.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class InputLimitTests(ITestOutputHelper output)
{
    private const int Mi = 1024 * 1024;

    /// <summary>40 Mi characters: a valid catalog behind 40 Mi characters of blanks.</summary>
    private static string FortyMegabytes() => new string(' ', 40 * Mi) + Seeds.Catalog;

    private static string DeepNesting(int depth)
        => "{\"tools\":" + new string('[', depth) + new string(']', depth) + "}";

    private static string TenMegabyteString()
        => Seeds.Catalog.Replace("\"Finds <things> & more.\"", "\"" + new string('x', 10 * Mi) + "\"");

    [Fact]
    public void A_40_MB_catalog_is_refused_with_TMCP0009_at_line_1_without_being_parsed()
    {
        var text = FortyMegabytes();

        var (result, allocated) = Measure(() => CatalogParser.Parse(text, Seeds.CatalogPath));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.CatalogTooLarge, error.Id);
        Assert.Equal((1, 1), (error.Span.StartLine, error.Span.StartColumn));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Report("40 Mi-char catalog", text, allocated);
        Assert.True(allocated < 64 * 1024, $"refusing a too-large catalog allocated {allocated} bytes; it must not copy or parse the text");
    }

    [Fact]
    public void A_100000_deep_nesting_is_refused_with_TMCP0009_at_the_first_level_beyond_the_limit()
    {
        var text = DeepNesting(100_000);

        var (result, allocated) = Measure(() => CatalogParser.Parse(text, Seeds.CatalogPath));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.CatalogTooLarge, error.Id);
        Assert.Equal(1, error.Span.StartLine);
        // The root object is level 1, so the 128th '[' is level 129: the first one past the limit.
        Assert.Equal("{\"tools\":".Length + 128, error.Span.StartColumn);
        Report("100,000-deep catalog", text, allocated);
        Assert.True(allocated < 20L * text.Length * sizeof(char), $"allocated {allocated} bytes for {text.Length} characters");
    }

    [Fact]
    public void A_10_MB_string_is_refused_with_TMCP0009_at_the_string()
    {
        var text = TenMegabyteString();

        var (result, allocated) = Measure(() => CatalogParser.Parse(text, Seeds.CatalogPath));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.CatalogTooLarge, error.Id);
        Assert.Equal(8, error.Span.StartLine);
        Assert.Equal(22, error.Span.StartColumn);
        Assert.Contains("longer than the limit", error.Message, StringComparison.Ordinal);
        Report("10 Mi-char string in a catalog", text, allocated);
        Assert.True(allocated < 1 * Mi, $"refusing a too-long string allocated {allocated} bytes; it must not copy the string");
    }

    [Theory]
    [InlineData("40 MB")]
    [InlineData("100,000-deep")]
    [InlineData("10 MB string")]
    public void A_hostile_policy_is_refused_with_TMCP0201_and_denies_every_tool(string kind)
    {
        var text = kind switch
        {
            "40 MB" => new string(' ', 40 * Mi) + Seeds.Policy,
            "100,000-deep" => "{\"version\":\"1\",\"default\":\"allow\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}",
            _ => Seeds.Policy.Replace("\"no dropping\"", "\"" + new string('x', 10 * Mi) + "\""),
        };

        var (result, allocated) = Measure(() => PolicyParser.Parse(text, Seeds.PolicyPath));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.PolicyInvalidJson, error.Id);
        Assert.True(error.Span.IsKnown);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.True(PolicyEvaluator.Evaluate(result.Policy, "ping").IsDenied);
        Report("policy " + kind, text, allocated);
        Assert.True(allocated < 20L * text.Length * sizeof(char), $"allocated {allocated} bytes for {text.Length} characters");
    }

    [Fact]
    public void A_10000_tool_catalog_parses_and_resolves_in_memory_bounded_by_its_size()
    {
        var text = Seeds.ManyTools(10_000);

        var (resolved, allocated) = Measure(() =>
        {
            var result = CatalogParser.Parse(text, Seeds.CatalogPath);
            Assert.Empty(result.Diagnostics);
            var diagnostics = new System.Collections.Generic.List<ModelDiagnostic>();
            var tools = ToolNameResolver.Resolve(result.Catalog!, diagnostics);
            Assert.Empty(diagnostics);
            return tools;
        });

        Assert.Equal(10_000, resolved.Count);
        Assert.Equal(10_000, resolved.Select(t => t.MethodName).Distinct(StringComparer.Ordinal).Count());
        Report("10,000-tool catalog (parse + resolve)", text, allocated);
        // The densest catalog there is (tiny tools, no descriptions) costs ~25x its UTF-16 size: a tree node per value.
        Assert.True(allocated < 30L * text.Length * sizeof(char), $"allocated {allocated} bytes for {text.Length} characters");

        // Linear, not worse: ten times the tools cost at most ~ten times the memory.
        var small = Seeds.ManyTools(1_000);
        var (_, smallAllocated) = Measure(() => ToolNameResolver.Resolve(CatalogParser.Parse(small, Seeds.CatalogPath).Catalog!, new System.Collections.Generic.List<ModelDiagnostic>()));
        Assert.InRange((double)allocated / smallAllocated, 5, 15);
    }

    [Fact]
    public void More_than_20000_tools_is_refused_with_TMCP0009_at_the_tools_array()
    {
        var text = Seeds.ManyTools(CatalogParser.MaxTools + 1);

        var result = CatalogParser.Parse(text, Seeds.CatalogPath);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.CatalogTooLarge, error.Id);
        Assert.Equal((3, 12), (error.Span.StartLine, error.Span.StartColumn));
        Assert.Contains("20000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("40 MB")]
    [InlineData("100,000-deep")]
    [InlineData("10 MB string")]
    public void Through_the_compiler_a_hostile_catalog_is_one_located_TMCP0009_and_memory_stays_bounded(string kind)
    {
        var text = kind switch
        {
            "40 MB" => FortyMegabytes(),
            "100,000-deep" => DeepNesting(100_000),
            _ => TenMegabyteString(),
        };

        var (run, allocated) = Measure(() => Pipeline.Run(Pipeline.ClientSource(Seeds.ServerName, "FuzzClient"), new[] { (Seeds.CatalogPath, text), (Seeds.PolicyPath, Seeds.Policy) }, analyze: true), allThreads: true);

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("TMCP0009", error.Id);
        Assert.Equal(Seeds.CatalogPath, error.Location.GetLineSpan().Path);
        Assert.DoesNotContain(run.All(), d => d.Id is "TMCP0901" or "AD0001" or "CS8785");
        Report("generator + analyzer, catalog " + kind, text, allocated);
        Assert.True(allocated < 20L * text.Length * sizeof(char), $"allocated {allocated} bytes for {text.Length} characters");
    }

    [Fact]
    public void Through_the_compiler_a_10000_tool_catalog_generates_one_method_per_tool()
    {
        var text = Seeds.ManyTools(10_000);

        var (run, allocated) = Measure(() => Pipeline.Run(Pipeline.ClientSource("many", "FuzzClient"), new[] { ("/big/many.mcp.json", text) }, analyze: false), allThreads: true);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var client = run.Sources().Single(s => s.HintName.EndsWith("FuzzClient.McpClient.g.cs", StringComparison.Ordinal)).Text;
        Assert.Equal(10_000, CountOf(client, "cancellationToken = default)"));
        Report("generator, 10,000-tool catalog", text, allocated);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) { count++; }
        return count;
    }

    private void Report(string what, string text, long allocated)
        => output.WriteLine($"LIMIT {what}: input {text.Length * 2L / 1024} KiB (UTF-16), allocated {allocated / 1024} KiB = {(double)allocated / (text.Length * 2L):0.00}x");

    private static (T Result, long Allocated) Measure<T>(Func<T> body, bool allThreads = false)
    {
        var before = allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        var result = body();
        var after = allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        return (result, after - before);
    }
}

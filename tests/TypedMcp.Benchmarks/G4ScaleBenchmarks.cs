using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMcp.TestSupport;
using TypedMcp.Benchmarks.Infrastructure;

namespace TypedMcp.Benchmarks;

/// <summary>G4 (generator): a cold generator run over synthetic catalogs of 100, 1,000 and 10,000 tools.</summary>
[Config(typeof(WarmJitConfig))]
public class G4GeneratorScaleBenchmarks
{
    private AdditionalText[] _catalog = Array.Empty<AdditionalText>();
    private CSharpCompilation _compilation = null!;

    [Params(100, 1_000, 10_000)]
    public int Tools { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _catalog = new AdditionalText[] { new InMemoryAdditionalText("/bench/catalog/synthetic.json", Catalogs.Synthetic(Tools, "synthetic")) };
        _compilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("synthetic", "SyntheticClient"), "SyntheticClient.cs"));
        GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), _catalog, GeneratorHarness.Untracked), _compilation.Clone(), out _, 2);
    }

    [Benchmark(Description = "TypedMcp generator, cold")]
    public GeneratorDriver Generate()
        => GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), _catalog, GeneratorHarness.Untracked).RunGenerators(_compilation.Clone());
}

/// <summary>
/// G4 (analyzer): the policy analyzer on one file of call sites (IDE-style, one tree's semantic diagnostics) over
/// a client generated from catalogs of 100, 1,000 and 10,000 tools, with 0, 200 and 1,000 call sites. Each
/// invocation starts from a fresh compilation state, so binding is paid every time; the baseline is the same tree's
/// compiler diagnostics without any analyzer, so (analyzer − baseline) is what the analyzer adds. With 0 call sites
/// that is the fixed per-compilation cost (reading the policy and the catalogs once); the slope between 200 and
/// 1,000 call sites is the cost per call site. The call sites cycle through the same first
/// <see cref="DistinctMethods"/> tool methods at every catalog size, so only the catalog size changes between
/// rows (with all methods, the 10,000-tool rows would also check 1,000 distinct methods and a 1,000-rule policy
/// where the 100-tool rows check ~180).
/// </summary>
[Config(typeof(ShortConfig))]
public class G4AnalyzerScaleBenchmarks
{
    private Compilation _compilation = null!;
    private SyntaxTree _callSites = null!;
    private AnalyzerOptions _options = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [Params(100, 1_000, 10_000)]
    public int Tools { get; set; }

    /// <summary>How many different tool methods the call sites use, at every catalog size.</summary>
    public const int DistinctMethods = 100;

    [Params(0, 200, 1_000)]
    public int CallSiteCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var catalogText = Catalogs.Synthetic(Tools, "synthetic");
        var catalog = new InMemoryAdditionalText("/bench/catalog/synthetic.json", catalogText);
        var compilation = GeneratorHarness.Compilation(GeneratorHarness.Parse(GeneratorHarness.ClientSource("synthetic", "SyntheticClient"), "SyntheticClient.cs"));
        GeneratorHarness.RunChecked(GeneratorHarness.Driver(GeneratorHarness.NewTypedMcpGenerator(), new AdditionalText[] { catalog }, GeneratorHarness.Untracked), compilation, out var generated, 2);

        var tools = CallSites.ToolCalls(generated, "Consumer.SyntheticClient").Take(DistinctMethods).ToList();
        _callSites = GeneratorHarness.Parse(CallSites.Source(tools, CallSiteCount, "SyntheticClient"), "CallSites.cs");
        _compilation = generated.AddSyntaxTrees(_callSites);
        var policy = new InMemoryAdditionalText("/bench/policy.json", CallSites.Policy(CallSites.UsedTools(tools, CallSiteCount)));
        _options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(catalog, policy));
        _analyzers = ImmutableArray.Create(GeneratorHarness.NewPolicyAnalyzer());

        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) { throw new InvalidOperationException("The call sites do not compile: " + string.Join(Environment.NewLine, errors.Take(5))); }
        var found = AnalyzerOnly().GetAwaiter().GetResult();
        var bad = found.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (bad.Count > 0) { throw new InvalidOperationException("Allowed calls got analyzer warnings/errors: " + string.Join(Environment.NewLine, bad.Take(5))); }
    }

    [Benchmark(Baseline = true, Description = "compiler diagnostics of the call-site tree, no analyzer")]
    public ImmutableArray<Diagnostic> CompilerOnly()
    {
        var c = _compilation.Clone();
        return c.GetSemanticModel(c.SyntaxTrees.Single(t => t.FilePath == _callSites.FilePath)).GetDiagnostics();
    }

    [Benchmark(Description = "compiler + policy analyzer on the call-site tree")]
    public async Task<ImmutableArray<Diagnostic>> AnalyzerOnly()
    {
        var c = _compilation.Clone();
        var tree = c.SyntaxTrees.Single(t => t.FilePath == _callSites.FilePath);
        var model = c.GetSemanticModel(tree);
        var withAnalyzers = c.WithAnalyzers(_analyzers, _options);
        var compiler = model.GetDiagnostics();
        var analyzer = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).ConfigureAwait(false);
        return compiler.AddRange(analyzer);
    }
}

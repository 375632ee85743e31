using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMcp.Generators.Analyzers;
using TypedMcp.Generators.Generation;

namespace TypedMcp.TestSupport;

/// <summary>What one run of the generator (and, when asked, the policy analyzer on its output) produced.</summary>
public sealed record PipelineRun(
    GeneratorDriver Driver,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics,
    GeneratorDriverRunResult Result)
{
    /// <summary>The generator's result (there is one generator).</summary>
    public GeneratorRunResult Generator => Result.Results.Single();

    /// <summary>The text of the generated file whose hint name ends with <paramref name="hintSuffix"/>.</summary>
    public string Source(string hintSuffix)
        => Generator.GeneratedSources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>Generated files by hint name, ordinally sorted.</summary>
    public IReadOnlyList<(string HintName, string Text)> Sources()
        => Generator.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();

    /// <summary>Errors and warnings of the output compilation (user code plus generated code).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems() => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Errors of the output compilation.</summary>
    public IReadOnlyList<Diagnostic> CompilationErrors() => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Every diagnostic: generator, compilation and analyzer.</summary>
    public IEnumerable<Diagnostic> All() => GeneratorDiagnostics.Concat(Output.GetDiagnostics()).Concat(AnalyzerDiagnostics);

    /// <summary>The reason of every output of the named steps (for caching tests).</summary>
    public IEnumerable<(string Step, IncrementalStepRunReason Reason)> StepReasons(IEnumerable<string> steps)
    {
        foreach (var step in steps)
        {
            if (!Generator.TrackedSteps.TryGetValue(step, out var runs)) { throw new InvalidOperationException($"step {step} was not tracked"); }
            foreach (var run in runs)
            {
                foreach (var output in run.Outputs) { yield return (step, output.Reason); }
            }
        }
    }
}

/// <summary>
/// Runs TypedMcp's generator, and the policy analyzer on its output, exactly as the compiler does, on in-memory
/// sources and files. Fails loudly when the generator or the analyzer threw: in a real build that would only be a
/// warning (CS8785, AD0001) and missing code.
/// </summary>
public static class Pipeline
{
    /// <summary>C# latest, with documentation comments checked (CS1591 for a public member without docs).</summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>A consumer compilation; <paramref name="strict"/> makes every warning (and CS1591) an error, as a project with TreatWarningsAsErrors.</summary>
    public static CSharpCompilation Compilation(IEnumerable<string> sources, bool strict = false, ImmutableArray<MetadataReference>? references = null)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            references ?? TestReferences.TypedMcp,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true,
                generalDiagnosticOption: strict ? ReportDiagnostic.Error : ReportDiagnostic.Default,
                specificDiagnosticOptions: strict ? new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Error } : null));

    /// <summary>A consumer compilation of <paramref name="sources"/>.</summary>
    public static CSharpCompilation Compilation(params string[] sources) => Compilation(sources, strict: false);

    /// <summary>A driver of TypedMcp's generator over <paramref name="files"/>, with step tracking on.</summary>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, AnalyzerConfigOptionsProvider? options = null, bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            new[] { new McpClientGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            options ?? TestOptionsProvider.Empty,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator on <paramref name="source"/> (a non-strict compilation) and the files.</summary>
    public static PipelineRun Run(string source, params (string Path, string Text)[] files)
        => Run(Compilation(source), Files(files));

    /// <summary>Runs the generator on a compilation and files; with <paramref name="analyze"/>, the policy analyzer on its output too.</summary>
    public static PipelineRun Run(Compilation compilation, IEnumerable<AdditionalText> files, AnalyzerConfigOptionsProvider? options = null, bool analyze = false)
    {
        var list = files.ToImmutableArray();
        return Run(Driver(list, options), compilation, analyze ? list : null, options);
    }

    /// <summary>Runs a driver (a second run shows what was cached); with <paramref name="analyzerFiles"/>, the analyzer on the output with those files.</summary>
    public static PipelineRun Run(GeneratorDriver driver, Compilation compilation, ImmutableArray<AdditionalText>? analyzerFiles = null, AnalyzerConfigOptionsProvider? options = null)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        foreach (var r in result.Results)
        {
            if (r.Exception is not null) { throw new InvalidOperationException("The generator threw: " + r.Exception, r.Exception); }
        }

        var analyzed = analyzerFiles is { } files ? Analyze(output, files, options) : ImmutableArray<Diagnostic>.Empty;
        return new PipelineRun(driver, output, diagnostics, analyzed, result);
    }

    /// <summary>The policy analyzer's diagnostics on <paramref name="compilation"/>, with the additional files and options a build would pass.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<AdditionalText> files, AnalyzerConfigOptionsProvider? options = null)
    {
        var thrown = new List<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new PolicyAnalyzer()),
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(files, options ?? TestOptionsProvider.Empty),
                onAnalyzerException: (e, _, _) => { lock (thrown) { thrown.Add(e.ToString()); } },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (thrown.Count > 0) { throw new InvalidOperationException("The analyzer threw: " + thrown[0]); }
        return found;
    }

    /// <summary>In-memory additional files.</summary>
    public static ImmutableArray<AdditionalText> Files(params (string Path, string Text)[] files)
        => files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();

    /// <summary>Runs the generator on <paramref name="source"/> and the files, and with <paramref name="analyze"/> the policy analyzer on its output.</summary>
    public static PipelineRun Run(string source, IEnumerable<(string Path, string Text)> files, bool analyze)
        => Run(Compilation(source), Files(files.ToArray()), analyze: analyze);

    /// <summary>Runs the generator on <paramref name="source"/> in a strict compilation (warnings and missing docs are errors) and the files.</summary>
    public static PipelineRun RunStrict(string source, params (string Path, string Text)[] files)
        => Run(Compilation(new[] { source }, strict: true), Files(files));

    /// <summary>The source of a consumer with one documented client of <paramref name="catalog"/> in namespace <paramref name="ns"/> (the attribute on line 6).</summary>
    public static string ClientSource(string catalog, string className = "TestClient", string ns = "Consumer")
        => $$"""
            using TypedMcp;

            namespace {{ns}};

            /// <summary>A client under test.</summary>
            [McpClient("{{catalog.Replace("\\", "\\\\").Replace("\"", "\\\"")}}")]
            public partial class {{className}};
            """;
}

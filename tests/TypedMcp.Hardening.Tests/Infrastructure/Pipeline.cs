using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace TypedMcp.Hardening.Tests.Infrastructure;

/// <summary>An additional file held in memory (as the compiler host hands it to generators and analyzers).</summary>
public sealed class MemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public string Text { get; } = text;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(Text);
}

/// <summary>What one run of generator and analyzer produced.</summary>
public sealed record PipelineRun(
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics,
    GeneratorDriverRunResult Result)
{
    /// <summary>Generated sources by hint name, ordinally sorted.</summary>
    public IReadOnlyList<(string HintName, string Text)> Sources()
        => Result.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Errors of the output compilation (user code plus generated code).</summary>
    public IReadOnlyList<Diagnostic> CompilationErrors()
        => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Every diagnostic: generator, compilation and analyzer.</summary>
    public IEnumerable<Diagnostic> All() => GeneratorDiagnostics.Concat(Output.GetDiagnostics()).Concat(AnalyzerDiagnostics);
}

/// <summary>Runs TypedMcp's generator and analyzer exactly as the compiler does, on in-memory sources and files.</summary>
public static class Pipeline
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var refs = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file);
            if (name is "TypedMcp" or "TypedMcp.Model" or "CsvHelper"
                || name.StartsWith("ModelContextProtocol", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.Logging.Abstractions", StringComparison.Ordinal))
            {
                refs.Add(MetadataReference.CreateFromFile(file));
            }
        }

        return refs.ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));

    /// <summary>Runs the generator, then the policy analyzer on the output. Fails the test if the generator threw.</summary>
    public static PipelineRun Run(string source, IEnumerable<(string Path, string Text)> files, bool runAnalyzer = true)
        => Run(Compilation(source), files.Select(f => (AdditionalText)new MemoryAdditionalText(f.Path, f.Text)).ToImmutableArray(), runAnalyzer);

    public static PipelineRun Run(Compilation compilation, ImmutableArray<AdditionalText> files, bool runAnalyzer = true)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[]
            {
                new TypedMcp.Generators.Generation.McpClientGenerator().AsSourceGenerator(),
                new TypedMcp.Generators.Generation.PolicyEmbedding.PolicyEmbeddingGenerator().AsSourceGenerator(),
            },
            files,
            ParseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        foreach (var r in result.Results)
        {
            if (r.Exception is not null) { throw new InvalidOperationException("The generator threw: " + r.Exception, r.Exception); }
        }

        var analyzerDiagnostics = ImmutableArray<Diagnostic>.Empty;
        if (runAnalyzer)
        {
            var analyzer = new TypedMcp.Generators.Analyzers.PolicyAnalyzer();
            var thrown = new List<string>();
            var withAnalyzers = output.WithAnalyzers(
                ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(files),
                    onAnalyzerException: (e, _, _) => { lock (thrown) { thrown.Add(e.ToString()); } },
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: false,
                    reportSuppressedDiagnostics: false));
            var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            // An analyzer that throws would only show up as warning AD0001 in a real build: here it fails the test.
            if (thrown.Count > 0) { throw new InvalidOperationException("The analyzer threw: " + thrown[0]); }
            analyzerDiagnostics = found;
        }

        return new PipelineRun(output, generatorDiagnostics, analyzerDiagnostics, result);
    }

    /// <summary>A consumer with one client of <paramref name="server"/> in namespace <c>Consumer</c>.</summary>
    public static string ClientSource(string server, string className = "FuzzClient")
        => $$"""
            using TypedMcp;

            namespace Consumer
            {
                [McpClient("{{server.Replace("\\", "\\\\").Replace("\"", "\\\"")}}")]
                public partial class {{className}} { }
            }
            """;
}

/// <summary>Paths in the repository, from this file's location at build time.</summary>
public static class RepoPaths
{
    public static string ProjectDir { get; } = Path.GetDirectoryName(Path.GetDirectoryName(Here()))!;

    public static string RepoRoot { get; } = Path.GetFullPath(Path.Combine(ProjectDir, "..", ".."));

    public static string OdooCatalogPath { get; } = Path.Combine(RepoRoot, "catalog", "odoo-claude-mcp.json");

    public static string OdooCatalogText => File.ReadAllText(OdooCatalogPath);

    private static string Here([CallerFilePath] string path = "") => path;
}

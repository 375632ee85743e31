using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace TypedMcp.Generators.Tests.Infrastructure;

/// <summary>An additional file held in memory.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>What one generator run produced.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result)
{
    /// <summary>A generated file by hint-name suffix.</summary>
    public string Source(string hintSuffix)
        => Result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();

    /// <summary>Errors and warnings of the output compilation (generated code included).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems()
        => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

/// <summary>Runs the generator on in-memory sources and catalogs.</summary>
public static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var refs = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        var dir = AppContext.BaseDirectory;
        foreach (var file in Directory.GetFiles(dir, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var wanted = name is "TypedMcp" or "TypedMcp.Model" or "CsvHelper"
                || name.StartsWith("ModelContextProtocol", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal);
            if (wanted) { refs.Add(MetadataReference.CreateFromFile(file)); }
        }

        return refs.ToImmutableArray();
    });

    public static IIncrementalGenerator NewGenerator() => new TypedMcp.Generators.Generation.McpClientGenerator();

    public static CSharpCompilation Compilation(params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1591"] = ReportDiagnostic.Error }));

    public static GeneratorDriver Driver(params AdditionalText[] files)
        => CSharpGeneratorDriver.Create(
            new[] { NewGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(string source, params (string Path, string Text)[] files)
        => Run(Driver(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToArray()), Compilation(source));

    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return new GeneratorRun(driver, output, diagnostics, result);
    }

    /// <summary>The source of a consumer with one client in namespace <c>Consumer</c>.</summary>
    public static string ClientSource(string catalog, string className = "TestClient", string ns = "Consumer")
        => $$"""
            using TypedMcp;

            namespace {{ns}};

            /// <summary>A client under test.</summary>
            [McpClient("{{catalog}}")]
            public partial class {{className}};
            """;
}

/// <summary>Paths in the repository, found from this file's location at build time.</summary>
public static class RepoPaths
{
    public static string TestsDir { get; } = Path.GetDirectoryName(Here())!;

    public static string ProjectDir { get; } = Path.GetDirectoryName(TestsDir)!;

    public static string RepoRoot { get; } = Path.GetFullPath(Path.Combine(ProjectDir, "..", ".."));

    public static string OdooCatalogPath { get; } = Path.Combine(RepoRoot, "catalog", "odoo-claude-mcp.json");

    public static string FocusedCatalog(string name) => Path.Combine(ProjectDir, "Catalogs", name);

    private static string Here([CallerFilePath] string path = "") => path;
}

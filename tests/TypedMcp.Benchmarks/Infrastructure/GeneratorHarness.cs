using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMcp.TestSupport;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>
/// The one harness that drives both generators (TypedMcp's and Refit's) the same way: the same parse options,
/// references and driver options, a new driver per cold run.
/// </summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static readonly GeneratorDriverOptions Untracked = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false);

    public static readonly GeneratorDriverOptions Tracked = new(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() => TestReferences.Create("Refit"));

    private static readonly Lazy<Type> RefitGeneratorType = new(() =>
    {
        var assembly = Assembly.LoadFrom(Repo.RefitGeneratorPath);
        return assembly.GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(GeneratorAttribute), false).Length > 0);
    });

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static ISourceGenerator NewTypedMcpGenerator() => new TypedMcp.Generators.Generation.McpClientGenerator().AsSourceGenerator();

    public static DiagnosticAnalyzer NewPolicyAnalyzer() => new TypedMcp.Generators.Analyzers.PolicyAnalyzer();

    public static ISourceGenerator NewRefitGenerator() => ((IIncrementalGenerator)Activator.CreateInstance(RefitGeneratorType.Value)!).AsSourceGenerator();

    public static string RefitGeneratorName => RefitGeneratorType.Value.FullName + " (" + Path.GetFileName(Repo.RefitGeneratorPath) + ")";

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: path);

    public static CSharpCompilation Compilation(params SyntaxTree[] trees)
        => CSharpCompilation.Create(
            "Consumer",
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(ISourceGenerator generator, IEnumerable<AdditionalText> files, GeneratorDriverOptions options)
        => CSharpGeneratorDriver.Create(new[] { generator }, files, ParseOptions, optionsProvider: null, options);

    /// <summary>Runs a driver and fails loudly when the generator threw or reported an error: a broken run is no measurement.</summary>
    public static GeneratorDriver RunChecked(GeneratorDriver driver, Compilation compilation, out Compilation output, int expectedSources = 1)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out var diagnostics);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null) { throw new InvalidOperationException("The generator threw.", result.Exception); }
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) { throw new InvalidOperationException("The generator reported errors: " + string.Join(Environment.NewLine, errors.Take(10))); }
        if (result.GeneratedSources.Length < expectedSources) { throw new InvalidOperationException($"The generator produced {result.GeneratedSources.Length} sources, expected at least {expectedSources}."); }
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (compileErrors.Count > 0) { throw new InvalidOperationException("The generated code does not compile: " + string.Join(Environment.NewLine, compileErrors.Take(10))); }
        return driver;
    }

    /// <summary>The consumer source the brief names: one client over the catalog.</summary>
    public static string ClientSource(string catalogName, string className = "OdooClient")
        => $$"""
            using TypedMcp;

            namespace Consumer;

            [McpClient("{{catalogName}}")]
            public partial class {{className}};
            """;

    /// <summary>An unrelated file of the same project, the one that the G2 edit changes.</summary>
    public static string UnrelatedSource(int version)
        => $$"""
            namespace Consumer;

            public static class Unrelated
            {
                public static int Answer() => {{version}};
            }
            """;
}

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedMcp.TestSupport;

/// <summary>Analyzer-config options with the given global options (<c>build_property.*</c>), as MSBuild hands them to the compiler.</summary>
public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Options _global;

    /// <summary>Creates the provider with global <paramref name="options"/>.</summary>
    public TestOptionsProvider(IEnumerable<KeyValuePair<string, string>> options) => _global = new Options(options.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>No options at all.</summary>
    public static TestOptionsProvider Empty { get; } = new(Array.Empty<KeyValuePair<string, string>>());

    /// <summary>The provider for the MSBuild properties TypedMcp reads (null: not set).</summary>
    public static TestOptionsProvider ForProject(string? catalogFolder = null, string? projectDirectory = null)
    {
        var options = new List<KeyValuePair<string, string>>();
        if (catalogFolder is not null) { options.Add(new("build_property.TypedMcpCatalogFolder", catalogFolder)); }
        if (projectDirectory is not null) { options.Add(new("build_property.ProjectDir", projectDirectory)); }
        return new TestOptionsProvider(options);
    }

    /// <inheritdoc />
    public override AnalyzerConfigOptions GlobalOptions => _global;

    /// <inheritdoc />
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

    /// <inheritdoc />
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.None;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options None = new(new Dictionary<string, string>(StringComparer.Ordinal));

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using TypedMcp.Corpus.Tests.Infrastructure;

namespace TypedMcp.Corpus.Tests;

/// <summary>Every imported catalog compiled into one consumer project with the real <c>dotnet build</c>, warnings as errors, no policy.json.</summary>
[Collection(CorpusCollection.Name)]
public sealed class CorpusBuildTests
{
    private readonly CorpusFixture _corpus;

    public CorpusBuildTests(CorpusFixture corpus) => _corpus = corpus;

    [Fact]
    public void The_consumer_of_every_catalog_builds_clean_with_warnings_as_errors_and_no_policy()
    {
        Assert.True(_corpus.Build.ExitCode == 0 && _corpus.Build.Problems.Count == 0,
            $"dotnet build exited {_corpus.Build.ExitCode} with {_corpus.Build.Problems.Count} problems:\n{string.Join("\n", _corpus.Build.Problems.Take(60))}");
        Assert.NotNull(_corpus.Consumer);
    }

    [Fact]
    public void The_generated_code_stays_readable_no_line_longer_than_200_characters()
    {
        Assert.True(_corpus.Consumer is not null, "the consumer did not build:\n" + string.Join("\n", _corpus.Build.Problems.Take(30)));
        var files = _corpus.Project.GeneratedFiles;
        Assert.NotEmpty(files);
        var longLines = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Length > 200 && !IsEmbeddedData(l.Text))
            .ToList();
        Assert.True(longLines.Count == 0, $"{longLines.Count} generated lines are longer than 200 characters:\n"
            + string.Join("\n", longLines.Take(20).Select(l => $"  {l.File}:{l.Line} ({l.Text.Length}): {l.Text.Trim()[..Math.Min(160, l.Text.Trim().Length)]}…")));
    }

    // The data the generator compiles into a client for the run-time guard (the input schemas and the policy as one
    // string literal each) is not code anyone reads; it stays one line.
    private static bool IsEmbeddedData(string line)
    {
        var code = line.TrimStart();
        return code.StartsWith("protected override string? InputSchemasJson => \"", StringComparison.Ordinal)
            || code.StartsWith("protected override string? BuiltInPolicyJson => \"", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CorpusImportTests.Servers), MemberType = typeof(CorpusImportTests))]
    public void Every_tool_of_the_catalog_has_a_typed_method(string id)
    {
        Assert.True(_corpus.Consumer is not null, "the consumer did not build:\n" + string.Join("\n", _corpus.Build.Problems.Take(30)));
        var server = CorpusServers.Get(id);
        var client = _corpus.Consumer!.GetType("Corpus." + server.ClientClass) ?? throw new InvalidOperationException("no client class " + server.ClientClass);
        var methods = client.GetMethods().Select(m => m.GetCustomAttribute<McpToolAttribute>()?.Name).Where(n => n is not null).Distinct().OrderBy(n => n, StringComparer.Ordinal);
        var tools = JsonNode.Parse(File.ReadAllText(_corpus.CatalogPath(id)))!["tools"]!.AsArray().Select(t => (string?)t!["name"]).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(tools, methods);
    }
}

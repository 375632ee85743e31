using System.Linq;
using System.Text.Json.Nodes;
using TypedMcp.Corpus.Tests.Infrastructure;

namespace TypedMcp.Corpus.Tests;

/// <summary>Every corpus server, started offline, imported live with <c>typedmcp import --config</c> in one run.</summary>
[Collection(CorpusCollection.Name)]
public sealed class CorpusImportTests
{
    private readonly CorpusFixture _corpus;

    public CorpusImportTests(CorpusFixture corpus) => _corpus = corpus;

    public static TheoryData<string> Servers()
    {
        var data = new TheoryData<string>();
        foreach (var s in CorpusServers.All) { data.Add(s.Id); }
        return data;
    }

    [Fact]
    public void One_import_run_reads_every_server_of_the_corpus()
    {
        Assert.True(CorpusServers.Restriction is null, $"TYPEDMCP_CORPUS={CorpusServers.Restriction} restricts the corpus to a few servers; unset it for a full run.");
        Assert.Equal(CorpusServers.Pinned.Count, CorpusServers.All.Count);
        Assert.True(_corpus.Import.ExitCode == 0, $"typedmcp import --config exited {_corpus.Import.ExitCode}:\n{_corpus.Import.Err}");
        Assert.Equal(CorpusServers.All.Select(s => s.Id).OrderBy(s => s), _corpus.Import.Reports.Keys.OrderBy(s => s));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public void The_catalog_has_every_tool_the_server_lists_and_no_warning(string id)
    {
        var server = CorpusServers.Get(id);
        Assert.True(_corpus.Import.Reports.TryGetValue(id, out var report), $"{id} is missing from the import report:\n{_corpus.Import.Err}");
        Assert.True(report!["error"] is null, $"{id} was not imported: {report["error"]}\n{_corpus.Import.Err}");
        Assert.Equal(server.ToolCount, (int)report["tools"]!);
        var problems = report["diagnostics"]!.AsArray()
            .Where(d => (string)d!["severity"]! != "info")
            .Select(d => $"{id}.json({d!["line"]},{d["column"]}): {d["severity"]} {d["id"]}: {d["message"]}")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

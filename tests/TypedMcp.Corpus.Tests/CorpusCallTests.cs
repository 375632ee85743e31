using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Corpus.Tests.Infrastructure;

namespace TypedMcp.Corpus.Tests;

/// <summary>Every tool that works offline, called through its generated typed method, in the verified order.</summary>
[Collection(CorpusCollection.Name)]
public sealed class CorpusCallTests
{
    private readonly CorpusFixture _corpus;

    public CorpusCallTests(CorpusFixture corpus) => _corpus = corpus;

    public static TheoryData<string> Servers() => CorpusServers.WithOfflineTools();

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Every_offline_tool_answers_through_its_typed_method(string id)
    {
        var server = CorpusServers.Get(id);
        if (server.Requires.Contains("chromium"))
        {
            Assert.True(File.Exists("/usr/bin/chromium"), $"{id} drives a browser: install Debian's chromium (apt-get install -y chromium); .ci/run does.");
        }

        Assert.True(_corpus.Consumer is not null, "the consumer did not build:\n" + string.Join("\n", _corpus.Build.Problems.Take(30)));
        var client = _corpus.Consumer!.GetType("Corpus." + server.ClientClass)!;
        using var run = OfflineServer.Prepare(server);
        var runner = new SequenceRunner(run, client, _corpus.CatalogPath(id));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await runner.RunAsync(cts.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Assert.Fail($"{id}: {e.GetType().Name}: {e.Message}\nCalls so far:\n{Report(runner)}");
        }

        var failed = runner.Calls.Where(c => c.Counts).ToList();
        Assert.True(failed.Count == 0, $"{id}: {failed.Count} typed calls failed:\n{Report(runner)}");
        var called = runner.Calls.Where(c => c.Succeeded).Select(c => c.Tool).ToHashSet();
        var missing = server.OfflineCallable.Where(t => !called.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"{id}: offline-callable tools not called: {string.Join(", ", missing)}");
    }

    private static string Report(SequenceRunner runner)
    {
        var lines = runner.Calls.Select(c => $"  {(c.Succeeded ? "ok  " : c.Counts ? "FAIL" : "refused (probe)")} {c.Tool} ({c.Method}): {c.Detail}");
        string log;
        lock (runner.ServerLog) { log = string.Join("\n    ", runner.ServerLog); }
        return string.Join("\n", lines) + "\n  server stderr (last lines):\n    " + log;
    }
}

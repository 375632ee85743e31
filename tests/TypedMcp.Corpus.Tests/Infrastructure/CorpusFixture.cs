using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp.Corpus.Tests.Infrastructure;

/// <summary>What one run of <c>typedmcp import --config</c> over the whole corpus printed.</summary>
public sealed record ImportRun(int ExitCode, string Out, string Err, TimeSpan Elapsed)
{
    /// <summary>The per-server reports of <c>--json</c>, by server name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Reports => (JsonNode.Parse(Out)?["servers"]?.AsArray() ?? new JsonArray())
        .Select(s => s!.AsObject())
        .ToDictionary(s => (string)s["name"]!, StringComparer.Ordinal);
}

/// <summary>
/// Done once for all corpus tests: every server of <c>servers.json</c> started offline and imported live in one
/// <c>typedmcp import --config</c> run (the built CLI, run as users run it), then every catalog compiled into one consumer
/// project with <c>dotnet build</c>, and the built assembly loaded. Nothing is skipped: a server that does not start,
/// an import that fails or a build with a warning fails the tests that depend on it, with the output.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    private readonly List<OfflineServer> _runs = new();

    /// <summary>The fixture's temp folder (config, catalogs, consumer).</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "typedmcp-corpus-" + Guid.NewGuid().ToString("N")[..8]);

    public ImportRun Import { get; private set; } = null!;

    /// <summary>Server id → the catalog the import wrote.</summary>
    public string CatalogPath(string id) => Path.Combine(Root, "catalogs", id + ".json");

    public BuildResult Build { get; private set; } = null!;

    /// <summary>The consumer project of every imported catalog.</summary>
    public ConsumerProject Project { get; private set; } = null!;

    /// <summary>The consumer assembly, or null when the build failed.</summary>
    public Assembly? Consumer { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        Import = await ImportAllAsync();
        var imported = CorpusServers.All.Where(s => File.Exists(CatalogPath(s.Id))).Select(s => (s, CatalogPath(s.Id))).ToList();
        Project = ConsumerProject.Write(Path.Combine(Root, "consumer"), imported);
        Build = Project.Build();
        if (Build.ExitCode == 0) { Consumer = Assembly.LoadFrom(Project.AssemblyPath); }
    }

    public Task DisposeAsync()
    {
        foreach (var run in _runs) { run.Dispose(); }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    private async Task<ImportRun> ImportAllAsync()
    {
        var servers = new JsonObject();
        foreach (var server in CorpusServers.All)
        {
            var run = OfflineServer.Prepare(server);
            _runs.Add(run);
            var launch = run.Offline(pageServer: false, loopback: false);
            var env = new JsonObject();
            foreach (var kv in launch.Environment) { env[kv.Key] = kv.Value; }
            servers[server.Id] = new JsonObject
            {
                ["command"] = launch.Command,
                ["args"] = new JsonArray(launch.Arguments.Select(a => (JsonNode?)a).ToArray()),
                ["env"] = env,
                ["cwd"] = launch.WorkingDirectory,
            };
        }

        var config = Path.Combine(Root, "mcp.json");
        File.WriteAllText(config, new JsonObject { ["mcpServers"] = servers }.ToJsonString(), new UTF8Encoding(false));
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CliDll, "import", "--config", config, "--output-dir", Path.Combine(Root, "catalogs"), "--timeout", "120", "--json" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("typedmcp import --config did not finish in 10 minutes:\n" + await stderr);
        }

        return new ImportRun(process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    private static string CliDll => typeof(CorpusFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDll").Value!;
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusFixture>
{
    public const string Name = "corpus";
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TypedMcp.Corpus.Tests.Infrastructure;

/// <summary>A program, its arguments, environment and working directory: how one server is started.</summary>
public sealed record Launch(string Command, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);

/// <summary>
/// One offline run of a corpus server: a fresh temp folder (<c>{TMP}</c> with <c>home/</c> and <c>work/</c>), the files
/// its <c>start</c> asks for, and the command that starts it in a new network namespace (<c>unshare -n</c>), so it
/// cannot reach the network whatever it tries. Where the sequence needs a page (<c>{$HTTP}</c>), the namespace's
/// loopback is brought up and a page server runs inside it, reachable by the browser the MCP server drives and by
/// nothing else.
/// </summary>
public sealed class OfflineServer : IDisposable
{
    /// <summary>The page server's port inside the namespace (each run has its own namespace, so a fixed port is free).</summary>
    public const int PagePort = 8123;

    private OfflineServer(CorpusServer server, string tmp)
    {
        Server = server;
        Tmp = tmp;
    }

    public CorpusServer Server { get; }

    /// <summary>The run's temp folder (<c>{TMP}</c>).</summary>
    public string Tmp { get; }

    /// <summary><c>{$HTTP}</c> inside the namespace.</summary>
    public static string PageUrl => "http://127.0.0.1:" + PagePort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Makes the temp folder and writes the files the server's <c>start.files</c> lists.</summary>
    public static OfflineServer Prepare(CorpusServer server)
    {
        var tmp = Path.Combine(Path.GetTempPath(), "typedmcp-corpus-" + server.Id + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(tmp, "home"));
        Directory.CreateDirectory(Path.Combine(tmp, "work"));
        var run = new OfflineServer(server, tmp);
        foreach (var f in server.Start["files"]?.AsObject() ?? new System.Text.Json.Nodes.JsonObject())
        {
            var path = run.Expand(f.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, run.Expand((string)f.Value!), new UTF8Encoding(false));
        }

        return run;
    }

    /// <summary>Replaces <c>{TMP}</c> and <c>{SERVERS}</c>.</summary>
    public string Expand(string text) => text.Replace("{TMP}", Tmp, StringComparison.Ordinal).Replace("{SERVERS}", CorpusServers.Dir.TrimEnd('/'), StringComparison.Ordinal);

    /// <summary>
    /// How to start the server offline: in a new network namespace whose only interface, loopback, is brought up (a
    /// browser the server drives talks to it over 127.0.0.1); with <paramref name="pageServer"/>, the test page is served
    /// there too. <paramref name="loopback"/> false starts it with loopback down (listing tools needs nothing).
    /// </summary>
    public Launch Offline(bool pageServer, bool loopback = true)
    {
        var start = Server.Start;
        var command = Resolve((string)start["command"]!);
        var args = (start["args"]?.AsArray() ?? new System.Text.Json.Nodes.JsonArray()).Select(a => Resolve(Expand((string)a!))).ToList();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in start["env"]?.AsObject() ?? new System.Text.Json.Nodes.JsonObject()) { env[e.Key] = Expand((string)e.Value!); }
        var cwd = Expand((string?)start["cwd"] ?? "{TMP}/work");

        if (!loopback && !pageServer) { return new Launch("unshare", new[] { "-n", command }.Concat(args).ToList(), env, cwd); }

        // Inside the namespace: loopback up (or fail loudly), the page server in the background when asked for, then the
        // MCP server in the shell's place (so the SDK's process is the server itself and stopping it stops the run).
        var shell = "ip link set lo up || { echo 'typedmcp corpus: cannot bring up loopback in the network namespace (is iproute2 installed?)' >&2; exit 97; }; ";
        if (pageServer)
        {
            var script = Path.Combine(Tmp, "page-server.mjs");
            File.WriteAllText(script, PageServerScript, new UTF8Encoding(false));
            shell += "node \"$TYPEDMCP_PAGE_SERVER\" \"$TYPEDMCP_PAGE\" & ";
            env["TYPEDMCP_PAGE_SERVER"] = script;
            env["TYPEDMCP_PAGE"] = Path.Combine(CorpusServers.Dir, "corpus-page.html");
        }

        return new Launch("unshare", new[] { "-n", "sh", "-c", shell + "exec \"$@\"", "sh", command }.Concat(args).ToList(), env, cwd);
    }

    public void Dispose()
    {
        try { Directory.Delete(Tmp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // servers.json paths are relative to tests/mcp-servers: node_modules/.bin/x, or a script for `node`.
    private static string Resolve(string value)
        => value.StartsWith("node_modules/", StringComparison.Ordinal) ? Path.Combine(CorpusServers.Dir, value) : value;

    // Serves the test page on every path and {"ok":true} on *.json; exits when the MCP server (its parent) is gone.
    private const string PageServerScript = """
        import http from 'node:http';
        import fs from 'node:fs';
        const page = fs.readFileSync(process.argv[2]);
        const parent = process.ppid;
        http.createServer((req, res) => {
          const json = req.url.split('?')[0].endsWith('.json');
          res.setHeader('content-type', json ? 'application/json' : 'text/html');
          res.end(json ? '{"ok":true}' : page);
        }).listen(8123, '127.0.0.1');
        setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 500).unref();
        """;
}

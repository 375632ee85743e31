using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using TypedMcp.Json;

namespace TypedMcp.Cli.Servers;

/// <summary>Connects to a live MCP server with the MCP C# SDK and reads its tool list (every page).</summary>
internal static class McpServerReader
{
    private const int StderrLinesKept = 8;

    /// <summary>Connects, lists all tools and disconnects (stopping a stdio server process).</summary>
    /// <param name="endpoint">Where the server is.</param>
    /// <param name="progress">Receives short status texts ("Connecting…", "Listing tools…").</param>
    /// <param name="cancellationToken">Cancels the whole exchange.</param>
    /// <exception cref="CliException">The server cannot be reached, does not speak MCP, or does not answer within the timeout.</exception>
    public static async Task<ServerSnapshot> ReadAsync(ServerEndpoint endpoint, Action<string> progress, CancellationToken cancellationToken)
    {
        if (endpoint is null) { throw new ArgumentNullException(nameof(endpoint)); }
        using var timeout = new CancellationTokenSource(endpoint.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stderr = new Queue<string>();
        IClientTransport transport = endpoint.Url is not null
            ? new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint.Url,
                AdditionalHeaders = new Dictionary<string, string>(endpoint.Headers),
                ConnectionTimeout = endpoint.Timeout,
                Name = "typedmcp",
            })
            : new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = endpoint.Command[0],
                Arguments = Slice(endpoint.Command),
                Name = "typedmcp",
                ShutdownTimeout = TimeSpan.FromSeconds(5),
                StandardErrorLines = line =>
                {
                    lock (stderr)
                    {
                        stderr.Enqueue(line);
                        while (stderr.Count > StderrLinesKept) { stderr.Dequeue(); }
                    }
                },
            });

        McpClient? client = null;
        try
        {
            progress($"Connecting to {endpoint.Display} ...");
            client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions
                {
                    ClientInfo = new() { Name = "typedmcp", Version = typeof(McpServerReader).Assembly.GetName().Version?.ToString() ?? "0.0.0" },
                    InitializationTimeout = endpoint.Timeout,
                },
                loggerFactory: null,
                linked.Token).ConfigureAwait(false);

            progress("Listing tools ...");
            var tools = await client.ListToolsAsync(cancellationToken: linked.Token).ConfigureAwait(false);
            var nodes = new List<LocatedJsonNode>(tools.Count);
            foreach (var tool in tools)
            {
                var json = JsonSerializer.Serialize(tool.ProtocolTool, McpJsonUtilities.DefaultOptions);
                nodes.Add(LocatedJsonReader.Parse(json));
            }

            var info = client.ServerInfo;
            var name = string.IsNullOrWhiteSpace(info?.Name) ? "server" : info!.Name;
            return new ServerSnapshot(name, info?.Title, info?.Version, nodes);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not CliException && e is not OutOfMemoryException)
        {
            throw new CliException(Describe(endpoint, e, timeout.IsCancellationRequested, Snapshot(stderr)), ExitCodes.Failure, e);
        }
        finally
        {
            try
            {
                if (client is not null) { await client.DisposeAsync().ConfigureAwait(false); }
                else if (transport is IAsyncDisposable disposable) { await disposable.DisposeAsync().ConfigureAwait(false); }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The server may already be gone; closing it is best effort and must not hide the real outcome.
            }
        }
    }

    private static string Describe(ServerEndpoint endpoint, Exception e, bool timedOut, string serverStderr)
    {
        var sb = new StringBuilder();
        var seconds = endpoint.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        if (timedOut || e is TimeoutException)
        {
            sb.Append($"The server at {endpoint.Display} did not complete the MCP handshake and tool listing within {seconds} s. ");
            sb.Append(endpoint.Url is null
                ? "Check that the command starts an MCP server that speaks JSON-RPC on stdin/stdout, or raise --timeout."
                : "Check the URL and that the server is up, or raise --timeout.");
        }
        else if (endpoint.Url is not null && FindInner<HttpRequestException>(e) is { } http)
        {
            sb.Append($"Could not reach the MCP server at {endpoint.Url}: {Sentence(http.Message)} Check the URL, the port and that the server is running.");
        }
        else if (endpoint.Url is null && (FindInner<System.ComponentModel.Win32Exception>(e) is not null || FindInner<FileNotFoundException>(e) is not null))
        {
            sb.Append($"Could not start '{endpoint.Command[0]}' for --stdio: the program was not found or is not executable. Check the command line and PATH.");
        }
        else
        {
            sb.Append($"{endpoint.Display} did not behave like an MCP server: {Sentence(Flatten(e))}");
            if (endpoint.Url is null) { sb.Append(" Check that the command starts an MCP server that speaks JSON-RPC on stdin/stdout."); }
        }

        if (serverStderr.Length > 0)
        {
            sb.Append('\n').Append("The server wrote on stderr:\n").Append(serverStderr);
        }

        return sb.ToString().TrimEnd();
    }

    private static string Flatten(Exception e)
    {
        // One line per distinct message in the chain, never a stack trace.
        var seen = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var m = Sentence(x.Message);
            if (m.Length > 0 && !seen.Contains(m)) { seen.Add(m); }
        }

        return string.Join(" ", seen);
    }

    private static string Sentence(string text)
    {
        text = text.Trim();
        return text.Length == 0 || text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) || text.EndsWith("?", StringComparison.Ordinal) ? text : text + ".";
    }

    private static T? FindInner<T>(Exception e)
        where T : Exception
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is T t) { return t; }
        }

        return null;
    }

    private static string Snapshot(Queue<string> lines)
    {
        lock (lines)
        {
            var sb = new StringBuilder();
            foreach (var l in lines) { sb.Append("  ").Append(l).Append('\n'); }
            return sb.ToString();
        }
    }

    private static List<string> Slice(IReadOnlyList<string> command)
    {
        var rest = new List<string>(command.Count - 1);
        for (var i = 1; i < command.Count; i++) { rest.Add(command[i]); }
        return rest;
    }
}

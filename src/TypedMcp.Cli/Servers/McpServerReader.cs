using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedMcp.Json;

namespace TypedMcp.Cli.Servers;

/// <summary>
/// Connects to a live MCP server with the MCP C# SDK and reads its tool list (every page) as the raw JSON the server
/// sent, so every field of a tool is kept (<c>execution</c>, <c>_meta</c>, <c>icons</c> and fields newer than the SDK).
/// </summary>
internal static class McpServerReader
{
    private const int StderrLinesKept = 8;
    private const int MaxPages = 1000;

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
                EnvironmentVariables = Variables(endpoint.Environment),
                WorkingDirectory = endpoint.WorkingDirectory,
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
                ClientOptions(endpoint.Capabilities, endpoint.Timeout),
                loggerFactory: null,
                linked.Token).ConfigureAwait(false);

            progress("Listing tools ...");
            var nodes = await ListToolsAsync(client, linked.Token).ConfigureAwait(false);

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

    /// <summary>
    /// The client's options: its name and the capabilities chosen, each with a handler that answers what the CLI can
    /// (roots: none; elicitation: declined; sampling: an error, the CLI has no model).
    /// </summary>
    internal static McpClientOptions ClientOptions(ClientCapabilitySet capabilities, TimeSpan timeout)
    {
        var options = new McpClientOptions
        {
            ClientInfo = new() { Name = "typedmcp", Version = typeof(McpServerReader).Assembly.GetName().Version?.ToString() ?? "0.0.0" },
            InitializationTimeout = timeout,
            Capabilities = new ClientCapabilities(),
        };
        // Roots and sampling are deprecated from protocol version 2026-07-28 on (SEP-2577, MCP9005), but the servers in
        // use today still list tools only to clients that declare them (server-everything's get-roots-list and
        // trigger-sampling-request), so a catalog must be read with them.
#pragma warning disable MCP9005
        if (capabilities.Roots)
        {
            options.Capabilities.Roots = new RootsCapability { ListChanged = false };
            options.Handlers.RootsHandler = static (_, _) => new ValueTask<ListRootsResult>(new ListRootsResult { Roots = [] });
        }

        if (capabilities.Elicitation)
        {
            options.Capabilities.Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() };
            options.Handlers.ElicitationHandler = static (_, _) => new ValueTask<ElicitResult>(new ElicitResult { Action = "decline" });
        }

        if (capabilities.Sampling)
        {
            options.Capabilities.Sampling = new SamplingCapability();
            options.Handlers.SamplingHandler = static (_, _, _) => throw new McpException("typedmcp lists tools only; it has no model to answer sampling requests.");
        }
#pragma warning restore MCP9005

        return options;
    }

    // tools/list page by page as raw JSON: the SDK's Tool type would drop fields it does not know.
    private static async Task<List<LocatedJsonNode>> ListToolsAsync(McpClient client, CancellationToken cancellationToken)
    {
        var nodes = new List<LocatedJsonNode>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var request = new JsonRpcRequest
            {
                Method = RequestMethods.ToolsList,
                Params = cursor is null ? null : new JsonObject { ["cursor"] = cursor },
            };
            var response = await client.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
            var result = response.Result as JsonObject ?? throw new McpException("The server answered tools/list without a result object.");
            if (result["tools"] is not JsonArray tools) { throw new McpException("The server answered tools/list without a \"tools\" array."); }
            foreach (var tool in tools)
            {
                if (tool is not null) { nodes.Add(LocatedJsonReader.Parse(tool.ToJsonString())); }
            }

            cursor = result["nextCursor"] is JsonValue next && next.TryGetValue<string>(out var c) && c.Length > 0 ? c : null;
            if (cursor is null) { return nodes; }
        }

        throw new McpException($"The server kept returning a nextCursor after {MaxPages} pages of tools/list; stopping.");
    }

    private static Dictionary<string, string?>? Variables(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.Count == 0) { return null; }
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var kv in environment) { variables[kv.Key] = kv.Value; }
        return variables;
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
        // One line per distinct message in the chain, never a stack trace. A message's further lines are details the
        // report shows itself (the SDK appends "Server's stderr tail:" and the server's last lines, which come under
        // "The server wrote on stderr:" anyway), so only its first line is kept.
        var seen = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var m = Sentence(FirstLine(x.Message));
            if (m.Length > 0 && !seen.Contains(m)) { seen.Add(m); }
        }

        return string.Join(" ", seen);
    }

    private static string FirstLine(string text)
    {
        text = text.TrimStart();
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? text : text.Substring(0, end);
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

    // A server's colours (ESC [ ... m, and any other CSI sequence) are not text: the report is plain on every output.
    private static readonly System.Text.RegularExpressions.Regex AnsiEscape = new("\u001b\\[[0-9;?]*[ -/]*[@-~]", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string Snapshot(Queue<string> lines)
    {
        lock (lines)
        {
            var sb = new StringBuilder();
            foreach (var l in lines) { sb.Append("  ").Append(AnsiEscape.Replace(l, string.Empty)).Append('\n'); }
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

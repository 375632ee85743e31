using System;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedMcp.Runtime.Tests.Infrastructure;

/// <summary>
/// An in-process MCP server (C# SDK, over a pair of in-memory pipes) with the tools of catalog/guarded.mcp.json plus
/// a few for failure tests. It counts every call it receives, per tool, before doing anything else.
/// </summary>
public sealed class CountingServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private Task? _run;
    private int _protocolFailuresLeft;

    /// <summary>How many times <c>flaky</c> answers with a JSON-RPC error (the SDK throws) before it succeeds.</summary>
    public int ProtocolFailures { set => _protocolFailuresLeft = value; }

    /// <summary>Calls received for <paramref name="tool"/>.</summary>
    public int CallsOf(string tool) => _calls.TryGetValue(tool, out var n) ? n : 0;

    /// <summary>Calls received in all.</summary>
    public int TotalCalls
    {
        get
        {
            var total = 0;
            foreach (var n in _calls.Values) { total += n; }
            return total;
        }
    }

    /// <summary>Starts the server and connects a client session to it.</summary>
    public async Task<McpClient> StartAsync(ILoggerFactory? loggers = null)
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "guarded", Version = "1.0.0" },
            ToolCollection =
            [
                McpServerTool.Create((string text) => Count("echo", text), new McpServerToolCreateOptions { Name = "echo" }),
                McpServerTool.Create((string method, long limit = 10) => Count("run_query", "ran " + method), new McpServerToolCreateOptions { Name = "run_query" }),
                McpServerTool.Create((string to) => Count("send_mail", "sent to " + to), new McpServerToolCreateOptions { Name = "send_mail" }),
                McpServerTool.Create(() => Count("secret_tool", "secret"), new McpServerToolCreateOptions { Name = "secret_tool" }),
                McpServerTool.Create(() => Count("wipe", "wiped"), new McpServerToolCreateOptions { Name = "wipe" }),
                McpServerTool.Create(() => Flaky(), new McpServerToolCreateOptions { Name = "flaky" }),
                McpServerTool.Create(() => Failing(), new McpServerToolCreateOptions { Name = "failing" }),
            ],
        };
        var server = McpServer.Create(new StreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), "guarded", loggers), options);
        _run = server.RunAsync(_stop.Token);
        return await McpClient.CreateAsync(new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), loggers));
    }

    /// <summary>A transport for a client created elsewhere (DI): starts the server and returns the client side.</summary>
    public IClientTransport StartForTransport()
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "guarded", Version = "1.0.0" },
            ToolCollection =
            [
                McpServerTool.Create((string text) => Count("echo", text), new McpServerToolCreateOptions { Name = "echo" }),
                McpServerTool.Create(() => Count("wipe", "wiped"), new McpServerToolCreateOptions { Name = "wipe" }),
                McpServerTool.Create((string to) => Count("send_mail", "sent to " + to), new McpServerToolCreateOptions { Name = "send_mail" }),
            ],
        };
        var server = McpServer.Create(new StreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), "guarded", null), options);
        _run = server.RunAsync(_stop.Token);
        return new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), null);
    }

    /// <summary>Breaks the connection: the server stops and its pipes close, so the next request fails in transport.</summary>
    public async Task BreakAsync()
    {
        await _stop.CancelAsync();
        await _serverToClient.Writer.CompleteAsync(new IOException("the test broke the connection"));
        await _clientToServer.Reader.CompleteAsync();
        if (_run is not null)
        {
            try { await _run; } catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) { await _stop.CancelAsync(); }
        if (_run is not null)
        {
            try { await _run; } catch (OperationCanceledException) { } catch (IOException) { }
        }

        _stop.Dispose();
    }

    private string Count(string tool, string answer)
    {
        _calls.AddOrUpdate(tool, 1, (_, n) => n + 1);
        return answer;
    }

    private string Flaky()
    {
        Count("flaky", string.Empty);
        if (Interlocked.Decrement(ref _protocolFailuresLeft) >= 0)
        {
            throw new McpProtocolException("flaky is down for a moment", McpErrorCode.InternalError);
        }

        return "flaky answered";
    }

    private string Failing()
    {
        Count("failing", string.Empty);
        throw new McpException("failing always fails");
    }
}

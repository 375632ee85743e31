using System;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedMcp.Hardening.Tests.Bypass;

/// <summary>An in-process MCP server over in-memory pipes that counts every call it receives, per tool.</summary>
public sealed class BypassServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private Task? _run;

    public int CallsOf(string tool) => _calls.TryGetValue(tool, out var n) ? n : 0;

    public async Task<McpClient> StartAsync()
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "bypass", Version = "1.0.0" },
            ToolCollection =
            [
                McpServerTool.Create(() => Count("wipe"), new McpServerToolCreateOptions { Name = "wipe" }),
                McpServerTool.Create(() => Count("secret_tool"), new McpServerToolCreateOptions { Name = "secret_tool" }),
                McpServerTool.Create(() => Count("read_notes"), new McpServerToolCreateOptions { Name = "read_notes" }),
            ],
        };
        var server = McpServer.Create(new StreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), "bypass", null), options);
        _run = server.RunAsync(_stop.Token);
        return await McpClient.CreateAsync(new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), null));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try { await _run; } catch (OperationCanceledException) { } catch (System.IO.IOException) { }
        }

        _stop.Dispose();
    }

    private string Count(string tool)
    {
        _calls.AddOrUpdate(tool, 1, (_, n) => n + 1);
        return "done";
    }
}

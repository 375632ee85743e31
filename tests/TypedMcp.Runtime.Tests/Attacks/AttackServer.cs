using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedMcp.Runtime.Tests.Attacks;

/// <summary>The mode of a tool the server binds from a string or a number, as the SDK's binder does.</summary>
public enum Mode
{
    Read,
    Write,
    Delete,
}

/// <summary>An options object the server binds case-insensitively.</summary>
public sealed class QueryOptions
{
    public string? Mode { get; set; }
}

/// <summary>
/// A real in-process MCP server (the C# SDK over two pipes) whose tool bodies record what they received, as bound by
/// the SDK: the attack tests read <see cref="Reached"/> to see whether a denied call got into a tool body. In
/// lenient mode (<see cref="StartLenient"/>) the server looks tools up ignoring case, control characters and surrounding spaces, and
/// its <c>tools/list</c> can lie, like a careless real server.
/// </summary>
public sealed class AttackServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly ConcurrentQueue<string> _reached = new();
    private Task? _run;
    private McpServer? _server;

    /// <summary>Every tool body entered, as <c>tool:what it bound</c>, in order.</summary>
    public IReadOnlyList<string> Reached => _reached.ToArray();

    /// <summary>Tool bodies entered for <paramref name="tool"/>.</summary>
    public int CallsOf(string tool) => _reached.Count(r => r.StartsWith(tool + ":", StringComparison.Ordinal));

    /// <summary>Extra tools the lenient server's <c>tools/list</c> claims (e.g. hidden ones under another spelling).</summary>
    public List<Tool> ExtraListedTools { get; } = new();

    /// <summary>Signalled each time the <c>slow</c> tool's body starts.</summary>
    public SemaphoreSlim SlowEntered { get; } = new(0);

    /// <summary>The server side, to send notifications (e.g. <c>tools/list_changed</c>).</summary>
    public McpServer Server => _server ?? throw new InvalidOperationException("Start the server first.");

    /// <summary>Starts the server with the SDK's own tools and binder.</summary>
    public IClientTransport Start() => StartWith(new McpServerOptions
    {
        ServerInfo = new Implementation { Name = "attack", Version = "1.0.0" },
        ToolCollection = [.. Tools()],
    });

    /// <summary>Starts a careless server: tool names looked up leniently, <c>tools/list</c> as configured.</summary>
    public IClientTransport StartLenient() => StartWith(new McpServerOptions
    {
        ServerInfo = new Implementation { Name = "attack-lenient", Version = "1.0.0" },
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = (request, ct) => ValueTask.FromResult(new ListToolsResult
            {
                Tools = [.. Tools().Select(t => t.ProtocolTool), .. ExtraListedTools],
            }),
            CallToolHandler = (request, ct) =>
            {
                var name = new string((request.Params?.Name ?? string.Empty).Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
                var args = request.Params?.Arguments is { } a ? JsonSerializer.Serialize(a) : "{}";
                _reached.Enqueue(name + ":" + args);
                return ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = "lenient " + name }] });
            },
        },
    });

    /// <summary>Connects a plain SDK client (no policy anywhere) to a started server.</summary>
    public static Task<McpClient> ConnectRawAsync(IClientTransport transport) => McpClient.CreateAsync(transport);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) { await _stop.CancelAsync(); }
        if (_run is not null)
        {
            try { await _run; } catch (OperationCanceledException) { } catch (IOException) { }
        }

        _stop.Dispose();
    }

    private IClientTransport StartWith(McpServerOptions options)
    {
        _server = McpServer.Create(new StreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream(), "attack", null), options);
        _run = _server.RunAsync(_stop.Token);
        return new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream(), null);
    }

    private IEnumerable<McpServerTool> Tools()
    {
        yield return Tool("echo", (string text) => Hit("echo", text));
        yield return Tool("run_query", (string method) => Hit("run_query", method));
        yield return Tool("send_mail", (string to) => Hit("send_mail", to));
        yield return Tool("configure", (QueryOptions options) => Hit("configure", options.Mode ?? "(null)"));
        yield return Tool("by_id", (long id) => Hit("by_id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return Tool("set_mode", (Mode mode) => Hit("set_mode", mode.ToString()));
        yield return Tool("by_ids", (long[] ids) => Hit("by_ids", string.Join(",", ids)));
        yield return Tool("pick", (string mode) => Hit("pick", mode));
        yield return Tool("set_flag", (JsonElement force) => Hit("set_flag", LaxBoolean(force)));
        yield return Tool("slow", async (string text, CancellationToken ct) =>
        {
            Hit("slow", text);
            SlowEntered.Release();
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        yield return Tool("secret_tool", () => Hit("secret_tool", string.Empty));
        yield return Tool("wipe", () => Hit("wipe", string.Empty));
    }

    // How a lax binder reads a boolean (pydantic's default lax mode, which Python MCP servers such as FastMCP's use):
    // 1/0 and the usual words count as true/false.
    private static string LaxBoolean(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetDouble() switch { 1 => "true", 0 => "false", _ => "invalid" },
        JsonValueKind.String => value.GetString()!.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" or "t" or "y" => "true",
            "false" or "0" or "no" or "off" or "f" or "n" => "false",
            _ => "invalid",
        },
        _ => "invalid",
    };

    private static McpServerTool Tool(string name, Delegate body) => McpServerTool.Create(body, new McpServerToolCreateOptions { Name = name });

    private string Hit(string tool, string what)
    {
        _reached.Enqueue(tool + ":" + what);
        return tool + " got " + what;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedMcp.Benchmarks.Infrastructure;
using TypedMcp.Policy;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G7: the wire gateway. One tool call over an in-process MCP session (the C# SDK's server and client over two pipes):
/// the raw SDK client without a guard (baseline), the same raw client over <see cref="PolicyEnforcingClientTransport"/>
/// (the guard with the catalog's input schema, the benchmark policy's regex and deny_if), and the generated typed client
/// connected through the gateway (<c>McpClientBase.CreateAsync</c>).
/// </summary>
[Config(typeof(ThroughputConfig))]
public class G7GatewayCallBenchmarks
{
    private static readonly Dictionary<string, object?> Arguments = new(StringComparer.Ordinal) { ["model"] = "res.partner" };
    private readonly List<(CancellationTokenSource Stop, Task Run)> _servers = new();
    private McpClient _raw = null!;
    private McpClient _guarded = null!;
    private OdooClient _typed = null!;

    [GlobalSetup]
    public void Setup()
    {
        var policy = PolicyDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "TypedMcp.Benchmarks", "policy.json")), "policy.json");
        _raw = McpClient.CreateAsync(StartServer()).GetAwaiter().GetResult();
        _typed = McpClientBase.CreateAsync<OdooClient>(StartServer()).GetAwaiter().GetResult();
        var guard = new PolicyGuard(policy);
        guard.AddInputSchemas([CatalogTool()]);
        _guarded = McpClient.CreateAsync(new PolicyEnforcingClientTransport(StartServer(), guard)).GetAwaiter().GetResult();

        if (Raw().GetAwaiter().GetResult() != "42" || Guarded().GetAwaiter().GetResult() != "42" || Typed().GetAwaiter().GetResult() != "42")
        {
            throw new InvalidOperationException("The three paths must give the same answer.");
        }

#pragma warning disable TMCP0104 // refused on purpose: the setup checks that the gateway refuses them
        var denied = _guarded.CallToolAsync("odoo_search_count", new Dictionary<string, object?> { ["model"] = "ir.config_parameter" }).AsTask().GetAwaiter().GetResult();
        var invalid = _guarded.CallToolAsync("odoo_search_count", new Dictionary<string, object?> { ["model"] = 5 }).AsTask().GetAwaiter().GetResult();
#pragma warning restore TMCP0104
        if (denied.IsError != true || invalid.IsError != true) { throw new InvalidOperationException("The gateway does not refuse what the policy and the schema refuse."); }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _guarded.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _typed.Client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var (stop, run) in _servers)
        {
            stop.Cancel();
            try { run.GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        }
    }

    [Benchmark(Baseline = true, Description = "raw McpClient.CallToolAsync, no guard")]
    public async Task<string?> Raw() => Text(await _raw.CallToolAsync("odoo_search_count", Arguments).ConfigureAwait(false));

    [Benchmark(Description = "raw McpClient over PolicyEnforcingClientTransport (schema + policy)")]
    public async Task<string?> Guarded() => Text(await _guarded.CallToolAsync("odoo_search_count", Arguments).ConfigureAwait(false));

    [Benchmark(Description = "generated OdooClient.SearchCountAsync over the gateway")]
    public async Task<string?> Typed() => (await _typed.SearchCountAsync("res.partner").ConfigureAwait(false)).Text;

    internal static Tool CatalogTool()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "catalog", "odoo-claude-mcp.json")));
        foreach (var tool in catalog.RootElement.GetProperty("tools").EnumerateArray())
        {
            if (tool.GetProperty("name").GetString() == "odoo_search_count")
            {
                return new Tool { Name = "odoo_search_count", InputSchema = tool.GetProperty("inputSchema").Clone() };
            }
        }

        throw new InvalidOperationException("odoo_search_count is not in the catalog.");
    }

    private static string? Text(CallToolResult result) => result.Content is [TextContentBlock text, ..] ? text.Text : null;

    private IClientTransport StartServer()
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "odoo-claude-mcp", Version = "3.3.11" },
            ToolCollection = [McpServerTool.Create((string model, string connection = "default") => "42", new McpServerToolCreateOptions { Name = "odoo_search_count" })],
        };
        var server = McpServer.Create(new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), "bench-server", null), options);
        var stop = new CancellationTokenSource();
        _servers.Add((stop, server.RunAsync(stop.Token)));
        return new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), null);
    }
}

/// <summary>
/// G7 (guard alone): what the gateway adds to one outgoing <c>tools/call</c>, in nanoseconds: serialize once, parse,
/// check keys, validate against the catalog's input schema, evaluate the policy (regex + deny_if), reserve and commit
/// quota, and build the message that is sent. The inner transport is a stub that answers at once, so nothing else is
/// measured; the baseline sends the same message to the stub without a gateway.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class G7GatewayOverheadBenchmarks
{
    private ITransport _bare = null!;
    private ITransport _gateway = null!;
    private long _id;

    [GlobalSetup]
    public void Setup()
    {
        var policy = PolicyDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "TypedMcp.Benchmarks", "policy.json")), "policy.json");
        var guard = new PolicyGuard(policy);
        guard.AddInputSchemas([G7GatewayCallBenchmarks.CatalogTool()]);
        _bare = new StubTransport();
        _gateway = new PolicyEnforcingClientTransport(new StubClientTransport(), guard).ConnectAsync().GetAwaiter().GetResult();
        var sent = Gateway().GetAwaiter().GetResult();
        if (sent is not JsonRpcResponse { Result: JsonObject result } || result.ContainsKey("isError")) { throw new InvalidOperationException("The benchmarked call must be allowed and sent."); }
    }

    /// <summary>
    /// Alternates rounds of 20,000 stub and gateway calls; prints the median ns per call of each, by the wall clock and
    /// by the calling thread's CPU time (which a busy machine disturbs less). For profiling and quick comparisons; the
    /// figures in docs/benchmarks.md come from BenchmarkDotNet.
    /// </summary>
    public static void Loop(int rounds)
    {
        var bench = new G7GatewayOverheadBenchmarks();
        bench.Setup();
        const int Calls = 20_000;
        var bare = (Wall: new List<double>(), Cpu: new List<double>());
        var gateway = (Wall: new List<double>(), Cpu: new List<double>());

        // Until tiered compilation has optimised the call path (it waits for a quiet moment), the rounds measure the JIT.
        for (var r = 0; r < 10; r++)
        {
            Time(bench.Bare, bare);
            Time(bench.Gateway, gateway);
            System.Threading.Thread.Sleep(50);
        }

        bare.Wall.Clear();
        bare.Cpu.Clear();
        gateway.Wall.Clear();
        gateway.Cpu.Clear();
        for (var r = 0; r < rounds; r++)
        {
            Time(bench.Bare, bare);
            Time(bench.Gateway, gateway);
        }

        Console.WriteLine($"wall: stub {Median(bare.Wall):F0} ns, gateway {Median(gateway.Wall):F0} ns, difference {Median(gateway.Wall) - Median(bare.Wall):F0} ns; "
            + $"thread CPU: stub {Median(bare.Cpu):F0} ns, gateway {Median(gateway.Cpu):F0} ns, difference {Median(gateway.Cpu) - Median(bare.Cpu):F0} ns "
            + $"(medians of {rounds} rounds of {Calls} calls); fastest round: stub {bare.Cpu.Min():F0} ns, gateway {gateway.Cpu.Min():F0} ns CPU");

        static void Time(Func<Task<JsonRpcMessage>> call, (List<double> Wall, List<double> Cpu) into)
        {
            var cpu = ThreadCpuNanoseconds();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < Calls; i++) { call().GetAwaiter().GetResult(); }
            into.Wall.Add(watch.Elapsed.TotalMilliseconds * 1_000_000 / Calls);
            into.Cpu.Add((double)(ThreadCpuNanoseconds() - cpu) / Calls);
        }

        static double Median(List<double> values)
        {
            values.Sort();
            return values[values.Count / 2];
        }
    }

    // CLOCK_THREAD_CPUTIME_ID (Linux): CPU time of the calling thread, whatever else runs on the machine.
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux()) { return 0; }
        ClockGetTime(3, out var spec);
        return spec.Seconds * 1_000_000_000 + spec.Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec spec);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [Benchmark(Baseline = true, Description = "tools/call to a stub transport, no guard")]
    public Task<JsonRpcMessage> Bare() => RoundTripAsync(_bare);

    [Benchmark(Description = "tools/call through the gateway (schema + policy + quota)")]
    public Task<JsonRpcMessage> Gateway() => RoundTripAsync(_gateway);

    private async Task<JsonRpcMessage> RoundTripAsync(ITransport transport)
    {
        var request = new JsonRpcRequest
        {
            Id = new RequestId(Interlocked.Increment(ref _id)),
            Method = RequestMethods.ToolsCall,
            Params = new JsonObject { ["name"] = "odoo_search_count", ["arguments"] = new JsonObject { ["model"] = "res.partner" } },
        };
        await transport.SendMessageAsync(request).ConfigureAwait(false);
        return await transport.MessageReader.ReadAsync().ConfigureAwait(false);
    }

    /// <summary>Answers every request at once with an empty result.</summary>
    private sealed class StubTransport : ITransport
    {
        private readonly Channel<JsonRpcMessage> _answers = Channel.CreateUnbounded<JsonRpcMessage>();

        public string? SessionId => null;

        public ChannelReader<JsonRpcMessage> MessageReader => _answers.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            if (message is JsonRpcRequest request) { _answers.Writer.TryWrite(new JsonRpcResponse { Id = request.Id, Result = new JsonObject() }); }
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class StubClientTransport : IClientTransport
    {
        public string Name => "stub";

        public Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) => Task.FromResult<ITransport>(new StubTransport());
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TypedMcp.Benchmarks.Infrastructure;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G5: one tool call over an in-process MCP session (the C# SDK's server and client over two pipes), through the
/// generated typed method (argument dictionary, the policy guard with the project's built-in policy.json, the SDK
/// call, the result wrapper) next to the raw SDK <c>McpClient.CallToolAsync</c> with the same arguments. Baseline: raw.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class G5TypedCallBenchmarks
{
    private readonly CancellationTokenSource _stop = new();
    private McpClient _client = null!;
    private OdooClient _typed = null!;
    private Task _server = Task.CompletedTask;

    [GlobalSetup]
    public void Setup()
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "odoo-claude-mcp", Version = "3.3.11" },
            ToolCollection =
            [
                McpServerTool.Create(
                    (string model, string connection = "default") => "42",
                    new McpServerToolCreateOptions { Name = "odoo_search_count" }),
            ],
        };
        var server = McpServer.Create(new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), "bench-server", null), options);
        _server = server.RunAsync(_stop.Token);
        _client = McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), null)).GetAwaiter().GetResult();
        _typed = new OdooClient(_client);
        if (_typed.Guard.BuiltInPolicy is null) { throw new InvalidOperationException("The generated client has no built-in policy: policy.json was not compiled in."); }

        // Both paths must give the same answer.
        var typed = Typed().GetAwaiter().GetResult();
        var raw = Raw().GetAwaiter().GetResult();
        if (typed != "42" || raw != "42") { throw new InvalidOperationException($"Unexpected answers: typed '{typed}', raw '{raw}'."); }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Cancel();
        try { _server.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
    }

    [Benchmark(Baseline = true, Description = "raw McpClient.CallToolAsync")]
    public async Task<string?> Raw()
    {
        var result = await _client.CallToolAsync("odoo_search_count", new Dictionary<string, object?>(StringComparer.Ordinal) { ["model"] = "res.partner" }).ConfigureAwait(false);
        return result.Content is [TextContentBlock text, ..] ? text.Text : null;
    }

    [Benchmark(Description = "generated OdooClient.SearchCountAsync (guard + call)")]
    public async Task<string?> Typed()
    {
        var result = await _typed.SearchCountAsync("res.partner").ConfigureAwait(false);
        return result.Text;
    }
}

/// <summary>
/// G5 (guard): the decision alone, in nanoseconds. The evaluator on the benchmark project's policy.json (default
/// deny, hidden tools, a <c>require</c> regex and a <c>deny_if</c> list on the called tool); the guard's
/// <c>Evaluate</c> (argument conversion included); and the full guard path <c>AuthorizeAsync</c> with the
/// samples/OdooAgent policy (193 rules, a shared 600/hour limit: the permit's quota is given back after each call
/// so the limit never runs out during the benchmark).
/// </summary>
[Config(typeof(ThroughputConfig))]
public class G5GuardBenchmarks
{
    private static readonly Dictionary<string, object?> Arguments = new(StringComparer.Ordinal) { ["model"] = "res.partner" };
    private PolicyDocument _policy = null!;
    private IPolicyArguments _arguments = null!;
    private PolicyGuard _guard = null!;
    private PolicyGuard _sampleGuard = null!;

    [GlobalSetup]
    public void Setup()
    {
        var benchPolicy = Path.Combine(Repo.Root, "tests", "TypedMcp.Benchmarks", "policy.json");
        _policy = PolicyParser.Parse(File.ReadAllText(benchPolicy), benchPolicy).Policy;
        _arguments = PolicyArguments.FromJson(LocatedJsonReader.Parse("""{"model":"res.partner"}"""));
        _guard = new PolicyGuard(_policy);
        var samplePath = Path.Combine(Repo.Root, "samples", "OdooAgent", "policy.json");
        _sampleGuard = new PolicyGuard(PolicyParser.Parse(File.ReadAllText(samplePath), samplePath).Policy);

        if (Evaluate().IsDenied || GuardEvaluate().IsDenied || GuardAuthorize().GetAwaiter().GetResult().IsDenied)
        {
            throw new InvalidOperationException("The benchmarked call must be allowed.");
        }

        if (!PolicyEvaluator.Evaluate(_policy, "odoo_search_count", PolicyArguments.FromJson(LocatedJsonReader.Parse("""{"model":"ir.config_parameter"}"""))).IsDenied)
        {
            throw new InvalidOperationException("The benchmark policy does not deny what it should; it is not the policy described.");
        }
    }

    [Benchmark(Description = "PolicyEvaluator.Evaluate (bench policy.json, predicates)")]
    public PolicyDecision Evaluate() => PolicyEvaluator.Evaluate(_policy, "odoo_search_count", _arguments);

    [Benchmark(Description = "PolicyGuard.Evaluate (argument conversion + evaluator)")]
    public PolicyDecision GuardEvaluate() => _guard.Evaluate("odoo_search_count", Arguments);

    [Benchmark(Description = "PolicyGuard.AuthorizeAsync + ReturnQuota (sample policy, 600/h limit)")]
    public async Task<PolicyDecision> GuardAuthorize()
    {
        var permit = await _sampleGuard.AuthorizeAsync("odoo_search_read", Arguments, CancellationToken.None).ConfigureAwait(false);
        permit.ReturnQuota();
        return permit.Decision;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using StackExchange.Redis;
using TypedMcp;
using TypedMcp.Policy;
using TypedMcp.Redis;

namespace OdooAgent;

/// <summary>
/// One agent process of scripts/scale-out-demo.sh: connects to a shared demo server over HTTP, waits for the
/// signal to go, fires its calls all at once under a run-time limit of <c>--max</c> calls, and prints what happened.
/// With <c>--redis</c> the limit's counter is shared by every process using that Redis and key prefix; without it each
/// process counts alone.
/// </summary>
/// <remarks>
/// Usage: <c>OdooAgent scale-out --url http://127.0.0.1:P/mcp --calls N --max M [--redis host:port] [--prefix p]
/// [--ready-file f --go-file g]</c>. Prints <c>agent PID: attempted N, allowed A, refused R</c>.
/// </remarks>
internal static class ScaleOut
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        string Option(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"scale-out needs {name}.");
        }

        var url = new Uri(Option("--url"));
        var calls = int.Parse(Option("--calls", "20"), CultureInfo.InvariantCulture);
        var max = int.Parse(Option("--max", "10"), CultureInfo.InvariantCulture);
        var redis = Option("--redis", string.Empty);
        var prefix = Option("--prefix", "scale-out-demo:");
        var ready = Option("--ready-file", string.Empty);
        var go = Option("--go-file", string.Empty);

        // The shared limit, on top of the built-in policy: a window of a year, so a run never straddles a boundary.
        var options = new TypedMcpClientOptions
        {
            Policy = PolicyDocument.Parse($$"""
                { "version": "1", "default": "allow",
                  "all_tools": { "limits": [ { "id": "scale-out-demo", "max": {{max}}, "window": 31536000 } ] } }
                """, "scale-out.policy.json"),
        };
        ConnectionMultiplexer? connection = null;
        if (redis.Length > 0)
        {
            connection = await ConnectionMultiplexer.ConnectAsync($"{redis},abortConnect=false").ConfigureAwait(false);
            options.LimitStore = new RedisLimitStore(connection, prefix);
        }

        try
        {
            var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = url, Name = "odoo-demo-server" });
            var odoo = await OdooClient.CreateAsync<OdooClient>(transport, options, cancellationToken: ct).ConfigureAwait(false);
            await using var session = odoo.Client.ConfigureAwait(false);

            // Every process connects first, then all start together: the calls race across processes.
            if (ready.Length > 0) { await File.WriteAllTextAsync(ready, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false); }
            while (go.Length > 0 && !File.Exists(go)) { await Task.Delay(10, ct).ConfigureAwait(false); }

            var outcomes = await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ =>
            {
                try
                {
                    await odoo.CallToolAsync("odoo_search_count", new Dictionary<string, object?> { ["model"] = "res.partner" }, ct).ConfigureAwait(false);
                    return true;
                }
                catch (McpPolicyDeniedException)
                {
                    return false;
                }
            })).ConfigureAwait(false);
            var allowed = outcomes.Count(o => o);
            Console.WriteLine($"agent {Environment.ProcessId}: attempted {calls}, allowed {allowed}, refused {calls - allowed} ({(redis.Length > 0 ? "limit shared on Redis " + redis : "limit counted in this process")})");
            return 0;
        }
        finally
        {
            if (connection is not null) { await connection.DisposeAsync().ConfigureAwait(false); }
        }
    }
}

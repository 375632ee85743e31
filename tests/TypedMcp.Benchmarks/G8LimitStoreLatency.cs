using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;
using TypedMcp.Policy;
using TypedMcp.Redis;

namespace TypedMcp.Benchmarks;

/// <summary>
/// G8: the latency of one guard decision with a limit, in-process against Redis (a harness, not BenchmarkDotNet: it
/// needs percentiles of single decisions, p50 and p99). Decisions run one after another (latency, not throughput);
/// Redis's own command counters show how many scripts each decision ran, and a PING shows one round trip.
/// Run: dotnet run -c Release --project tests/TypedMcp.Benchmarks -- g8-limits 127.0.0.1:6379 [decisions]
/// </summary>
internal static class G8LimitStoreLatency
{
    private const string Policy = """
        { "version": "1", "default": "allow",
          "all_tools": { "limits": [ { "max": 1000000000, "window": 1000000000, "id": "bench-all" } ] },
          "tools": { "echo": { "rate_limit": { "max": 1000000000, "window": 1000000000 } } } }
        """;

    public static async Task<int> RunAsync(string redis, int decisions)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var arguments = new Dictionary<string, object?> { ["text"] = "hello" };
        var inProcess = new PolicyGuard(PolicyDocument.Parse(Policy));
        var shared = new PolicyGuard(PolicyDocument.Parse(Policy), new TypedMcpClientOptions { LimitStore = new RedisLimitStore(connection, "bench-" + Guid.NewGuid().ToString("N") + ":") });
        var none = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow", "tools": { "echo": {} } }"""));

        Console.WriteLine($"G8: {decisions} sequential decisions each, after {decisions / 10} warm-up; load average {LoadAverage()}");
        var rows = new List<(string Name, double[] Micros)>
        {
            ("no limit (policy only)", await MeasureAsync(decisions, async () => (await none.AuthorizeAsync("echo", arguments, default)).Commit())),
            ("in-process store (2 limits)", await MeasureAsync(decisions, async () => (await inProcess.AuthorizeAsync("echo", arguments, default)).Commit())),
            ("Redis PING (one round trip)", await MeasureAsync(decisions, async () => await server.PingAsync())),
        };
        var before = await ScriptCallsAsync(server);
        rows.Add(("Redis store (2 limits)", await MeasureAsync(decisions, async () => (await shared.AuthorizeAsync("echo", arguments, default)).Commit())));
        var scripts = await ScriptCallsAsync(server) - before;

        Console.WriteLine($"{"",-30} {"p50 µs",10} {"p99 µs",10} {"mean µs",10}");
        foreach (var (name, micros) in rows)
        {
            Array.Sort(micros);
            Console.WriteLine($"{name,-30} {Percentile(micros, 0.50),10:F1} {Percentile(micros, 0.99),10:F1} {micros.Average(),10:F1}");
        }

        var measured = decisions + (decisions / 10);
        Console.WriteLine($"Redis scripts run by the Redis-store decisions: {scripts} for {measured} decisions ({(double)scripts / measured:F2} per decision)");
        return 0;
    }

    private static async Task<double[]> MeasureAsync(int count, Func<Task> decide)
    {
        for (var i = 0; i < count / 10; i++) { await decide(); }
        var micros = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await decide();
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return micros;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    // EVAL and EVALSHA calls counted by the server (INFO commandstats).
    private static async Task<long> ScriptCallsAsync(IServer server)
    {
        long total = 0;
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var entry in group)
            {
                if (entry.Key is "cmdstat_eval" or "cmdstat_evalsha")
                {
                    var calls = entry.Value.Split(',')[0].Split('=')[1];
                    total += long.Parse(calls, CultureInfo.InvariantCulture);
                }
            }
        }

        return total;
    }

    private static string LoadAverage()
    {
        try
        {
            return System.IO.File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (System.IO.IOException)
        {
            return "unknown";
        }
    }
}

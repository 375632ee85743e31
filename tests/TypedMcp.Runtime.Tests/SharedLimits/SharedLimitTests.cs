using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using TypedMcp.Policy;
using TypedMcp.Redis;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests.SharedLimits;

/// <summary>Limits shared by replicas on a real Redis: one Lua round trip per decision, all-or-nothing, fail closed.</summary>
[Collection(RedisCollection.Name)]
public sealed class SharedLimitTests
{
    private readonly RedisServer _redis;

    public SharedLimitTests(RedisServer redis) => _redis = redis;

    private static Dictionary<string, object?> Text(string text) => new() { ["text"] = text };

    // A fixed time: a real clock could cross a UTC window boundary in the middle of a test.
    private static readonly TimeProvider Clock = new ManualTimeProvider();

    private static string Prefix() => "test-" + Guid.NewGuid().ToString("N") + ":";

    [Fact]
    public async Task Four_replicas_racing_on_one_Redis_let_exactly_the_limit_reach_their_servers()
    {
        const int replicas = 4, callsEach = 60, max = 37;
        var prefix = Prefix();
        var policy = $$"""{ "version": "1", "default": "allow", "tools": { "echo": { "limits": [ { "max": {{max}}, "window": 3600, "id": "shared-echo" } ] } } }""";
        var servers = new List<CountingServer>();
        var connections = new List<ConnectionMultiplexer>();
        try
        {
            var clients = new List<TestClient>();
            for (var r = 0; r < replicas; r++)
            {
                // Each replica: its own connection, store, guard and server, as separate processes would have.
                var server = new CountingServer();
                servers.Add(server);
                var connection = RedisServer.Connect(_redis.Endpoint);
                connections.Add(connection);
                clients.Add(new TestClient(await server.StartAsync(), policy, new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(connection, prefix) }));
            }

            using var start = new ManualResetEventSlim(false);
            var calls = clients.SelectMany((client, r) => Enumerable.Range(0, callsEach).Select(i => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await client.Call("echo", Text($"{r}/{i}"));
                    return true;
                }
                catch (McpPolicyDeniedException e) when (e.Step == DecisionStep.LimitExhausted)
                {
                    return false;
                }
            }))).ToArray();
            start.Set();
            var outcomes = await Task.WhenAll(calls);

            Assert.Equal(max, servers.Sum(s => s.CallsOf("echo")));
            Assert.Equal(max, outcomes.Count(allowed => allowed));
            var usage = await clients[0].Guard.GetLimitUsageAsync();
            Assert.Equal(max, Assert.Single(usage).Used);
        }
        finally
        {
            foreach (var s in servers) { await s.DisposeAsync(); }
            foreach (var c in connections) { await c.DisposeAsync(); }
        }
    }

    [Fact]
    public async Task The_same_replicas_with_in_process_stores_each_let_the_limit_through()
    {
        // The baseline the shared store fixes: K replicas, K times the limit.
        const int replicas = 3, max = 5;
        var policy = $$"""{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": { "max": {{max}}, "window": 3600 } } } }""";
        var servers = Enumerable.Range(0, replicas).Select(_ => new CountingServer()).ToList();
        try
        {
            foreach (var server in servers)
            {
                var client = new TestClient(await server.StartAsync(), policy);
                for (var i = 0; i < max + 2; i++)
                {
                    try { await client.Call("echo", Text("x")); } catch (McpPolicyDeniedException) { }
                }
            }

            Assert.Equal(replicas * max, servers.Sum(s => s.CallsOf("echo")));
        }
        finally
        {
            foreach (var s in servers) { await s.DisposeAsync(); }
        }
    }

    [Fact]
    public async Task A_call_refused_by_one_limit_reserves_nothing_on_the_others()
    {
        using var connection = RedisServer.Connect(_redis.Endpoint);
        var store = new RedisLimitStore(connection, Prefix());
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), """
            {
              "version": "1", "default": "allow",
              "all_tools": { "limits": [ { "max": 10, "window": 3600, "id": "all" } ] },
              "tools": { "echo": { "rate_limit": { "max": 1, "window": 3600 } } }
            }
            """, new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = store });

        await client.Call("echo", Text("1"));
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("2")));
        await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("3")));

        Assert.Equal("/tools/echo/rate_limit", denied.RulePointer);
        var usage = await client.Guard.GetLimitUsageAsync();
        Assert.Equal(1, usage.Single(u => u.LimitId == "all").Used);
        Assert.Equal(1, usage.Single(u => u.LimitId == "/tools/echo/rate_limit").Used);
    }

    [Fact]
    public async Task A_call_over_a_connection_closed_before_the_write_gives_its_shared_quota_back()
    {
        using var connection = RedisServer.Connect(_redis.Endpoint);
        var store = new RedisLimitStore(connection, Prefix());
        await using var server = new CountingServer();
        const string policy = """{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": { "max": 1, "window": 3600 } } } }""";
        var client = await McpClientBase.CreateAsync(server.StartForTransport(), (session, options) => new TestClient(session, policy, options), new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = store });
        await server.BreakAsync();
        await client.Client.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        var failure = await Record.ExceptionAsync(() => client.Call("echo", Text("into the void")));

        Assert.NotNull(failure);
        Assert.IsNotType<McpPolicyDeniedException>(failure);
        Assert.Equal(0, server.TotalCalls);
        var usage = await client.Guard.GetLimitUsageAsync();
        Assert.Equal(0, Assert.Single(usage).Used);
    }

    [Fact]
    public async Task A_permit_returned_before_sending_gives_the_shared_quota_back_and_a_committed_one_keeps_it()
    {
        using var connection = RedisServer.Connect(_redis.Endpoint);
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": { "max": 1, "window": 3600 } } } }"""),
            new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(connection, Prefix()) });

        var unsent = await guard.AuthorizeAsync("echo", Text("a"), default);
        await unsent.ReturnQuotaAsync();
        var sent = await guard.AuthorizeAsync("echo", Text("b"), default);
        sent.Commit();
        await sent.ReturnQuotaAsync();
        var refused = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("c"), default));

        Assert.Equal(DecisionStep.LimitExhausted, refused.Step);
        Assert.Equal(1, Assert.Single(await guard.GetLimitUsageAsync()).Used);
    }

    [Fact]
    public async Task Windows_roll_over_on_UTC_boundaries_with_the_time_the_guard_passes_in()
    {
        using var connection = RedisServer.Connect(_redis.Endpoint);
        var prefix = Prefix();
        var store = new RedisLimitStore(connection, prefix);
        var clock = new ManualTimeProvider();
        clock.Advance(TimeSpan.FromSeconds(40)); // 2026-01-02T00:00:40Z: the minute window started 40 s ago
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "2/minute" } } }"""),
            new TypedMcpClientOptions { LimitStore = store, TimeProvider = clock });

        (await guard.AuthorizeAsync("echo", Text("1"), default)).Commit();
        (await guard.AuthorizeAsync("echo", Text("2"), default)).Commit();
        var full = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("3"), default));
        Assert.Contains("try again in 20 s", full.Message, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(20)); // 00:01:00Z, not 60 s after the first call
        (await guard.AuthorizeAsync("echo", Text("4"), default)).Commit();

        var counter = new LimitCounter(PolicyGuard.BuiltInScope, LimitCounterKind.Calls, "/tools/echo/rate_limit", TimeSpan.FromMinutes(1));
        var db = connection.GetDatabase();
        Assert.Equal(2, (long)await db.StringGetAsync(store.KeyOf(counter, clock.GetUtcNow().AddMinutes(-1))));
        Assert.Equal(1, (long)await db.StringGetAsync(store.KeyOf(counter, clock.GetUtcNow())));
        Assert.StartsWith("{" + prefix + "}built-in:calls:/tools/echo/rate_limit:60000:", store.KeyOf(counter, clock.GetUtcNow()), StringComparison.Ordinal);
        Assert.Equal(LimitWindows.IndexOf(clock.GetUtcNow(), TimeSpan.FromMinutes(1)).ToString(System.Globalization.CultureInfo.InvariantCulture), store.KeyOf(counter, clock.GetUtcNow()).Split(':')[^1]);
        var ttl = await db.KeyTimeToLiveAsync(store.KeyOf(counter, clock.GetUtcNow()));
        Assert.NotNull(ttl);
    }

    [Fact]
    public async Task Spend_caps_add_up_amounts_across_replicas_and_refuse_what_does_not_fit()
    {
        var prefix = Prefix();
        const string policy = """
            { "version": "1", "default": "allow",
              "tools": { "echo": { "spend_limit": { "max": 100, "window": "day", "amount": "args.amount", "id": "refunds" } } } }
            """;
        using var a = RedisServer.Connect(_redis.Endpoint);
        using var b = RedisServer.Connect(_redis.Endpoint);
        var first = new PolicyGuard(PolicyDocument.Parse(policy), new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(a, prefix) });
        var second = new PolicyGuard(PolicyDocument.Parse(policy), new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(b, prefix) });

        (await first.AuthorizeAsync("echo", Amount(40.5m), default)).Commit();
        (await second.AuthorizeAsync("echo", Amount(59.5m), default)).Commit();
        var over = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await first.AuthorizeAsync("echo", Amount(0.000001m), default));
        (await second.AuthorizeAsync("echo", Amount(0m), default)).Commit();

        Assert.Equal((DecisionStep.LimitExhausted, "/tools/echo/spend_limit"), (over.Step, over.RulePointer));
        Assert.Contains("no room for this call's args.amount", over.Message, StringComparison.Ordinal);
        var usage = Assert.Single(await second.GetLimitUsageAsync());
        Assert.Equal(100m, usage.UsedAmount);
        Assert.Equal("args.amount", usage.AmountPath);
    }

    [Fact]
    public async Task With_Redis_down_a_call_is_refused_by_default_and_nothing_reaches_the_server()
    {
        using var dead = RedisServer.Connect("127.0.0.1:" + RedisServer.FreePort(), asyncTimeoutMs: 1000);
        await using var server = new CountingServer();
        var logs = new CollectingLoggerProvider();
        var client = new TestClient(await server.StartAsync(), """{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "5/minute" } } }""",
            new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(dead, Prefix()), LoggerFactory = logs });

        var first = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("1")));
        await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("2")));

        Assert.Equal((DecisionStep.LimitExhausted, "/tools/echo/rate_limit"), (first.Step, first.RulePointer));
        Assert.Contains("cannot answer", first.Message, StringComparison.Ordinal);
        Assert.Contains("fail mode closed", first.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.TotalCalls);
        Assert.Single(logs.Entries, e => e.Message.Contains("cannot answer", StringComparison.Ordinal) && e.Message.Contains("refused until it answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Redis_down_and_fail_mode_open_calls_go_through_uncounted_and_say_so_once()
    {
        using var dead = RedisServer.Connect("127.0.0.1:" + RedisServer.FreePort(), asyncTimeoutMs: 1000);
        await using var server = new CountingServer();
        var logs = new CollectingLoggerProvider();
        var client = new TestClient(await server.StartAsync(), """{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "1/minute" } } }""",
            new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(dead, Prefix(), LimitStoreFailMode.Open), LoggerFactory = logs });

        await client.Call("echo", Text("1"));
        await client.Call("echo", Text("2"));

        Assert.Equal(2, server.CallsOf("echo"));
        Assert.Single(logs.Entries, e => e.Message.Contains("WITHOUT their limits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_a_running_Redis_stops_the_next_call_is_refused_closed()
    {
        var (process, endpoint) = await RedisServer.StartAsync();
        try
        {
            using var connection = RedisServer.Connect(endpoint, asyncTimeoutMs: 1000);
            await using var server = new CountingServer();
            var client = new TestClient(await server.StartAsync(), """{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "100/minute" } } }""",
                new TypedMcpClientOptions { TimeProvider = Clock, LimitStore = new RedisLimitStore(connection, Prefix()) });
            await client.Call("echo", Text("while up"));

            RedisServer.Stop(process);
            process = null!;
            var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("while down")));

            Assert.Contains("cannot answer", denied.Message, StringComparison.Ordinal);
            Assert.Equal(1, server.CallsOf("echo"));
        }
        finally
        {
            RedisServer.Stop(process);
        }
    }

    [Fact]
    public async Task Shared_counters_survive_a_policy_reload_and_a_new_replica()
    {
        var prefix = Prefix();
        using var connection = RedisServer.Connect(_redis.Endpoint);
        using var file = new TempPolicyFile("""{ "version": "1", "default": "allow", "tools": { "echo": { "limits": [ { "max": 3, "window": 3600, "id": "echoes" } ] } } }""");
        var guard = new PolicyGuard(null, new TypedMcpClientOptions { TimeProvider = Clock, PolicyFilePath = file.Path, LimitStore = new RedisLimitStore(connection, prefix), PolicyReloadDelay = TimeSpan.FromMilliseconds(20) });
        (await guard.AuthorizeAsync("echo", Text("1"), default)).Commit();
        (await guard.AuthorizeAsync("echo", Text("2"), default)).Commit();

        var reloaded = new TaskCompletionSource<PolicyDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        guard.RuntimePolicyReloaded += (_, p) => reloaded.TrySetResult(p);
        File.WriteAllText(file.Path, """{ "version": "1", "default": "allow", "tools": { "echo": { "reason": "edited", "limits": [ { "max": 3, "window": 3600, "id": "echoes" } ] }, "wipe": {} } }""");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (await guard.AuthorizeAsync("echo", Text("3"), default)).Commit();
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("4"), default));

        using var other = RedisServer.Connect(_redis.Endpoint);
        var replica = new PolicyGuard(null, new TypedMcpClientOptions { TimeProvider = Clock, PolicyFilePath = file.Path, LimitStore = new RedisLimitStore(other, prefix), WatchPolicyFile = false });
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await replica.AuthorizeAsync("echo", Text("5"), default));
    }

    private static Dictionary<string, object?> Amount(decimal amount) => new() { ["text"] = "refund", ["amount"] = amount };
}

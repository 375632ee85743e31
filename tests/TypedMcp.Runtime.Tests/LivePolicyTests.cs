using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>The run-time policy file is watched: an edit applies to the next calls, without reconnecting.</summary>
public sealed class LivePolicyTests
{
    private const string Allow = """{ "version": "1", "default": "allow", "tools": { "echo": { "limits": [ { "max": 1000, "window": 1000000000, "id": "echoes" } ] } } }""";
    private const string Deny = """{ "version": "1", "default": "allow", "tools": { "echo": { "action": "deny", "reason": "switched off", "limits": [ { "max": 1000, "window": 1000000000, "id": "echoes" } ] } } }""";

    private static Dictionary<string, object?> Text(string text) => new() { ["text"] = text };

    private static TypedMcpClientOptions Options(string path, CollectingLoggerProvider? logs = null)
        => new() { PolicyFilePath = path, PolicyReloadDelay = TimeSpan.FromMilliseconds(20), LoggerFactory = logs };

    private static Task<PolicyDocument> NextReload(PolicyGuard guard, Func<PolicyDocument, bool>? which = null)
    {
        var reloaded = new TaskCompletionSource<PolicyDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        guard.RuntimePolicyReloaded += (_, p) =>
        {
            if (which is null || which(p)) { reloaded.TrySetResult(p); }
        };
        return reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_edit_applies_to_the_next_call_of_a_connected_client_under_load_and_its_counters_carry_over()
    {
        using var file = new TempPolicyFile(Allow);
        await using var server = new CountingServer();
        var client = new TestClient(await server.StartAsync(), null, Options(file.Path));
        var reloaded = NextReload(client.Guard);

        // Callers keep calling while the file is edited; each call is decided by the policy in force when it is made.
        using var stop = new CancellationTokenSource();
        var outcomes = new System.Collections.Concurrent.ConcurrentQueue<(bool Allowed, bool AfterReload)>();
        var reloadSeen = 0;
        var callers = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var after = Volatile.Read(ref reloadSeen) == 1;
                try
                {
                    await client.Call("echo", Text("c" + c));
                    outcomes.Enqueue((true, after));
                }
                catch (McpPolicyDeniedException e) when (e.Step == DecisionStep.ActionDeny)
                {
                    outcomes.Enqueue((false, after));
                }
            }
        })).ToArray();

        while (outcomes.Count < 20) { await Task.Delay(5); }
        File.WriteAllText(file.Path, Deny);
        await reloaded;
        Volatile.Write(ref reloadSeen, 1);
        while (outcomes.Count(o => o.AfterReload) < 20) { await Task.Delay(5); }
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.All(outcomes.Where(o => o.AfterReload), o => Assert.False(o.Allowed));
        Assert.Contains(outcomes, o => o.Allowed);
        var denial = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", Text("after")));
        Assert.Equal("switched off", denial.Reason);

        // Switched back on: the counter of "echoes" kept every call that reached the server.
        var back = NextReload(client.Guard);
        File.WriteAllText(file.Path, Allow);
        await back;
        await client.Call("echo", Text("on again"));
        Assert.Equal(server.CallsOf("echo"), Assert.Single(client.Guard.GetLimitUsage()).Used);
    }

    [Fact]
    public async Task An_unreadable_edit_fails_closed_and_is_logged_once_however_many_calls_it_refuses()
    {
        using var file = new TempPolicyFile(Allow);
        var logs = new CollectingLoggerProvider();
        var guard = new PolicyGuard(null, Options(file.Path, logs));
        var broken = NextReload(guard, p => p.IsFailClosed);

        File.WriteAllText(file.Path, """{ "version": "1", "default": "allow", "tools": { "echo": { """);
        await broken;
        for (var i = 0; i < 25; i++)
        {
            var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("x"), default));
            Assert.Equal(DecisionStep.PolicyUnreadable, denied.Step);
        }

        var fixedAgain = NextReload(guard, p => !p.IsFailClosed);
        File.WriteAllText(file.Path, Allow);
        await fixedAgain;
        (await guard.AuthorizeAsync("echo", Text("fixed"), default)).Commit();

        Assert.Single(logs.Entries, e => e.Message.StartsWith("The run-time policy cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_editor_that_writes_a_temporary_file_and_renames_it_over_the_policy_is_followed()
    {
        using var file = new TempPolicyFile(Allow);
        var guard = new PolicyGuard(null, Options(file.Path));
        var reloaded = NextReload(guard);

        var temporary = Path.Combine(file.Directory, ".runtime.policy.json.swp");
        File.WriteAllText(temporary, Deny);
        File.Move(temporary, file.Path, overwrite: true);
        await reloaded;

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("x"), default));
        Assert.Equal(DecisionStep.ActionDeny, denied.Step);
    }

    [Fact]
    public async Task A_policy_file_that_is_deleted_fails_closed_until_it_is_back()
    {
        using var file = new TempPolicyFile(Allow);
        var guard = new PolicyGuard(null, Options(file.Path));
        var gone = NextReload(guard, p => p.IsFailClosed);

        File.Delete(file.Path);
        await gone;
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("x"), default));

        Assert.Equal(DecisionStep.PolicyUnreadable, denied.Step);
        Assert.Contains("cannot be read", denied.Message, StringComparison.Ordinal);
        var back = NextReload(guard, p => !p.IsFailClosed);
        File.WriteAllText(file.Path, Allow);
        await back;
        (await guard.AuthorizeAsync("echo", Text("y"), default)).Commit();
    }

    [Fact]
    public void Watching_can_be_turned_off()
    {
        using var file = new TempPolicyFile(Allow);

        var guard = new PolicyGuard(null, new TypedMcpClientOptions { PolicyFilePath = file.Path, WatchPolicyFile = false });

        Assert.False(guard.IsWatchingPolicyFile);
        Assert.True(new PolicyGuard(null, Options(file.Path)).IsWatchingPolicyFile);
    }
}

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>Windows are aligned to UTC (the same boundaries in every store and replica), not to a limiter's creation.</summary>
public sealed class WindowTests
{
    private static Dictionary<string, object?> Text(string text) => new() { ["text"] = text };

    [Fact]
    public async Task A_minute_window_ends_on_the_UTC_minute_not_sixty_seconds_after_the_first_call()
    {
        var clock = new ManualTimeProvider();
        clock.Advance(TimeSpan.FromSeconds(50)); // 2026-01-02T00:00:50Z
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "1/minute" } } }"""), new TypedMcpClientOptions { TimeProvider = clock });

        (await guard.AuthorizeAsync("echo", Text("a"), default)).Commit();
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("b"), default));
        clock.Advance(TimeSpan.FromSeconds(10)); // 00:01:00Z
        (await guard.AuthorizeAsync("echo", Text("c"), default)).Commit();

        Assert.Contains("try again in 10 s", denied.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-05T10:31:42.5Z", 60, "2026-03-05T10:31:00Z")]
    [InlineData("2026-03-05T10:31:42.5Z", 3600, "2026-03-05T10:00:00Z")]
    [InlineData("2026-03-05T10:31:42.5Z", 86400, "2026-03-05T00:00:00Z")]
    [InlineData("2026-03-05T10:31:42.5Z", 604800, "2026-03-05T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z", 60, "1969-12-31T23:59:00Z")]
    public void Windows_start_on_multiples_of_their_length_since_the_Unix_epoch(string now, int seconds, string start)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var window = TimeSpan.FromSeconds(seconds);

        var index = LimitWindows.IndexOf(at, window);

        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), LimitWindows.StartOf(index, window));
        Assert.True(LimitWindows.EndOf(index, window) > at);
    }

    [Fact]
    public async Task A_refund_after_the_window_rolled_over_does_not_take_calls_from_the_new_window()
    {
        var clock = new ManualTimeProvider();
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow", "tools": { "echo": { "rate_limit": "1/minute" } } }"""), new TypedMcpClientOptions { TimeProvider = clock });

        var old = await guard.AuthorizeAsync("echo", Text("reserved at 00:00"), default);
        clock.Advance(TimeSpan.FromMinutes(1));
        (await guard.AuthorizeAsync("echo", Text("sent at 00:01"), default)).Commit();
        old.ReturnQuota();

        Assert.Equal(1, Assert.Single(guard.GetLimitUsage()).Used);
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("echo", Text("again"), default));
    }
}

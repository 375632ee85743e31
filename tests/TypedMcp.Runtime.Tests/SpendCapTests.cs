using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>Spend caps in the in-process store: a counter incremented by an argument's value, failing closed without one.</summary>
public sealed class SpendCapTests
{
    private static PolicyGuard Guard(string rule, TypedMcpClientOptions? options = null)
        => new(PolicyDocument.Parse($$"""{ "version": "1", "default": "allow", "tools": { "refund": {{rule}} } }"""), options);

    private static Dictionary<string, object?> Args(object? amount) => new() { ["order"] = "SO042", ["amount"] = amount };

    [Fact]
    public async Task Amounts_add_up_to_the_cap_exactly_and_the_next_cent_is_refused()
    {
        var guard = Guard("""{ "spend_limit": { "max": 500, "window": 86400, "amount": "args.amount", "id": "refunds" } }""");

        (await guard.AuthorizeAsync("refund", Args(120.25m), default)).Commit();
        (await guard.AuthorizeAsync("refund", Args(379.75), default)).Commit();
        var over = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", Args(0.01), default));

        Assert.Equal((DecisionStep.LimitExhausted, "/tools/refund/spend_limit"), (over.Step, over.RulePointer));
        var usage = Assert.Single(guard.GetLimitUsage());
        Assert.Equal((500m, 500m, "refunds"), (usage.UsedAmount!.Value, usage.MaxAmount!.Value, usage.LimitId));
    }

    [Fact]
    public async Task The_dollar_shorthand_counts_args_amount_per_day()
    {
        var guard = Guard("""{ "spend_limit": "$500/day" }""");

        (await guard.AuthorizeAsync("refund", Args(500), default)).Commit();
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", Args(1), default));

        var limit = Assert.Single(guard.Evaluate("refund", Args(1)).Limits);
        Assert.Equal(("args.amount", 500m, TimeSpan.FromDays(1)), (limit.AmountPath, limit.MaxAmount, limit.Window));
    }

    [Theory]
    [InlineData(null, "args.amount is null, not a number")]
    [InlineData("100", "args.amount is a string, not a number")]
    [InlineData(-5, "args.amount is negative")]
    public async Task A_missing_or_unreadable_amount_is_refused_and_counts_nothing(object? amount, string why)
    {
        var guard = Guard("""{ "spend_limit": { "max": 500, "window": "day", "amount": "args.amount" } }""");

        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", Args(amount), default));
        var absent = await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", new Dictionary<string, object?> { ["order"] = "SO042" }, default));

        Assert.Equal((DecisionStep.LimitExhausted, "/tools/refund/spend_limit"), (denied.Step, denied.RulePointer));
        Assert.Contains(why, denied.Message, StringComparison.Ordinal);
        Assert.Contains("args.amount is absent", absent.Message, StringComparison.Ordinal);
        (await guard.AuthorizeAsync("refund", Args(500), default)).Commit();
    }

    [Fact]
    public async Task Intercepts_increment_from_and_a_nested_path_are_read_and_amounts_round_up_to_millionths()
    {
        var guard = Guard("""{ "limits": [ { "max": 1, "window": "hour", "increment_from": "args.payment.value" } ] }""");
        var args = new Dictionary<string, object?> { ["payment"] = new Dictionary<string, object?> { ["value"] = 0.9999991m } };

        (await guard.AuthorizeAsync("refund", args, default)).Commit();

        var usage = Assert.Single(guard.GetLimitUsage());
        Assert.Equal(0.999999m + 0.000001m, usage.UsedAmount);
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", new Dictionary<string, object?> { ["payment"] = new Dictionary<string, object?> { ["value"] = 0.000001 } }, default));
    }

    [Fact]
    public async Task A_spend_cap_and_a_call_limit_are_both_held_and_a_refused_call_uses_neither()
    {
        var guard = Guard("""{ "rate_limit": "3/minute", "spend_limit": { "max": 100, "window": "minute", "amount": "args.amount" } }""");

        (await guard.AuthorizeAsync("refund", Args(90), default)).Commit();
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", Args(20), default));
        (await guard.AuthorizeAsync("refund", Args(10), default)).Commit();

        var usage = guard.GetLimitUsage();
        Assert.Equal(2, Assert.Single(usage, u => u.AmountPath is null).Used);
        Assert.Equal(100m, Assert.Single(usage, u => u.AmountPath is not null).UsedAmount);
    }

    [Fact]
    public async Task A_spend_cap_refunds_its_amount_when_the_call_is_not_sent()
    {
        var guard = Guard("""{ "spend_limit": "$100/day" }""");

        var unsent = await guard.AuthorizeAsync("refund", Args(100), default);
        unsent.ReturnQuota();
        (await guard.AuthorizeAsync("refund", Args(100), default)).Commit();

        Assert.Equal(100m, Assert.Single(guard.GetLimitUsage()).UsedAmount);
    }
}

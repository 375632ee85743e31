using System;
using System.Linq;
using TypedMcp.Diagnostics;
using TypedMcp.Policy;
using static TypedMcp.Model.Tests.Policy.PolicyTestHelpers;

namespace TypedMcp.Model.Tests.Policy;

/// <summary>Spend caps and named windows in the policy language: the spellings read, and located diagnostics for the rest.</summary>
public sealed class SpendLimitParserTests
{
    private const string Head = "{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n";

    [Theory]
    [InlineData("{ \"max\": 500, \"window\": 86400, \"amount\": \"args.amount\", \"id\": \"refunds\" }", 500, 86400, "args.amount", "refunds")]
    [InlineData("{ \"max\": 12.5, \"window\": \"hour\", \"increment_from\": \"args.payment.value\" }", 12.5, 3600, "args.payment.value", "/tools/refund/spend_limit")]
    [InlineData("\"$500/day\"", 500, 86400, "args.amount", "/tools/refund/spend_limit")]
    [InlineData("\"250.75/minute\"", 250.75, 60, "args.amount", "/tools/refund/spend_limit")]
    public void A_spend_limit_is_read_in_each_spelling(string spend, double max, int seconds, string amount, string id)
    {
        var policy = ParseValid(Head + $"  \"tools\": {{ \"refund\": {{ \"spend_limit\": {spend} }} }}\n}}");

        var limit = Assert.Single(PolicyEvaluator.Evaluate(policy, "refund").Limits);
        Assert.True(limit.IsSpendCap);
        Assert.Equal(((decimal)max, TimeSpan.FromSeconds(seconds), amount, id), (limit.MaxAmount, limit.Window, limit.AmountPath, limit.Id));
        Assert.Equal("/tools/refund/spend_limit", limit.Pointer);
    }

    [Fact]
    public void A_limits_entry_with_an_amount_is_a_spend_cap_and_windows_may_be_named()
    {
        var policy = ParseValid(Head + "  \"all_tools\": { \"limits\": [ { \"max\": 600, \"window\": \"hour\" } ] },\n  \"tools\": { \"refund\": { \"limits\": [ { \"max\": 3, \"window\": \"minute\" }, { \"max\": 100, \"window\": \"day\", \"amount\": \"args.amount\" } ] } }\n}");

        var limits = PolicyEvaluator.Evaluate(policy, "refund").Limits;

        Assert.Equal(new[] { (false, 3600d), (false, 60d), (true, 86400d) }, limits.Select(l => (l.IsSpendCap, l.Window.TotalSeconds)).ToArray());
        Assert.Equal("100 of args.amount per 86400 s (/tools/refund/limits/1)", limits[2].ToString());
    }

    public static TheoryData<string, string> Located => new()
    {
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": \"500 euros a day\" } }\n}", "\"500 euros a day\"" },
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": { \"max\": 5, \"window\": \"day\", \"amount\": \"amount\" } } }\n}", "\"amount\" }" },
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": { \"max\": 5, \"window\": \"day\" } } }\n}", "{ \"max\"" },
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": { \"max\": 9000000001, \"window\": \"day\", \"amount\": \"args.a\" } } }\n}", "9000000001" },
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": { \"max\": 5, \"window\": \"fortnight\", \"amount\": \"args.a\" } } }\n}", "\"fortnight\"" },
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": { \"max\": 5, \"window\": 60, \"amount\": \"args.a\", \"increment_from\": \"args.b\" } } }\n}", "\"increment_from\"" },
        { Head + "  \"tools\": { \"refund\": { \"spend_limit\": 500 } }\n}", "500" },
        { Head + "  \"all_tools\": { \"spend_limit\": \"$5/day\" }\n}", "\"$5/day\"" },
        { Head + "  \"all_tools\": { \"limits\": [ { \"max\": 5, \"window\": 60, \"amount\": \"args.a\" } ] }\n}", "\"amount\"" },
        { Head + "  \"tools\": { \"refund\": { \"rate_limit\": { \"max\": 5, \"window\": 60, \"amount\": \"args.a\" } } }\n}", "\"amount\"" },
    };

    [Theory]
    [MemberData(nameof(Located))]
    public void A_malformed_spend_cap_is_reported_at_its_line_and_column_and_closes_its_calls(string text, string marker)
    {
        var result = PolicyParser.Parse(text, "policy.json");

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.PolicyBadLimit);
        Assert.Equal(Locate(text, marker), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
        Assert.Equal(ModelSeverity.Error, diagnostic.Severity);
        var limits = text.Contains("all_tools", StringComparison.Ordinal) ? result.Policy.AllToolsLimits : PolicyEvaluator.Evaluate(result.Policy, "refund").Limits;
        Assert.Contains(limits, l => !l.IsValid && l.Max == 0);
    }

    [Fact]
    public void Every_parse_fingerprints_the_text_so_an_edit_changes_the_policy_version()
    {
        var a = PolicyParser.Parse(Head + "  \"tools\": {}\n}", "p.json").Policy;
        var b = PolicyParser.Parse(Head + "  \"tools\": { \"x\": {} }\n}", "p.json").Policy;

        Assert.Matches("^[0-9a-f]{16}$", a.Fingerprint!);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a.Fingerprint, PolicyParser.Parse(Head + "  \"tools\": {}\n}", "other.json").Policy.Fingerprint);
    }
}

using System.Linq;
using System.Threading.Tasks;

namespace TypedMcp.Cli.Tests;

/// <summary>`policy check` and `policy explain` on spend caps: the same file the run-time guard watches.</summary>
public sealed class SpendCapCliTests
{
    [Fact]
    public async Task Explain_lists_a_spend_cap_with_its_amount_and_window()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", """
            { "version": "1", "default": "deny",
              "tools": { "refund_payment": { "spend_limit": "$500/day", "rate_limit": "10/minute" } } }
            """);

        var run = await Cli.RunAsync("policy", "explain", policy);
        var json = await Cli.RunAsync("policy", "explain", policy, "--json");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("10/60s, spend 500 of args.amount/86400s", run.Out.Split('\n').Single(l => l.StartsWith("refund_payment ", System.StringComparison.Ordinal)));
        Assert.Contains("\"kind\": \"spend\"", json.Out);
        Assert.Contains("\"amount\": \"args.amount\"", json.Out);
    }

    [Fact]
    public async Task Check_reports_a_malformed_spend_cap_at_its_line_and_column()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", """
            { "version": "1", "default": "deny",
              "tools": {
                "refund_payment": { "spend_limit": { "max": 500, "window": "day", "amount": "amount" } },
                "create_payout": { "spend_limit": "500 euros a day" }
              } }
            """);

        var run = await Cli.RunAsync("policy", "check", policy);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("policy.json(3,81): error TMCP0210: \"amount\" path \"amount\" must start with \"args.\"", run.Out);
        Assert.Contains("policy.json(4,39): error TMCP0210: Spend limit \"500 euros a day\" is not understood", run.Out);
    }
}

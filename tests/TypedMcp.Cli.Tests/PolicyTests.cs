using System;
using System.Linq;
using System.Threading.Tasks;
using TypedMcp.Json;

namespace TypedMcp.Cli.Tests;

public class PolicyTests
{
    [Fact]
    public async Task Policy_init_follows_the_risk_classes_with_the_documented_numbers()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var run = await Cli.RunAsync("policy", "init", catalog, "-o", dir.File("policy.json"));
        Assert.True(run.ExitCode == 0, run.All);
        var policy = LocatedJsonReader.Parse(dir.Read("policy.json"));
        Assert.Equal("1", policy["version"]!.AsString());
        Assert.Equal("deny", policy["default"]!.AsString());
        Assert.Equal(new[] { "delete_order" }, policy["hide"]!.Items.Select(i => i.AsString()));
        var shared = policy["all_tools"]!["limits"]!.Items.Single();
        Assert.Equal((600L, 3600L), (shared["max"]!.AsInt64()!.Value, shared["window"]!.AsInt64()!.Value));
        var tools = policy["tools"]!;
        Assert.Empty(tools["get_order"]!.Properties);
        Assert.Equal((30L, 60L), (tools["update_order"]!["rate_limit"]!["max"]!.AsInt64()!.Value, tools["update_order"]!["rate_limit"]!["window"]!.AsInt64()!.Value));
        Assert.Equal((10L, 60L), (tools["run_report_query"]!["rate_limit"]!["max"]!.AsInt64()!.Value, tools["run_report_query"]!["rate_limit"]!["window"]!.AsInt64()!.Value));
        Assert.Null(tools["delete_order"]);
        Assert.Equal("require_approval", tools["refund_payment"]!["action"]!.AsString());
        Assert.Equal((60L, 60L), (tools["think_aloud"]!["rate_limit"]!["max"]!.AsInt64()!.Value, tools["think_aloud"]!["rate_limit"]!["window"]!.AsInt64()!.Value));
        Assert.Equal(new[] { "version", "default", "hide", "all_tools", "tools" }, policy.Properties.Select(p => p.Name));
    }

    [Fact]
    public async Task Policy_init_writes_comment_free_json_and_prints_what_it_decided_per_tool_and_why()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var run = await Cli.RunAsync("policy", "init", catalog, "-o", dir.File("policy.json"));
        Assert.True(run.ExitCode == 0, run.All);
        var text = dir.Read("policy.json");
        Assert.DoesNotContain("//", text);
        Assert.DoesNotContain("/*", text);

        var lines = run.Out.Split('\n');
        Assert.Contains("Why", lines[0]);
        Assert.Contains("Policy", lines[0]);
        string Row(string tool) => lines.Single(l => l.StartsWith(tool + " ", StringComparison.Ordinal));
        Assert.Contains("Read/low", Row("get_order"));
        Assert.Contains("allowed", Row("get_order"));
        Assert.Contains("R21-read-verb", Row("get_order"));
        Assert.Contains("30 calls per 60 s", Row("update_order"));
        Assert.Contains("10 calls per 60 s", Row("run_report_query"));
        Assert.Contains("hidden", Row("delete_order"));
        Assert.Contains("R01-destructive-verb", Row("delete_order"));
        Assert.Contains("require_approval", Row("refund_payment"));
        Assert.Contains("60 calls per 60 s", Row("think_aloud"));
        Assert.Contains("Other/low", Row("think_aloud"));
        Assert.Contains("Wrote " + dir.File("policy.json"), run.Out);
    }

    [Fact]
    public async Task Policy_init_says_when_a_tool_is_decided_by_an_override_or_by_a_class_the_classifier_no_longer_gives()
    {
        using var dir = new TempDir();
        var catalog = LocatedJsonReader.Parse(SampleCatalogs.Shop);
        var tools = catalog["tools"]!.Items.ToList();
        tools[0] = SampleCatalogs.With(tools[0], "risk", LocatedJsonReader.Parse("""{ "category": "Write", "level": "high", "reason": "looking up an order marks it as seen by the agent" }"""));
        tools[1] = SampleCatalogs.With(tools[1], "risk", LocatedJsonReader.Parse("""{ "category": "Read", "level": "low" }"""));
        var path = dir.Write("shop.json", LocatedJsonWriter.Write(SampleCatalogs.With(catalog, "tools", LocatedJsonNode.Array(tools))));
        var run = await Cli.RunAsync("policy", "init", path, "-o", dir.File("policy.json"));
        Assert.True(run.ExitCode == 0, run.All);
        var lines = run.Out.Split('\n');
        Assert.Contains("override: looking up an order marks it as seen by the agent", lines.Single(l => l.StartsWith("get_order ", StringComparison.Ordinal)));
        Assert.Contains("the classifier now says Write/medium", lines.Single(l => l.StartsWith("update_order ", StringComparison.Ordinal)));
        var policy = LocatedJsonReader.Parse(dir.Read("policy.json"));
        Assert.Equal(30L, policy["tools"]!["get_order"]!["rate_limit"]!["max"]!.AsInt64());
        Assert.Empty(policy["tools"]!["update_order"]!.Properties);
    }

    [Fact]
    public async Task Policy_init_does_not_overwrite_without_force()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var policy = dir.Write("policy.json", "{}");
        var run = await Cli.RunAsync("policy", "init", catalog, "-o", policy);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--force", run.Err);
        Assert.Equal("{}", dir.Read("policy.json"));
        var forced = await Cli.RunAsync("policy", "init", catalog, "-o", policy, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("\"default\": \"deny\"", dir.Read("policy.json"));
    }

    [Fact]
    public async Task The_initial_policy_passes_check()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        await Cli.RunAsync("policy", "init", catalog, "-o", dir.File("policy.json"));
        var run = await Cli.RunAsync("policy", "check", dir.File("policy.json"), "--catalog", catalog);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 errors, 0 warnings", run.Out);
    }

    [Fact]
    public async Task The_initial_policy_for_the_shipped_odoo_catalog_passes_check_and_follows_its_classes()
    {
        using var dir = new TempDir();
        var catalog = SampleCatalogs.OdooCatalogPath;
        var init = await Cli.RunAsync("policy", "init", catalog, "-o", dir.File("policy.json"));
        Assert.True(init.ExitCode == 0, init.All);
        var run = await Cli.RunAsync("policy", "check", dir.File("policy.json"), "--catalog", catalog);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("0 errors, 0 warnings", run.Out);
        var policy = LocatedJsonReader.Parse(dir.Read("policy.json"));
        Assert.Contains("odoo_unlink", policy["hide"]!.Items.Select(i => i.AsString()));
        Assert.Equal("require_approval", policy["tools"]!["odoo_stock_initial_opening_journal"]!["action"]!.AsString());
        Assert.Equal(60L, policy["tools"]!["odoo_refresh"]!["rate_limit"]!["max"]!.AsInt64());
        Assert.Empty(policy["tools"]!["odoo_search_read"]!.Properties);
    }

    [Fact]
    public async Task Check_reports_an_unknown_tool_at_line_and_column_with_the_nearest_name_and_exits_1()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var policy = dir.Write("policy.json", "{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n  \"tools\": {\n    \"updte_order\": {}\n  }\n}\n");
        var run = await Cli.RunAsync("policy", "check", policy, "--catalog", catalog);
        Assert.Equal(1, run.ExitCode);
        var line = run.Out.Split('\n').Single(l => l.Contains("TMCP0208"));
        Assert.StartsWith(policy + "(5,5): error TMCP0208: ", line);
        Assert.Contains("update_order", line);
    }

    [Fact]
    public async Task Check_reports_invalid_json_and_bad_operators_as_errors()
    {
        using var dir = new TempDir();
        var broken = dir.Write("broken.json", "{ \"version\": \"1\", ");
        var run = await Cli.RunAsync("policy", "check", broken);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error TMCP0201", run.Out);

        var badOp = dir.Write("op.json", "{ \"version\": \"1\", \"default\": \"allow\", \"tools\": { \"update_order\": { \"deny_if\": [ { \"path\": \"args.note\", \"op\": \"like\", \"value\": \"x\" } ] } } }");
        var json = await Cli.RunAsync("policy", "check", badOp, "--json");
        Assert.Equal(1, json.ExitCode);
        var doc = LocatedJsonReader.Parse(json.Out);
        var d = doc["diagnostics"]!.Items.Single(x => x["id"]!.AsString() == "TMCP0204");
        Assert.Equal("error", d["severity"]!.AsString());
        Assert.Equal(1L, d["line"]!.AsInt64());
    }

    [Fact]
    public async Task Check_of_a_missing_policy_exits_2()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("policy", "check", dir.File("policy.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the policy file does not exist", run.Err);
    }

    private const string Rules = """
    {
      "version": "1",
      "default": "deny",
      "hide": ["delete_order"],
      "tools": {
        "get_order": {},
        "update_order": { "deny_if": [ { "path": "args.note", "op": "contains", "value": "secret" } ], "rate_limit": { "max": 5, "window": 60 } },
        "run_report_query": { "action": "require_approval" },
        "refund_payment": { "action": "deny", "reason": "refunds go through accounting" }
      }
    }
    """;

    [Fact]
    public async Task Explain_shows_every_tool_with_verdict_step_and_rule()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var policy = dir.Write("policy.json", Rules);
        var run = await Cli.RunAsync("policy", "explain", policy, "--catalog", catalog);
        Assert.True(run.ExitCode == 0, run.All);
        string Row(string tool) => run.Out.Split('\n').Single(l => l.StartsWith(tool + " "));
        Assert.Contains("deny", Row("delete_order"));
        Assert.Contains("1 hidden", Row("delete_order"));
        Assert.Contains("/hide/0", Row("delete_order"));
        Assert.Contains("8 allowed", Row("get_order"));
        Assert.Contains("require_approval", Row("run_report_query"));
        Assert.Contains("3 action-deny", Row("refund_payment"));
        Assert.Contains("args.note contains \"secret\"", Row("update_order"));
        Assert.Contains("5/60s", Row("update_order"));
    }

    [Fact]
    public async Task Explain_one_call_evaluates_its_concrete_arguments()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var policy = dir.Write("policy.json", Rules);
        var denied = await Cli.RunAsync("policy", "explain", policy, "--catalog", catalog, "--tool", "update_order", "--args", "{\"id\": 7, \"note\": \"a secret plan\"}", "--json");
        Assert.Equal(0, denied.ExitCode);
        var d = LocatedJsonReader.Parse(denied.Out);
        Assert.Equal("deny", d["verdict"]!.AsString());
        Assert.Equal(5L, d["step"]!.AsInt64());
        Assert.Equal("/tools/update_order/deny_if/0", d["rule"]!.AsString());

        var allowed = await Cli.RunAsync("policy", "explain", policy, "--catalog", catalog, "--tool", "update_order", "--args", "{\"id\": 7, \"note\": \"fine\"}");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains(allowed.Out.Split('\n'), l => l.StartsWith("Verdict") && l.TrimEnd().EndsWith("allow"));
    }

    [Fact]
    public async Task Explain_rejects_malformed_arguments_with_exit_code_2()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.json", Rules);
        var run = await Cli.RunAsync("policy", "explain", policy, "--tool", "update_order", "--args", "{\"note\": }");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--args is not valid JSON at line 1, column", run.Err);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Explain_warns_about_a_tool_no_catalog_has()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("shop.json", SampleCatalogs.Shop);
        var policy = dir.Write("policy.json", Rules);
        var run = await Cli.RunAsync("policy", "explain", policy, "--catalog", catalog, "--tool", "get_ordr");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("did you mean 'get_order'?", run.Err);
        Assert.Contains("2 not-listed", run.Out);
    }
}

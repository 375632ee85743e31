using System;
using System.Linq;
using TypedMcp.Diagnostics;
using TypedMcp.Policy;
using static TypedMcp.Model.Tests.Policy.PolicyTestHelpers;

namespace TypedMcp.Model.Tests.Policy;

public class PolicyParserTests
{
    private const string Head = "{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n";

    private static readonly string[] Catalog = { "odoo_unlink", "odoo_write", "odoo_execute", "ssh_execute" };

    /// <summary>(policy text, expected id, marker whose position the diagnostic must have, which occurrence of it).</summary>
    public static TheoryData<string, string, string, int> Located => new()
    {
        { Head + "  \"tools\": { \"x\": {} },\n}", DiagnosticIds.PolicyInvalidJson, "}", 3 },
        { "{\n  \"version\": \"2\",\n  \"default\": \"deny\"\n}", DiagnosticIds.PolicyBadVersion, "\"2\"", 1 },
        { "{\n  \"default\": \"deny\"\n}", DiagnosticIds.PolicyBadVersion, "{", 1 },
        { "{\n  \"version\": \"1\",\n  \"default\": \"maybe\"\n}", DiagnosticIds.PolicyBadDefault, "\"maybe\"", 1 },
        { "{\n  \"version\": \"1\"\n}", DiagnosticIds.PolicyBadDefault, "{", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"deny_if\": [ { \"path\": \"args.x\", \"op\": \"equals\", \"value\": 1 } ] } }\n}", DiagnosticIds.PolicyUnknownOperator, "\"equals\"", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"deny_if\": [ { \"path\": \"args.x\", \"value\": 1 } ] } }\n}", DiagnosticIds.PolicyUnknownOperator, "{ \"path\"", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"deny_if\": [ { \"path\": \"args.x\", \"op\": \"regex\", \"value\": \"(unclosed\" } ] } }\n}", DiagnosticIds.PolicyBadRegex, "\"(unclosed\"", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"require\": [ { \"path\": \"args.n\", \"op\": \"lt\", \"value\": \"ten\" } ] } }\n}", DiagnosticIds.PolicyValueTypeMismatch, "\"ten\"", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"require\": [ { \"path\": \"args.n\", \"op\": \"in\", \"value\": \"unlink\" } ] } }\n}", DiagnosticIds.PolicyValueTypeMismatch, "\"unlink\"", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"require\": [ { \"path\": \"args.n\", \"op\": \"regex\", \"value\": 5 } ] } }\n}", DiagnosticIds.PolicyValueTypeMismatch, "5", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"require\": [ { \"path\": \"args.n\", \"op\": \"exists\", \"value\": 1 } ] } }\n}", DiagnosticIds.PolicyValueTypeMismatch, "1 }", 1 },
        { Head + "  \"tools\": { \"odoo_execute\": { \"require\": [ { \"path\": \"args.n\", \"op\": \"eq\" } ] } }\n}", DiagnosticIds.PolicyValueTypeMismatch, "{ \"path\"", 1 },
        { Head + "  \"tools\": {\n    \"odoo_write\": {},\n    \"odoo_write\": {}\n  }\n}", DiagnosticIds.PolicyDuplicateEntry, "\"odoo_write\"", 2 },
        { Head + "  \"hide\": [\"odoo_unlink\", \"odoo_unlink\"]\n}", DiagnosticIds.PolicyDuplicateEntry, "\"odoo_unlink\"", 2 },
        { Head + "  \"tools\": { \"odoo_write\": { \"action\": \"allow\", \"action\": \"deny\" } }\n}", DiagnosticIds.PolicyDuplicateEntry, "\"action\"", 2 },
        { Head + "  \"tools\": { \"odoo_unlnik\": {} }\n}", DiagnosticIds.PolicyUnknownTool, "\"odoo_unlnik\"", 1 },
        { Head + "  \"hide\": [\"ssh_exec\"]\n}", DiagnosticIds.PolicyUnknownTool, "\"ssh_exec\"", 1 },
        { Head + "  \"owner\": \"ops\"\n}", DiagnosticIds.PolicyUnknownKey, "\"owner\"", 1 },
        { Head + "  \"tools\": { \"odoo_write\": { \"description\": \"x\" } }\n}", DiagnosticIds.PolicyUnknownKey, "\"description\"", 1 },
        { Head + "  \"tools\": { \"odoo_write\": { \"rate_limit\": \"10/fortnight\" } }\n}", DiagnosticIds.PolicyBadLimit, "\"10/fortnight\"", 1 },
        { Head + "  \"all_tools\": { \"limits\": [ { \"max\": -1, \"window\": 60 } ] }\n}", DiagnosticIds.PolicyBadLimit, "-1", 1 },
        { Head + "  \"all_tools\": { \"limits\": [ { \"max\": 10, \"window\": 0 } ] }\n}", DiagnosticIds.PolicyBadLimit, "0 }", 1 },
        { Head + "  \"all_tools\": { \"limits\": [ { \"window\": 60 } ] }\n}", DiagnosticIds.PolicyBadLimit, "{ \"window\"", 1 },
        { Head + "  \"tools\": { \"odoo_write\": \"allow\" }\n}", DiagnosticIds.PolicyInvalidStructure, "\"allow\"", 1 },
        { Head + "  \"tools\": { \"odoo_write\": { \"action\": \"block\" } }\n}", DiagnosticIds.PolicyInvalidStructure, "\"block\"", 1 },
        { Head + "  \"hide\": [\"odoo_write\", 5]\n}", DiagnosticIds.PolicyInvalidStructure, "5", 1 },
        { "[\n  1\n]", DiagnosticIds.PolicyInvalidStructure, "[", 1 },
        { Head + "  \"tools\": { \"odoo_write\": { \"require\": [ { \"path\": \"arguments.x\", \"op\": \"exists\" } ] } }\n}", DiagnosticIds.PolicyBadPath, "\"arguments.x\"", 1 },
        { Head + "  \"tools\": { \"odoo_write\": { \"require\": [ { \"path\": \"args..x\", \"op\": \"exists\" } ] } }\n}", DiagnosticIds.PolicyBadPath, "\"args..x\"", 1 },
        { Head + "  \"tools\": { \"odoo_write\": { \"require\": [ { \"path\": \"args.\", \"op\": \"exists\" } ] } }\n}", DiagnosticIds.PolicyBadPath, "\"args.\"", 1 },
    };

    [Theory]
    [MemberData(nameof(Located))]
    public void Each_mistake_is_reported_with_its_id_at_its_line_and_column(string text, string id, string marker, int occurrence)
    {
        var result = PolicyParser.Parse(text, "config/policy.json", Catalog);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(Locate(text, marker, occurrence), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
        Assert.Equal("config/policy.json", diagnostic.FilePath);
        Assert.Equal(id == DiagnosticIds.PolicyUnknownKey ? ModelSeverity.Warning : ModelSeverity.Error, diagnostic.Severity);
        Assert.Equal(id != DiagnosticIds.PolicyUnknownKey, result.HasErrors);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
    }

    [Fact]
    public void Every_policy_diagnostic_id_is_covered_by_the_located_cases()
    {
        var covered = Located.Select(row => (string)row[1]).ToHashSet();
        var ids = typeof(DiagnosticIds).GetFields()
            .Select(f => (string)f.GetValue(null)!)
            .Where(v => string.CompareOrdinal(v, "TMCP0200") > 0 && string.CompareOrdinal(v, "TMCP0300") < 0);
        Assert.All(ids, id => Assert.Contains(id, covered));
    }

    [Theory]
    [InlineData("\"odoo_unlnik\"", "odoo_unlink")]
    [InlineData("\"ssh_exceute\"", "ssh_execute")]
    public void An_unknown_tool_name_suggests_the_nearest_catalog_name(string name, string suggestion)
    {
        var result = PolicyParser.Parse(Head + $"  \"tools\": {{ {name}: {{}} }}\n}}", "policy.json", Catalog);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.PolicyUnknownTool, diagnostic.Id);
        Assert.Contains($"did you mean '{suggestion}'?", diagnostic.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_unknown_tool_far_from_every_catalog_name_gets_no_suggestion()
    {
        var result = PolicyParser.Parse(Head + "  \"hide\": [\"google_drive_delete\"]\n}", "policy.json", Catalog);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.DoesNotContain("did you mean", diagnostic.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Tool_names_are_not_checked_without_a_catalog()
        => Assert.Empty(PolicyParser.Parse(Head + "  \"tools\": { \"anything\": {} }\n}", "policy.json").Diagnostics);

    [Fact]
    public void An_unknown_operator_close_to_a_real_one_is_suggested()
    {
        var result = PolicyParser.Parse(Head + "  \"tools\": { \"t\": { \"deny_if\": [ { \"path\": \"args.x\", \"op\": \"not-in\", \"value\": [1] } ] } }\n}", "policy.json");
        Assert.Contains("did you mean 'not_in'?", Assert.Single(result.Diagnostics).Message);
    }

    [Theory]
    [InlineData("{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n}", "policy.json:4:1", "not valid JSON")]
    [InlineData("[]", "policy.json:1:1", "must be a JSON object")]
    [InlineData("{ \"default\": \"allow\" }", "policy.json:1:1", "no \"version\"")]
    [InlineData("{ \"version\": \"2\", \"default\": \"allow\" }", "policy.json:1:14", "Unknown policy version")]
    [InlineData("{ \"version\": \"1\" }", "policy.json:1:1", "no \"default\"")]
    [InlineData("{ \"version\": \"1\", \"default\": \"Allow\" }", "policy.json:1:30", "\"default\" must be")]
    [InlineData("{ \"version\": \"1\", \"default\": \"allow\", \"tools\": [] }", "policy.json:1:48", "\"tools\" must be an object")]
    [InlineData("{ \"version\": \"1\", \"default\": \"allow\", \"default\": \"deny\" }", "policy.json:1:39", "appears twice")]
    [InlineData("", "policy.json:1:1", "not valid JSON")]
    public void A_policy_that_cannot_be_read_fails_closed_and_says_where(string text, string where, string why)
    {
        var result = PolicyParser.Parse(text, "policy.json");
        Assert.True(result.HasErrors);
        Assert.True(result.Policy.IsFailClosed);
        Assert.StartsWith(where + ": ", result.Policy.FailClosedReason);
        Assert.Contains(why, result.Policy.FailClosedReason);
        Assert.True(PolicyEvaluator.Evaluate(result.Policy, "any_tool", PolicyArguments.Empty).IsDenied);
    }

    [Fact]
    public void Parsing_never_throws_on_hostile_input()
    {
        foreach (var text in new[] { null!, "null", "\"x\"", "{\"version\":\"1\",\"default\":\"allow\",\"tools\":{\"t\":{\"require\":[null,1,[],{}]}}}", new string('[', 10_000) })
        {
            var result = PolicyParser.Parse(text, null);
            Assert.NotNull(result.Policy);
        }
    }

    [Fact]
    public void A_hide_entry_that_is_not_a_name_hides_every_tool()
    {
        var result = PolicyParser.Parse(Head + "  \"hide\": [\"odoo_write\", 5]\n}", "policy.json");
        Assert.True(result.Policy.HideAll);
        Assert.Equal("/hide/1", PolicyEvaluator.Evaluate(result.Policy, "other", PolicyArguments.Empty).RulePointer);
    }

    [Fact]
    public void A_tool_listed_twice_is_denied_until_the_rules_are_merged()
    {
        var result = PolicyParser.Parse(Head + "  \"tools\": { \"t\": {}, \"t\": { \"action\": \"deny\" } }\n}", "policy.json");
        Assert.True(result.Policy.Tools["t"].IsFailClosed);
        Assert.True(PolicyEvaluator.Evaluate(result.Policy, "t", PolicyArguments.Empty).IsDenied);
    }

    [Fact]
    public void A_malformed_limit_becomes_a_limit_of_zero_calls()
    {
        var result = PolicyParser.Parse(Head + "  \"tools\": { \"t\": { \"limits\": [ { \"max\": \"many\", \"window\": 60 } ] } }\n}", "policy.json");
        var limit = Assert.Single(result.Policy.Tools["t"].Limits);
        Assert.False(limit.IsValid);
        Assert.Equal(0L, limit.Max);
        Assert.Equal("/tools/t/limits/0", limit.Pointer);
    }

    [Theory]
    [InlineData("\"10/minute\"", 10L, 60d)]
    [InlineData("\"5/hour\"", 5L, 3600d)]
    [InlineData("\"100/day\"", 100L, 86400d)]
    [InlineData("\"2/second\"", 2L, 1d)]
    [InlineData("\"3 / minutes\"", 3L, 60d)]
    [InlineData("{ \"max\": 30, \"window\": 60 }", 30L, 60d)]
    [InlineData("{ \"max\": 1, \"window\": 0.5 }", 1L, 0.5d)]
    public void Rate_limit_accepts_every_shorthand(string rate, long max, double seconds)
    {
        var policy = ParseValid(Head + $"  \"tools\": {{ \"t\": {{ \"rate_limit\": {rate} }} }}\n}}");
        var limit = Assert.Single(policy.Tools["t"].Limits);
        Assert.Equal(max, limit.Max);
        Assert.Equal(TimeSpan.FromSeconds(seconds), limit.Window);
        Assert.Equal("/tools/t/rate_limit", limit.Pointer);
        Assert.Equal(4, limit.Span.StartLine);
    }

    [Fact]
    public void Limits_keep_their_explicit_id_and_otherwise_use_their_pointer()
    {
        var policy = ParseValid(Head + "  \"all_tools\": { \"limits\": [ { \"max\": 600, \"window\": 3600, \"id\": \"hourly\" }, { \"max\": 10, \"window\": 1 } ] }\n}");
        Assert.Equal(new[] { "hourly", "/all_tools/limits/1" }, policy.AllToolsLimits.Select(l => l.Id));
        Assert.True(policy.AllToolsLimits[0].HasExplicitId);
    }

    [Fact]
    public void The_model_exposes_rules_predicates_and_pointers()
    {
        var policy = ParseValid("""
            {
              "version": "1",
              "default": "deny",
              "hide": ["odoo_unlink"],
              "tools": {
                "a/b": {},
                "odoo_execute": {
                  "deny_if": [ { "path": "args.method", "op": "in", "value": ["unlink"], "on_deny": "no deletes" } ],
                  "on_deny": "rule text"
                }
              }
            }
            """, Catalog.Append("a/b").ToArray());
        Assert.Equal(PolicyDefault.Deny, policy.Default);
        Assert.Equal("1", policy.Version);
        Assert.Equal("policy.json", policy.FilePath);
        Assert.Equal(("odoo_unlink", "/hide/0", 4), (policy.Hidden[0].Name, policy.Hidden[0].Pointer, policy.Hidden[0].Span.StartLine));
        Assert.Equal("/tools/a~1b", policy.GetRule("a/b")!.Pointer);
        var rule = policy.GetRule("odoo_execute")!;
        Assert.Equal((RuleAction.Allow, "rule text", 7, 5), (rule.Action, rule.Reason, rule.Span.StartLine, rule.Span.StartColumn));
        var predicate = Assert.Single(rule.DenyIf);
        Assert.Equal(("args.method", PredicateOperator.In, "no deletes", "/tools/odoo_execute/deny_if/0"), (predicate.Path, predicate.Operator, predicate.OnDeny, predicate.Pointer));
        Assert.Equal(new[] { "method" }, predicate.ArgumentPath);
        Assert.Equal((8, 20), (predicate.Span.StartLine, predicate.Span.StartColumn));
        Assert.Null(policy.GetRule("missing"));
    }

    [Fact]
    public void The_version_may_also_be_written_as_the_number_one()
        => ParseValid("{ \"version\": 1, \"default\": \"allow\" }");
}

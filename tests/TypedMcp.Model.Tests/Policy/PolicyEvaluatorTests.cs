using System;
using System.Linq;
using TypedMcp.Json;
using TypedMcp.Policy;
using static TypedMcp.Model.Tests.Policy.PolicyTestHelpers;

namespace TypedMcp.Model.Tests.Policy;

public class PolicyEvaluatorTests
{
    private const string Policy = """
        {
          "version": "1",
          "default": "deny",
          "hide": ["odoo_unlink"],
          "all_tools": { "limits": [ { "max": 600, "window": 3600 } ] },
          "tools": {
            "odoo_unlink": {},
            "ssh_execute": { "action": "deny", "reason": "no shell access for agents" },
            "odoo_search": { "require": [ { "path": "args.limit", "op": "lte", "value": 100 } ] },
            "odoo_execute": {
              "deny_if": [ { "path": "args.method", "op": "in", "value": ["unlink", "button_immediate_install"] } ],
              "on_deny": "odoo_execute may not delete records or install modules"
            },
            "google_gmail_send": { "action": "require_approval", "deny_if": [ { "path": "args.to", "op": "regex", "value": "@competitor\\.com$" } ] },
            "odoo_write": { "rate_limit": { "max": 30, "window": 60 } },
            "ai_usage_log_export": {}
          }
        }
        """;

    [Theory]
    [InlineData("odoo_unlink", "{}", PolicyVerdict.Deny, DecisionStep.Hidden, "/hide/0")]
    [InlineData("odoo_create", "{}", PolicyVerdict.Deny, DecisionStep.NotListed, "/default")]
    [InlineData("ssh_execute", "{}", PolicyVerdict.Deny, DecisionStep.ActionDeny, "/tools/ssh_execute")]
    [InlineData("odoo_search", "{\"limit\": 500}", PolicyVerdict.Deny, DecisionStep.RequireFailed, "/tools/odoo_search/require/0")]
    [InlineData("odoo_search", "{}", PolicyVerdict.Deny, DecisionStep.RequireFailed, "/tools/odoo_search/require/0")]
    [InlineData("odoo_search", "{\"limit\": 100}", PolicyVerdict.Allow, DecisionStep.Allowed, "/tools/odoo_search")]
    [InlineData("odoo_execute", "{\"method\": \"unlink\"}", PolicyVerdict.Deny, DecisionStep.DenyIfMatched, "/tools/odoo_execute/deny_if/0")]
    [InlineData("odoo_execute", "{\"method\": \"read\"}", PolicyVerdict.Allow, DecisionStep.Allowed, "/tools/odoo_execute")]
    [InlineData("google_gmail_send", "{\"to\": \"a@example.org\"}", PolicyVerdict.RequireApproval, DecisionStep.ApprovalRequired, "/tools/google_gmail_send")]
    [InlineData("google_gmail_send", "{\"to\": \"ceo@competitor.com\"}", PolicyVerdict.Deny, DecisionStep.DenyIfMatched, "/tools/google_gmail_send/deny_if/0")]
    [InlineData("odoo_write", "{}", PolicyVerdict.Allow, DecisionStep.Allowed, "/tools/odoo_write")]
    [InlineData("ai_usage_log_export", "{}", PolicyVerdict.Allow, DecisionStep.Allowed, "/tools/ai_usage_log_export")]
    public void Each_decision_step_gives_its_verdict_and_names_its_rule(string tool, string args, PolicyVerdict verdict, DecisionStep step, string pointer)
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), tool, Args(args));
        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(step, decision.Step);
        Assert.Equal(pointer, decision.RulePointer);
        Assert.Equal(tool, decision.ToolName);
        Assert.Contains($"'{tool}'", decision.Message);
        Assert.Equal(verdict == PolicyVerdict.Deny, decision.IsDenied);
        Assert.Empty(decision.UndecidedPredicates);
    }

    [Fact]
    public void Hiding_wins_over_a_rule_that_allows_the_tool()
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "odoo_unlink", PolicyArguments.Empty);
        Assert.Equal(DecisionStep.Hidden, decision.Step);
        Assert.Contains("policy.json:4:12", decision.Message);
    }

    [Fact]
    public void A_rule_reason_is_the_message_of_an_action_deny()
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "ssh_execute", PolicyArguments.Empty);
        Assert.Equal("no shell access for agents", decision.Reason);
        Assert.Contains("no shell access for agents", decision.Message);
        Assert.Contains("/tools/ssh_execute", decision.Message);
    }

    [Theory]
    [InlineData("reason")]
    [InlineData("on_deny")]
    public void Both_spellings_of_the_rule_message_are_used_when_a_predicate_denies(string key)
    {
        var policy = ParseValid($$"""
            { "version": "1", "default": "allow", "tools": { "t": {
              "deny_if": [ { "path": "args.x", "op": "eq", "value": 1 } ], "{{key}}": "x may not be 1" } } }
            """);
        Assert.Equal("x may not be 1", policy.Tools["t"].Reason);
        var decision = PolicyEvaluator.Evaluate(policy, "t", Args("{\"x\": 1}"));
        Assert.Equal(DecisionStep.DenyIfMatched, decision.Step);
        Assert.Equal("x may not be 1", decision.Reason);
        Assert.StartsWith("Tool 't' is denied by policy rule /tools/t/deny_if/0 at policy.json:2:16: x may not be 1", decision.Message);
    }

    [Theory]
    [InlineData("on_deny")]
    [InlineData("reason")]
    public void A_predicate_message_wins_over_the_rule_message(string key)
    {
        var policy = ParseValid($$"""
            { "version": "1", "default": "allow", "tools": { "t": { "reason": "rule text",
              "require": [ { "path": "args.x", "op": "exists", "{{key}}": "x is required" } ] } } }
            """);
        var decision = PolicyEvaluator.Evaluate(policy, "t", PolicyArguments.Empty);
        Assert.Equal(DecisionStep.RequireFailed, decision.Step);
        Assert.Equal("x is required", decision.Reason);
        Assert.Contains("args.x is absent", decision.Message);
    }

    [Fact]
    public void Without_a_written_message_the_denial_describes_the_predicate_and_the_argument()
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "odoo_search", Args("{\"limit\": 500}"));
        Assert.Null(decision.Reason);
        Assert.Contains("args.limit lte 100", decision.Message);
        Assert.Contains("args.limit is 500", decision.Message);
    }

    [Theory]
    [InlineData("\"*\"", "/hide")]
    [InlineData("[\"a\", \"*\"]", "/hide/1")]
    public void Hide_star_hides_every_tool(string hide, string pointer)
    {
        var policy = ParseValid($$"""{ "version": "1", "default": "allow", "hide": {{hide}}, "tools": { "b": {} } }""");
        Assert.True(policy.HideAll);
        foreach (var tool in new[] { "a", "b", "anything" })
        {
            var decision = PolicyEvaluator.Evaluate(policy, tool, PolicyArguments.Empty);
            Assert.Equal(DecisionStep.Hidden, decision.Step);
            Assert.Equal(tool == "a" && hide.StartsWith('[') ? "/hide/0" : pointer, decision.RulePointer);
        }
    }

    [Fact]
    public void A_hide_list_hides_only_the_tools_it_names()
    {
        var policy = ParseValid("""{ "version": "1", "default": "allow", "hide": ["a", "b"] }""");
        Assert.True(policy.IsHidden("b"));
        Assert.False(policy.IsHidden("c"));
        Assert.Equal("/hide/1", PolicyEvaluator.Evaluate(policy, "b", PolicyArguments.Empty).RulePointer);
        Assert.Equal(PolicyVerdict.Allow, PolicyEvaluator.Evaluate(policy, "c", PolicyArguments.Empty).Verdict);
    }

    [Theory]
    [InlineData("allow", PolicyVerdict.Allow, DecisionStep.Allowed)]
    [InlineData("deny", PolicyVerdict.Deny, DecisionStep.NotListed)]
    public void The_default_decides_unlisted_tools(string @default, PolicyVerdict verdict, DecisionStep step)
    {
        var policy = ParseValid($$"""{ "version": "1", "default": "{{@default}}", "all_tools": { "limits": [ { "max": 5, "window": 1 } ] }, "tools": { "listed": {} } }""");
        var decision = PolicyEvaluator.Evaluate(policy, "unlisted", PolicyArguments.Empty);
        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(step, decision.Step);
        Assert.Equal("/default", decision.RulePointer);
        Assert.Equal(PolicyVerdict.Allow, PolicyEvaluator.Evaluate(policy, "listed", PolicyArguments.Empty).Verdict);
        if (verdict == PolicyVerdict.Allow) { Assert.Equal("/all_tools/limits/0", Assert.Single(decision.Limits).Pointer); }
    }

    [Fact]
    public void An_unreadable_policy_denies_every_tool_with_its_reason()
    {
        var result = PolicyParser.Parse("{ \"version\": \"7\", \"default\": \"allow\" }", "conf/policy.json");
        var decision = PolicyEvaluator.Evaluate(result.Policy, "anything", PolicyArguments.Empty);
        Assert.Equal(PolicyVerdict.Deny, decision.Verdict);
        Assert.Equal(DecisionStep.PolicyUnreadable, decision.Step);
        Assert.Contains("conf/policy.json:1:14", decision.Message);
        Assert.Contains(result.Policy.FailClosedReason!, decision.Message);
    }

    [Fact]
    public void DenyAll_denies_every_tool()
    {
        var policy = PolicyDocument.DenyAll("the policy file is missing");
        Assert.True(policy.IsFailClosed);
        var decision = PolicyEvaluator.Evaluate(policy, "x", PolicyArguments.Empty);
        Assert.Equal(DecisionStep.PolicyUnreadable, decision.Step);
        Assert.Contains("the policy file is missing", decision.Message);
    }

    [Fact]
    public void An_allowed_call_carries_the_all_tools_limits_then_the_tool_limits()
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "odoo_write", PolicyArguments.Empty);
        Assert.Equal(new[] { "/all_tools/limits/0", "/tools/odoo_write/rate_limit" }, decision.Limits.Select(l => l.Pointer));
        Assert.Equal((30L, TimeSpan.FromSeconds(60)), (decision.Limits[1].Max, decision.Limits[1].Window));
        Assert.Equal("/tools/odoo_write/rate_limit", decision.Limits[1].Id);
    }

    [Fact]
    public void Approval_decisions_carry_limits_too_since_an_approved_call_still_counts()
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "google_gmail_send", Args("{\"to\": \"x@y.z\"}"));
        Assert.Equal(DecisionStep.ApprovalRequired, decision.Step);
        Assert.Equal("/all_tools/limits/0", Assert.Single(decision.Limits).Pointer);
    }

    [Fact]
    public void A_call_that_passes_every_predicate_reuses_one_decision_per_rule()
    {
        var policy = ParseValid(Policy);
        var first = PolicyEvaluator.Evaluate(policy, "odoo_execute", Args("{\"method\": \"read\"}"));
        Assert.Same(first, PolicyEvaluator.Evaluate(policy, "odoo_execute", Args("{\"method\": \"write\"}")));
        Assert.NotSame(first, PolicyEvaluator.Evaluate(policy, "odoo_execute", UnknownArgs("method")));
    }

    [Fact]
    public void The_evaluator_never_refuses_for_limits_itself()
    {
        var policy = ParseValid("""{ "version": "1", "default": "allow", "tools": { "t": { "rate_limit": { "max": 0, "window": 60 } } } }""");
        var decision = PolicyEvaluator.Evaluate(policy, "t", PolicyArguments.Empty);
        Assert.Equal(DecisionStep.Allowed, decision.Step);
        Assert.Equal(0L, Assert.Single(decision.Limits).Max);
    }

    [Fact]
    public void A_predicate_over_an_unknown_argument_is_left_undecided_and_evaluation_goes_on()
    {
        var policy = ParseValid(Policy);
        var decision = PolicyEvaluator.Evaluate(policy, "odoo_execute", UnknownArgs("method"));
        Assert.Equal(DecisionStep.Allowed, decision.Step);
        Assert.Same(policy.Tools["odoo_execute"].DenyIf[0], Assert.Single(decision.UndecidedPredicates));

        var approval = PolicyEvaluator.Evaluate(policy, "google_gmail_send", UnknownArgs("to"));
        Assert.Equal(DecisionStep.ApprovalRequired, approval.Step);
        Assert.Single(approval.UndecidedPredicates);
    }

    [Fact]
    public void A_later_predicate_that_is_decided_still_denies_after_an_undecided_one()
    {
        var policy = ParseValid("""
            { "version": "1", "default": "deny", "tools": { "t": {
              "require": [ { "path": "args.a", "op": "eq", "value": 1 } ],
              "deny_if": [ { "path": "args.b", "op": "eq", "value": 2 } ] } } }
            """);
        var args = PolicyArguments.Create(new[]
        {
            new System.Collections.Generic.KeyValuePair<string, ArgumentValue>("a", ArgumentValue.Unknown),
            new System.Collections.Generic.KeyValuePair<string, ArgumentValue>("b", ArgumentValue.Present(LocatedJsonNode.Number(2))),
        });
        var decision = PolicyEvaluator.Evaluate(policy, "t", args);
        Assert.Equal(DecisionStep.DenyIfMatched, decision.Step);
        Assert.Equal("/tools/t/require/0", Assert.Single(decision.UndecidedPredicates).Pointer);
    }

    [Fact]
    public void Steps_before_the_predicates_are_decided_even_when_every_argument_is_unknown()
    {
        var policy = ParseValid(Policy);
        Assert.Equal(DecisionStep.ActionDeny, PolicyEvaluator.Evaluate(policy, "ssh_execute", UnknownArgs("command")).Step);
        Assert.Equal(DecisionStep.NotListed, PolicyEvaluator.Evaluate(policy, "other", UnknownArgs("x")).Step);
    }

    [Fact]
    public void An_invalid_predicate_denies_its_tool_even_when_the_argument_is_unknown()
    {
        var result = PolicyParser.Parse("""
            { "version": "1", "default": "allow", "tools": { "t": {
              "deny_if": [ { "path": "args.x", "op": "matches", "value": "a" } ] }, "u": {} } }
            """, "policy.json");
        Assert.True(result.HasErrors);
        Assert.False(result.Policy.IsFailClosed);
        var decision = PolicyEvaluator.Evaluate(result.Policy, "t", UnknownArgs("x"));
        Assert.Equal(DecisionStep.DenyIfMatched, decision.Step);
        Assert.Contains("cannot be checked", decision.Message);
        Assert.Equal(PolicyVerdict.Allow, PolicyEvaluator.Evaluate(result.Policy, "u", PolicyArguments.Empty).Verdict);
    }

    [Fact]
    public void A_rule_that_cannot_be_read_denies_its_tool()
    {
        var result = PolicyParser.Parse("""{ "version": "1", "default": "allow", "tools": { "t": { "action": "block" } } }""", "policy.json");
        var rule = result.Policy.Tools["t"];
        Assert.True(rule.IsFailClosed);
        var decision = PolicyEvaluator.Evaluate(result.Policy, "t", PolicyArguments.Empty);
        Assert.Equal(DecisionStep.ActionDeny, decision.Step);
        Assert.Contains("cannot be read", decision.Message);
    }

    [Fact]
    public void An_argument_of_the_wrong_type_for_its_operator_denies_in_require_and_in_deny_if()
    {
        var policy = ParseValid("""
            { "version": "1", "default": "deny", "tools": {
              "r": { "require": [ { "path": "args.n", "op": "lt", "value": 10 } ] },
              "d": { "deny_if": [ { "path": "args.n", "op": "gt", "value": 1000 } ] } } }
            """);
        var args = Args("{\"n\": \"5000\"}");
        Assert.Equal(DecisionStep.RequireFailed, PolicyEvaluator.Evaluate(policy, "r", args).Step);
        var d = PolicyEvaluator.Evaluate(policy, "d", args);
        Assert.Equal(DecisionStep.DenyIfMatched, d.Step);
        Assert.Contains("needs a number", d.Message);
    }

    [Fact]
    public void Nested_paths_read_into_objects()
    {
        var policy = ParseValid("""{ "version": "1", "default": "deny", "tools": { "t": { "deny_if": [ { "path": "args.options.mode", "op": "eq", "value": "force" } ] } } }""");
        Assert.Equal(new[] { "options", "mode" }, policy.Tools["t"].DenyIf[0].ArgumentPath);
        Assert.True(PolicyEvaluator.Evaluate(policy, "t", Args("{\"options\": {\"mode\": \"force\"}}")).IsDenied);
        Assert.False(PolicyEvaluator.Evaluate(policy, "t", Args("{\"options\": {\"mode\": \"safe\"}}")).IsDenied);
        Assert.False(PolicyEvaluator.Evaluate(policy, "t", Args("{\"options\": \"force\"}")).IsDenied);
        Assert.Equal("/tools/t/deny_if/0", Assert.Single(PolicyEvaluator.Evaluate(policy, "t", UnknownArgs("options")).UndecidedPredicates).Pointer);
    }

    public static TheoryData<PolicyVerdict, PolicyVerdict, PolicyVerdict> Combinations()
    {
        var data = new TheoryData<PolicyVerdict, PolicyVerdict, PolicyVerdict>();
        foreach (var a in Enum.GetValues<PolicyVerdict>())
        {
            foreach (var b in Enum.GetValues<PolicyVerdict>())
            {
                var expected = a == PolicyVerdict.Deny || b == PolicyVerdict.Deny ? PolicyVerdict.Deny
                    : a == PolicyVerdict.RequireApproval || b == PolicyVerdict.RequireApproval ? PolicyVerdict.RequireApproval
                    : PolicyVerdict.Allow;
                data.Add(a, b, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void MostRestrictive_prefers_deny_then_approval_then_allow_and_keeps_both_limit_sets(PolicyVerdict a, PolicyVerdict b, PolicyVerdict expected)
    {
        var limitsA = ParseValid("""{ "version": "1", "default": "allow", "all_tools": { "rate_limit": "10/minute" } }""").AllToolsLimits;
        var limitsB = ParseValid("""{ "version": "1", "default": "allow", "all_tools": { "rate_limit": "100/hour" } }""").AllToolsLimits;
        var first = new PolicyDecision(a, StepOf(a), "t", "/a", "first", limits: limitsA);
        var second = new PolicyDecision(b, StepOf(b), "t", "/b", "second", limits: limitsB);
        var combined = PolicyDecision.MostRestrictive(first, second);
        Assert.Equal(expected, combined.Verdict);
        Assert.Equal(a == expected ? "/a" : "/b", combined.RulePointer);
        Assert.Equal(2, combined.Limits.Count);
        Assert.Contains(limitsA[0], combined.Limits);
        Assert.Contains(limitsB[0], combined.Limits);
    }

    [Fact]
    public void MostRestrictive_does_not_repeat_a_limit_both_decisions_carry()
    {
        var policy = ParseValid(Policy);
        var a = PolicyEvaluator.Evaluate(policy, "odoo_write", PolicyArguments.Empty);
        var b = PolicyEvaluator.Evaluate(policy, "ai_usage_log_export", PolicyArguments.Empty);
        var combined = PolicyDecision.MostRestrictive(b, a);
        Assert.Equal(2, combined.Limits.Count);
        Assert.Equal("/tools/ai_usage_log_export", combined.RulePointer);
    }

    private static DecisionStep StepOf(PolicyVerdict v) => v switch
    {
        PolicyVerdict.Deny => DecisionStep.ActionDeny,
        PolicyVerdict.RequireApproval => DecisionStep.ApprovalRequired,
        _ => DecisionStep.Allowed,
    };
}

using System;
using System.Linq;
using TypedMcp.Diagnostics;
using TypedMcp.Policy;
using static TypedMcp.Model.Tests.Policy.PolicyTestHelpers;

namespace TypedMcp.Model.Tests.Policy;

/// <summary><c>approval_timeout</c>: how long a person may take to approve; unreadable, the rule fails closed.</summary>
public class ApprovalTimeoutTests
{
    [Theory]
    [InlineData("\"10m\"", 600)]
    [InlineData("\"30s\"", 30)]
    [InlineData("\"1h\"", 3600)]
    [InlineData("\"90\"", 90)]
    [InlineData("\"2 minutes\"", 120)]
    [InlineData("\"0.5s\"", 0.5)]
    [InlineData("45", 45)]
    [InlineData("1.5", 1.5)]
    public void A_duration_in_seconds_or_with_a_unit_is_read(string value, double seconds)
    {
        var policy = ParseValid($$"""{ "version": "1", "default": "allow", "tools": { "t": { "action": "require_approval", "approval_timeout": {{value}} } } }""");

        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.Tools["t"].ApprovalTimeout);
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("\"10 fortnights\"")]
    [InlineData("true")]
    public void An_unreadable_timeout_is_reported_where_it_stands_and_denies_the_tool(string value)
    {
        var text = $$"""
            { "version": "1", "default": "allow",
              "tools": { "t": { "action": "require_approval", "approval_timeout": {{value}} } } }
            """;

        var result = PolicyParser.Parse(text, "policy.json");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.PolicyInvalidStructure, diagnostic.Id);
        Assert.Equal(Locate(text, "\"approval_timeout\": " + value), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn - "\"approval_timeout\": ".Length));
        Assert.Contains("approval_timeout", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(DecisionStep.ActionDeny, PolicyEvaluator.Evaluate(result.Policy, "t").Step);
    }
}

/// <summary><c>require_approval_if</c>: approval only for the calls a predicate picks out.</summary>
public class ConditionalApprovalTests
{
    private const string Policy = """
        { "version": "1", "default": "allow",
          "tools": { "transfer": { "require_approval_if": [ { "path": "args.amount", "op": "gt", "value": 1000 } ], "deny_if": [ { "path": "args.to", "op": "eq", "value": "mallory" } ] } } }
        """;

    [Theory]
    [InlineData("""{ "amount": 5000, "to": "bob" }""", PolicyVerdict.RequireApproval, DecisionStep.ApprovalRequired, "/tools/transfer/require_approval_if/0")]
    [InlineData("""{ "amount": "5000", "to": "bob" }""", PolicyVerdict.RequireApproval, DecisionStep.ApprovalRequired, "/tools/transfer/require_approval_if/0")]
    [InlineData("""{ "amount": 10, "to": "bob" }""", PolicyVerdict.Allow, DecisionStep.Allowed, "/tools/transfer")]
    [InlineData("""{ "amount": 5000, "to": "mallory" }""", PolicyVerdict.Deny, DecisionStep.DenyIfMatched, "/tools/transfer/deny_if/0")]
    public void A_call_needs_approval_only_when_a_predicate_holds_and_is_never_asked_when_denied(string args, PolicyVerdict verdict, DecisionStep step, string pointer)
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "transfer", Args(args));

        Assert.Equal((verdict, step, pointer), (decision.Verdict, decision.Step, decision.RulePointer));
    }

    [Fact]
    public void An_unknown_argument_leaves_the_approval_to_run_time()
    {
        var decision = PolicyEvaluator.Evaluate(ParseValid(Policy), "transfer", UnknownArgs("amount", "to"));

        Assert.Equal(PolicyVerdict.Allow, decision.Verdict);
        Assert.Contains(decision.UndecidedPredicates, p => p.Pointer == "/tools/transfer/require_approval_if/0");
    }
}

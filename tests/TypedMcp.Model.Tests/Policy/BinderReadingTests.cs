using TypedMcp.Policy;
using static TypedMcp.Model.Tests.Policy.PolicyTestHelpers;

namespace TypedMcp.Model.Tests.Policy;

/// <summary>
/// Every predicate is also read the way a lenient server binder reads the call (strings ignoring case, numeric strings
/// as numbers, member names ignoring case); the call is denied when either reading denies.
/// </summary>
public class BinderReadingTests
{
    private static PolicyDecision Decide(string rule, string args)
    {
        var policy = ParseValid($$"""{ "version": "1", "default": "allow", "tools": { "t": {{rule}} } }""");
        return PolicyEvaluator.Evaluate(policy, "t", Args(args));
    }

    [Theory]
    [InlineData("""{ "deny_if": [ { "path": "args.id", "op": "in", "value": [1, 2] } ] }""", """{ "id": "1" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.id", "op": "in", "value": [1, 2] } ] }""", """{ "id": " 2.0 " }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.mode", "op": "in", "value": ["Delete"] } ] }""", """{ "mode": "DELETE" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.mode", "op": "in", "value": ["Delete"] } ] }""", """{ "mode": 2 }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.ids", "op": "contains", "value": 1 } ] }""", """{ "ids": ["1"] }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.options.mode", "op": "eq", "value": "delete" } ] }""", """{ "options": { "Mode": "delete" } }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.options.mode", "op": "eq", "value": "delete" } ] }""", """{ "Options": { "MODE": "Delete" } }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.force", "op": "eq", "value": true } ] }""", """{ "force": "True" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.amount", "op": "gt", "value": 1000 } ] }""", """{ "amount": "5000" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.method", "op": "regex", "value": "^unlink$" } ] }""", """{ "method": "UNLINK" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.to", "op": "contains", "value": "evil" } ] }""", """{ "to": "x@EVIL.example" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.token", "op": "exists" } ] }""", """{ "Token": "x" }""")]
    public void A_value_the_server_would_bind_to_a_denied_one_is_denied(string rule, string args)
    {
        var decision = Decide(rule, args);

        Assert.Equal(DecisionStep.DenyIfMatched, decision.Step);
    }

    [Fact]
    public void A_denial_by_the_binder_reading_says_so()
    {
        var decision = Decide("""{ "deny_if": [ { "path": "args.mode", "op": "eq", "value": "delete" } ] }""", """{ "mode": "DELETE" }""");

        Assert.Contains("read as a server's binder may read it", decision.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "require": [ { "path": "args.mode", "op": "eq", "value": "safe" } ] }""", """{ "Mode": "safe" }""")]
    [InlineData("""{ "require": [ { "path": "args.mode", "op": "eq", "value": "safe" } ] }""", """{ "mode": "SAFE" }""")]
    [InlineData("""{ "require": [ { "path": "args.mode", "op": "neq", "value": "delete" } ] }""", """{ "mode": "Delete" }""")]
    [InlineData("""{ "require": [ { "path": "args.id", "op": "not_in", "value": [1] } ] }""", """{ "id": "1" }""")]
    public void A_requirement_must_hold_in_both_readings(string rule, string args)
    {
        Assert.Equal(DecisionStep.RequireFailed, Decide(rule, args).Step);
    }

    [Theory]
    [InlineData("""{ "deny_if": [ { "path": "args.id", "op": "in", "value": [1, 2] } ] }""", """{ "id": 3 }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.mode", "op": "in", "value": ["Delete"] } ] }""", """{ "mode": "Read" }""")]
    [InlineData("""{ "deny_if": [ { "path": "args.options.mode", "op": "eq", "value": "delete" } ] }""", """{ "options": { "mode": "read" } }""")]
    [InlineData("""{ "require": [ { "path": "args.mode", "op": "eq", "value": "safe" } ] }""", """{ "mode": "safe" }""")]
    [InlineData("""{ "require": [ { "path": "args.id", "op": "lte", "value": 10 } ] }""", """{ "id": 1.0 }""")]
    public void Values_that_no_reading_denies_are_allowed(string rule, string args)
    {
        Assert.Equal(DecisionStep.Allowed, Decide(rule, args).Step);
    }

    [Theory]
    [InlineData("^(read|search)$", "read\n", false)]
    [InlineData("^(read|search)$", "read", true)]
    [InlineData("read$", "read\n", false)]
    [InlineData("read\\Z", "read\n", false)]
    [InlineData("read\\$", "read$", true)]
    [InlineData("[$]", "$", true)]
    [InlineData("[a-z-[aeiou]]$", "b\n", false)]
    [InlineData("(?m)^rm$", "ls\nrm\n", true)]
    [InlineData("(?m:^rm$)|x$", "x\n", false)]
    [InlineData("(?x) ^ read $ # [ a comment with $", "read\n", false)]
    [InlineData("(?#$)read$", "read\n", false)]
    public void An_end_anchor_is_the_end_of_the_value(string pattern, string value, bool matches)
    {
        var policy = ParseValid($$"""{ "version": "1", "default": "allow", "tools": { "t": { "require": [ { "path": "args.x", "op": "regex", "value": {{System.Text.Json.JsonSerializer.Serialize(pattern)}} } ] } } }""");
        var args = Args($$"""{ "x": {{System.Text.Json.JsonSerializer.Serialize(value)}} }""");

        var outcome = policy.Tools["t"].Require[0].Evaluate(args);

        Assert.Equal(matches ? PredicateOutcome.True : PredicateOutcome.False, outcome);
    }
}

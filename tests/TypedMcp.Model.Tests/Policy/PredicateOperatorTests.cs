using System;
using System.Diagnostics;
using TypedMcp.Policy;
using static TypedMcp.Model.Tests.Policy.PolicyTestHelpers;

namespace TypedMcp.Model.Tests.Policy;

public class PredicateOperatorTests
{
    private static PolicyPredicate Predicate(string op, string? valueJson, string path = "args.x")
    {
        var value = valueJson is null ? string.Empty : $", \"value\": {valueJson}";
        var policy = ParseValid($$"""{ "version": "1", "default": "allow", "tools": { "t": { "require": [ { "path": "{{path}}", "op": "{{op}}"{{value}} } ] } } }""");
        return policy.Tools["t"].Require[0];
    }

    [Theory]
    // eq: JSON equality, numbers by value, strings ordinal; absent equals nothing
    [InlineData("eq", "\"a\"", "{\"x\": \"a\"}", PredicateOutcome.True)]
    [InlineData("eq", "\"a\"", "{\"x\": \"A\"}", PredicateOutcome.False)]
    [InlineData("eq", "\"a\"", "{}", PredicateOutcome.False)]
    [InlineData("eq", "1", "{\"x\": 1.0}", PredicateOutcome.True)]
    [InlineData("eq", "1", "{\"x\": 1e0}", PredicateOutcome.True)]
    [InlineData("eq", "1", "{\"x\": \"1\"}", PredicateOutcome.False)]
    [InlineData("eq", "null", "{\"x\": null}", PredicateOutcome.True)]
    [InlineData("eq", "true", "{\"x\": true}", PredicateOutcome.True)]
    [InlineData("eq", "{\"a\": [1, 2]}", "{\"x\": {\"a\": [1, 2.0]}}", PredicateOutcome.True)]
    [InlineData("eq", "[1, 2]", "{\"x\": [2, 1]}", PredicateOutcome.False)]
    // neq: the negation of eq, so an absent argument is not equal
    [InlineData("neq", "\"a\"", "{\"x\": \"b\"}", PredicateOutcome.True)]
    [InlineData("neq", "\"a\"", "{\"x\": \"a\"}", PredicateOutcome.False)]
    [InlineData("neq", "\"a\"", "{}", PredicateOutcome.True)]
    // in / not_in
    [InlineData("in", "[\"a\", \"b\"]", "{\"x\": \"b\"}", PredicateOutcome.True)]
    [InlineData("in", "[\"a\", \"b\"]", "{\"x\": \"c\"}", PredicateOutcome.False)]
    [InlineData("in", "[1, 2]", "{\"x\": 2.0}", PredicateOutcome.True)]
    [InlineData("in", "[\"a\"]", "{}", PredicateOutcome.False)]
    [InlineData("in", "[]", "{\"x\": \"a\"}", PredicateOutcome.False)]
    [InlineData("not_in", "[\"a\"]", "{\"x\": \"b\"}", PredicateOutcome.True)]
    [InlineData("not_in", "[\"a\"]", "{\"x\": \"a\"}", PredicateOutcome.False)]
    [InlineData("not_in", "[\"a\"]", "{}", PredicateOutcome.True)]
    // ordering: numbers only; absent or null never holds; another type is an error
    [InlineData("lt", "10", "{\"x\": 9}", PredicateOutcome.True)]
    [InlineData("lt", "10", "{\"x\": 10}", PredicateOutcome.False)]
    [InlineData("lte", "10", "{\"x\": 10.0}", PredicateOutcome.True)]
    [InlineData("lte", "10", "{\"x\": 10.5}", PredicateOutcome.False)]
    [InlineData("gt", "10", "{\"x\": 10.5}", PredicateOutcome.True)]
    [InlineData("gt", "10", "{\"x\": 10}", PredicateOutcome.False)]
    [InlineData("gte", "10", "{\"x\": 1e1}", PredicateOutcome.True)]
    [InlineData("gte", "-1.5", "{\"x\": -2}", PredicateOutcome.False)]
    [InlineData("gt", "9007199254740992", "{\"x\": 9007199254740993}", PredicateOutcome.True)]
    [InlineData("lt", "10", "{}", PredicateOutcome.False)]
    [InlineData("lt", "10", "{\"x\": null}", PredicateOutcome.False)]
    [InlineData("lt", "10", "{\"x\": \"5\"}", PredicateOutcome.Error)]
    [InlineData("gte", "10", "{\"x\": [20]}", PredicateOutcome.Error)]
    // regex: unanchored search on strings, ordinal and culture-invariant
    [InlineData("regex", "\"^un\"", "{\"x\": \"unlink\"}", PredicateOutcome.True)]
    [InlineData("regex", "\"link\"", "{\"x\": \"unlink\"}", PredicateOutcome.True)]
    [InlineData("regex", "\"^un\"", "{\"x\": \"write\"}", PredicateOutcome.False)]
    [InlineData("regex", "\"^un\"", "{}", PredicateOutcome.False)]
    [InlineData("regex", "\"^un\"", "{\"x\": null}", PredicateOutcome.False)]
    [InlineData("regex", "\"^5$\"", "{\"x\": 5}", PredicateOutcome.Error)]
    // contains: substring of a string, element of an array
    [InlineData("contains", "\"DROP\"", "{\"x\": \"a DROP b\"}", PredicateOutcome.True)]
    [InlineData("contains", "\"drop\"", "{\"x\": \"DROP\"}", PredicateOutcome.False)]
    [InlineData("contains", "\"a\"", "{\"x\": [\"a\", \"b\"]}", PredicateOutcome.True)]
    [InlineData("contains", "2", "{\"x\": [1, 2.0]}", PredicateOutcome.True)]
    [InlineData("contains", "\"c\"", "{\"x\": [\"a\"]}", PredicateOutcome.False)]
    [InlineData("contains", "\"a\"", "{}", PredicateOutcome.False)]
    [InlineData("contains", "\"a\"", "{\"x\": 5}", PredicateOutcome.Error)]
    [InlineData("contains", "5", "{\"x\": \"5\"}", PredicateOutcome.Error)]
    // exists: no value or true = present; false = absent; null counts as present
    [InlineData("exists", null, "{\"x\": 1}", PredicateOutcome.True)]
    [InlineData("exists", null, "{}", PredicateOutcome.False)]
    [InlineData("exists", "true", "{\"x\": null}", PredicateOutcome.True)]
    [InlineData("exists", "false", "{}", PredicateOutcome.True)]
    [InlineData("exists", "false", "{\"x\": \"\"}", PredicateOutcome.False)]
    public void Operators_follow_their_documented_semantics(string op, string? value, string args, object expected)
        => Assert.Equal((PredicateOutcome)expected, Predicate(op, value).Evaluate(Args(args)));

    [Theory]
    [InlineData("eq", "1")]
    [InlineData("neq", "1")]
    [InlineData("in", "[1]")]
    [InlineData("not_in", "[1]")]
    [InlineData("lt", "1")]
    [InlineData("lte", "1")]
    [InlineData("gt", "1")]
    [InlineData("gte", "1")]
    [InlineData("regex", "\"a\"")]
    [InlineData("contains", "\"a\"")]
    [InlineData("exists", null)]
    [InlineData("exists", "false")]
    public void Every_operator_leaves_an_unknown_argument_undecided(string op, string? value)
        => Assert.Equal(PredicateOutcome.Unknown, Predicate(op, value).Evaluate(UnknownArgs("x")));

    [Fact]
    public void Every_operator_name_parses_to_its_own_operator()
    {
        var expected = new[]
        {
            PredicateOperator.Eq, PredicateOperator.Neq, PredicateOperator.In, PredicateOperator.NotIn, PredicateOperator.Lt, PredicateOperator.Lte,
            PredicateOperator.Gt, PredicateOperator.Gte, PredicateOperator.Regex, PredicateOperator.Contains, PredicateOperator.Exists,
        };
        var values = new[] { "1", "1", "[1]", "[1]", "1", "1", "1", "1", "\"a\"", "\"a\"", "true" };
        for (var i = 0; i < expected.Length; i++)
        {
            var predicate = Predicate(PredicateReader.OperatorNames[i], values[i]);
            Assert.Equal(expected[i], predicate.Operator);
            Assert.Equal(PredicateReader.OperatorNames[i], predicate.OperatorText);
        }
    }

    [Fact]
    public void A_regex_that_runs_too_long_is_an_error_so_the_call_is_denied()
    {
        var predicate = Predicate("regex", "\"^(\\\\w+\\\\s?)*$\"");
        var hostile = "{\"x\": \"" + new string('a', 40) + " a a a a a a a a a a a a a a a a a a a!\"}";
        var watch = Stopwatch.StartNew();
        var outcome = predicate.Evaluate(Args(hostile), out _, out var error);
        watch.Stop();
        Assert.Equal(PredicateOutcome.Error, outcome);
        Assert.Contains("100 ms", error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Regexes_are_culture_invariant_and_case_sensitive()
    {
        var predicate = Predicate("regex", "\"^unlink$\"");
        Assert.Equal(PredicateOutcome.False, predicate.Evaluate(Args("{\"x\": \"UNLINK\"}")));
        Assert.Equal(PredicateOutcome.True, Predicate("regex", "\"(?i)^unlink$\"").Evaluate(Args("{\"x\": \"UNLINK\"}")));
    }
}

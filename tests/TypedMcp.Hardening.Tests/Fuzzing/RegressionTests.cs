using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Hardening.Tests.Fuzzing;

/// <summary>Every problem the fuzzer found, kept as a plain test (seed and case in the comment).</summary>
public sealed class RegressionTests
{
    // Found by catalog seed=20261124 case=52 (truncate@289) and policy case=204 (BOM only): the error at the end of the
    // text had length 1, so its span ended one character past the file.
    [Theory]
    [InlineData("{\"tools\": [ {\"name\": \"a")]
    [InlineData("{\"tools\": [")]
    [InlineData("{")]
    [InlineData("\uFEFF")]
    [InlineData("")]
    [InlineData("[1,")]
    [InlineData("\"abc\\")]
    [InlineData("\"\\u12")]
    public void An_error_at_the_end_of_the_text_has_a_span_inside_the_text(string text)
    {
        var error = Assert.Throws<JsonParseException>(() => LocatedJsonReader.Parse(text));

        Assert.True(error.Span.IsKnown);
        Assert.InRange(error.Span.End, 0, text.Length);
    }

    [Fact]
    public void A_truncated_catalog_is_reported_at_its_last_character_not_after_it()
    {
        const string text = "{\n  \"tools\": [\n    { \"name\": \"odoo_re";

        var result = CatalogParser.Parse(text, "/c/cut.mcp.json");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.CatalogInvalidJson, error.Id);
        Assert.Equal(3, error.Span.StartLine);
        Assert.InRange(error.Span.End, 0, text.Length);
    }

    [Fact]
    public void A_policy_that_is_only_a_byte_order_mark_is_located_inside_the_file_and_denies_everything()
    {
        var result = PolicyParser.Parse("\uFEFF", "/p/policy.json");

        var error = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.PolicyInvalidJson);
        Assert.Equal(1, error.Span.StartLine);
        Assert.InRange(error.Span.End, 0, 1);
        Assert.True(PolicyEvaluator.Evaluate(result.Policy, "anything").IsDenied);
    }
}

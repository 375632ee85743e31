using TypedMcp.Json;

namespace TypedMcp.Model.Tests;

public class JsonReaderTests
{
    [Fact]
    public void Values_keep_their_line_and_column()
    {
        var root = LocatedJsonReader.Parse("{\n  \"a\": [1, true],\n  \"b\": \"x\\ny\"\n}");
        Assert.Equal(JsonKind.Object, root.Kind);
        var a = root.GetProperty("a")!;
        Assert.Equal((2, 3), (a.NameSpan.StartLine, a.NameSpan.StartColumn));
        Assert.Equal((2, 8), (a.Value.Span.StartLine, a.Value.Span.StartColumn));
        Assert.Equal(1L, a.Value.Items[0].AsInt64());
        Assert.True(a.Value.Items[1].AsBoolean());
        Assert.Equal("x\ny", root["b"]!.AsString());
        Assert.Equal((3, 8), (root["b"]!.Span.StartLine, root["b"]!.Span.StartColumn));
    }

    [Theory]
    [InlineData("{\"a\": 1,}", 1, 9, "trailing comma")]
    [InlineData("{\n  \"a\" 1\n}", 2, 7, "expected ':'")]
    [InlineData("[1, 2", 1, 6, "end of file")]
    [InlineData("", 1, 1, "empty")]
    [InlineData("{\"a\": tru}", 1, 7, "did you mean true")]
    [InlineData("{\"a\": \"x\n\"}", 1, 9, "may not span lines")]
    [InlineData("{\"a\": 01}", 1, 8, "leading zeros")]
    [InlineData("{} x", 1, 4, "after the end")]
    [InlineData("{\"a\": \"\\u12\"}", 1, 9, "\\u escape")]
    [InlineData("// c\n{}", 1, 1, "comments")]
    public void Malformed_json_is_reported_at_line_and_column(string text, int line, int column, string reason)
    {
        var ex = Assert.Throws<JsonParseException>(() => LocatedJsonReader.Parse(text));
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
        => Assert.Equal(JsonKind.Array, LocatedJsonReader.Parse("\uFEFF[]").Kind);

    [Fact]
    public void Nesting_beyond_the_limit_is_an_error_not_a_stack_overflow()
    {
        var text = new string('[', 100_000) + new string(']', 100_000);
        var ex = Assert.Throws<JsonParseException>(() => LocatedJsonReader.Parse(text));
        Assert.Contains("nesting", ex.Message);
    }

    [Fact]
    public void Text_over_the_size_limit_is_refused()
    {
        var ex = Assert.Throws<JsonParseException>(() => LocatedJsonReader.Parse("[1, 2, 3]", new LocatedJsonReaderOptions { MaxLength = 4 }));
        Assert.Contains("limit", ex.Message);
    }

    [Fact]
    public void Duplicate_keys_are_kept_for_validators()
    {
        var root = LocatedJsonReader.Parse("{\"a\": 1, \"a\": 2}");
        Assert.Equal(2, root.Properties.Count);
        Assert.Equal(1L, root["a"]!.AsInt64());
    }

    [Fact]
    public void Writer_round_trips_through_reader()
    {
        const string text = "{\"s\": \"q\\\"\\u0001\", \"n\": -1.5e3, \"a\": [null, false, {\"x\": []}], \"o\": {}}";
        var node = LocatedJsonReader.Parse(text);
        var again = LocatedJsonReader.Parse(LocatedJsonWriter.Write(node));
        Assert.True(LocatedJsonNode.DeepEquals(node, again));
        Assert.Equal(LocatedJsonWriter.Write(node), LocatedJsonWriter.Write(again));
    }
}

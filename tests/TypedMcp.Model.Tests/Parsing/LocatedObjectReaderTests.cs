using System.Linq;
using TypedMcp.Json;

namespace TypedMcp.Model.Tests.Parsing;

public class LocatedObjectReaderTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void Objects_without_a_repeated_key_have_no_duplicates(int members)
        => Assert.Null(LocatedObjectReader.FindDuplicateKeys(Object(Enumerable.Range(0, members).Select(i => "k" + i).ToArray())));

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    public void Every_repeat_of_a_key_points_to_its_first_occurrence_small_or_large(int members)
    {
        var names = Enumerable.Range(0, members).Select(i => "k" + i).ToArray();
        names[1] = "a";
        names[2] = "a";
        names[members - 1] = "a";
        var obj = Object(names);

        var firsts = LocatedObjectReader.FindDuplicateKeys(obj)!;

        Assert.Equal(members, firsts.Length);
        Assert.Equal(new[] { 2, members - 1 }, Enumerable.Range(0, members).Where(i => firsts[i] is not null));
        Assert.Same(obj.Properties[1], firsts[2]);
        Assert.Same(obj.Properties[1], firsts[members - 1]);
    }

    [Fact]
    public void Pointers_escape_tilde_and_slash()
        => Assert.Equal("/tools/a~1b~0c/deny_if/3", JsonPointer.Item(JsonPointer.Member(JsonPointer.Member("/tools", "a/b~c"), "deny_if"), 3));

    private static LocatedJsonNode Object(string[] names)
        => LocatedJsonNode.Object(names.Select(n => new LocatedJsonProperty(n, LocatedJsonNode.Null())));
}

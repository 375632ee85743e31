using TypedMcp.Naming;

namespace TypedMcp.Model.Tests.Policy;

public class NearestNameTests
{
    private static readonly string[] Tools = { "odoo_unlink", "odoo_write", "odoo_search", "ssh_execute" };

    [Theory]
    [InlineData("odoo_unlnik", "odoo_unlink")]
    [InlineData("odoo_unlik", "odoo_unlink")]
    [InlineData("odoo_writ", "odoo_write")]
    [InlineData("ODOO_WRITE", "odoo_write")]
    [InlineData("sh_execute", "ssh_execute")]
    public void A_close_name_is_suggested(string typo, string expected)
        => Assert.Equal(expected, NearestName.Find(typo, Tools));

    [Theory]
    [InlineData("gmail_send")]
    [InlineData("odoo")]
    [InlineData("odoo_unlink")]
    public void A_distant_or_identical_name_gets_no_suggestion(string name)
        => Assert.Null(NearestName.Find(name, Tools));

    [Theory]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    public void Distance_counts_edits_with_adjacent_swaps_as_one(string a, string b, int expected)
    {
        Assert.Equal(expected, NearestName.Distance(a, b));
        Assert.Equal(expected, NearestName.Distance(b, a));
    }

    [Fact]
    public void Ties_go_to_the_ordinally_first_candidate_whatever_the_input_order()
    {
        Assert.Equal("ab", NearestName.Find("aa", new[] { "ba", "ab" }));
        Assert.Equal("ab", NearestName.Find("aa", new[] { "ab", "ba" }));
    }
}

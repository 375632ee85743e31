using System.Linq;
using TypedMcp.Json;
using TypedMcp.Naming;

namespace TypedMcp.Model.Tests.Typing;

/// <summary>Enum member names are deterministic and never clash, whatever the values (docs/schema-mapping.md).</summary>
public class EnumMemberNamesTests
{
    private static string[] Names(string valuesJson, string enumName = "Sort")
        => EnumMemberNames.Assign(LocatedJsonReader.Parse(valuesJson).Items, enumName).ToArray();

    [Theory]
    [InlineData("""["reactions-+1", "reactions--1", "comments"]""", "ReactionsPlus1,ReactionsMinus1,Comments")]
    [InlineData("""["Y", "y", "Yes", "yes"]""", "Y,Y2,Yes,Yes2")]
    [InlineData("""[1, -1, "2d", "2dsphere", "text"]""", "Value1,Minus1,Value2d,Value2dsphere,Text")]
    [InlineData("""["*/*", "", "application/json"]""", "Value,Value2,ApplicationJson")]
    [InlineData("""[true, false, null]""", "True,False,Null")]
    [InlineData("""[1.5, 15]""", "Value1Point5,Value15")]
    [InlineData("""["sort", "Sort"]""", "SortValue,SortValue2")]
    [InlineData("""["a_b", "a-b", "aB"]""", "AB,AB2,AB3")]
    [InlineData("""["Y2", "Y", "y"]""", "Y2,Y,Y3")]
    public void Names_follow_the_documented_rule(string values, string expected) => Assert.Equal(expected.Split(','), Names(values));

    [Fact]
    public void The_same_values_always_give_the_same_names()
        => Assert.Equal(Names("""["x-1", "x+1", "X1"]"""), Names("""["x-1", "x+1", "X1"]"""));
}

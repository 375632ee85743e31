using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedMcp.Json;

namespace TypedMcp.Hardening.Tests.Escaping;

/// <summary>
/// TypedMcp has one escaping rule (<see cref="LocatedJsonWriter.Quote"/>) for JSON it writes and for the string
/// literals the generator emits. Every character must come back unchanged from both a JSON reader and the C# compiler.
/// </summary>
public sealed class StringEscapingTests
{
    private static IEnumerable<string> Samples()
    {
        // Every UTF-16 code unit that is not half of a surrogate pair, one string each, then the awkward mixtures.
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (c < 0xD800 || c > 0xDFFF) { yield return ((char)c).ToString(); }
        }

        yield return string.Empty;
        yield return "a\"b\\c\r\n\t\b\f\0\u0085\u2028\u2029\u007f\u009f😀 \\u0041 {0} */";
    }

    [Fact]
    public void Every_character_reads_back_the_same_from_JSON()
    {
        foreach (var s in Samples())
        {
            Assert.Equal(s, LocatedJsonReader.Parse(LocatedJsonWriter.Quote(s)).AsString());
        }
    }

    [Fact]
    public void Every_character_compiles_to_the_same_CSharp_string_on_one_line()
    {
        var samples = Samples().ToList();
        var source = "class C { string[] s = {\n" + string.Join(",\n", samples.Select(LocatedJsonWriter.Quote)) + "\n}; }";
        var tree = CSharpSyntaxTree.ParseText(source);
        Assert.Empty(tree.GetDiagnostics());
        var literals = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().ToList();
        Assert.Equal(samples, literals.Select(l => l.Token.ValueText));
        Assert.All(literals, l => Assert.Equal(l.GetLocation().GetLineSpan().StartLinePosition.Line, l.GetLocation().GetLineSpan().EndLinePosition.Line));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Model.Tests.Policy;

internal static class PolicyTestHelpers
{
    public static PolicyDocument ParseValid(string json, IReadOnlyCollection<string>? known = null)
    {
        var result = PolicyParser.Parse(json, "policy.json", known);
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.False(result.Policy.IsFailClosed);
        return result.Policy;
    }

    public static IPolicyArguments Args(string json) => PolicyArguments.FromJson(LocatedJsonReader.Parse(json));

    public static IPolicyArguments UnknownArgs(params string[] names)
        => PolicyArguments.Create(names.Select(n => new KeyValuePair<string, ArgumentValue>(n, ArgumentValue.Unknown)));

    /// <summary>The 1-based line and column of the <paramref name="occurrence"/>-th <paramref name="marker"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) Locate(string text, string marker, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"marker {marker} #{occurrence} not in the test text");
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        }

        return (line, index - lineStart + 1);
    }
}

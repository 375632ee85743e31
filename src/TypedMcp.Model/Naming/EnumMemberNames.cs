using System;
using System.Collections.Generic;
using System.Text;
using TypedMcp.Json;

namespace TypedMcp.Naming;

/// <summary>
/// C# member names for enum values of any JSON type: deterministic and never clashing, so an enum is never an error
/// (the rule is documented in docs/schema-mapping.md, "Enum member names").
/// </summary>
internal static class EnumMemberNames
{
    /// <summary>
    /// The member name of each value, in order: the PascalCase of its text, with a sign before a digit spelled
    /// <c>Plus</c>/<c>Minus</c> and a decimal point between digits <c>Point</c>; <c>Value</c> in front of a name that would
    /// start with a digit or be empty; <c>Value</c> after a name equal to <paramref name="enumName"/>; and the next free
    /// number after a name an earlier value already has (<c>Y</c>, <c>y</c> → <c>Y</c>, <c>Y2</c>).
    /// </summary>
    /// <param name="values">The enum's values (strings, numbers, booleans), in schema order.</param>
    /// <param name="enumName">The C# name of the enum (a member may not be named like it).</param>
    public static IReadOnlyList<string> Assign(IReadOnlyList<LocatedJsonNode> values, string enumName)
    {
        var names = new List<string>(values.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var name = Base(value);
            if (string.Equals(name, enumName, StringComparison.Ordinal)) { name += "Value"; }
            if (!used.Add(name))
            {
                var n = 2;
                while (!used.Add(name + n.ToString(System.Globalization.CultureInfo.InvariantCulture))) { n++; }
                name += n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>The name of one value before collisions are resolved.</summary>
    public static string Base(LocatedJsonNode value)
    {
        var text = value.Kind switch
        {
            JsonKind.String => value.Text ?? string.Empty,
            JsonKind.True => "true",
            JsonKind.False => "false",
            JsonKind.Null => "null",
            _ => value.Text ?? LocatedJsonWriter.Write(value, indented: false),
        };
        var pascal = CSharpNames.ToPascalCase(Spell(text));
        if (pascal == "_") { return "Value"; }
        return pascal[0] == '_' && pascal.Length > 1 && char.IsDigit(pascal[1]) ? "Value" + pascal.Substring(1) : pascal;
    }

    // "+1"/"-1" as signs (not after a letter or digit): " Plus 1" / " Minus 1"; "2.5": "2 Point 5".
    private static string Spell(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var beforeDigit = i + 1 < text.Length && char.IsDigit(text[i + 1]);
            var afterWord = i > 0 && char.IsLetterOrDigit(text[i - 1]);
            if ((c == '+' || c == '-') && beforeDigit && !afterWord)
            {
                sb.Append(c == '+' ? " Plus " : " Minus ");
            }
            else if (c == '.' && beforeDigit && i > 0 && char.IsDigit(text[i - 1]))
            {
                sb.Append(" Point ");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

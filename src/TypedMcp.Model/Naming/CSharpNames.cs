using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TypedMcp.Naming;

/// <summary>
/// Turns wire names (<c>snake_case</c>, <c>kebab-case</c>, <c>camelCase</c>, dotted) into C# identifiers,
/// culture-invariantly, so the same catalog gives the same names on every machine.
/// </summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Whether <paramref name="name"/> is a reserved C# keyword (contextual keywords are not).</summary>
    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>Prefixes <c>@</c> when <paramref name="identifier"/> is a reserved keyword.</summary>
    public static string Escape(string identifier) => IsKeyword(identifier) ? "@" + identifier : identifier;

    /// <summary>Whether <paramref name="name"/> is a valid C# identifier that is not a reserved keyword.</summary>
    public static bool IsValidIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name) || IsKeyword(name!)) { return false; }
        if (!IsIdentifierStart(name![0])) { return false; }
        for (var i = 1; i < name.Length; i++)
        {
            if (!IsIdentifierPart(name[i])) { return false; }
        }

        return true;
    }

    /// <summary>
    /// PascalCase of a wire name: words split at <c>_ - . space</c>, at lower→upper and letter↔digit boundaries;
    /// each word capitalised (digits stay with their word); characters that cannot stand in an identifier dropped; a leading digit gets <c>_</c>.
    /// Returns <c>_</c> when nothing usable is left.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var word in SplitWords(name))
        {
            sb.Append(char.ToUpperInvariant(word[0]));
            for (var i = 1; i < word.Length; i++) { sb.Append(char.ToLowerInvariant(word[i])); }
        }

        return Finish(sb);
    }

    /// <summary>
    /// The singular of a PascalCase name's last word, for the type of a list's items (<c>Entities</c> → <c>Entity</c>,
    /// <c>Edits</c> → <c>Edit</c>, <c>Matches</c> → <c>Match</c>, <c>Addresses</c> → <c>Address</c>); a name that does not
    /// end like an English plural gets <c>Item</c> (<c>Data</c> → <c>DataItem</c>).
    /// </summary>
    public static string Singular(string pascal)
    {
        if (pascal.EndsWith("ies", StringComparison.Ordinal) && pascal.Length > 4) { return pascal.Substring(0, pascal.Length - 3) + "y"; }
        foreach (var ending in new[] { "sses", "shes", "ches", "xes", "zes", "uses" })
        {
            if (pascal.EndsWith(ending, StringComparison.Ordinal) && pascal.Length > ending.Length + 1) { return pascal.Substring(0, pascal.Length - 2); }
        }

        if (pascal.EndsWith("s", StringComparison.Ordinal) && !pascal.EndsWith("ss", StringComparison.Ordinal) && !pascal.EndsWith("us", StringComparison.Ordinal)
            && !pascal.EndsWith("is", StringComparison.Ordinal) && pascal.Length > 3)
        {
            return pascal.Substring(0, pascal.Length - 1);
        }

        return pascal + "Item";
    }

    /// <summary>camelCase of a wire name (the first word lower case); see <see cref="ToPascalCase"/>.</summary>
    public static string ToCamelCase(string name)
    {
        var sb = new StringBuilder(name.Length);
        var first = true;
        foreach (var word in SplitWords(name))
        {
            if (first)
            {
                foreach (var c in word) { sb.Append(char.ToLowerInvariant(c)); }
                first = false;
                continue;
            }

            sb.Append(char.ToUpperInvariant(word[0]));
            for (var i = 1; i < word.Length; i++) { sb.Append(char.ToLowerInvariant(word[i])); }
        }

        return Finish(sb);
    }

    private static string Finish(StringBuilder sb)
    {
        if (sb.Length == 0) { return "_"; }
        if (!IsIdentifierStart(sb[0])) { sb.Insert(0, '_'); }
        return sb.ToString();
    }

    /// <summary>Splits a wire name into words (see <see cref="ToPascalCase"/>).</summary>
    public static IReadOnlyList<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsIdentifierPart(c) || c == '_')
            {
                Flush();
                continue;
            }

            if (current.Length > 0)
            {
                var prev = current[current.Length - 1];
                var lowerToUpper = char.IsLower(prev) && char.IsUpper(c);
                var acronymEnd = char.IsUpper(prev) && char.IsUpper(c) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (lowerToUpper || acronymEnd) { Flush(); }
            }

            current.Append(c);
        }

        Flush();
        return words;
    }

    private static bool IsIdentifierStart(char c)
        => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c)
    {
        if (char.IsLetterOrDigit(c) || c == '_') { return true; }
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat == UnicodeCategory.NonSpacingMark || cat == UnicodeCategory.SpacingCombiningMark
            || cat == UnicodeCategory.ConnectorPunctuation;
    }
}

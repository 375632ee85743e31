using System.Collections.Generic;
using System.Text;

namespace TypedMcp.Policy;

/// <summary>
/// Makes a policy regex match end-anchors the way the language documents them: <c>$</c> (outside multiline mode) and
/// <c>\Z</c> are the end of the value, never the position before a trailing newline as in .NET, so
/// <c>"read\n"</c> does not match <c>^(read|search)$</c>. This is what JavaScript and RE2 (the gateways' engines) do.
/// </summary>
/// <remarks>
/// The pattern is scanned, not reparsed: escapes, character classes (with .NET subtraction), <c>(?#...)</c> comments,
/// inline options (<c>(?m)</c>, <c>(?x)</c>, <c>(?m:...)</c>, <c>(?-m)</c>) and <c>x</c>-mode line comments are
/// followed, so only real anchors are rewritten. Under <c>(?m)</c> a <c>$</c> stays an end-of-line anchor, as the
/// author asked. The rewrite only ever narrows where an end anchor matches.
/// </remarks>
internal static class PolicyRegex
{
    /// <summary>The pattern with every end-of-value anchor made strict (<c>$</c> → <c>\z</c>, <c>\Z</c> → <c>\z</c>).</summary>
    public static string WholeValueAnchors(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        var scopes = new Stack<(bool Multiline, bool Extended)>();
        var multiline = false;
        var extended = false;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (next == 'Z') { sb.Append("\\z"); i += 2; continue; }
                var length = next == 'c' && i + 2 < pattern.Length ? 3 : 2;
                sb.Append(pattern, i, length);
                i += length;
                continue;
            }

            if (c == '[') { i = CopyClass(pattern, i, sb); continue; }
            if (extended && c == '#')
            {
                while (i < pattern.Length && pattern[i] != '\n') { sb.Append(pattern[i]); i++; }
                continue;
            }

            if (c == '(')
            {
                if (i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == '#')
                {
                    while (i < pattern.Length && pattern[i] != ')') { sb.Append(pattern[i]); i++; }
                    if (i < pattern.Length) { sb.Append(')'); i++; }
                    continue;
                }

                if (TryReadOptions(pattern, i, out var end, out var on, out var off, out var scoped))
                {
                    var m = ApplyOption(multiline, 'm', on, off);
                    var x = ApplyOption(extended, 'x', on, off);
                    if (scoped)
                    {
                        scopes.Push((multiline, extended));
                    }

                    multiline = m;
                    extended = x;
                    sb.Append(pattern, i, end - i);
                    i = end;
                    continue;
                }

                scopes.Push((multiline, extended));
                sb.Append(c);
                i++;
                continue;
            }

            if (c == ')')
            {
                if (scopes.Count > 0) { (multiline, extended) = scopes.Pop(); }
                sb.Append(c);
                i++;
                continue;
            }

            if (c == '$' && !multiline) { sb.Append("\\z"); i++; continue; }
            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static bool ApplyOption(bool current, char option, string on, string off)
        => off.IndexOf(option) >= 0 ? false : on.IndexOf(option) >= 0 || current;

    // (?imnsx-imnsx) or (?imnsx-imnsx: — end is just past ')' or ':'; scoped for the ':' form (it opens a group).
    private static bool TryReadOptions(string pattern, int start, out int end, out string on, out string off, out bool scoped)
    {
        end = start;
        on = string.Empty;
        off = string.Empty;
        scoped = false;
        if (start + 2 >= pattern.Length || pattern[start + 1] != '?') { return false; }
        var i = start + 2;
        var onBuilder = new StringBuilder();
        var offBuilder = new StringBuilder();
        var negative = false;
        while (i < pattern.Length && "imnsx-".IndexOf(pattern[i]) >= 0)
        {
            if (pattern[i] == '-') { negative = true; }
            else if (negative) { offBuilder.Append(pattern[i]); }
            else { onBuilder.Append(pattern[i]); }
            i++;
        }

        if (i == start + 2 || i >= pattern.Length || (pattern[i] != ')' && pattern[i] != ':')) { return false; }
        scoped = pattern[i] == ':';
        on = onBuilder.ToString();
        off = offBuilder.ToString();
        end = i + 1;
        return true;
    }

    // A character class, with escapes and nested subtraction classes ([a-z-[aeiou]]); copied unchanged.
    private static int CopyClass(string pattern, int start, StringBuilder sb)
    {
        var i = start;
        sb.Append(pattern[i++]);
        if (i < pattern.Length && pattern[i] == '^') { sb.Append(pattern[i++]); }
        if (i < pattern.Length && pattern[i] == ']') { sb.Append(pattern[i++]); }
        var depth = 1;
        while (i < pattern.Length && depth > 0)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { sb.Append(pattern, i, 2); i += 2; continue; }
            if (c == '[' && i > start && pattern[i - 1] == '-') { depth++; }
            else if (c == ']') { depth--; }
            sb.Append(c);
            i++;
        }

        return i;
    }
}

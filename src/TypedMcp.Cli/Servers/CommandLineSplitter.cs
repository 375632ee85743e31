using System.Collections.Generic;
using System.Text;

namespace TypedMcp.Cli.Servers;

/// <summary>Splits a <c>--stdio</c> command line into a program and its arguments, the way a POSIX shell would for simple quoting.</summary>
internal static class CommandLineSplitter
{
    /// <summary>
    /// Splits <paramref name="commandLine"/> on unquoted whitespace. Single quotes keep everything literally, double
    /// quotes keep everything but <c>\"</c> and <c>\\</c>, and a backslash outside quotes escapes the next character.
    /// </summary>
    /// <exception cref="CliException">A quote is not closed.</exception>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { parts.Add(current.ToString()); current.Clear(); inWord = false; }
                continue;
            }

            inWord = true;
            if (c == '\\' && i + 1 < commandLine.Length)
            {
                current.Append(commandLine[++i]);
            }
            else if (c == '\'' || c == '"')
            {
                var close = commandLine.IndexOf(c, i + 1);
                if (c == '"')
                {
                    var j = i + 1;
                    for (; j < commandLine.Length && commandLine[j] != '"'; j++)
                    {
                        if (commandLine[j] == '\\' && j + 1 < commandLine.Length && (commandLine[j + 1] == '"' || commandLine[j + 1] == '\\')) { j++; }
                        current.Append(commandLine[j]);
                    }

                    close = j < commandLine.Length ? j : -1;
                }
                else if (close >= 0)
                {
                    current.Append(commandLine, i + 1, close - i - 1);
                }

                if (close < 0)
                {
                    throw new CliException($"The --stdio command line has an unclosed {c} quote: {commandLine}");
                }

                i = close;
            }
            else
            {
                current.Append(c);
            }
        }

        if (inWord) { parts.Add(current.ToString()); }
        return parts;
    }

    /// <summary>The command line that <see cref="Split"/> turns back into <paramref name="parts"/> (for messages): words with spaces or quotes are single-quoted.</summary>
    public static string Join(IReadOnlyList<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts)
        {
            if (sb.Length > 0) { sb.Append(' '); }
            var plain = p.Length > 0;
            foreach (var c in p)
            {
                if (char.IsWhiteSpace(c) || c == '\'' || c == '"' || c == '\\') { plain = false; break; }
            }

            sb.Append(plain ? p : "'" + p.Replace("'", "'\\''") + "'");
        }

        return sb.ToString();
    }
}

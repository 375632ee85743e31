using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Spectre.Console;
using TypedMcp.Json;

namespace TypedMcp.Cli.Output;

/// <summary>
/// Where a command writes. On a terminal it draws tables and a spinner with Spectre.Console; when the output is
/// redirected, written to a test's writer, or <c>--json</c> is given, it writes plain, deterministic text.
/// </summary>
internal sealed class CliOutput
{
    private readonly IAnsiConsole? _console;

    /// <summary>Creates the output.</summary>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors, warnings and progress go.</param>
    /// <param name="json">Whether the command prints JSON (never decorated).</param>
    public CliOutput(TextWriter stdout, TextWriter stderr, bool json)
    {
        Out = stdout ?? throw new ArgumentNullException(nameof(stdout));
        Error = stderr ?? throw new ArgumentNullException(nameof(stderr));
        Json = json;
        IsInteractive = !json && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        if (IsInteractive)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        }
    }

    /// <summary>Where results go.</summary>
    public TextWriter Out { get; }

    /// <summary>Where errors, warnings and progress go.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>Whether the output is a terminal (tables, colours and spinners are drawn).</summary>
    public bool IsInteractive { get; }

    /// <summary>Writes one line of results.</summary>
    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>Writes a JSON document (indented, LF line endings) to the results.</summary>
    public void WriteJson(LocatedJsonNode node) => Out.Write(LocatedJsonWriter.Write(node) + "\n");

    /// <summary>Writes a warning on stderr.</summary>
    public void Warning(string text) => Error.WriteLine("warning: " + text);

    /// <summary>Runs <paramref name="work"/> with a spinner showing <paramref name="status"/> on a terminal, or a plain line on stderr otherwise.</summary>
    public async Task<T> WithStatusAsync<T>(string status, Func<Action<string>, Task<T>> work)
    {
        if (_console is null)
        {
            if (!Json) { Error.WriteLine(status); }
            return await work(_ => { }).ConfigureAwait(false);
        }

        return await _console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync(Markup.Escape(status), ctx => work(s => ctx.Status(Markup.Escape(s))))
            .ConfigureAwait(false);
    }

    /// <summary>Writes a table: a drawn table on a terminal, aligned plain columns otherwise.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = new List<IReadOnlyList<string>>(rows);
        if (_console is not null)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var h in headers) { table.AddColumn(new TableColumn(Markup.Escape(h))); }
            foreach (var r in list)
            {
                var cells = new List<Spectre.Console.Rendering.IRenderable>();
                foreach (var c in r) { cells.Add(new Text(c)); }
                table.AddRow(cells);
            }

            _console.Write(table);
            return;
        }

        Out.Write(PlainTable(headers, list));
    }

    /// <summary>Formats rows as left-aligned columns separated by two spaces, with a header line and a rule.</summary>
    public static string PlainTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = new int[headers.Count];
        for (var i = 0; i < headers.Count; i++) { widths[i] = headers[i].Length; }
        foreach (var r in rows)
        {
            for (var i = 0; i < headers.Count && i < r.Count; i++) { widths[i] = Math.Max(widths[i], r[i].Length); }
        }

        var sb = new StringBuilder();
        AppendRow(sb, headers, widths);
        var rule = new string[headers.Count];
        for (var i = 0; i < headers.Count; i++) { rule[i] = new string('-', widths[i]); }
        AppendRow(sb, rule, widths);
        foreach (var r in rows) { AppendRow(sb, r, widths); }
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Count ? cells[i] : string.Empty;
            line.Append(cell);
            if (i < widths.Length - 1) { line.Append(' ', widths[i] - cell.Length + 2); }
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}

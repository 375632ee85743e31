using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Cli.Commands;

namespace TypedMcp.Cli;

/// <summary>
/// The <c>typedmcp</c> command line, callable in-process: tests and hosts pass their own writers and get the exit
/// code back. Failures become one clear message on stderr and a documented exit code (<see cref="ExitCodes"/>), never
/// a stack trace.
/// </summary>
internal static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors, warnings and progress go.</param>
    /// <param name="cancellationToken">Cancels the running command (it then returns <see cref="ExitCodes.Cancelled"/>).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args is null) { throw new ArgumentNullException(nameof(args)); }
        if (stdout is null) { throw new ArgumentNullException(nameof(stdout)); }
        if (stderr is null) { throw new ArgumentNullException(nameof(stderr)); }
        var context = new CommandContext(stdout, stderr);
        var root = BuildRootCommand(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) { stderr.WriteLine("error: " + error.Message); }
            stderr.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.Failure;
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Commands handle their own failures; this is the last guard so nothing ever prints a stack trace.
            return CommandContext.Report(stderr, e, cancellationToken);
        }
    }

    /// <summary>Builds the command tree, its actions writing to <paramref name="context"/>.</summary>
    internal static RootCommand BuildRootCommand(CommandContext context)
    {
        var root = new RootCommand(
            "typedmcp: turn a live MCP server into a TypedMcp catalog, keep the catalog honest as the server changes, " +
            "and see and check what a policy.json does. Exit codes: 0 success, 1 breaking changes (diff) or policy errors " +
            "(policy check), 2 bad usage, missing or malformed files, or an unreachable or non-MCP server.");
        root.Add(ImportCommand.Create(context));
        root.Add(ClassifyCommand.Create(context));
        root.Add(DiffCommand.Create(context));
        root.Add(PolicyCommand.Create(context));
        return root;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new System.Collections.Generic.List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command is RootCommand ? "typedmcp" : r.Command.Name);
        }

        return string.Join(" ", names);
    }
}

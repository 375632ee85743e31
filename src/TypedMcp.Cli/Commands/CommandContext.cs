using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Cli.Output;

namespace TypedMcp.Cli.Commands;

/// <summary>What every command action gets: the writers of this run, and one way to turn failures into exit codes.</summary>
internal sealed class CommandContext
{
    public CommandContext(TextWriter stdout, TextWriter stderr)
    {
        Stdout = stdout;
        Stderr = stderr;
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    /// <summary>Runs a command body, mapping <see cref="CliException"/>, cancellation and any unexpected failure to a message and an exit code.</summary>
    public async Task<int> RunAsync(bool json, Func<CliOutput, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = new CliOutput(Stdout, Stderr, json);
        try
        {
            return await body(output).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Report(Stderr, e, cancellationToken);
        }
    }

    /// <summary>Prints a failure (never its stack trace) and returns its exit code.</summary>
    public static int Report(TextWriter stderr, Exception e, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case CliException cli:
                stderr.WriteLine("error: " + cli.Message);
                return cli.ExitCode;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                stderr.WriteLine("error: cancelled.");
                return ExitCodes.Cancelled;
            default:
                stderr.WriteLine($"error: typedmcp failed unexpectedly ({e.GetType().Name}: {e.Message}). Please report this with the command line you ran.");
                return ExitCodes.Failure;
        }
    }
}

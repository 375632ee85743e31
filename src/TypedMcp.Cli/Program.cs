using System;
using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp.Cli;

/// <summary>The <c>typedmcp</c> entry point.</summary>
internal static class Program
{
    /// <summary>Runs the command line and returns the exit code; Ctrl+C cancels the running command.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // Let the command stop cleanly (and stop the server process it started) instead of killing the process.
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await CliApp.RunAsync(args, Console.Out, Console.Error, cts.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

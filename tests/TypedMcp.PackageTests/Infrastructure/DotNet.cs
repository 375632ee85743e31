using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace TypedMcp.PackageTests.Infrastructure;

/// <summary>The outcome of one <c>dotnet</c> run: exit code and everything it printed.</summary>
internal sealed record DotNetResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>All output, for assertions and failure messages.</summary>
    public string Output => StandardOutput + Environment.NewLine + StandardError;

    /// <inheritdoc />
    public override string ToString() => $"`{CommandLine}` exited with {ExitCode}:{Environment.NewLine}{Output}";
}

/// <summary>Runs the dotnet CLI as a child process, the way a user would.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <c>dotnet &lt;arguments&gt;</c> in <paramref name="workingDirectory"/> and waits for it (at most ten minutes).</summary>
    public static async Task<DotNetResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) { start.ArgumentList.Add(argument); }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No MSBuild or compiler server may outlive the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var commandLine = "dotnet " + string.Join(' ', arguments);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(Timeout)).ConfigureAwait(false) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {Timeout.TotalMinutes} minutes. Output so far:{Environment.NewLine}{output}{error}");
        }

        await exited.ConfigureAwait(false);
        return new DotNetResult(commandLine, process.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs and fails the test with the whole output unless the exit code is 0.</summary>
    public static async Task<DotNetResult> RunSucceedingAsync(string workingDirectory, params string[] arguments)
    {
        var result = await RunAsync(workingDirectory, arguments).ConfigureAwait(false);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>The arguments that keep a build from leaving servers behind.</summary>
    public static IEnumerable<string> NoServers => new[] { "--disable-build-servers", "-nodeReuse:false" };
}

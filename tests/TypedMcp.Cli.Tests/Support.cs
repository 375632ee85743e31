using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Cli;

namespace TypedMcp.Cli.Tests;

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public string All => Out + Err;

    /// <summary>Fails when anything looks like a stack trace or an unhandled exception.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", All, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", All, StringComparison.Ordinal);
        Assert.DoesNotContain("failed unexpectedly", All, StringComparison.Ordinal);
    }
}

public static class Cli
{
    /// <summary>Runs the CLI in-process with its own writers.</summary>
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var code = await CliApp.RunAsync(args, stdout, stderr, cts.Token);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built CLI as a process: <c>dotnet typedmcp.dll args</c>.</summary>
    public static Task<CliRun> RunProcessAsync(string workingDirectory, params string[] args)
        => Processes.RunAsync("dotnet", new[] { Metadata("CliDll") }.Concat(args).ToArray(), workingDirectory);

    public static string Metadata(string key)
        => typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value
           ?? throw new InvalidOperationException("missing assembly metadata " + key);

    /// <summary>The filesystem MCP server from the npm registry, as a --stdio command line serving <paramref name="root"/>.</summary>
    public static string FilesystemServer(string root)
    {
        var bin = Path.Combine(Metadata("McpServersDir"), "node_modules", ".bin", "mcp-server-filesystem");
        Assert.True(File.Exists(bin), "npm server missing: " + bin);
        return $"\"{bin}\" \"{root}\"";
    }
}

public static class Processes
{
    public static async Task<CliRun> RunAsync(string file, string[] args, string workingDirectory, int timeoutSeconds = 300)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) { psi.ArgumentList.Add(a); }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }

        return new CliRun(p.ExitCode, await outTask, await errTask);
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "typedmcp-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var p = File(name);
        System.IO.File.WriteAllText(p, text, new UTF8Encoding(false));
        return p;
    }

    public string Read(string name) => System.IO.File.ReadAllText(File(name));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

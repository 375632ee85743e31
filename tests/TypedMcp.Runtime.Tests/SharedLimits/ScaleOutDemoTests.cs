using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace TypedMcp.Runtime.Tests.SharedLimits;

/// <summary>scripts/scale-out-demo.sh, run with small numbers on the samples this build made.</summary>
public sealed class ScaleOutDemoTests
{
    private static string Metadata(string key) => typeof(ScaleOutDemoTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Fact]
    public async Task Separate_agent_processes_sharing_Redis_let_exactly_the_limit_reach_the_one_server()
    {
        var root = Metadata("RepoRoot");
        var configuration = Metadata("Configuration");
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(root, "scripts", "scale-out-demo.sh"), "2", "6", "4" }) { info.ArgumentList.Add(a); }
        info.Environment["SCALE_OUT_AGENT_DLL"] = Path.Combine(root, "samples", "OdooAgent", "bin", configuration, "net10.0", "OdooAgent.dll");
        info.Environment["SCALE_OUT_SERVER_DLL"] = Path.Combine(root, "samples", "OdooDemoServer", "bin", configuration, "net10.0", "OdooDemoServer.dll");

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var text = await output;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{text}\n{await errors}");
        Assert.Equal("scale-out: 2 processes, 12 calls attempted, 4 reached the server, limit 4", lines[^1]);
        Assert.Contains("without Redis: 2 processes, 12 calls attempted, 8 reached the server, limit 4 per process (up to 8)", lines);
    }
}

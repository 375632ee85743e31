using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace TypedMcp.Cli.Tests;

/// <summary>What users install is what is tested: pack the tool, install it with dotnet tool install, run it.</summary>
public class ToolInstallTests
{
    [Fact]
    public async Task The_packed_tool_installs_and_runs()
    {
        using var dir = new TempDir();
        var feed = dir.File("feed");
        var tools = dir.File("tools");
        // Build into the temp folder (--artifacts-path) so the repository's own bin/obj are not touched, and use
        // a unique version, so no cached copy of an older pack is installed instead.
        var version = "0.0.1-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var pack = await Processes.RunAsync("dotnet", new[] { "pack", Cli.Metadata("CliProject"), "-c", "Release", "-o", feed, "-p:PackageVersion=" + version, "--artifacts-path", dir.File("artifacts") }, dir.Path, 600);
        Assert.True(pack.ExitCode == 0, pack.All);
        Assert.True(File.Exists(Path.Combine(feed, $"TypedMcp.Cli.{version}.nupkg")), pack.All);

        var install = await Processes.RunAsync("dotnet", new[] { "tool", "install", "--tool-path", tools, "--add-source", feed, "TypedMcp.Cli", "--version", version }, dir.Path, 600);
        Assert.True(install.ExitCode == 0, install.All);

        var exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "typedmcp.exe" : "typedmcp");
        var help = await Processes.RunAsync(exe, new[] { "--help" }, dir.Path);
        Assert.True(help.ExitCode == 0, help.All);
        Assert.Contains("policy", help.Out);

        dir.Write("shop.json", SampleCatalogs.Shop);
        var init = await Processes.RunAsync(exe, new[] { "policy", "init", "shop.json" }, dir.Path);
        Assert.True(init.ExitCode == 0, init.All);
        Assert.Contains("\"default\": \"deny\"", dir.Read("policy.json"));
        var check = await Processes.RunAsync(exe, new[] { "policy", "check", "policy.json", "--catalog", "shop.json" }, dir.Path);
        Assert.True(check.ExitCode == 0, check.All);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace TypedMcp.TestSupport;

/// <summary>
/// What the real-build tests share: the project file of a consumer that uses the repository's run time and generator
/// as a ProjectReference user does, and running <c>dotnet</c> on it.
/// </summary>
public static class ConsumerBuilds
{
    /// <summary>
    /// A consumer .csproj for net10.0 (nullable on, implicit usings off, no central package versions): the package's
    /// buildTransitive props imported first, the run time as a ProjectReference, the generator as an Analyzer
    /// ProjectReference, then <paramref name="properties"/> and <paramref name="items"/> (whole elements, one per line),
    /// and the package's targets last when <paramref name="importTargets"/> (as a PackageReference user gets them).
    /// </summary>
    public static string ProjectFile(IEnumerable<string> properties, IEnumerable<string> items, bool importTargets)
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var text = new StringBuilder();
        text.Append("<Project Sdk=\"Microsoft.NET.Sdk\">\n");
        text.Append($"  <Import Project=\"{src}/TypedMcp/buildTransitive/TypedMcp.props\" />\n");
        text.Append("  <PropertyGroup>\n");
        text.Append("    <TargetFramework>net10.0</TargetFramework>\n");
        text.Append("    <Nullable>enable</Nullable>\n");
        text.Append("    <ImplicitUsings>disable</ImplicitUsings>\n");
        text.Append("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n");
        foreach (var p in properties) { text.Append("    ").Append(p).Append('\n'); }
        text.Append("  </PropertyGroup>\n");
        text.Append("  <ItemGroup>\n");
        text.Append($"    <ProjectReference Include=\"{src}/TypedMcp/TypedMcp.csproj\" />\n");
        text.Append($"    <ProjectReference Include=\"{src}/TypedMcp.Generators/TypedMcp.Generators.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />\n");
        foreach (var i in items) { text.Append("    ").Append(i).Append('\n'); }
        text.Append("  </ItemGroup>\n");
        if (importTargets) { text.Append($"  <Import Project=\"{src}/TypedMcp/buildTransitive/TypedMcp.targets\" />\n"); }
        return text.Append("</Project>\n").ToString();
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="args"/> in <paramref name="directory"/> (no MSBuild node reuse, no
    /// telemetry or logo) and returns its exit code and everything it printed; kills it after <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">It did not finish in time (the message carries what it printed).</exception>
    public static (int ExitCode, string Output) RunDotnet(string directory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) { start.ArgumentList.Add(a); }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            lock (output) { throw new TimeoutException($"dotnet {string.Join(" ", args)} did not finish in {timeout.TotalMinutes:0} minutes:\n{output}"); }
        }

        process.WaitForExit();
        lock (output) { return (process.ExitCode, output.ToString()); }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace TypedMcp.Corpus.Tests.Infrastructure;

/// <summary>What a <c>dotnet build</c> printed and returned.</summary>
public sealed record BuildResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The distinct <c>warning</c>/<c>error</c> lines (what TreatWarningsAsErrors turned into errors).</summary>
    public IReadOnlyList<string> Problems => Output.Split('\n')
        .Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal))
        .Select(l => l.Trim())
        .Distinct()
        .ToList();
}

/// <summary>
/// A consumer project as a user writes it: the TypedMcp run time and generator, the catalogs in <c>catalog/</c> (added
/// by the package's convention), one <c>[McpClient]</c> class per server, no policy.json, and the strictest usual
/// settings: TreatWarningsAsErrors, nullable reference types, XML documentation. Built with the real <c>dotnet build</c>.
/// </summary>
public sealed class ConsumerProject
{
    private ConsumerProject(string directory) => Directory = directory;

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The built assembly.</summary>
    public string AssemblyPath => Path.Combine(Directory, "bin", Configuration, "net10.0", "Corpus.Consumer.dll");

    /// <summary>The C# files the generator wrote (EmitCompilerGeneratedFiles), after a build.</summary>
    public IReadOnlyList<string> GeneratedFiles => System.IO.Directory.Exists(Path.Combine(Directory, "generated"))
        ? System.IO.Directory.GetFiles(Path.Combine(Directory, "generated"), "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList()
        : Array.Empty<string>();

    private static string Configuration => typeof(ConsumerProject).Assembly.GetCustomAttributes<AssemblyConfigurationAttribute>().Single().Configuration;

    /// <summary>Writes the project: catalogs copied into <c>catalog/</c>, one client class per (server id, catalog file).</summary>
    public static ConsumerProject Write(string directory, IReadOnlyList<(CorpusServer Server, string Catalog)> servers)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "catalog"));
        var src = Path.Combine(RepoRoot(), "src");
        File.WriteAllText(Path.Combine(directory, "Corpus.Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{src}/TypedMcp/buildTransitive/TypedMcp.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <RootNamespace>Corpus</RootNamespace>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <CompilerGeneratedFilesOutputPath>generated</CompilerGeneratedFilesOutputPath>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{src}/TypedMcp/TypedMcp.csproj" />
                <ProjectReference Include="{src}/TypedMcp.Generators/TypedMcp.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{src}/TypedMcp/buildTransitive/TypedMcp.targets" />
            </Project>
            """);
        var clients = new StringBuilder("namespace Corpus;\n");
        foreach (var (server, catalog) in servers)
        {
            File.Copy(catalog, Path.Combine(directory, "catalog", server.Id + ".json"), overwrite: true);
            clients.Append($"""

                /// <summary>The typed client of {server.Package} {server.Version} ({server.Domain}).</summary>
                [TypedMcp.McpClient("{server.Id}")]
                public partial class {server.ClientClass};

                """);
        }

        File.WriteAllText(Path.Combine(directory, "Clients.cs"), clients.ToString());
        return new ConsumerProject(directory);
    }

    /// <summary>Restores and builds (the referenced TypedMcp projects are already built by this test project's build).</summary>
    public BuildResult Build()
    {
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "build", Path.Combine(Directory, "Corpus.Consumer.csproj"), "-nologo", "-v:q", "-clp:NoSummary", "-c", Configuration, "-p:BuildProjectReferences=false" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build of the corpus consumer did not finish in 15 minutes:\n" + output);
        }

        process.WaitForExit();
        lock (output) { return new BuildResult(process.ExitCode, output.ToString(), watch.Elapsed); }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(CorpusServers.Dir); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) { return dir.FullName; }
        }

        throw new InvalidOperationException("Generators.sln not found above " + CorpusServers.Dir);
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using TypedMcp.TestSupport;

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
        File.WriteAllText(Path.Combine(directory, "Corpus.Consumer.csproj"), ConsumerBuilds.ProjectFile(
            [
                "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>",
                "<GenerateDocumentationFile>true</GenerateDocumentationFile>",
                "<RootNamespace>Corpus</RootNamespace>",
                "<EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>",
                "<CompilerGeneratedFilesOutputPath>generated</CompilerGeneratedFilesOutputPath>",
            ],
            [],
            importTargets: true));
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
        var (exitCode, output) = ConsumerBuilds.RunDotnet(Directory, TimeSpan.FromMinutes(15),
            "build", Path.Combine(Directory, "Corpus.Consumer.csproj"), "-nologo", "-v:q", "-clp:NoSummary", "-c", Configuration, "-p:BuildProjectReferences=false");
        return new BuildResult(exitCode, output, watch.Elapsed);
    }
}

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace TypedMcp.PackageTests.Infrastructure;

/// <summary>
/// Packs src/TypedMcp once per test run, with a unique version, into a local folder feed, and lays out a consumer
/// project from ConsumerTemplate/ that restores from that feed into its OWN global packages folder (a re-packed
/// package of the same version would otherwise be served from the machine's cache). The repository's restored
/// packages serve as a second, offline source, so no test touches the network.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    /// <summary>The temporary folder holding the feed, the build artifacts and the consumer.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "typedmcp-package-tests-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The unique version of the package under test.</summary>
    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>The folder feed holding the packed .nupkg.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The packed package.</summary>
    public string PackagePath => Path.Combine(Feed, $"TypedMcp.{Version}.nupkg");

    /// <summary>The consumer project's folder.</summary>
    public string ConsumerDirectory => Path.Combine(Root, "consumer");

    /// <summary>The consumer project file.</summary>
    public string ConsumerProject => Path.Combine(ConsumerDirectory, "Consumer.csproj");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        // Nothing above the temp folder may leak build settings into the consumer.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");

        // Build outputs go to Root/artifacts, so packing never races with builds in the working tree.
        await DotNet.RunSucceedingAsync(Repo.Root, new[]
        {
            "pack", Repo.File("src/TypedMcp/TypedMcp.csproj"), "-c", "Release", "-o", Feed,
            "-p:PackageVersion=" + Version, "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(Root, "artifacts"),
        }.Concat(DotNet.NoServers).ToArray());
        Assert.True(File.Exists(PackagePath), $"dotnet pack did not write {PackagePath}.");

        var template = Path.Combine(AppContext.BaseDirectory, "ConsumerTemplate");
        Directory.CreateDirectory(Path.Combine(ConsumerDirectory, "catalog"));
        foreach (var file in Directory.GetFiles(template))
        {
            var name = Path.GetFileName(file);
            var text = File.ReadAllText(file).Replace("$(TypedMcpTestVersion)", Version, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(ConsumerDirectory, name.EndsWith(".template", StringComparison.Ordinal) ? name[..^".template".Length] : name), text);
        }

        File.Copy(Repo.File("catalog/odoo-claude-mcp.json"), Path.Combine(ConsumerDirectory, "catalog", "odoo-claude-mcp.json"));
        File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="typedmcp-test-feed" value="{Feed}" />
                <add key="repository-restored-packages" value="{await MachinePackagesFolderAsync()}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is in the temp directory and is left there.
        }

        return Task.CompletedTask;
    }

    private static async Task<string> MachinePackagesFolderAsync()
    {
        var result = await DotNet.RunSucceedingAsync(Repo.Root, "nuget", "locals", "global-packages", "--list");
        const string Prefix = "global-packages:";
        var line = result.StandardOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("`dotnet nuget locals global-packages --list` printed no folder: " + result.Output);
        return line[Prefix.Length..].Trim();
    }
}

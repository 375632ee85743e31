using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using TypedMcp.PackageTests.Infrastructure;

namespace TypedMcp.PackageTests;

/// <summary>The packed TypedMcp package, installed into a fresh consumer project the way a user installs it.</summary>
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void The_package_holds_the_run_time_the_analyzers_and_the_build_files()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{tfm}/TypedMcp.dll", entries);
            Assert.Contains($"lib/{tfm}/TypedMcp.Model.dll", entries);
        }

        Assert.Contains("analyzers/dotnet/cs/TypedMcp.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/TypedMcp.CodeFixes.dll", entries);

        // One model assembly, the same file beside the Roslyn component and beside the run time.
        var model = zip.GetEntry("analyzers/dotnet/cs/TypedMcp.Model.dll");
        Assert.NotNull(model);
        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            Assert.Equal(model!.Crc32, zip.GetEntry($"lib/{tfm}/TypedMcp.Model.dll")!.Crc32);
        }

        Assert.Single(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.EndsWith("TypedMcp.Model.dll", StringComparison.Ordinal));
        Assert.Contains("buildTransitive/TypedMcp.props", entries);
        Assert.Contains("buildTransitive/TypedMcp.targets", entries);
        Assert.Contains("build/TypedMcp.props", entries);
        Assert.Contains("build/TypedMcp.targets", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.EndsWith("TypedMcp.dll", StringComparison.Ordinal) && !e.Contains("Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void The_package_depends_on_the_MCP_SDK_and_not_on_TypedMcp_Model_which_it_ships_nor_on_a_CSV_library()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        using var nuspec = zip.GetEntry("TypedMcp.nuspec")!.Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        var ids = dependencies.Select(d => d.Attribute("id")!.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        Assert.Contains("ModelContextProtocol.Core", ids);
        // CSV results are read by TypedMcp's own streaming reader (McpCsvRows).
        Assert.DoesNotContain("CsvHelper", ids);
        Assert.DoesNotContain("TypedMcp.Model", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_consumer_with_allowed_calls_builds_from_the_package_alone()
    {
        var build = await DotNet.RunAsync(package.ConsumerDirectory, new[] { "build", package.ConsumerProject, "-p:IncludeDeniedCall=false" }.Concat(DotNet.NoServers).ToArray());

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(package.ConsumerDirectory, "bin", "Debug", "net10.0", "Consumer.dll")), build.ToString());
        // The restore really went through the consumer's own packages folder.
        Assert.True(Directory.Exists(Path.Combine(package.Root, "packages", "typedmcp", package.Version)), build.ToString());
    }

    [Fact]
    public async Task A_call_to_a_tool_the_policy_hides_fails_the_build_with_TMCP0101_at_the_call()
    {
        // Its own output folders, so it never races with the allowed build above.
        var build = await DotNet.RunAsync(package.ConsumerDirectory, new[]
        {
            "build", package.ConsumerProject, "-p:IncludeDeniedCall=true",
            "-p:BaseOutputPath=" + Path.Combine(package.Root, "denied-bin") + "/",
            "-p:IntermediateOutputPath=" + Path.Combine(package.Root, "denied-obj") + "/",
        }.Concat(DotNet.NoServers).ToArray());

        Assert.NotEqual(0, build.ExitCode);
        var error = build.Output.Split('\n').FirstOrDefault(l => l.Contains("error TMCP0101", StringComparison.Ordinal));
        Assert.True(error is not null, "expected error TMCP0101 in:" + Environment.NewLine + build);
        Assert.Contains("DeniedCall.cs(9,", error, StringComparison.Ordinal);
        Assert.Contains("odoo_unlink", error, StringComparison.Ordinal);
        Assert.Contains("policy.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_package_props_add_catalog_and_policy_by_convention_and_make_generator_load_warnings_errors()
    {
        await DotNet.RunSucceedingAsync(package.ConsumerDirectory, new[] { "restore", package.ConsumerProject }.Concat(DotNet.NoServers).ToArray());
        var query = await DotNet.RunSucceedingAsync(package.ConsumerDirectory,
            "msbuild", package.ConsumerProject, "-getProperty:WarningsAsErrors", "-getProperty:TypedMcpAddFilesByConvention",
            "-getProperty:TypedMcpCatalogFolder", "-getItem:AdditionalFiles", "-getItem:CompilerVisibleProperty");

        foreach (var id in new[] { "CS8032", "CS8784", "CS8785", "CS9057" })
        {
            Assert.Contains(id, query.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Contains("\"TypedMcpAddFilesByConvention\": \"true\"", query.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"TypedMcpCatalogFolder\": \"catalog\"", query.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("odoo-claude-mcp.json", query.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("policy.json", query.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_TypedMcpAddFilesByConvention_to_false_adds_no_files()
    {
        await DotNet.RunSucceedingAsync(package.ConsumerDirectory, new[] { "restore", package.ConsumerProject }.Concat(DotNet.NoServers).ToArray());
        var query = await DotNet.RunSucceedingAsync(package.ConsumerDirectory,
            "msbuild", package.ConsumerProject, "-p:TypedMcpAddFilesByConvention=false", "-getItem:AdditionalFiles");

        Assert.DoesNotContain("odoo-claude-mcp.json", query.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("policy.json", query.StandardOutput, StringComparison.Ordinal);
    }
}

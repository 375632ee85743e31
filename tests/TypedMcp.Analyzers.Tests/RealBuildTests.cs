using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using TypedMcp.TestSupport;

namespace TypedMcp.Analyzers.Tests;

/// <summary>
/// One temporary consumer project (the run-time library by ProjectReference, the generator as an Analyzer
/// ProjectReference, the Odoo catalog and a policy.json as AdditionalFiles), restored once and built with
/// <c>dotnet build</c> several times with different policies and calls.
/// </summary>
public sealed class ConsumerProject : IDisposable
{
    public ConsumerProject()
    {
        Root = RepoPaths.Root;
        Directory = Path.Combine(Path.GetTempPath(), "typedmcp-consumer-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "catalog"));
        File.Copy(RepoPaths.OdooCatalog, Path.Combine(Directory, "catalog", "odoo-claude-mcp.json"));
        File.WriteAllText(Path.Combine(Directory, "Consumer.csproj"), ConsumerBuilds.ProjectFile(
            ["<TypedMcpAddFilesByConvention>false</TypedMcpAddFilesByConvention>"],
            ["<AdditionalFiles Include=\"catalog/odoo-claude-mcp.json\" />", "<AdditionalFiles Include=\"policy.json\" />"],
            importTargets: false));
        File.WriteAllText(Path.Combine(Directory, "OdooClient.cs"), """
            namespace Consumer;

            [TypedMcp.McpClient("odoo-claude-mcp")]
            public partial class OdooClient;
            """);
        WritePolicy("""{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""");
        WriteCalls("""await odoo.UsageLogExportAsync("T1", System.DateTimeOffset.UnixEpoch, System.DateTimeOffset.UnixEpoch);""");
        var restore = Run("restore");
        if (restore.ExitCode != 0) { throw new InvalidOperationException("restore of the consumer failed:\n" + restore.Output); }
    }

    public string Root { get; }

    public string Directory { get; }

    public void WritePolicy(string json) => File.WriteAllText(Path.Combine(Directory, "policy.json"), json);

    public void WriteCalls(string body) => File.WriteAllText(Path.Combine(Directory, "Calls.cs"), $$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;

        namespace Consumer;

        public static class Calls
        {
            public static async Task RunAsync(OdooClient odoo)
            {
                {{body}}
            }
        }
        """);

    /// <summary>Builds without restoring and without rebuilding the referenced projects (the test project built them).</summary>
    public (int ExitCode, string Output) Build() => Run("build", "--no-restore", "-nologo", "-v:q", "-p:BuildProjectReferences=false", "-clp:NoSummary");

    private (int ExitCode, string Output) Run(params string[] args)
        => ConsumerBuilds.RunDotnet(Directory, TimeSpan.FromMinutes(5), [.. args, Path.Combine(Directory, "Consumer.csproj")]);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class RealBuildTests : IClassFixture<ConsumerProject>
{
    private const string ProbePolicy = """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""";
    private readonly ConsumerProject _project;

    public RealBuildTests(ConsumerProject project) => _project = project;

    private static string[] ErrorLines(string output, string id)
        => output.Split('\n').Where(l => l.Contains("error " + id + ":", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToArray();

    [Fact]
    public void The_probe_policy_builds_a_call_to_the_allowed_tool_and_fails_on_odoo_unlink_both_ways()
    {
        _project.WritePolicy(ProbePolicy);
        _project.WriteCalls("""await odoo.UsageLogExportAsync("T1", System.DateTimeOffset.UnixEpoch, System.DateTimeOffset.UnixEpoch);""");
        var allowed = _project.Build();
        Assert.True(allowed.ExitCode == 0, "the allowed call should build:\n" + allowed.Output);

        _project.WriteCalls("""await odoo.UnlinkAsync(model: "res.partner", ids: [1]);""");
        var typed = _project.Build();
        Assert.NotEqual(0, typed.ExitCode);
        var typedErrors = ErrorLines(typed.Output, "TMCP0102");
        Assert.True(typedErrors.Length == 1 && typedErrors[0].Contains("'odoo_unlink'", StringComparison.Ordinal) && typedErrors[0].Contains("Calls.cs(", StringComparison.Ordinal),
            "expected one TMCP0102 naming odoo_unlink at Calls.cs:\n" + typed.Output);

        _project.WriteCalls("""await odoo.CallToolAsync("odoo_unlink", new Dictionary<string, object?> { ["model"] = "res.partner" });""");
        var untyped = _project.Build();
        Assert.NotEqual(0, untyped.ExitCode);
        var untypedErrors = ErrorLines(untyped.Output, "TMCP0102");
        Assert.True(untypedErrors.Length == 1 && untypedErrors[0].Contains("'odoo_unlink'", StringComparison.Ordinal),
            "expected one TMCP0102 naming odoo_unlink:\n" + untyped.Output);

        _project.WriteCalls("""await odoo.Client.CallToolAsync(new ModelContextProtocol.Protocol.CallToolRequestParams { Name = "odoo_unlink" });""");
        var raw = _project.Build();
        Assert.NotEqual(0, raw.ExitCode);
        var rawErrors = ErrorLines(raw.Output, "TMCP0102");
        Assert.True(rawErrors.Length == 1 && rawErrors[0].Contains("'odoo_unlink'", StringComparison.Ordinal),
            "expected one TMCP0102 naming odoo_unlink for the raw CallToolRequestParams:\n" + raw.Output);
    }

    [Fact]
    public void The_same_call_builds_once_the_tool_is_allowed()
    {
        _project.WritePolicy("""{"version":"1","default":"deny","tools":{"ai_usage_log_export":{},"odoo_unlink":{}}}""");
        _project.WriteCalls("""
            await odoo.UnlinkAsync(model: "res.partner", ids: [1]);
            await odoo.CallToolAsync("odoo_unlink");
            """);
        var result = _project.Build();
        Assert.True(result.ExitCode == 0, "the allowed calls should build:\n" + result.Output);
        Assert.DoesNotContain("error TMCP", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_following_the_recommendations_builds_a_read_only_sample_and_flags_UnlinkAsync()
    {
        _project.WritePolicy(RecommendedPolicy(Path.Combine(_project.Root, "catalog", "odoo-claude-mcp.json")));
        _project.WriteCalls("""
            await odoo.UsageLogExportAsync("T1", System.DateTimeOffset.UnixEpoch, System.DateTimeOffset.UnixEpoch);
            await odoo.CallToolAsync("odoo_search_read");
            """);
        var sample = _project.Build();
        Assert.True(sample.ExitCode == 0, "a sample with only Read tools should build:\n" + sample.Output);

        _project.WriteCalls("""await odoo.UnlinkAsync(model: "res.partner", ids: [1]);""");
        var destructive = _project.Build();
        Assert.NotEqual(0, destructive.ExitCode);
        var errors = ErrorLines(destructive.Output, "TMCP0101");
        Assert.True(errors.Length == 1 && errors[0].Contains("'odoo_unlink' is hidden", StringComparison.Ordinal), "expected TMCP0101 for odoo_unlink:\n" + destructive.Output);
    }

    /// <summary>Allow Read, rate-limit Write and Execute, hide Destructive (and Financial), by the catalog's risk classes.</summary>
    private static string RecommendedPolicy(string catalogPath)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(catalogPath))!;
        var hide = new JsonArray();
        var tools = new JsonObject();
        foreach (var tool in catalog["tools"]!.AsArray())
        {
            var name = (string)tool!["name"]!;
            switch ((string?)tool["risk"]?["category"])
            {
                case "Read": tools[name] = new JsonObject(); break;
                case "Write": tools[name] = new JsonObject { ["rate_limit"] = new JsonObject { ["max"] = 30, ["window"] = 60 } }; break;
                case "Execute": tools[name] = new JsonObject { ["rate_limit"] = new JsonObject { ["max"] = 10, ["window"] = 60 } }; break;
                default: hide.Add(name); break;
            }
        }

        return new JsonObject { ["version"] = "1", ["default"] = "deny", ["hide"] = hide, ["tools"] = tools }.ToJsonString();
    }
}

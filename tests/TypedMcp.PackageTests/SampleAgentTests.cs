using System;
using System.Linq;
using System.Threading.Tasks;
using TypedMcp.PackageTests.Infrastructure;

namespace TypedMcp.PackageTests;

/// <summary>The README's first command, run as written, from the repository root.</summary>
public sealed class SampleAgentTests
{
    /// <summary>Exactly the command the README's set-up section starts with.</summary>
    public const string ReadmeFirstCommand = "dotnet run --project samples/OdooAgent";

    [Fact]
    public void The_README_set_up_section_starts_with_the_sample_command_and_keeps_the_test_command()
    {
        var readme = System.IO.File.ReadAllText(Repo.File("README.md"));
        var setUp = readme[readme.IndexOf("## Set-up on a fresh machine", StringComparison.Ordinal)..];
        var block = setUp[(setUp.IndexOf("```bash", StringComparison.Ordinal) + "```bash".Length)..];
        var commands = block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(ReadmeFirstCommand, commands[0]);
        Assert.Equal("dotnet test Generators.sln", commands[1]);
    }

    [Fact]
    public async Task The_sample_agent_runs_end_to_end_against_the_demo_server_and_exits_0()
    {
        var run = await DotNet.RunAsync(Repo.Root, ReadmeFirstCommand.Split(' ').Skip(1).ToArray());

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.StandardOutput;
        Assert.Contains("Connected to odoo-demo-server", output, StringComparison.Ordinal);
        Assert.Contains("Signed in as Mitchell Admin on tenant acme", output, StringComparison.Ordinal);
        Assert.Contains("Usage ledger export for acme, 2026-11-01 to 2026-11-07:", output, StringComparison.Ordinal);
        Assert.Contains("Refused at run time: odoo_execute with method 'unlink' by rule /tools/odoo_execute/deny_if/0", output, StringComparison.Ordinal);
        Assert.Contains("Tools an agent would be given (policy.json)", output, StringComparison.Ordinal);
        Assert.Matches(@"odoo_unlink\s+│\s+withheld: Hidden", output);
        Assert.Matches(@"odoo_write\s+│\s+given\s+│ 600 per 3600 s, 30 per 60 s", output);
        Assert.Contains("12 of 13 tools given to the agent.", output, StringComparison.Ordinal);
        Assert.Contains("Raw McpClient over the guarded transport lists 12 tools; odoo_unlink listed: False", output, StringComparison.Ordinal);
        Assert.Contains("Gateway answer for odoo_unlink: [POLICY DENIED] tool 'odoo_unlink', rule /hide/10 (Hidden)", output, StringComparison.Ordinal);
        Assert.Contains("Gateway answer for odoo_execute: [POLICY DENIED] tool 'odoo_execute', rule /tools/odoo_execute/deny_if/0 (DenyIfMatched)", output, StringComparison.Ordinal);
        Assert.Contains("Allowed through the gateway: odoo_search_count = ", output, StringComparison.Ordinal);
        Assert.Contains("Approval requested for odoo_write: the operator declines.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Building_the_sample_with_ShowPolicyError_fails_with_the_TMCP0101_error_the_README_shows()
    {
        var build = await DotNet.RunAsync(Repo.Root, new[]
        {
            "build", "samples/OdooAgent", "-p:ShowPolicyError=true",
            "-p:BaseOutputPath=" + System.IO.Path.Combine(System.IO.Path.GetTempPath(), "typedmcp-showpolicyerror-" + Guid.NewGuid().ToString("N")) + "/",
        }.Concat(DotNet.NoServers).ToArray());

        Assert.NotEqual(0, build.ExitCode);
        var readme = System.IO.File.ReadAllText(Repo.File("README.md"));
        Assert.Contains("dotnet build samples/OdooAgent -p:ShowPolicyError=true", readme, StringComparison.Ordinal);
        Assert.Contains("error TMCP0101: Tool 'odoo_unlink' is hidden by policy rule /hide/10", build.Output, StringComparison.Ordinal);
        Assert.Contains("samples/OdooAgent/DeniedCall.cs(10,15): error TMCP0101: Tool 'odoo_unlink' is hidden by policy rule /hide/10", build.Output, StringComparison.Ordinal);
        Assert.Contains("DeniedCall.cs(10,15): error TMCP0101: Tool 'odoo_unlink' is hidden by policy rule /hide/10", readme, StringComparison.Ordinal);
    }
}

using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TypedMcp.Json;

namespace TypedMcp.Cli.Tests;

/// <summary>import's client capabilities, the server fields it keeps, and several servers from one MCP configuration file.</summary>
public class ImportOptionsTests
{
    private static string Bin(string name)
    {
        var bin = Path.Combine(Cli.Metadata("McpServersDir"), "node_modules", ".bin", name);
        Assert.True(File.Exists(bin), "npm server missing: " + bin);
        return bin;
    }

    private static LocatedJsonNode Catalog(string path) => LocatedJsonReader.Parse(File.ReadAllText(path));

    private static string[] ToolNames(string path) => Catalog(path)["tools"]!.Items.Select(t => t["name"]!.AsString()!).ToArray();

    [Fact]
    public async Task Import_declares_sampling_elicitation_and_roots_by_default_so_every_tool_is_listed()
    {
        using var dir = new TempDir();
        var everything = $"\"{Bin("mcp-server-everything")}\" stdio";

        var all = await Cli.RunAsync("import", "--stdio", everything, "-o", dir.File("all.json"));
        Assert.True(all.ExitCode == 0, all.All);
        var allNames = ToolNames(dir.File("all.json"));
        Assert.Contains("trigger-sampling-request", allNames);
        Assert.Contains("trigger-elicitation-request", allNames);
        Assert.Contains("get-roots-list", allNames);

        var none = await Cli.RunAsync("import", "--stdio", everything, "--client-capabilities", "none", "-o", dir.File("none.json"));
        Assert.True(none.ExitCode == 0, none.All);
        var noneNames = ToolNames(dir.File("none.json"));
        Assert.DoesNotContain("trigger-sampling-request", noneNames);
        Assert.Equal(allNames.Length - 3, noneNames.Length);

        var some = await Cli.RunAsync("import", "--stdio", everything, "--client-capabilities", "roots", "-o", dir.File("roots.json"), "--json");
        Assert.True(some.ExitCode == 0, some.All);
        Assert.Equal("roots", (string?)JsonNode.Parse(some.Out)!["capabilities"]);
        var rootsNames = ToolNames(dir.File("roots.json"));
        Assert.Contains("get-roots-list", rootsNames);
        Assert.DoesNotContain("trigger-sampling-request", rootsNames);
    }

    [Fact]
    public async Task Import_keeps_the_servers_execution_and_meta_fields_of_each_tool()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", $"\"{Bin("mcp-server-everything")}\" stdio", "-o", dir.File("e.json"));
        Assert.True(run.ExitCode == 0, run.All);
        var research = Catalog(dir.File("e.json"))["tools"]!.Items.Single(t => t["name"]!.AsString() == "simulate-research-query");
        Assert.Equal("required", research["execution"]!["taskSupport"]!.AsString());
        var echo = Catalog(dir.File("e.json"))["tools"]!.Items.Single(t => t["name"]!.AsString() == "echo");
        Assert.Equal("forbidden", echo["execution"]!["taskSupport"]!.AsString());
    }

    [Fact]
    public async Task Import_reads_every_server_of_an_mcp_configuration_file_with_its_env_and_cwd()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("root"));
        Directory.CreateDirectory(dir.File("work"));
        var config = dir.Write("mcp.json", new JsonObject
        {
            ["mcpServers"] = new JsonObject
            {
                ["files"] = new JsonObject { ["command"] = Bin("mcp-server-filesystem"), ["args"] = new JsonArray(dir.File("root")) },
                ["memory"] = new JsonObject
                {
                    ["command"] = Bin("mcp-server-memory"),
                    ["env"] = new JsonObject { ["MEMORY_FILE_PATH"] = dir.File("work/memory.jsonl") },
                    ["cwd"] = "work",
                },
            },
        }.ToJsonString());

        var run = await Cli.RunAsync("import", "--config", config, "--output-dir", dir.File("catalogs"));
        run.AssertNoStackTrace();
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("files: Imported 14 tools from secure-filesystem-server", run.Out);
        Assert.Contains("memory: Imported 9 tools from memory-server", run.Out);
        Assert.Contains("Imported 2 servers of 2 into", run.Out);
        Assert.Equal("files", Catalog(dir.File("catalogs/files.json"))["server"]!["name"]!.AsString());
        Assert.Equal("memory", Catalog(dir.File("catalogs/memory.json"))["server"]!["name"]!.AsString());

        // A second run re-imports over the catalogs, keeping what people wrote, like -o does.
        var again = await Cli.RunAsync("import", "--config", config, "--output-dir", dir.File("catalogs"), "--server", "memory", "--json");
        Assert.True(again.ExitCode == 0, again.All);
        var servers = JsonNode.Parse(again.Out)!["servers"]!.AsArray();
        Assert.Single(servers);
        Assert.Equal("memory", (string?)servers[0]!["name"]);
        Assert.False((bool)servers[0]!["written"]!);
        Assert.True((bool)servers[0]!["reimport"]!);
    }

    [Fact]
    public async Task A_server_that_fails_is_reported_by_name_while_the_others_are_written()
    {
        using var dir = new TempDir();
        var config = dir.Write("mcp.json", new JsonObject
        {
            ["mcpServers"] = new JsonObject
            {
                ["broken"] = new JsonObject { ["command"] = "no-such-mcp-server-program" },
                ["memory"] = new JsonObject { ["command"] = Bin("mcp-server-memory"), ["env"] = new JsonObject { ["MEMORY_FILE_PATH"] = dir.File("m.jsonl") } },
            },
        }.ToJsonString());

        var run = await Cli.RunAsync("import", "--config", config, "--output-dir", dir.Path, "--timeout", "30");
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: broken: Could not start 'no-such-mcp-server-program'", run.Err);
        Assert.Contains("Imported 1 server of 2", run.Out);
        Assert.True(File.Exists(dir.File("memory.json")));
        Assert.False(File.Exists(dir.File("broken.json")));
    }

    [Theory]
    [InlineData("""{ "mcpServers": { "a": { "command": "x", "args": "--flag" } } }""", "mcp.json(1,50): \"args\" of server \"a\" must be an array of strings.")]
    [InlineData("""{ "servers": { "a": { "args": [] } } }""", "mcp.json(1,21): server \"a\" needs a \"command\"")]
    [InlineData("""{ "mcpServers": { "a": { "url": "ftp://host" } } }""", "mcp.json(1,33): \"url\" of server \"a\" must be an absolute http")]
    [InlineData("""{ "tools": [] }""", "an MCP configuration needs an object \"mcpServers\"")]
    [InlineData("""{ "mcpServers": { "../a": { "command": "x" } } }""", "cannot be a file name")]
    public async Task A_malformed_configuration_is_reported_at_line_and_column(string json, string expected)
    {
        using var dir = new TempDir();
        var config = dir.Write("mcp.json", json);
        var run = await Cli.RunAsync("import", "--config", config, "--output-dir", dir.Path);
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Err);
    }

    [Theory]
    [InlineData(new[] { "--stdio", "x", "--client-capabilities", "sampling,telepathy" }, "unknown capability 'telepathy'")]
    [InlineData(new[] { "--stdio", "x", "--client-capabilities", "none,roots" }, "'none' cannot be combined")]
    [InlineData(new[] { "--config", "mcp.json", "-o", "x.json" }, "-o names the file of a single server")]
    [InlineData(new[] { "--config", "mcp.json", "--server", "nope" }, "has no server of that name; it has a")]
    [InlineData(new[] { "--stdio", "x", "--output-dir", "d" }, "--output-dir applies to --config")]
    public async Task Conflicting_or_unknown_import_options_are_refused(string[] options, string expected)
    {
        using var dir = new TempDir();
        dir.Write("mcp.json", """{ "mcpServers": { "a": { "command": "x" } } }""");
        var args = new[] { "import" }.Concat(options.Select(o => o == "mcp.json" ? dir.File("mcp.json") : o)).ToList();
        if (!args.Contains("-o") && !args.Contains("--config")) { args.AddRange(new[] { "-o", dir.File("c.json") }); }
        var run = await Cli.RunAsync(args.ToArray());
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Err);
    }
}

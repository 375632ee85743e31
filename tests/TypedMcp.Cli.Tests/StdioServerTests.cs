using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Cli.Tests;

/// <summary>import and diff against @modelcontextprotocol/server-filesystem from the npm registry, over stdio.</summary>
public class StdioServerTests
{
    private static async Task<(TempDir Dir, string Server, string Catalog)> ImportAsync()
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir.File("root"));
        var server = Cli.FilesystemServer(dir.File("root"));
        var catalog = dir.File("fs.json");
        var run = await Cli.RunAsync("import", "--stdio", server, "-o", catalog);
        run.AssertNoStackTrace();
        Assert.True(run.ExitCode == 0, run.All);
        return (dir, server, catalog);
    }

    private static LocatedJsonNode Tool(string catalogPath, string name)
        => LocatedJsonReader.Parse(File.ReadAllText(catalogPath))["tools"]!.Items.Single(t => t["name"]!.AsString() == name);

    [Fact]
    public async Task Import_writes_a_valid_sorted_catalog_of_every_tool_with_risk_classes()
    {
        var (dir, _, catalog) = await ImportAsync();
        using var _ = dir;
        var parsed = CatalogParser.Parse(File.ReadAllText(catalog), catalog);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics));
        var names = parsed.Catalog!.Tools.Select(t => t.Name).ToList();
        Assert.Contains("read_text_file", names);
        Assert.Contains("write_file", names);
        Assert.Contains("list_directory", names);
        Assert.Equal(names.OrderBy(n => n, System.StringComparer.Ordinal), names);
        Assert.All(parsed.Catalog.Tools, t => Assert.NotNull(t.Risk));
        Assert.Equal(RiskCategory.Read, parsed.Catalog.GetTool("read_text_file")!.Risk!.Category);
        // write_file declares destructiveHint (it can overwrite), but its verb writes: PolicyLayer's Write.
        Assert.Equal(RiskCategory.Write, parsed.Catalog.GetTool("write_file")!.Risk!.Category);
        Assert.Equal("secure-filesystem-server", parsed.Catalog.Server.Name);
    }

    [Fact]
    public async Task Reimport_keeps_hand_made_parts_and_reports_what_changed()
    {
        var (dir, server, catalog) = await ImportAsync();
        using var _ = dir;
        var root = LocatedJsonReader.Parse(File.ReadAllText(catalog));
        var edited = root["tools"]!.Items
            .Where(t => t["name"]!.AsString() != "search_files")
            .Select(t => t["name"]!.AsString() switch
            {
                "read_text_file" => SampleCatalogs.With(SampleCatalogs.With(t, "description", LocatedJsonNode.String("Reads a text file, in our words.")), "csharp", LocatedJsonReader.Parse("{\"methodName\": \"ReadText\"}")),
                "list_directory" => SampleCatalogs.With(t, "risk", LocatedJsonReader.Parse("{\"category\": \"Write\", \"level\": \"high\", \"reason\": \"listings leak file names\"}")),
                "create_directory" => SampleCatalogs.With(t, "inputSchema", LocatedJsonReader.Parse("{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"integer\"}}, \"required\": [\"path\"]}")),
                _ => t,
            })
            .ToList();
        edited.Add(LocatedJsonReader.Parse("{\"name\": \"zap_everything\", \"inputSchema\": {\"type\": \"object\"}, \"risk\": {\"category\": \"Destructive\", \"level\": \"critical\"}}"));
        File.WriteAllText(catalog, LocatedJsonWriter.Write(SampleCatalogs.With(root, "tools", LocatedJsonNode.Array(edited))));

        var run = await Cli.RunAsync("import", "--stdio", server, "-o", catalog);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("1 added, 1 removed, 1 changed; 2 breaking changes.", run.Out);
        var lines = run.Out.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("search_files") && l.Contains("tool-added"));
        Assert.Contains(lines, l => l.StartsWith("zap_everything") && l.Contains("tool-removed") && l.Contains("BREAKING"));
        Assert.Contains(lines, l => l.StartsWith("create_directory") && l.Contains("integer -> string"));
        Assert.Contains(lines, l => l.StartsWith("note: read_text_file: kept the catalog's description"));

        Assert.Equal("Reads a text file, in our words.", Tool(catalog, "read_text_file")["description"]!.AsString());
        Assert.Equal("ReadText", Tool(catalog, "read_text_file")["csharp"]!["methodName"]!.AsString());
        Assert.Equal("listings leak file names", Tool(catalog, "list_directory")["risk"]!["reason"]!.AsString());
        Assert.Equal("string", Tool(catalog, "create_directory")["inputSchema"]!["properties"]!["path"]!["type"]!.AsString());
        Assert.NotNull(Tool(catalog, "search_files"));

        var refreshed = await Cli.RunAsync("import", "--stdio", server, "-o", catalog, "--refresh-descriptions", "--json");
        Assert.Equal(0, refreshed.ExitCode);
        Assert.NotEqual("Reads a text file, in our words.", Tool(catalog, "read_text_file")["description"]!.AsString());
        var report = LocatedJsonReader.Parse(refreshed.Out);
        Assert.True(report["written"]!.AsBoolean());
        Assert.Contains(report["changes"]!.Items, c => c["tool"]!.AsString() == "read_text_file" && c["kind"]!.AsString() == "description-changed");
    }

    [Fact]
    public async Task Reimport_of_an_unchanged_server_reports_no_changes_and_leaves_the_file_alone()
    {
        var (dir, server, catalog) = await ImportAsync();
        using var _ = dir;
        var before = File.ReadAllText(catalog);
        var run = await Cli.RunAsync("import", "--stdio", server, "-o", catalog);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("(unchanged)", run.Out);
        Assert.Contains("No changes since the last import.", run.Out);
        Assert.Equal(before, File.ReadAllText(catalog));
    }

    [Fact]
    public async Task Diff_against_the_live_server_is_clean_after_import_and_breaking_when_the_catalog_has_a_tool_the_server_lacks()
    {
        var (dir, server, catalog) = await ImportAsync();
        using var _ = dir;
        var clean = await Cli.RunAsync("diff", catalog, "--stdio", server);
        Assert.True(clean.ExitCode == 0, clean.All);
        Assert.Contains("no changes", clean.Out);

        var root = LocatedJsonReader.Parse(File.ReadAllText(catalog));
        var tools = root["tools"]!.Items.ToList();
        tools.Add(LocatedJsonReader.Parse("{\"name\": \"zap_everything\", \"inputSchema\": {\"type\": \"object\"}}"));
        File.WriteAllText(catalog, LocatedJsonWriter.Write(SampleCatalogs.With(root, "tools", LocatedJsonNode.Array(tools))));
        var breaking = await Cli.RunAsync("diff", catalog, "--stdio", server, "--json");
        Assert.Equal(1, breaking.ExitCode);
        var report = LocatedJsonReader.Parse(breaking.Out);
        Assert.True(report["breaking"]!.AsBoolean());
        Assert.Contains(report["changes"]!.Items, c => c["tool"]!.AsString() == "zap_everything" && c["kind"]!.AsString() == "tool-removed");
    }

    [Theory]
    [InlineData("echo hi")]
    [InlineData("cat")]
    public async Task A_process_that_is_not_an_MCP_server_gives_a_clear_message_and_exit_code_2(string commandLine)
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", commandLine, "--timeout", "20", "-o", dir.File("x.json"));
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: ", run.Err);
        Assert.Contains(commandLine, run.Err);
        Assert.Contains("MCP server", run.Err);
        Assert.False(File.Exists(dir.File("x.json")));
    }

    [Fact]
    public async Task A_server_that_exits_shows_its_stderr_once_under_the_one_line_message()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", "sh -c 'x=stderr; printf \"\\033[31mfirst-$x-line\\033[39m\\n\" >&2; echo last-$x-line >&2; exit 1'", "--timeout", "20", "-o", dir.File("x.json"));
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        var error = run.Err.Split('\n').First(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("did not behave like an MCP server", error);
        Assert.EndsWith("Check that the command starts an MCP server that speaks JSON-RPC on stdin/stdout.", error);
        Assert.Single(run.Err.Split('\n'), l => l.Contains("last-stderr-line", StringComparison.Ordinal));
        Assert.Contains("The server wrote on stderr:\n  first-stderr-line\n  last-stderr-line", run.Err);
        Assert.DoesNotContain("\u001b", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_gives_a_clear_message_and_exit_code_2()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", "no-such-mcp-server-program --flag", "-o", dir.File("x.json"));
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'no-such-mcp-server-program'", run.Err);
        Assert.Contains("not found", run.Err);
    }

    [Fact]
    public async Task A_silent_process_times_out_with_a_message_naming_the_timeout()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", "sleep 30", "--timeout", "2", "-o", dir.File("x.json"));
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("within 2 s", run.Err);
        Assert.Contains("--timeout", run.Err);
    }

    [Fact]
    public async Task Import_over_a_malformed_existing_catalog_stops_without_overwriting_it()
    {
        using var dir = new TempDir();
        var catalog = dir.Write("fs.json", "{ \"tools\": [ oops ] }");
        var run = await Cli.RunAsync("import", "--stdio", Cli.FilesystemServer(dir.Path), "-o", catalog);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("fs.json(1,", run.Err);
        Assert.Equal("{ \"tools\": [ oops ] }", File.ReadAllText(catalog));
    }
}

using System.Linq;
using System.Threading.Tasks;
using TypedMcp.Json;

namespace TypedMcp.Cli.Tests;

public class ClassifyTests
{
    private const string Stale = """
    {
      "server": { "name": "ops" },
      "tools": [
        { "name": "delete_user", "description": "Removes a user.", "inputSchema": { "type": "object" }, "risk": { "category": "Read", "level": "low" } },
        { "name": "list_users", "description": "Shows users.", "inputSchema": { "type": "object" }, "risk": { "category": "Write", "level": "high", "reason": "the list exposes personal data" }, "csharp": { "methodName": "Users" } },
        { "name": "get_user", "inputSchema": { "type": "object" } }
      ]
    }
    """;

    [Fact]
    public async Task Classify_shows_category_level_and_the_deciding_rule()
    {
        using var dir = new TempDir();
        var path = dir.Write("ops.json", Stale);
        var run = await Cli.RunAsync("classify", path);
        Assert.Equal(0, run.ExitCode);
        var delete = run.Out.Split('\n').Single(l => l.StartsWith("delete_user"));
        Assert.Contains("Destructive", delete);
        Assert.Contains("critical", delete);
        Assert.Contains("R01-destructive-verb", delete);
        Assert.Contains("catalog says Read/low", delete);
        Assert.Contains("override: the list exposes personal data", run.Out);
        Assert.Contains("--write", run.Out);
    }

    [Fact]
    public async Task Classify_write_updates_stale_risks_and_keeps_overrides()
    {
        using var dir = new TempDir();
        var path = dir.Write("ops.json", Stale);
        var run = await Cli.RunAsync("classify", path, "--write");
        Assert.Equal(0, run.ExitCode);
        var tools = LocatedJsonReader.Parse(dir.Read("ops.json"))["tools"]!.Items;
        Assert.Equal("Destructive", tools[0]["risk"]!["category"]!.AsString());
        Assert.Equal("critical", tools[0]["risk"]!["level"]!.AsString());
        Assert.Equal("the list exposes personal data", tools[1]["risk"]!["reason"]!.AsString());
        Assert.Equal("Write", tools[1]["risk"]!["category"]!.AsString());
        Assert.Equal(new[] { "name", "description", "inputSchema", "risk", "csharp" }, tools[1].Properties.Select(p => p.Name));
        Assert.Equal("Read", tools[2]["risk"]!["category"]!.AsString());

        var again = await Cli.RunAsync("classify", path);
        Assert.Contains("every risk class matches the classifier or is an override", again.Out);
    }

    [Fact]
    public async Task Classify_json_gives_rule_and_explanation_per_tool()
    {
        using var dir = new TempDir();
        var path = dir.Write("ops.json", Stale);
        var run = await Cli.RunAsync("classify", path, "--json");
        Assert.Equal(0, run.ExitCode);
        var doc = LocatedJsonReader.Parse(run.Out);
        var delete = doc["tools"]!.Items.Single(t => t["tool"]!.AsString() == "delete_user");
        Assert.Equal("R01-destructive-verb", delete["rule"]!.AsString());
        Assert.Contains("delete", delete["explanation"]!.AsString());
        Assert.True(delete["stale"]!.AsBoolean());
        Assert.False(doc["written"]!.AsBoolean());
    }

    [Fact]
    public async Task A_malformed_catalog_is_reported_at_line_and_column_with_exit_code_2()
    {
        using var dir = new TempDir();
        var path = dir.Write("bad.json", "{\n  \"tools\": [\n    { \"name\": \"x\", }\n  ]\n}\n");
        var run = await Cli.RunAsync("classify", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(path + "(3,", run.Err);
        Assert.Contains("error TMCP0001", run.Err);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_missing_catalog_is_named_with_exit_code_2()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("classify", dir.File("nope.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.json: the catalog file does not exist", run.Err);
    }

    private const string CodeHost = """
    {
      "server": { "name": "code-host" },
      "tools": [
        { "name": "get_pull_request", "description": "Returns one pull request.", "inputSchema": { "type": "object", "properties": { "owner": { "type": "string" }, "pull_number": { "type": "number" } } } },
        { "name": "open_nodes", "description": "Opens nodes by name.", "inputSchema": { "type": "object", "properties": { "names": { "type": "array" } } }, "annotations": { "readOnlyHint": true } }
      ]
    }
    """;

    [Fact]
    public async Task Explain_prints_the_evidence_the_rules_checked_and_the_deciding_rule_for_one_tool()
    {
        using var dir = new TempDir();
        var path = dir.Write("host.json", CodeHost);
        var run = await Cli.RunAsync("classify", path, "--explain", "get_pull_request");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.StartsWith("get_pull_request: Read/low by R21-read-verb", run.Out);
        Assert.Contains("nouns made of two words (not verbs here): pull request", run.Out);
        Assert.Contains("the name's verb: get", run.Out);
        Assert.Contains("input properties: owner, pull_number", run.Out);
        Assert.Contains("readOnlyHint=absent", run.Out);
        Assert.Contains("Rules checked before it, none matched: R01-destructive-verb, R02-money-verb", run.Out);
        Assert.Contains("Rule R21-read-verb:", run.Out);
        Assert.Contains("The catalog states no risk class for this tool yet.", run.Out);
    }

    [Fact]
    public async Task Explain_shows_when_a_read_only_annotation_decided()
    {
        using var dir = new TempDir();
        var path = dir.Write("host.json", CodeHost);
        var run = await Cli.RunAsync("classify", path, "--explain", "open_nodes", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var doc = LocatedJsonReader.Parse(run.Out);
        Assert.Equal("Read", doc["category"]!.AsString());
        Assert.Equal("R07-declared-read-only", doc["rule"]!.AsString());
        Assert.Contains(doc["evidence"]!.Items, f => f.AsString()!.Contains("readOnlyHint=true", System.StringComparison.Ordinal));
        Assert.Equal(6, doc["rulesNotMatched"]!.Items.Count);
    }

    [Fact]
    public async Task Explain_names_the_nearest_tool_when_the_name_is_misspelt()
    {
        using var dir = new TempDir();
        var path = dir.Write("host.json", CodeHost);
        var run = await Cli.RunAsync("classify", path, "--explain", "get_pull_requst");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no tool named 'get_pull_requst'; did you mean 'get_pull_request'?", run.Err);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Classify_reports_every_value_it_cannot_type_with_the_reason_and_position()
    {
        using var dir = new TempDir();
        var path = dir.Write("browser.json", """
            {
              "server": { "name": "browser" },
              "tools": [
                { "name": "navigate", "description": "Opens a page.", "inputSchema": { "type": "object", "properties": {
                    "url": { "type": "string", "format": "uri" },
                    "launchOptions": { "type": "object", "description": "Passed to the browser as is." },
                    "viewport": { "type": "object", "properties": { "width": { "type": "integer" }, "extra": {} } } } } }
              ]
            }
            """);
        var run = await Cli.RunAsync("classify", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Typing: 1 of 3 parameters is free-form JSON (JsonElement): navigate.launchOptions; 1 more place inside records and results.", run.Out);
        Assert.Contains("browser.json(6,26): info TMCP0014: In tool \"navigate\", launchOptions is typed as free-form JSON (JsonElement) because it is an object whose members its schema does not describe (no \"properties\").", run.Err);
        Assert.Contains("browser.json(7,98): info TMCP0014: In tool \"navigate\", viewport.extra is typed as free-form JSON (JsonElement) because its schema does not say what type the value has (no \"type\").", run.Err);

        var json = await Cli.RunAsync("classify", path, "--json");
        var typing = LocatedJsonReader.Parse(json.Out)["typing"]!;
        Assert.Equal(3, typing["parameters"]!.AsInt64());
        Assert.Equal("navigate.launchOptions", typing["freeFormParameters"]!.Items.Single().AsString());
        Assert.Equal(2, typing["freeFormPlaces"]!.AsInt64());
    }
}

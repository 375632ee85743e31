using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;

namespace TypedMcp.Model.Tests.Catalog;

public class CatalogParserTests
{
    private const string Minimal = """
        {
          "server": { "name": "demo", "title": "Demo", "version": "1.0" },
          "naming": { "stripPrefixes": ["demo_"] },
          "tools": [
            {
              "name": "demo_export",
              "description": "Exports rows.",
              "inputSchema": {
                "type": "object",
                "properties": {
                  "from": { "type": "string", "format": "date-time" },
                  "kind": { "type": "string", "enum": ["a", "b"], "default": "a" },
                  "ids": { "type": "array", "items": { "type": "integer" } },
                  "maybe": { "type": ["integer", "null"] }
                },
                "required": ["from"]
              },
              "risk": { "category": "Read", "level": "low" },
              "csharp": { "methodName": "Export", "parameters": { "from": "start" }, "required": ["kind"] }
            }
          ]
        }
        """;

    [Fact]
    public void A_valid_catalog_is_read_with_server_naming_risk_overrides_and_schema()
    {
        var result = CatalogParser.Parse(Minimal, "demo.json");

        Assert.Empty(result.Diagnostics);
        var catalog = result.Catalog!;
        Assert.Equal(new ServerInfo("demo", "Demo", "1.0"), catalog.Server);
        Assert.Equal(["demo_"], catalog.Naming.StripPrefixes);
        var tool = Assert.Single(catalog.Tools);
        Assert.Equal("demo_export", tool.Name);
        Assert.Equal(new RiskClass(RiskCategory.Read, RiskLevel.Low), tool.Risk);
        Assert.False(tool.Risk!.IsOverride);
        Assert.Equal("Export", tool.CSharp!.MethodName!.Value.Name);
        var from = tool.InputSchema.GetProperty("from")!;
        Assert.True(from.IsRequired);
        Assert.Equal("date-time", from.Schema.Format);
        Assert.Equal(2, tool.InputSchema.GetProperty("kind")!.Schema.Enum!.Count);
        Assert.Equal("array<integer>", tool.InputSchema.GetProperty("ids")!.Schema.Describe());
        Assert.True(tool.InputSchema.GetProperty("maybe")!.Schema.IsNullable);
        Assert.Equal(SchemaTypes.Integer, tool.InputSchema.GetProperty("maybe")!.Schema.NonNullTypes);
    }

    [Fact]
    public void A_plain_tools_list_result_is_a_catalog_named_after_its_file()
    {
        var result = CatalogParser.Parse("""{ "tools": [ { "name": "read_graph", "inputSchema": { "type": "object" } } ], "nextCursor": null }""", "/x/memory.mcp.json");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("memory", result.Catalog!.Server.Name);
    }

    [Theory]
    [InlineData("{ \"tools\": [ }", DiagnosticIds.CatalogInvalidJson, 1, 14)]
    [InlineData("[]", DiagnosticIds.CatalogInvalidStructure, 1, 1)]
    [InlineData("{\n  \"server\": { \"name\": \"s\" },\n  \"tools\": {}\n}", DiagnosticIds.CatalogInvalidStructure, 3, 12)]
    [InlineData("{\n  \"server\": { \"name\": \"s\" },\n  \"tools\": [ { \"name\": \"t\", \"inputSchema\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"datetime\" } } } } ]\n}", DiagnosticIds.CatalogUnsupportedSchema, 3, 95)]
    [InlineData("{\n  \"server\": { \"name\": \"s\" },\n  \"tools\": [ { \"name\": \"t\", \"inputSchema\": {} },\n    { \"name\": \"t\", \"inputSchema\": {} } ]\n}", DiagnosticIds.CatalogDuplicateTool, 4, 15)]
    [InlineData("{\n  \"server\": { \"name\": \"s\" },\n  \"tools\": [ { \"name\": \"t\", \"inputSchema\": {}, \"risk\": { \"category\": \"Harmless\", \"level\": \"low\" } } ]\n}", DiagnosticIds.CatalogInvalidRisk, 3, 70)]
    [InlineData("{\n  \"server\": { \"name\": \"s\" },\n  \"tools\": [ { \"name\": \"t\" } ]\n}", DiagnosticIds.CatalogInvalidStructure, 3, 24)]
    public void Malformed_catalogs_are_reported_at_line_and_column(string text, string id, int line, int column)
    {
        var result = CatalogParser.Parse(text, "bad.json");

        var error = result.Diagnostics.First(d => d.Severity == ModelSeverity.Error);
        Assert.Equal(id, error.Id);
        Assert.Equal("bad.json", error.FilePath);
        Assert.Equal((line, column), (error.Span.StartLine, error.Span.StartColumn));
        Assert.StartsWith($"bad.json({line},{column}): error {id}:", error.ToString());
    }

    [Fact]
    public void A_broken_tool_is_left_out_and_the_rest_are_kept()
    {
        var result = CatalogParser.Parse("""{ "server": { "name": "s" }, "tools": [ { "name": "good", "inputSchema": {} }, { "name": "bad", "inputSchema": 3 } ] }""", "c.json");
        Assert.True(result.HasErrors);
        Assert.Equal(["good"], result.Catalog!.Tools.Select(t => t.Name));
    }

    [Fact]
    public void Unknown_keys_are_warnings_not_errors()
    {
        var result = CatalogParser.Parse("""{ "server": { "name": "s" }, "extra": 1, "tools": [ { "name": "t", "inputSchema": {}, "colour": "red" } ] }""", "c.json");
        Assert.False(result.HasErrors);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == DiagnosticIds.CatalogUnknownKey && d.Severity == ModelSeverity.Warning));
        Assert.Single(result.Catalog!.Tools);
    }

    [Fact]
    public void Too_deep_input_is_reported_as_too_large()
    {
        var text = "{\"tools\": " + new string('[', 500) + new string(']', 500) + "}";
        var result = CatalogParser.Parse(text, "deep.json");
        Assert.Equal(DiagnosticIds.CatalogTooLarge, Assert.Single(result.Diagnostics).Id);
        Assert.Null(result.Catalog);
    }

    [Fact]
    public void A_reason_marks_a_risk_override()
    {
        var result = CatalogParser.Parse("""{ "server": { "name": "s" }, "tools": [ { "name": "t", "inputSchema": {}, "risk": { "category": "Write", "level": "high", "reason": "touches payroll" } } ] }""", null);
        Assert.True(result.Catalog!.Tools[0].Risk!.IsOverride);
    }

    [Theory]
    [InlineData("Other", RiskCategory.Other)]
    [InlineData("other", RiskCategory.Other)]
    [InlineData("Financial", RiskCategory.Financial)]
    public void Every_category_of_the_taxonomy_parses_including_other(string text, RiskCategory expected)
    {
        var result = CatalogParser.Parse("{ \"server\": { \"name\": \"s\" }, \"tools\": [ { \"name\": \"t\", \"inputSchema\": {}, \"risk\": { \"category\": \"" + text + "\", \"level\": \"low\" } } ] }", null);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(expected, result.Catalog!.Tools[0].Risk!.Category);
        Assert.Equal(RiskClass.Format(expected), RiskClass.Format(result.Catalog.Tools[0].Risk!.Category));
    }
}

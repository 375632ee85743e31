using System.Linq;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests;

public sealed class RiskCategoryTests
{
    [Fact]
    public void A_tool_of_category_other_gets_the_other_enum_member_whether_the_catalog_states_it_or_the_classifier_gives_it()
    {
        const string Catalog = """
        {
          "server": { "name": "notes" },
          "tools": [
            { "name": "nudge_view", "description": "Asks the open view to redraw.", "inputSchema": { "type": "object" }, "risk": { "category": "Other", "level": "low" } },
            { "name": "sequentialthinking", "description": "Records one step of a chain of reasoning.", "inputSchema": { "type": "object", "properties": { "thought": { "type": "string" } } } }
          ]
        }
        """;
        var run = Pipeline.RunStrict(Pipeline.ClientSource("notes"), ("/repo/catalog/notes.mcp.json", Catalog));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems());
        var client = run.Source("TestClient.McpClient.g.cs");
        Assert.Contains("[global::TypedMcp.McpTool(\"nudge_view\", global::TypedMcp.RiskCategory.Other, global::TypedMcp.RiskLevel.Low)]", client);
        Assert.Contains("[global::TypedMcp.McpTool(\"sequentialthinking\", global::TypedMcp.RiskCategory.Other, global::TypedMcp.RiskLevel.Low)]", client);
        Assert.Contains("Risk: Other, low (as TypedMcp classified it)", client);
    }
}

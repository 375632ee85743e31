using System.Linq;
using Microsoft.CodeAnalysis;
using TypedMcp.Generators.Tests.Infrastructure;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests;

public sealed class DiagnosticsTests
{
    private const string Path = "/repo/catalog/broken.mcp.json";

    private static Diagnostic Single(PipelineRun run, string id)
    {
        var matches = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"Expected one {id}, got: {string.Join("; ", run.GeneratorDiagnostics)}");
        return matches[0];
    }

    private static void AssertAt(Diagnostic d, string path, int line, int column)
    {
        var span = d.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Equal($"https://github.com/typedmcp/typedmcp/blob/main/docs/diagnostics/{d.Id}.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Bad_json_is_reported_as_TMCP0001_at_the_broken_position()
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource("broken"), (Path, "{\n  \"tools\": [\n    { \"name\": \"a\", }\n  ]\n}"));

        var d = Single(run, "TMCP0001");
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        AssertAt(d, Path, 3, 20);
    }

    [Fact]
    public void An_unknown_schema_type_is_reported_as_TMCP0003_at_the_type_value()
    {
        var json = "{\n  \"tools\": [\n    { \"name\": \"a\", \"inputSchema\": { \"type\": \"object\", \"properties\": { \"x\": { \"type\": \"strin\" } } } }\n  ]\n}";
        var run = Pipeline.RunStrict(Pipeline.ClientSource("broken"), (Path, json));

        var d = Single(run, "TMCP0003");
        AssertAt(d, Path, 3, 86);
        Assert.Contains("strin", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Two_tools_with_one_method_name_are_reported_as_TMCP0004_at_the_second_name()
    {
        var json = "{\n  \"tools\": [\n    { \"name\": \"get_x\", \"inputSchema\": { \"type\": \"object\" } },\n    { \"name\": \"get-x\", \"inputSchema\": { \"type\": \"object\" } }\n  ]\n}";
        var run = Pipeline.RunStrict(Pipeline.ClientSource("broken"), (Path, json));

        var d = Single(run, "TMCP0004");
        AssertAt(d, Path, 4, 15);
        Assert.Contains("GetXAsync", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("GetXAsync", run.Source("TestClient.McpClient.g.cs"));
    }

    [Fact]
    public void Two_generated_types_that_want_one_name_get_distinct_names_and_no_diagnostic()
    {
        var json = """
            {
              "tools": [
                { "name": "a", "inputSchema": { "type": "object", "properties": { "b_mode": { "enum": ["x", "z"] } } } },
                { "name": "a_b", "inputSchema": { "type": "object", "properties": { "mode": { "enum": ["y", "z"] } } } }
              ]
            }
            """;
        var run = Pipeline.RunStrict(Pipeline.ClientSource("broken"), (Path, json));

        Assert.Empty(run.CompilationProblems());
        var types = run.Source(".Types.g.cs");
        Assert.Contains("public enum ABMode\n", types.Replace("\r\n", "\n"));
        Assert.Contains("public enum ABMode2\n", types.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Type_names_two_catalogs_share_in_one_namespace_get_their_servers_name_in_front()
    {
        var alpha = """{ "server": { "name": "alpha" }, "tools": [ { "name": "go", "inputSchema": { "type": "object", "properties": { "mode": { "enum": ["a", "b"] }, "only": { "enum": ["x"] } } } } ] }""";
        var beta = """{ "server": { "name": "beta" }, "tools": [ { "name": "go", "inputSchema": { "type": "object", "properties": { "mode": { "enum": ["c"] } } } } ] }""";
        var source = Pipeline.ClientSource("alpha", "AlphaClient") + "\n/// <summary>Beta.</summary>\n[McpClient(\"beta\")] public partial class BetaClient;\n";
        var run = Pipeline.RunStrict(source, ("/p/catalog/alpha.json", alpha), ("/p/catalog/beta.json", beta));

        Assert.Empty(run.CompilationProblems());
        var alphaTypes = run.Source("AlphaWire.Types.g.cs").Replace("\r\n", "\n");
        var betaTypes = run.Source("BetaWire.Types.g.cs").Replace("\r\n", "\n");
        Assert.Contains("public enum AlphaGoMode\n", alphaTypes);
        Assert.Contains("public enum GoOnly\n", alphaTypes);
        Assert.Contains("public enum BetaGoMode\n", betaTypes);
        Assert.Contains("global::Consumer.BetaGoMode? mode", run.Source("BetaClient.McpClient.g.cs"));
    }

    [Fact]
    public void A_keyword_given_as_a_csharp_override_is_reported_as_TMCP0005_at_the_override()
    {
        var json = "{\n  \"tools\": [\n    { \"name\": \"a\", \"inputSchema\": { \"type\": \"object\" },\n      \"csharp\": { \"methodName\": \"class\" } }\n  ]\n}";
        var run = Pipeline.RunStrict(Pipeline.ClientSource("broken"), (Path, json));

        var d = Single(run, "TMCP0005");
        AssertAt(d, Path, 4, 33);
        Assert.Contains("keyword", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_keyword_argument_name_without_override_becomes_an_escaped_parameter()
    {
        var json = """{ "tools": [ { "name": "a", "inputSchema": { "type": "object", "properties": { "class": { "type": "string" } }, "required": ["class"] } } ] }""";
        var run = Pipeline.RunStrict(Pipeline.ClientSource("broken"), (Path, json));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("[global::TypedMcp.McpArgument(\"class\")] string @class,", run.Source("TestClient.McpClient.g.cs"));
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void An_unknown_catalog_name_is_reported_as_TMCP0006_at_the_attribute_listing_the_known_catalogs()
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource("no-such-server"),
            ("/repo/catalog/known.mcp.json", """{ "server": { "name": "known" }, "tools": [] }"""),
            ("/repo/policy.json", """{ "version": "1", "default": "allow", "tools": {} }"""));

        var d = Single(run, "TMCP0006");
        AssertAt(d, "Source0.cs", 6, 2);
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("no-such-server", message);
        Assert.Contains("known", message);
        Assert.DoesNotContain("policy", message);
    }

    [Fact]
    public void A_client_class_that_is_not_partial_is_reported_as_TMCP0012()
    {
        var source = "using TypedMcp;\nnamespace Consumer;\n[McpClient(\"known\")]\npublic class Plain { }\n";
        var run = Pipeline.RunStrict(source, ("/repo/catalog/known.mcp.json", """{ "server": { "name": "known" }, "tools": [] }"""));

        var d = Single(run, "TMCP0012");
        AssertAt(d, "Source0.cs", 3, 2);
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void Two_catalogs_claiming_one_name_are_reported_as_TMCP0011()
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource("dup"),
            ("/repo/catalog/a.mcp.json", """{ "server": { "name": "dup" }, "tools": [] }"""),
            ("/repo/catalog/dup.json", """{ "tools": [] }"""));

        Single(run, "TMCP0011");
    }

    [Fact]
    public void A_client_can_name_its_catalog_by_file_name()
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource("naming"), ("/repo/catalog/naming.mcp.json", """{ "server": { "name": "naming-rules" }, "tools": [] }"""));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void Json_files_that_are_not_catalogs_are_ignored()
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource("known"),
            ("/repo/catalog/known.mcp.json", """{ "server": { "name": "known" }, "tools": [] }"""),
            ("/repo/appsettings.json", "{ not json at all"),
            ("/repo/policy.json", "{ \"tools\": [ broken"));

        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Every_catalog_and_internal_diagnostic_id_has_a_help_page()
    {
        var ids = typeof(TypedMcp.Diagnostics.DiagnosticIds).GetFields()
            .Select(f => (string)f.GetValue(null)!)
            .Where(id => string.CompareOrdinal(id, "TMCP0100") < 0 || string.CompareOrdinal(id, "TMCP0900") > 0)
            .ToList();

        Assert.Contains("TMCP0006", ids);
        Assert.All(ids, id => Assert.True(System.IO.File.Exists(System.IO.Path.Combine(RepoPaths.Root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing"));
    }
}

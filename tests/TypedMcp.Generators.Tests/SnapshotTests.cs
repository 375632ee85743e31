using System.IO;
using System.Linq;
using TypedMcp.Generators.Tests.Infrastructure;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests;

public sealed class SnapshotTests
{
    public static TheoryData<string, string, string> Catalogs => new()
    {
        { "odoo-claude-mcp", RepoPaths.OdooCatalog, "OdooClaudeMcp" },
        { "arguments", TestPaths.FocusedCatalog("arguments.mcp.json"), "Arguments" },
        { "results", TestPaths.FocusedCatalog("results.mcp.json"), "Results" },
        { "naming-rules", TestPaths.FocusedCatalog("naming.mcp.json"), "NamingRules" },
        { "schemas", TestPaths.FocusedCatalog("schemas.mcp.json"), "Schemas" },
    };

    [Theory]
    [MemberData(nameof(Catalogs))]
    public void Generated_client_and_types_match_the_checked_in_snapshots(string server, string path, string support)
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource(server), (path, File.ReadAllText(path)));

        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Snapshot.Match(TestPaths.Snapshots, support + ".Client", run.Source("TestClient.McpClient.g.cs"));
        Snapshot.Match(TestPaths.Snapshots, support + ".Types", run.Source(support + "Wire.Types.g.cs"));
    }

    [Theory]
    [MemberData(nameof(Catalogs))]
    public void Generated_code_compiles_with_no_warnings_under_nullable_and_warnings_as_errors(string server, string path, string support)
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource(server), (path, File.ReadAllText(path)));

        Assert.NotEmpty(run.Result.GeneratedTrees);
        Assert.Contains(run.Result.GeneratedTrees, t => t.FilePath.EndsWith(support + "Wire.Types.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems());
    }

    // 7,000 lines before arguments were typed; the two argument records the Odoo catalog describes (stock_initial_import
    // items, record_backup include_related) and their writers add the rest.
    [Fact]
    public void The_Odoo_client_and_types_stay_within_7100_lines_none_over_200_characters()
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource("odoo-claude-mcp"), (RepoPaths.OdooCatalog, File.ReadAllText(RepoPaths.OdooCatalog)));

        var lines = (run.Source("TestClient.McpClient.g.cs") + run.Source("OdooClaudeMcpWire.Types.g.cs")).Split('\n');
        Assert.True(lines.Length <= 7100, $"{lines.Length} lines");
        Assert.DoesNotContain(lines, l => l.Length > 200);
    }

    // A list of lists of lists of lists of numbers (GeoJSON multi-polygons) has a type name longer than a line: it is
    // broken inside the type, where C# allows whitespace (SourceWriter.MaxWidth).
    [Theory]
    [MemberData(nameof(Catalogs))]
    public void No_generated_code_line_is_longer_than_200_characters(string server, string path, string support)
    {
        var run = Pipeline.RunStrict(Pipeline.ClientSource(server), (path, File.ReadAllText(path)));

        var lines = (run.Source("TestClient.McpClient.g.cs") + run.Source(support + "Wire.Types.g.cs")).Split('\n');
        Assert.DoesNotContain(lines, l => l.Length > 200);
    }

    [Fact]
    public void A_long_code_line_is_broken_outside_literals_and_comments_and_never_inside_a_token()
    {
        var code = "var x = Call(\"" + new string('a', 150) + ", b<c, (d)\", first, second) <= 3 << 1 && Other<global::N.T<int>>(y) // c, d(";

        var pieces = Generation.SourceWriter.BreakCode(code, indent: 60);

        var joined = string.Join("\n", pieces);
        Assert.Equal(code.Replace(" ", string.Empty, System.StringComparison.Ordinal), joined.Replace(" ", string.Empty, System.StringComparison.Ordinal).Replace("\n", string.Empty, System.StringComparison.Ordinal));
        Assert.True(pieces.Count > 1);
        Assert.Contains(pieces, p => p.Contains("\"" + new string('a', 150) + ", b<c, (d)\"", System.StringComparison.Ordinal));
        Assert.DoesNotContain("<\n<", joined, System.StringComparison.Ordinal);
        Assert.DoesNotContain("<\n=", joined, System.StringComparison.Ordinal);
        Assert.Single(pieces, p => p.Contains("//", System.StringComparison.Ordinal));
        Assert.EndsWith("// c, d(", pieces[^1], System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_inputs_give_byte_identical_output()
    {
        var text = File.ReadAllText(TestPaths.FocusedCatalog("arguments.mcp.json"));
        var first = Pipeline.RunStrict(Pipeline.ClientSource("arguments"), ("a/arguments.mcp.json", text));
        var second = Pipeline.RunStrict(Pipeline.ClientSource("arguments"), ("a/arguments.mcp.json", text));

        Assert.Equal(first.Source("TestClient.McpClient.g.cs"), second.Source("TestClient.McpClient.g.cs"));
        Assert.Equal(first.Source("ArgumentsWire.Types.g.cs"), second.Source("ArgumentsWire.Types.g.cs"));
    }

    [Fact]
    public void Two_clients_of_one_catalog_in_one_namespace_share_one_types_file()
    {
        var path = TestPaths.FocusedCatalog("results.mcp.json");
        var source = Pipeline.ClientSource("results", "FirstClient") + "\n/// <summary>Second.</summary>\n[McpClient(\"results\")] public partial class SecondClient;\n";
        var run = Pipeline.RunStrict(source, (path, File.ReadAllText(path)));

        var hints = run.Generator.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "Consumer.FirstClient.Embedded.g.cs", "Consumer.FirstClient.McpClient.g.cs", "Consumer.ResultsWire.Types.g.cs", "Consumer.SecondClient.Embedded.g.cs", "Consumer.SecondClient.McpClient.g.cs" }, hints);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void A_client_in_the_global_namespace_compiles()
    {
        var path = TestPaths.FocusedCatalog("results.mcp.json");
        var source = "using TypedMcp;\n/// <summary>Global.</summary>\n[McpClient(\"results\")] public partial class GlobalClient;\n";
        var run = Pipeline.RunStrict(source, (path, File.ReadAllText(path)));

        Assert.Contains(run.Generator.GeneratedSources, s => s.HintName == "GlobalClient.McpClient.g.cs");
        Assert.Empty(run.CompilationProblems());
    }
}

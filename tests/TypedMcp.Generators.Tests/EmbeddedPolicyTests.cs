using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMcp.Generators.Generation;
using TypedMcp.TestSupport;
using PolicyAnalyzer = TypedMcp.Generators.Analyzers.PolicyAnalyzer;

namespace TypedMcp.Generators.Tests;

/// <summary>The embedded-data branch: which policy file is compiled into a client, what is emitted, what is cached.</summary>
public sealed class EmbeddedPolicyTests
{
    private const string Client = """
        namespace Shop;

        [TypedMcp.McpClient("odoo")]
        public partial class OdooClient;
        """;

    private const string SharedPolicy = """{ "version": "1", "default": "allow" }""";
    private const string OdooPolicy = """{ "version": "1", "default": "deny" }""";

    // A catalog whose file name (odoo) differs from its server name (odoo-claude-mcp); [McpClient] may use either.
    private const string CatalogPath = "/src/catalog/odoo.mcp.json";
    private const string Catalog = """
        {
          "server": { "name": "odoo-claude-mcp" },
          "tools": [
            {
              "name": "delete_records",
              "description": "Deletes records of a model.",
              "inputSchema": { "type": "object", "properties": { "model": { "type": "string" } }, "required": ["model"] }
            }
          ]
        }
        """;

    [Fact]
    public void The_policy_json_text_is_compiled_into_the_client_with_an_options_constructor()
    {
        var run = Run(Client, ("/src/policy.json", SharedPolicy));

        var source = Assert.Single(run.Sources, s => s.HintName.EndsWith(".Embedded.g.cs", StringComparison.Ordinal));
        Assert.Equal("Shop.OdooClient.Embedded.g.cs", source.HintName);
        Assert.Contains("partial class OdooClient : global::TypedMcp.McpClientBase", source.Text, StringComparison.Ordinal);
        Assert.Contains("protected override string? BuiltInPolicyJson => \"{ \\\"version\\\": \\\"1\\\", \\\"default\\\": \\\"allow\\\" }\";", source.Text, StringComparison.Ordinal);
        Assert.Contains("protected override string? BuiltInPolicyPath => \"policy.json\";", source.Text, StringComparison.Ordinal);
        Assert.Contains("public OdooClient(global::ModelContextProtocol.Client.McpClient client, global::TypedMcp.TypedMcpClientOptions options)", source.Text, StringComparison.Ordinal);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void The_input_schemas_of_the_clients_catalog_are_compiled_in_for_run_time_validation()
    {
        var run = Run(Client, (CatalogPath, Catalog), ("/src/policy.json", SharedPolicy));
        var withoutCatalog = Run(withCatalog: false, Client, ("/src/policy.json", SharedPolicy));

        Assert.Contains("protected override string? InputSchemasJson => \"{\\\"delete_records\\\":{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"model\\\":{\\\"type\\\":\\\"string\\\"}},\\\"required\\\":[\\\"model\\\"]}}\";", run.Embedded, StringComparison.Ordinal);
        Assert.DoesNotContain("InputSchemasJson", withoutCatalog.Embedded, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalogs_own_policy_file_wins_over_policy_json()
    {
        // No catalog: the server is the attribute's argument (the client branch reports the missing catalog).
        var run = Run(withCatalog: false, Client, ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", OdooPolicy), ("/src/gmail.policy.json", SharedPolicy));

        var text = run.Embedded;
        Assert.Contains("\\\"default\\\": \\\"deny\\\"", text, StringComparison.Ordinal);
        Assert.Contains("BuiltInPolicyPath => \"odoo.policy.json\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_naming_its_catalog_by_file_name_gets_the_policy_file_of_the_catalogs_server_name()
    {
        var run = Run(Client, (CatalogPath, Catalog), ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", SharedPolicy), ("/src/odoo-claude-mcp.policy.json", OdooPolicy));

        var text = run.Embedded;
        Assert.Contains("BuiltInPolicyPath => \"odoo-claude-mcp.policy.json\"", text, StringComparison.Ordinal);
        Assert.Contains("\\\"default\\\": \\\"deny\\\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_without_a_server_object_is_named_by_its_file_so_the_file_names_policy_applies()
    {
        var catalog = """{ "tools": [] }""";
        var run = Run(Client, (CatalogPath, catalog), ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", OdooPolicy));

        Assert.Contains("BuiltInPolicyPath => \"odoo.policy.json\"", run.Embedded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_analyzer_and_the_embedded_policy_choose_the_same_file_when_the_client_names_its_catalog_by_file_name()
    {
        var files = new AdditionalText[]
        {
            new InMemoryAdditionalText(CatalogPath, Catalog),
            new InMemoryAdditionalText("/src/policy.json", SharedPolicy),
            new InMemoryAdditionalText("/src/odoo.policy.json", SharedPolicy),
            new InMemoryAdditionalText("/src/odoo-claude-mcp.policy.json", OdooPolicy),
        };
        var source = Client + """

            public static class Caller
            {
                public static async System.Threading.Tasks.Task RunAsync(OdooClient odoo)
                {
                    await odoo.DeleteRecordsAsync("res.partner");
                    await odoo.CallToolAsync("delete_records");
                }
            }
            """;
        var run = Pipeline.Run(Pipeline.Compilation(source), files, analyze: true);
        var output = run.Output;
        Assert.DoesNotContain(output.GetDiagnostics().Concat(run.GeneratorDiagnostics), d => d.Severity == DiagnosticSeverity.Error);

        // Run time: the policy compiled into the client.
        var type = output.GetTypeByMetadataName("Shop.OdooClient")!;
        var property = (IPropertySymbol)type.GetMembers("BuiltInPolicyPath").Single();
        var syntax = (Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax)property.DeclaringSyntaxReferences.Single().GetSyntax();
        var embedded = (string)output.GetSemanticModel(syntax.SyntaxTree).GetConstantValue(syntax.ExpressionBody!.Expression).Value!;

        // Compile time: the file the analyzer decided both calls with (default deny: both are reported).
        await Task.CompletedTask;
        var decided = run.AnalyzerDiagnostics.Where(d => d.Properties.ContainsKey(PolicyAnalyzer.PolicyPathProperty)).ToList();

        Assert.Equal("odoo-claude-mcp.policy.json", embedded);
        Assert.Equal(2, decided.Count);
        Assert.All(decided, d => Assert.Equal("/src/" + embedded, d.Properties[PolicyAnalyzer.PolicyPathProperty]));
    }

    [Fact]
    public void Of_two_files_with_the_same_role_the_first_by_path_is_used()
    {
        var run = Run(Client, ("/src/b/policy.json", OdooPolicy), ("/src/a/policy.json", SharedPolicy));

        Assert.Contains("\\\"default\\\": \\\"allow\\\"", run.Embedded, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_policy_file_only_the_constructor_is_emitted()
    {
        var run = Run(Client, ("/src/settings.json", "{}"));

        var text = run.Embedded;
        Assert.DoesNotContain("BuiltInPolicyJson", text, StringComparison.Ordinal);
        Assert.Contains("TypedMcpClientOptions options", text, StringComparison.Ordinal);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void A_class_that_is_not_partial_gets_nothing_and_is_reported_once()
    {
        var run = Run(withCatalog: true, """
            [TypedMcp.McpClient("odoo")]
            public class OdooClient : TypedMcp.McpClientBase { public OdooClient(ModelContextProtocol.Client.McpClient c) : base(c) { } }
            """, ("/src/policy.json", SharedPolicy));

        Assert.Empty(run.Sources);
        Assert.Equal("TMCP0012", Assert.Single(run.Errors).Id);
    }

    [Fact]
    public void Policy_text_with_quotes_backslashes_and_line_separators_round_trips_through_the_literal()
    {
        var policy = "{ \"version\": \"1\", \"default\": \"allow\", \"tools\": { \"x\": { \"reason\": \"a \\\\ b \\\" c \u2028 d\\te\" } } }\r\n";
        var run = Run(Client, ("/src/policy.json", policy));

        Assert.Empty(run.Errors);
        var type = run.Output.GetTypeByMetadataName("Shop.OdooClient")!;
        var property = (IPropertySymbol)type.GetMembers("BuiltInPolicyJson").Single();
        var syntax = (Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax)property.DeclaringSyntaxReferences.Single().GetSyntax();
        var literal = run.Output.GetSemanticModel(syntax.SyntaxTree).GetConstantValue(syntax.ExpressionBody!.Expression);
        Assert.Equal(policy, literal.Value);
    }

    [Fact]
    public void A_catalog_edit_that_keeps_the_server_name_is_served_from_the_cache_and_a_server_rename_is_not()
    {
        var catalog = new InMemoryAdditionalText(CatalogPath, Catalog);
        var files = new AdditionalText[] { catalog, new InMemoryAdditionalText("/src/policy.json", SharedPolicy), new InMemoryAdditionalText("/src/odoo-claude-mcp.policy.json", OdooPolicy) };
        var compilation = Pipeline.Compilation(Client);
        var driver = Pipeline.Run(Pipeline.Driver(files), compilation).Driver;

        var described = catalog.WithText(Catalog.Replace("Deletes records of a model.", "Deletes records.", StringComparison.Ordinal));
        var kept = Pipeline.Run(driver.ReplaceAdditionalText(catalog, described), compilation);
        var renamed = Pipeline.Run(kept.Driver.ReplaceAdditionalText(described, described.WithText(Catalog.Replace("odoo-claude-mcp", "odoo-next", StringComparison.Ordinal))), compilation);

        Assert.All(kept.StepReasons(new[] { TrackingNames.EmbeddedData }), r => Assert.Equal(IncrementalStepRunReason.Cached, r.Reason));
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, renamed.StepReasons(new[] { TrackingNames.EmbeddedData }).Select(r => r.Reason));
        Assert.Contains("BuiltInPolicyPath => \"policy.json\"", renamed.Source("OdooClient.Embedded.g.cs"), StringComparison.Ordinal);
    }

    // The client's catalog unless a test passes its own (or none): without one the client branch reports TMCP0006.
    private static EmbeddedRun Run(string source, params (string Path, string Text)[] files) => Run(withCatalog: !files.Any(f => f.Path == CatalogPath), source, files);

    private static EmbeddedRun Run(bool withCatalog, string source, params (string Path, string Text)[] files)
    {
        var all = withCatalog ? files.Append((CatalogPath, Catalog)).ToArray() : files;
        var run = Pipeline.Run(Pipeline.Compilation(source), Pipeline.Files(all));
        var errors = run.All().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new EmbeddedRun(run.Sources(), errors, run.Output);
    }

    private sealed record EmbeddedRun(IReadOnlyList<(string HintName, string Text)> Sources, List<Diagnostic> Errors, Compilation Output)
    {
        public string Embedded => Assert.Single(Sources, s => s.HintName.EndsWith(".Embedded.g.cs", StringComparison.Ordinal)).Text;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using McpClientGenerator = TypedMcp.Generators.Generation.McpClientGenerator;
using PolicyAnalyzer = TypedMcp.Generators.Analyzers.PolicyAnalyzer;
using PolicyEmbeddingGenerator = TypedMcp.Generators.Generation.PolicyEmbedding.PolicyEmbeddingGenerator;

namespace TypedMcp.Runtime.Tests;

/// <summary>PolicyEmbeddingGenerator driven by CSharpGeneratorDriver: which file, what is emitted, what is cached.</summary>
public sealed class PolicyEmbeddingGeneratorTests
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

        var source = Assert.Single(run.Sources);
        Assert.Equal("Shop.OdooClient.Policy.g.cs", source.HintName);
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
        var withoutCatalog = Run(Client, ("/src/policy.json", SharedPolicy));

        var text = run.Sources.Single(s => s.HintName == "Shop.OdooClient.Policy.g.cs").Text;
        Assert.Contains("protected override string? InputSchemasJson => \"{\\\"delete_records\\\":{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"model\\\":{\\\"type\\\":\\\"string\\\"}},\\\"required\\\":[\\\"model\\\"]}}\";", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InputSchemasJson", Assert.Single(withoutCatalog.Sources).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalogs_own_policy_file_wins_over_policy_json()
    {
        var run = Run(Client, ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", OdooPolicy), ("/src/gmail.policy.json", SharedPolicy));

        var text = Assert.Single(run.Sources).Text;
        Assert.Contains("\\\"default\\\": \\\"deny\\\"", text, StringComparison.Ordinal);
        Assert.Contains("BuiltInPolicyPath => \"odoo.policy.json\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_naming_its_catalog_by_file_name_gets_the_policy_file_of_the_catalogs_server_name()
    {
        var run = Run(Client, (CatalogPath, Catalog), ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", SharedPolicy), ("/src/odoo-claude-mcp.policy.json", OdooPolicy));

        var text = Assert.Single(run.Sources).Text;
        Assert.Contains("BuiltInPolicyPath => \"odoo-claude-mcp.policy.json\"", text, StringComparison.Ordinal);
        Assert.Contains("\\\"default\\\": \\\"deny\\\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_without_a_server_object_is_named_by_its_file_so_the_file_names_policy_applies()
    {
        var catalog = """{ "tools": [] }""";
        var run = Run(Client, (CatalogPath, catalog), ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", OdooPolicy));

        Assert.Contains("BuiltInPolicyPath => \"odoo.policy.json\"", Assert.Single(run.Sources).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_analyzer_and_the_embedded_policy_choose_the_same_file_when_the_client_names_its_catalog_by_file_name()
    {
        var files = new AdditionalText[]
        {
            new InMemoryText(CatalogPath, Catalog),
            new InMemoryText("/src/policy.json", SharedPolicy),
            new InMemoryText("/src/odoo.policy.json", SharedPolicy),
            new InMemoryText("/src/odoo-claude-mcp.policy.json", OdooPolicy),
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
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new McpClientGenerator().AsSourceGenerator(), new PolicyEmbeddingGenerator().AsSourceGenerator() }, files, Parse, null);
        driver.RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out var generatorDiagnostics);
        Assert.DoesNotContain(output.GetDiagnostics().Concat(generatorDiagnostics), d => d.Severity == DiagnosticSeverity.Error);

        // Run time: the policy compiled into the client.
        var type = output.GetTypeByMetadataName("Shop.OdooClient")!;
        var property = (IPropertySymbol)type.GetMembers("BuiltInPolicyPath").Single();
        var syntax = (Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax)property.DeclaringSyntaxReferences.Single().GetSyntax();
        var embedded = (string)output.GetSemanticModel(syntax.SyntaxTree).GetConstantValue(syntax.ExpressionBody!.Expression).Value!;

        // Compile time: the file the analyzer decided both calls with (default deny: both are reported).
        var analyzed = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PolicyAnalyzer()), new AnalyzerOptions(files.ToImmutableArray()))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var decided = analyzed.Where(d => d.Properties.ContainsKey(PolicyAnalyzer.PolicyPathProperty)).ToList();

        Assert.Equal("odoo-claude-mcp.policy.json", embedded);
        Assert.Equal(2, decided.Count);
        Assert.All(decided, d => Assert.Equal("/src/" + embedded, d.Properties[PolicyAnalyzer.PolicyPathProperty]));
    }

    [Fact]
    public void Of_two_files_with_the_same_role_the_first_by_path_is_used()
    {
        var run = Run(Client, ("/src/b/policy.json", OdooPolicy), ("/src/a/policy.json", SharedPolicy));

        Assert.Contains("\\\"default\\\": \\\"allow\\\"", Assert.Single(run.Sources).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_policy_file_only_the_constructor_is_emitted()
    {
        var run = Run(Client, ("/src/settings.json", "{}"));

        var text = Assert.Single(run.Sources).Text;
        Assert.DoesNotContain("BuiltInPolicyJson", text, StringComparison.Ordinal);
        Assert.Contains("TypedMcpClientOptions options", text, StringComparison.Ordinal);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void A_class_that_is_not_partial_gets_nothing_so_only_the_client_generator_reports_it()
    {
        var run = Run("""
            [TypedMcp.McpClient("odoo")]
            public class OdooClient : TypedMcp.McpClientBase { public OdooClient(ModelContextProtocol.Client.McpClient c) : base(c) { } }
            """, ("/src/policy.json", SharedPolicy));

        Assert.Empty(run.Sources);
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
    public void An_unrelated_edit_is_served_from_the_cache_and_a_policy_edit_is_not()
    {
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        var policy = new InMemoryText("/src/policy.json", SharedPolicy);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new PolicyEmbeddingGenerator().AsSourceGenerator() }, new AdditionalText[] { policy }, Parse, null, options);
        var compilation = Compile(Client);
        driver = driver.RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", Parse)));
        var unrelated = driver.GetRunResult().Results[0].TrackedSteps["PolicyEmbeddingEmbeddedPolicies"].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

        driver = driver.ReplaceAdditionalText(policy, new InMemoryText("/src/policy.json", OdooPolicy));
        driver = driver.RunGenerators(compilation);
        var edited = driver.GetRunResult().Results[0].TrackedSteps["PolicyEmbeddingEmbeddedPolicies"].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

        Assert.Equal(new[] { IncrementalStepRunReason.Cached }, unrelated);
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, edited);
    }

    [Fact]
    public void A_catalog_edit_that_keeps_the_server_name_is_served_from_the_cache_and_a_server_rename_is_not()
    {
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        var catalog = new InMemoryText(CatalogPath, Catalog);
        var files = new AdditionalText[] { catalog, new InMemoryText("/src/policy.json", SharedPolicy), new InMemoryText("/src/odoo-claude-mcp.policy.json", OdooPolicy) };
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new PolicyEmbeddingGenerator().AsSourceGenerator() }, files, Parse, null, options);
        var compilation = Compile(Client);
        driver = driver.RunGenerators(compilation);

        var described = new InMemoryText(CatalogPath, Catalog.Replace("Deletes records of a model.", "Deletes records.", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(catalog, described).RunGenerators(compilation);
        var kept = Reasons(driver, "PolicyEmbeddingEmbeddedPolicies");

        driver = driver.ReplaceAdditionalText(described, new InMemoryText(CatalogPath, Catalog.Replace("odoo-claude-mcp", "odoo-next", StringComparison.Ordinal))).RunGenerators(compilation);
        var renamed = Reasons(driver, "PolicyEmbeddingEmbeddedPolicies");

        Assert.Equal(new[] { IncrementalStepRunReason.Cached }, kept);
        Assert.Equal(new[] { IncrementalStepRunReason.Modified }, renamed);
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step)
        => driver.GetRunResult().Results[0].TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    private static CSharpCompilation Compile(string source)
    {
        var references = Basic.Reference.Assemblies.Net100.References.All.ToList<MetadataReference>();
        references.Add(MetadataReference.CreateFromFile(typeof(McpClientBase).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(TypedMcp.Policy.PolicyDocument).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Client.McpClient).Assembly.Location));
        return CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText(source, Parse) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static GeneratorRun Run(string source, params (string Path, string Text)[] files)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new PolicyEmbeddingGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)), Parse, null);
        driver = driver.RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out var diagnostics);
        var sources = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        var errors = output.GetDiagnostics().Concat(diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new GeneratorRun(sources, errors, output);
    }

    private sealed record GeneratorRun(List<(string HintName, string Text)> Sources, List<Diagnostic> Errors, Compilation Output);

    private sealed class InMemoryText : AdditionalText
    {
        private readonly string _text;

        public InMemoryText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}

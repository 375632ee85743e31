extern alias Generators;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PolicyEmbeddingGenerator = Generators::TypedMcp.Generators.Generation.PolicyEmbedding.PolicyEmbeddingGenerator;

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
    public void The_catalogs_own_policy_file_wins_over_policy_json()
    {
        var run = Run(Client, ("/src/policy.json", SharedPolicy), ("/src/odoo.policy.json", OdooPolicy), ("/src/gmail.policy.json", SharedPolicy));

        var text = Assert.Single(run.Sources).Text;
        Assert.Contains("\\\"default\\\": \\\"deny\\\"", text, StringComparison.Ordinal);
        Assert.Contains("BuiltInPolicyPath => \"odoo.policy.json\"", text, StringComparison.Ordinal);
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

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    private static CSharpCompilation Compile(string source)
    {
        var references = Basic.Reference.Assemblies.Net100.References.All.ToList<MetadataReference>();
        references.Add(MetadataReference.CreateFromFile(typeof(McpClientBase).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(TypedMcp.Model.Policy.PolicyDocument).Assembly.Location));
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

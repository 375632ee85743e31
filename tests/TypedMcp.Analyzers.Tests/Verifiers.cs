using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using TypedMcp.TestSupport;
using PolicyAnalyzer = TypedMcp.Generators.Analyzers.PolicyAnalyzer;
using AllowToolFix = TypedMcp.CodeFixes.AllowToolInPolicyCodeFixProvider;

namespace TypedMcp.Analyzers.Tests;

/// <summary>Shared setup of the analyzer and code fix tests: reference assemblies, TypedMcp and the MCP SDK.</summary>
internal static class TestSetup
{
    /// <summary>The path policy.json gets in the test project.</summary>
    public const string PolicyPath = "/0/policy.json";

    /// <summary>
    /// No downloaded reference pack: the .NET 10 reference assemblies come from Basic.Reference.Assemblies (offline),
    /// added with <see cref="TypedMcpReferences"/>.
    /// </summary>
    public static readonly ReferenceAssemblies Net10 = new("net10.0");

    /// <summary>TypedMcp, its model and the MCP SDK, as the test compilations reference them.</summary>
    public static IEnumerable<MetadataReference> TypedMcpReferences() => TestReferences.TypedMcp;

    /// <summary>Hand-written code shaped like the generator's output: a client with [McpServer] and [McpTool]/[McpArgument] methods.</summary>
    public const string OdooClient = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedMcp;

        namespace Probe
        {
            public enum ExportFormat
            {
                [System.Text.Json.Serialization.JsonStringEnumMemberName("csv")] Csv,
                [System.Text.Json.Serialization.JsonStringEnumMemberName("json")] Json,
            }

            /// <summary>Tools of no server: the shared policy.json decides them.</summary>
            public class FakeMail
            {
                [McpTool("google_gmail_send")]
                public Task SendMailAsync([McpArgument("to")] string to, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }

            [McpServer("odoo-claude-mcp")]
            public sealed class FakeOdoo : FakeMail
            {
                [McpTool("odoo_unlink")]
                public Task UnlinkAsync([McpArgument("model")] string model, [McpArgument("ids")] int[] ids, CancellationToken cancellationToken = default) => Task.CompletedTask;

                [McpTool("odoo_execute", RiskCategory.Execute, RiskLevel.High)]
                public Task ExecuteAsync([McpArgument("model")] string model, [McpArgument("method")] string method, [McpArgument("limit")] int? limit = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

                [McpTool("ai_usage_log_export")]
                public Task UsageLogExportAsync([McpArgument("format")] ExportFormat format = ExportFormat.Json, [McpArgument("dry_run")] bool dryRun = false, CancellationToken cancellationToken = default) => Task.CompletedTask;

                [McpTool("odoo_write")]
                public Task WriteAsync([McpArgument("model")] string model, [McpArgument("count")] long count, CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
        }
        """;
}

/// <summary>Runs the policy analyzer over C# sources and a policy.json, both with markup.</summary>
internal sealed class AnalyzerTest : CSharpAnalyzerTest<PolicyAnalyzer, DefaultVerifier>
{
    public AnalyzerTest(string source, string? policy, bool withClient = true)
    {
        ReferenceAssemblies = TestSetup.Net10;
        TestState.Sources.Add(source);
        if (withClient) { TestState.Sources.Add(("FakeOdoo.cs", TestSetup.OdooClient)); }
        if (policy is not null) { TestState.AdditionalFiles.Add((TestSetup.PolicyPath, policy)); }
        TestState.AdditionalReferences.AddRange(TestSetup.TypedMcpReferences());
    }
}

/// <summary>Runs the analyzer and the "Allow tool" code fix; the fixed state holds the edited policy.json.</summary>
internal sealed class CodeFixTest : CSharpCodeFixTest<PolicyAnalyzer, AllowToolFix, DefaultVerifier>
{
    public CodeFixTest(string source, string policy, string fixedPolicy, string fixedSource)
    {
        ReferenceAssemblies = TestSetup.Net10;
        TestState.Sources.Add(source);
        TestState.Sources.Add(("FakeOdoo.cs", TestSetup.OdooClient));
        TestState.AdditionalFiles.Add((TestSetup.PolicyPath, policy));
        TestState.AdditionalReferences.AddRange(TestSetup.TypedMcpReferences());
        FixedState.Sources.Add(fixedSource);
        FixedState.Sources.Add(("FakeOdoo.cs", TestSetup.OdooClient));
        FixedState.AdditionalFiles.Add((TestSetup.PolicyPath, fixedPolicy));
        FixedState.AdditionalReferences.AddRange(TestSetup.TypedMcpReferences());
    }
}

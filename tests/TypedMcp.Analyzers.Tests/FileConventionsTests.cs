using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using TypedMcp.TestSupport;
using AllowToolFix = TypedMcp.CodeFixes.AllowToolInPolicyCodeFixProvider;
using PolicyAnalyzer = TypedMcp.Generators.Analyzers.PolicyAnalyzer;
using PolicyTextEditor = TypedMcp.CodeFixes.PolicyTextEditor;

namespace TypedMcp.Analyzers.Tests;

/// <summary>
/// The analyzer's, the code fix's and the MSBuild targets' side of the agreement table (TestSupport's
/// <see cref="FileTable"/>): the analyzer learns tool names from exactly the catalog rows and decides calls with
/// exactly the policy rows, scoped per server; the code fix edits the file the analyzer decided with; the package's
/// targets add exactly the rows the table marks.
/// </summary>
public sealed class FileConventionsTests
{
    private const string Caller = """
        public static class Caller
        {
            public static async System.Threading.Tasks.Task RunAsync(Probe.FakeOdoo odoo)
            {
                await odoo.UnlinkAsync("res.partner", new[] { 1 });
            }
        }
        """;

    private static ImmutableArray<Diagnostic> Analyze(FileRow row, params (string Path, string Text)[] files)
        => Pipeline.Analyze(Pipeline.Compilation(TestSetup.OdooClient, Caller), Pipeline.Files(files), FileTable.Options(row));

    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public void The_analyzer_learns_tool_names_from_exactly_the_catalog_rows(string id)
    {
        var row = FileTable.Row(id);
        if (row.Kind == FileKind.Policy) { return; }
        var policy = $$"""{ "version": "1", "default": "allow", "tools": { "{{row.ToolName}}": {} } }""";

        var diagnostics = Analyze(row, (FileTable.AbsolutePath(row), row.Text()), FileTable.GovernedCatalog, (FileTable.ProjectDirectory + "policy.json", policy));

        var unknown = diagnostics.Where(d => d.Id == "TMCP0208").ToList();
        // A catalog row's tool is known; a catalog row that is no valid catalog switches the check off; any other row's tool is unknown.
        if (row.Kind == FileKind.Catalog) { Assert.Empty(unknown); }
        else { Assert.Contains(row.ToolName, Assert.Single(unknown).GetMessage()); }
    }

    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public void The_analyzer_decides_with_a_policy_row_exactly_when_it_governs_the_server_and_scopes_its_tool_names(string id)
    {
        var row = FileTable.Row(id);
        if (row.Kind != FileKind.Policy) { return; }
        var path = FileTable.AbsolutePath(row);

        var diagnostics = Analyze(row, (path, FileTable.PolicyText), FileTable.GovernedCatalog, FileTable.OtherCatalog);

        Assert.Equal(FileTable.UnknownTools(row), diagnostics.Count(d => d.Id == "TMCP0208" && d.Location.GetLineSpan().Path == path));
        var denied = diagnostics.Where(d => d.Id == "TMCP0103").ToList();
        if (FileTable.Governs(row))
        {
            Assert.Equal(path, Assert.Single(denied).Properties[PolicyAnalyzer.PolicyPathProperty]);
        }
        else
        {
            Assert.Empty(denied);
            Assert.Contains(diagnostics, d => d.Id == "TMCP0110");
        }
    }

    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public async Task The_code_fix_edits_the_policy_row_the_analyzer_decided_with(string id)
    {
        var row = FileTable.Row(id);
        if (!FileTable.Governs(row)) { return; }
        var path = FileTable.AbsolutePath(row);
        var fixedPolicy = PolicyTextEditor.AllowTool(FileTable.PolicyText, FileTable.GovernedTool)!;
        var globalConfig = $"is_global = true\nbuild_property.ProjectDir = {FileTable.ProjectDirectory}\n";
        var test = new CSharpCodeFixTest<PolicyAnalyzer, AllowToolFix, DefaultVerifier> { ReferenceAssemblies = TestSetup.Net10 };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.Sources.Add(("FakeOdoo.cs", TestSetup.OdooClient));
            state.AdditionalFiles.Add(FileTable.GovernedCatalog);
            state.AdditionalFiles.Add(FileTable.OtherCatalog);
            state.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
            state.AdditionalReferences.AddRange(TestSetup.TypedMcpReferences());
            // "other_tool" is another server's tool: unknown to a policy of the governed server alone (line 6, column 5).
            if (FileTable.UnknownTools(row) == 1) { state.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0208", DiagnosticSeverity.Error).WithSpan(path, 6, 5, 6, 17)); }
        }

        test.TestState.Sources.Add(Caller.Replace("await odoo.UnlinkAsync(\"res.partner\", new[] { 1 });", "await {|TMCP0103:odoo.UnlinkAsync(\"res.partner\", new[] { 1 })|};", StringComparison.Ordinal));
        test.TestState.AdditionalFiles.Add((path, FileTable.PolicyText));
        test.FixedState.Sources.Add(Caller);
        test.FixedState.AdditionalFiles.Add((path, fixedPolicy));
        await test.RunAsync();
    }

    [Fact]
    public void The_package_targets_add_exactly_the_rows_the_table_marks()
    {
        var root = Path.Combine(Path.GetTempPath(), "typedmcp-conventions-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            foreach (var group in FileTable.Rows.Where(r => r.AddedByConvention is not null).GroupBy(r => r.CatalogFolder))
            {
                // The project folder lies inside a folder named "catalog": folders above the project never count.
                var project = Path.Combine(root, group.Key?.Replace('/', '-') ?? "default", "catalog", "app");
                foreach (var row in group)
                {
                    var file = Path.Combine(project, row.RelativePath.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, row.Text(FileTable.PolicyText));
                }

                var added = AdditionalFilesOf(project, group.Key);

                var expected = group.Where(r => r.AddedByConvention == true).Select(r => r.RelativePath).OrderBy(p => p, StringComparer.Ordinal).ToArray();
                Assert.Equal(expected, added);
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>What a real <c>dotnet msbuild -getItem:AdditionalFiles</c> evaluation of a project importing the package's props and targets gives.</summary>
    private static string[] AdditionalFilesOf(string projectDirectory, string? catalogFolder)
    {
        var src = RepoPaths.File("src/TypedMcp/buildTransitive");
        var folder = catalogFolder is null ? string.Empty : $"<TypedMcpCatalogFolder>{catalogFolder}</TypedMcpCatalogFolder>";
        var projectFile = Path.Combine(projectDirectory, "App.csproj");
        File.WriteAllText(projectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{src}/TypedMcp.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {folder}
              </PropertyGroup>
              <Import Project="{src}/TypedMcp.targets" />
            </Project>
            """);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = projectDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "msbuild", projectFile, "-nologo", "-getItem:AdditionalFiles" }) { start.ArgumentList.Add(a); }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed:\n{output}\n{stderr.Result}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Items").GetProperty("AdditionalFiles").EnumerateArray()
            .Select(i => i.GetProperty("Identity").GetString()!.Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
    }
}

using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests;

/// <summary>The generator's side of the agreement table (TestSupport's <see cref="FileTable"/>): it reads as catalogs and policies exactly the rows the rule names.</summary>
public sealed class FileConventionsTests
{
    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public void The_rule_classifies_the_row_as_the_table_says(string id)
    {
        var row = FileTable.Row(id);

        Assert.Equal((row.Kind, row.PolicyServer), FileTable.Classify(row));
    }

    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public void The_generator_reads_a_catalog_row_as_a_catalog_and_nothing_else(string id)
    {
        var row = FileTable.Row(id);
        if (row.Kind == FileKind.Policy) { return; }
        var path = FileTable.AbsolutePath(row);

        var run = Pipeline.Run(Pipeline.Compilation(Pipeline.ClientSource(row.CatalogServer)), Pipeline.Files((path, row.Text())), FileTable.Options(row));

        var client = run.Sources().Any(s => s.HintName.EndsWith("TestClient.McpClient.g.cs", StringComparison.Ordinal));
        var inFile = run.GeneratorDiagnostics.Where(d => d.Location.GetLineSpan().Path == path).Select(d => d.Id).ToArray();
        switch (row.Kind, row.Content)
        {
            case (FileKind.Catalog, RowContent.Catalog):
                Assert.True(client, $"{row}: no client was generated");
                Assert.Empty(run.GeneratorDiagnostics);
                break;
            case (FileKind.Catalog, _):
                // A catalog by its path whatever it holds: what is wrong with it is reported in it.
                Assert.Contains("TMCP0002", inFile);
                Assert.False(client);
                break;
            default:
                Assert.False(client, $"{row}: a client was generated from a file that is no catalog");
                Assert.Empty(inFile);
                Assert.Equal("TMCP0006", Assert.Single(run.GeneratorDiagnostics).Id);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public void The_generator_embeds_a_policy_row_exactly_when_it_governs_the_clients_server(string id)
    {
        var row = FileTable.Row(id);
        var files = Pipeline.Files(FileTable.GovernedCatalog, (FileTable.AbsolutePath(row), row.Text(FileTable.PolicyText)));

        var run = Pipeline.Run(Pipeline.Compilation(Pipeline.ClientSource(FileTable.GovernedServer)), files, FileTable.Options(row));

        var embedded = run.Source("TestClient.Embedded.g.cs");
        var fileName = FileTable.AbsolutePath(row).Split('/', '\\').Last();
        if (FileTable.Governs(row)) { Assert.Contains($"BuiltInPolicyPath => \"{fileName}\"", embedded, StringComparison.Ordinal); }
        else { Assert.DoesNotContain("BuiltInPolicyPath", embedded, StringComparison.Ordinal); }
    }
}

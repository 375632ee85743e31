using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using TypedMcp.Catalog;
using TypedMcp.Corpus.Tests.Infrastructure;
using TypedMcp.Typing;

namespace TypedMcp.Corpus.Tests;

/// <summary>
/// How much of the corpus is typed: at most 3 % of all parameters are free-form JSON, only where the schema allows any
/// JSON, and docs/schema-mapping.md lists the numbers per server (this test keeps that table true;
/// <c>TYPEDMCP_UPDATE_DOCS=1</c> rewrites it).
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class CorpusTypingTests
{
    private const string Start = "<!-- corpus-table:start -->";
    private const string End = "<!-- corpus-table:end -->";

    private readonly CorpusFixture _corpus;

    public CorpusTypingTests(CorpusFixture corpus) => _corpus = corpus;

    private sealed record ServerTyping(CorpusServer Server, int Tools, int Parameters, IReadOnlyList<(string Parameter, string Reason)> FreeForm, int Places, int TypedResults);

    private IReadOnlyList<ServerTyping> Typing()
    {
        var list = new List<ServerTyping>();
        foreach (var server in CorpusServers.All)
        {
            var path = _corpus.CatalogPath(server.Id);
            Assert.True(File.Exists(path), $"{server.Id} was not imported:\n{_corpus.Import.Err}");
            var parsed = CatalogParser.Parse(File.ReadAllText(path), path);
            var typing = CatalogTyping.Analyze(parsed.Catalog!, new SchemaShapes(path));
            var free = new List<(string, string)>();
            foreach (var tool in typing)
            {
                foreach (var p in tool.Parameters.Where(p => CatalogTyping.IsFreeForm(p.Shape)))
                {
                    var site = tool.Sites.First(s => s.Path == p.Name || s.Path.StartsWith(p.Name + "[", StringComparison.Ordinal) || s.Path.StartsWith(p.Name + "{", StringComparison.Ordinal));
                    free.Add((tool.Tool.Name + "." + p.Name, site.Reason));
                }
            }

            list.Add(new ServerTyping(server, typing.Count, typing.Sum(t => t.Parameters.Count), free, typing.Sum(t => t.Sites.Count),
                typing.Count(t => t.Result is { Kind: not ShapeKind.Any })));
        }

        return list;
    }

    [Fact]
    public void At_most_3_percent_of_all_parameters_are_free_form_JSON_and_only_where_the_schema_allows_any_JSON()
    {
        var typing = Typing();
        var parameters = typing.Sum(t => t.Parameters);
        var free = typing.SelectMany(t => t.FreeForm).ToList();
        Assert.True(free.Count * 100 <= parameters * 3, $"{free.Count} of {parameters} parameters are JsonElement:\n{string.Join("\n", free.Select(f => $"  {f.Parameter}: {f.Reason}"))}");

        // Never a fallback: every JsonElement is there because the schema says "any JSON" here.
        var fallbacks = free.Where(f => f.Reason.Contains("not followed", StringComparison.Ordinal) || f.Reason.Contains("contradict", StringComparison.Ordinal)).ToList();
        Assert.True(fallbacks.Count == 0, string.Join("\n", fallbacks));
    }

    [Fact]
    public void The_per_server_table_in_schema_mapping_md_matches_the_corpus()
    {
        var table = Table(Typing());
        var doc = DocPath();
        var text = File.ReadAllText(doc).Replace("\r\n", "\n");
        var a = text.IndexOf(Start, StringComparison.Ordinal);
        var b = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, $"{doc} has no {Start} ... {End} section");
        var current = text.Substring(a + Start.Length, b - a - Start.Length).Trim('\n');
        if (Environment.GetEnvironmentVariable("TYPEDMCP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(doc, text.Substring(0, a + Start.Length) + "\n" + table + "\n" + text.Substring(b), new UTF8Encoding(false));
            return;
        }

        Assert.True(CorpusServers.Restriction is null, "the table covers the whole corpus; unset TYPEDMCP_CORPUS");
        Assert.Equal(table, current);
    }

    private static string Table(IReadOnlyList<ServerTyping> typing)
    {
        var sb = new StringBuilder();
        sb.Append("| server | package | domain | tools | parameters | `JsonElement` parameters | why | other free-form places | typed results |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var t in typing)
        {
            var why = t.FreeForm.Count == 0 ? "-" : string.Join("; ", t.FreeForm.GroupBy(f => Short(f.Reason)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()}× {g.Key} ({string.Join(", ", g.Select(f => "`" + f.Parameter + "`").Take(3))}{(g.Count() > 3 ? ", …" : string.Empty)})"));
            sb.Append(CultureInfo.InvariantCulture, $"| {t.Server.Id} | `{t.Server.Package}@{t.Server.Version}` | {t.Server.Domain} | {t.Tools} | {t.Parameters} | {t.FreeForm.Count} | {why} | {t.Places - t.FreeForm.Count} | {t.TypedResults} |\n");
        }

        var tools = typing.Sum(t => t.Tools);
        var parameters = typing.Sum(t => t.Parameters);
        var free = typing.Sum(t => t.FreeForm.Count);
        var percent = (free * 100.0 / parameters).ToString("0.0", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"| **total** | | | **{tools}** | **{parameters}** | **{free} ({percent} %)** | | **{typing.Sum(t => t.Places - t.FreeForm.Count)}** | **{typing.Sum(t => t.TypedResults)}** |");
        return sb.ToString();
    }

    // The reason's gist for the table.
    private static string Short(string reason) =>
        reason.Contains("no \"properties\"", StringComparison.Ordinal) ? "object without properties"
        : reason.Contains("no \"type\"", StringComparison.Ordinal) ? "no type"
        : reason.Contains("\"items\" are not described", StringComparison.Ordinal) ? "array items not described"
        : reason.Contains("accepts any JSON value", StringComparison.Ordinal) ? "an alternative accepts any JSON"
        : reason.Contains("only null", StringComparison.Ordinal) ? "only null"
        : reason;

    private static string DocPath([CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            var doc = Path.Combine(dir.FullName, "docs", "schema-mapping.md");
            if (File.Exists(doc)) { return doc; }
        }

        throw new InvalidOperationException("docs/schema-mapping.md not found above " + source);
    }
}

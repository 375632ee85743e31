using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TypedMcp.Catalog;
using TypedMcp.Json;
using TypedMcp.Risk;
using TypedMcp.Model.Tests.CatalogContent;

namespace TypedMcp.Model.Tests.Risk;

/// <summary>One labelled tool of a real server: what the classifier reads, and the category a person gave it.</summary>
/// <param name="Server">The server id (file name without extension).</param>
/// <param name="Name">The tool's wire name.</param>
/// <param name="Description">The description the classifier reads (our own words).</param>
/// <param name="InputSchema">The input schema (property names and types only for third-party servers).</param>
/// <param name="Annotations">The MCP annotations the server declares, or null.</param>
/// <param name="Label">The category a person gave the tool after reading it.</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="PolicyLayer">The category PolicyLayer publishes for the tool, when one was found.</param>
internal sealed record LabelledTool(
    string Server, string Name, string? Description, LocatedJsonNode? InputSchema, LocatedJsonNode? Annotations,
    RiskCategory Label, string Reason, RiskCategory? PolicyLayer);

/// <summary>
/// The labelled corpus in <c>Risk/LabelledCorpus</c>: one file per real server. The Odoo Claude MCP file labels the
/// shipped catalog's tools (descriptions and schemas come from the catalog); the third-party files carry the tools'
/// names, annotations and input property names from their <c>tools/list</c>, with descriptions paraphrased.
/// </summary>
internal static class LabelledCorpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Risk", "LabelledCorpus");

    public static IReadOnlyList<string> Files()
        => System.IO.Directory.GetFiles(Directory, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<LabelledTool> Load()
    {
        var tools = new List<LabelledTool>();
        foreach (var file in Files())
        {
            var root = LocatedJsonReader.Parse(File.ReadAllText(file));
            var server = root["server"]!.AsString()!;
            Dictionary<string, LocatedJsonNode>? catalog = null;
            if (root["catalog"]?.AsString() is { } catalogPath)
            {
                var doc = CatalogFiles.Load(CatalogFiles.OutputPath(Path.GetFileName(catalogPath)));
                catalog = doc["tools"]!.Items.ToDictionary(t => t["name"]!.AsString()!, StringComparer.Ordinal);
            }

            foreach (var t in root["tools"]!.Items)
            {
                var name = t["name"]!.AsString()!;
                string? description;
                LocatedJsonNode? schema, annotations;
                if (catalog is not null)
                {
                    if (!catalog.TryGetValue(name, out var ct)) { throw new InvalidDataException($"{file}: {name} is not in the catalog"); }
                    description = ct["description"]?.AsString();
                    schema = ct["inputSchema"];
                    annotations = ct["annotations"];
                }
                else
                {
                    description = t["description"]?.AsString();
                    annotations = t["annotations"];
                    var props = new List<LocatedJsonProperty>();
                    foreach (var p in t["inputs"]?.Properties ?? Array.Empty<LocatedJsonProperty>())
                    {
                        var type = p.Value.AsString();
                        props.Add(new LocatedJsonProperty(p.Name, string.IsNullOrEmpty(type) ? LocatedJsonNode.Object() : LocatedJsonNode.Object(("type", LocatedJsonNode.String(type!)))));
                    }

                    schema = LocatedJsonNode.Object(("type", LocatedJsonNode.String("object")), ("properties", LocatedJsonNode.Object(props)));
                }

                tools.Add(new LabelledTool(server, name, description, schema, annotations,
                    Category(t["label"]?.AsString(), file, name),
                    t["reason"]?.AsString() ?? string.Empty,
                    t["policyLayer"]?.AsString() is { } pl ? Category(pl, file, name) : null));
            }
        }

        return tools;
    }

    /// <summary>Per-category agreement as a table, with every disagreement listed after it.</summary>
    public static string Report(IReadOnlyList<(LabelledTool Tool, RiskAssessment Verdict)> rows, Func<LabelledTool, RiskCategory?> expected, string title)
        => title + "\n" + Table(rows, expected) + Disagreements(rows, expected);

    /// <summary>The agreement table in Markdown, exactly as docs/risk-classes.md shows it.</summary>
    public static string Table(IReadOnlyList<(LabelledTool Tool, RiskAssessment Verdict)> rows, Func<LabelledTool, RiskCategory?> expected)
    {
        var sb = new StringBuilder();
        sb.Append("| category | tools | agree | agreement |\n|---|---:|---:|---:|\n");
        foreach (RiskCategory c in new[] { RiskCategory.Read, RiskCategory.Write, RiskCategory.Execute, RiskCategory.Destructive, RiskCategory.Financial, RiskCategory.Other })
        {
            var of = rows.Where(r => expected(r.Tool) == c).ToList();
            var agree = of.Count(r => r.Verdict.Category == c);
            sb.Append(CultureInfo.InvariantCulture, $"| {RiskClass.Format(c)} | {of.Count} | {agree} | {Percent(agree, of.Count)} |\n");
        }

        var all = rows.Where(r => expected(r.Tool) is not null).ToList();
        var ok = all.Count(r => r.Verdict.Category == expected(r.Tool));
        sb.Append(CultureInfo.InvariantCulture, $"| **overall** | {all.Count} | {ok} | {Percent(ok, all.Count)} |\n");
        return sb.ToString();
    }

    /// <summary>One line per tool the classifier puts in another category than expected.</summary>
    public static string Disagreements(IReadOnlyList<(LabelledTool Tool, RiskAssessment Verdict)> rows, Func<LabelledTool, RiskCategory?> expected)
    {
        var sb = new StringBuilder();
        foreach (var r in rows.Where(r => expected(r.Tool) is { } e && r.Verdict.Category != e))
        {
            sb.Append(CultureInfo.InvariantCulture, $"- {r.Tool.Server}/{r.Tool.Name}: labelled {RiskClass.Format(expected(r.Tool)!.Value)}, classified {RiskClass.Format(r.Verdict.Category)} by {r.Verdict.RuleId} ({r.Verdict.Explanation})\n");
        }

        return sb.ToString();
    }

    public static string Percent(int part, int whole)
        => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static RiskCategory Category(string? text, string file, string tool)
        => RiskClass.TryParseCategory(text, out var c) ? c : throw new InvalidDataException($"{file}: {tool} has the unknown category '{text}'");
}

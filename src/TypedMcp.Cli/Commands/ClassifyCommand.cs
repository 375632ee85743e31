using System.Collections.Generic;
using System.CommandLine;
using System.Threading.Tasks;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Catalog;
using TypedMcp.Json;
using TypedMcp.Risk;

namespace TypedMcp.Cli.Commands;

/// <summary><c>typedmcp classify</c>: each tool's risk class and the rule that decided it; <c>--write</c> updates the catalog.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CommandContext context)
    {
        var catalog = new Argument<string>("catalog") { Description = "The catalog file." };
        var write = new Option<bool>("--write") { Description = "Write the classifier's risk class into every tool whose risk has no \"reason\" (a risk with a reason is a person's override and is kept)." };
        var json = new Option<bool>("--json") { Description = "Print the classification as JSON instead of a table." };
        var command = new Command("classify", "Show each tool's risk category, level and the classifier rule that decided it; --write updates the catalog.")
        {
            catalog, write, json,
        };
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o => Task.FromResult(Run(o, parse.GetValue(catalog)!, parse.GetValue(write))), ct));
        return command;
    }

    /// <summary>One tool's row: what the catalog says and what the classifier computes.</summary>
    internal sealed record Row(CatalogTool Tool, RiskAssessment Computed)
    {
        public bool IsOverride => Tool.Risk is { IsOverride: true };

        public RiskCategory Category => IsOverride ? Tool.Risk!.Category : Computed.Category;

        public RiskLevel Level => IsOverride ? Tool.Risk!.Level : Computed.Level;

        /// <summary>The catalog states a classifier risk (no reason) that differs from what the classifier now computes, or none at all.</summary>
        public bool IsStale => !IsOverride && (Tool.Risk is null || Tool.Risk.Category != Computed.Category || Tool.Risk.Level != Computed.Level);

        public string Note => IsOverride
            ? "override: " + Tool.Risk!.Reason
            : Tool.Risk is null
                ? "not in the catalog yet"
                : IsStale ? $"catalog says {CatalogBuilder.Format(Tool.Risk.Category, Tool.Risk.Level)}" : string.Empty;
    }

    internal static List<Row> Rows(CatalogDocument catalog)
    {
        var rows = new List<Row>();
        foreach (var t in catalog.Tools)
        {
            rows.Add(new Row(t, CatalogBuilder.Classify(t.Name, t.Description, t.InputSchema.Source, t.Annotations)));
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Tool.Name, b.Tool.Name));
        return rows;
    }

    internal static void PrintTable(CliOutput output, CatalogDocument catalog)
    {
        var table = new List<IReadOnlyList<string>>();
        foreach (var r in Rows(catalog))
        {
            table.Add(new[] { r.Tool.Name, RiskClass.Format(r.Category), RiskClass.Format(r.Level), r.IsOverride ? "override" : r.Computed.RuleId, r.Note });
        }

        output.Table(new[] { "Tool", "Category", "Level", "Rule", "Note" }, table);
    }

    private static int Run(CliOutput output, string path, bool write)
    {
        var catalog = CatalogFiles.Load(path, output);
        var rows = Rows(catalog);
        var stale = 0;
        foreach (var r in rows)
        {
            if (r.IsStale) { stale++; }
        }

        if (write && stale > 0)
        {
            var tools = new List<LocatedJsonNode>();
            var byName = new Dictionary<string, Row>(System.StringComparer.Ordinal);
            foreach (var r in rows) { byName[r.Tool.Name] = r; }
            foreach (var item in catalog.Root["tools"]!.Items)
            {
                var name = item["name"]?.AsString();
                tools.Add(name is not null && byName.TryGetValue(name, out var row) && row.IsStale
                    ? CatalogBuilder.With(item, "risk", CatalogBuilder.RiskNode(row.Computed), before: "csharp")
                    : item);
            }

            CatalogFiles.Write(path, CatalogBuilder.With(catalog.Root, "tools", LocatedJsonNode.Array(tools)));
        }

        if (output.Json)
        {
            var items = new List<LocatedJsonNode>();
            foreach (var r in rows)
            {
                items.Add(LocatedJsonNode.Object(
                    ("tool", LocatedJsonNode.String(r.Tool.Name)),
                    ("category", LocatedJsonNode.String(RiskClass.Format(r.Category))),
                    ("level", LocatedJsonNode.String(RiskClass.Format(r.Level))),
                    ("rule", LocatedJsonNode.String(r.Computed.RuleId)),
                    ("explanation", LocatedJsonNode.String(r.Computed.Explanation)),
                    ("override", r.IsOverride ? LocatedJsonNode.String(r.Tool.Risk!.Reason!) : LocatedJsonNode.Null()),
                    ("stale", LocatedJsonNode.Boolean(r.IsStale))));
            }

            output.WriteJson(LocatedJsonNode.Object(("catalog", LocatedJsonNode.String(path)), ("written", LocatedJsonNode.Boolean(write && stale > 0)), ("tools", LocatedJsonNode.Array(items))));
            return ExitCodes.Success;
        }

        PrintTable(output, catalog);
        if (stale == 0) { output.Line($"{path}: every risk class matches the classifier or is an override."); }
        else if (write) { output.Line($"{path}: updated the risk class of {CatalogFiles.Count(stale, "tool")}."); }
        else { output.Line($"{path}: {CatalogFiles.Count(stale, "tool")} state no risk class or one that differs from the classifier; run 'typedmcp classify {path} --write' to update them, or add a \"reason\" to keep yours."); }
        return ExitCodes.Success;
    }
}

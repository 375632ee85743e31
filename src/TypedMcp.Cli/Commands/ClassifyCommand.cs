using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Catalog;
using TypedMcp.Json;
using TypedMcp.Naming;
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
        var explain = new Option<string?>("--explain") { Description = "Show the evidence for one tool: the words, annotations and schema facts the classifier read, the rules checked and the one that decided.", HelpName = "tool" };
        var command = new Command("classify", "Show each tool's risk category, level and the classifier rule that decided it; --write updates the catalog; --explain TOOL shows the evidence.")
        {
            catalog, write, json, explain,
        };
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o => Task.FromResult(parse.GetValue(explain) is { } tool
            ? Explain(o, parse.GetValue(catalog)!, tool, parse.GetValue(write))
            : Run(o, parse.GetValue(catalog)!, parse.GetValue(write))), ct));
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
        var typed = TypingReport.WithTyping(new CatalogParseResult(catalog, System.Array.Empty<TypedMcp.Diagnostics.ModelDiagnostic>()), path);
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

            output.WriteJson(LocatedJsonNode.Object(
                ("catalog", LocatedJsonNode.String(path)),
                ("written", LocatedJsonNode.Boolean(write && stale > 0)),
                ("tools", LocatedJsonNode.Array(items)),
                ("typing", TypingReport.Json(typed)),
                ("diagnostics", LocatedJsonNode.Array(typed.Diagnostics.Select(DiagnosticJson).ToList()))));
            return ExitCodes.Success;
        }

        PrintTable(output, catalog);
        TypingReport.Summary(output, typed);
        CatalogFiles.PrintDiagnostics(typed.Diagnostics, output);
        if (stale == 0) { output.Line($"{path}: every risk class matches the classifier or is an override."); }
        else if (write) { output.Line($"{path}: updated the risk class of {CatalogFiles.Count(stale, "tool")}."); }
        else { output.Line($"{path}: {CatalogFiles.Count(stale, "tool")} state no risk class or one that differs from the classifier; run 'typedmcp classify {path} --write' to update them, or add a \"reason\" to keep yours."); }
        return ExitCodes.Success;
    }

    private static LocatedJsonNode DiagnosticJson(TypedMcp.Diagnostics.ModelDiagnostic d) => LocatedJsonNode.Object(
        ("id", LocatedJsonNode.String(d.Id)),
        ("severity", LocatedJsonNode.String(d.Severity.ToString().ToLowerInvariant())),
        ("line", LocatedJsonNode.Number(d.Span.StartLine)),
        ("column", LocatedJsonNode.Number(d.Span.StartColumn)),
        ("message", LocatedJsonNode.String(d.Message)));

    private static int Explain(CliOutput output, string path, string toolName, bool write)
    {
        if (write) { throw new CliException("--explain shows one tool and changes nothing; run --write without it."); }
        var catalog = CatalogFiles.Load(path, output);
        CatalogTool? tool = null;
        var names = new List<string>();
        foreach (var t in catalog.Tools)
        {
            names.Add(t.Name);
            if (string.Equals(t.Name, toolName, StringComparison.Ordinal)) { tool = t; }
        }

        if (tool is null)
        {
            var near = NearestName.Find(toolName, names);
            throw new CliException($"{path} has no tool named '{toolName}'{(near is null ? string.Empty : $"; did you mean '{near}'?")}");
        }

        var e = RiskClassifier.Explain(tool.Name, tool.Description, tool.InputSchema.Source, tool.Annotations);
        var verdict = e.Assessment;
        var stated = tool.Risk is null ? null : CatalogBuilder.Format(tool.Risk.Category, tool.Risk.Level);
        if (output.Json)
        {
            var facts = new List<LocatedJsonNode>();
            foreach (var f in e.Facts) { facts.Add(LocatedJsonNode.String(f)); }
            var notMatched = new List<LocatedJsonNode>();
            foreach (var r in e.RulesNotMatched) { notMatched.Add(LocatedJsonNode.String(r)); }
            output.WriteJson(LocatedJsonNode.Object(
                ("tool", LocatedJsonNode.String(tool.Name)),
                ("category", LocatedJsonNode.String(RiskClass.Format(verdict.Category))),
                ("level", LocatedJsonNode.String(RiskClass.Format(verdict.Level))),
                ("rule", LocatedJsonNode.String(verdict.RuleId)),
                ("explanation", LocatedJsonNode.String(verdict.Explanation)),
                ("evidence", LocatedJsonNode.Array(facts)),
                ("rulesNotMatched", LocatedJsonNode.Array(notMatched)),
                ("catalog", stated is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(stated)),
                ("override", tool.Risk is { IsOverride: true } ? LocatedJsonNode.String(tool.Risk.Reason!) : LocatedJsonNode.Null())));
            return ExitCodes.Success;
        }

        output.Line($"{tool.Name}: {CatalogBuilder.Format(verdict.Category, verdict.Level)} by {verdict.RuleId}");
        output.Line("  " + verdict.Explanation);
        output.Line("Evidence:");
        foreach (var f in e.Facts) { output.Line("  - " + f); }
        output.Line(e.RulesNotMatched.Count == 0
            ? "Rules checked before it: none (the first rule decided)."
            : $"Rules checked before it, none matched: {string.Join(", ", e.RulesNotMatched)}.");
        var rule = RiskClassifier.Rules[e.RulesNotMatched.Count];
        output.Line($"Rule {rule.Id}: {rule.Description}");
        if (tool.Risk is { IsOverride: true }) { output.Line($"The catalog overrides it with {stated}: {tool.Risk.Reason}"); }
        else if (stated is null) { output.Line("The catalog states no risk class for this tool yet."); }
        else if (tool.Risk!.Category != verdict.Category || tool.Risk.Level != verdict.Level) { output.Line($"The catalog says {stated}; run 'typedmcp classify {path} --write' to update it."); }
        return ExitCodes.Success;
    }
}

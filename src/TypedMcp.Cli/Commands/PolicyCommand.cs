using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Cli.Policies;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Files;
using TypedMcp.Json;
using TypedMcp.Policy;
using TypedMcp.Naming;

namespace TypedMcp.Cli.Commands;

/// <summary><c>typedmcp policy init|check|explain</c>.</summary>
internal static class PolicyCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("policy", "Write a starting policy.json, check one with the analyzer's diagnostics, or explain what it decides for each tool.");
        command.Add(CreateInit(context));
        command.Add(CreateCheck(context));
        command.Add(CreateExplain(context));
        return command;
    }

    private static Option<string[]> CatalogOption() => new("--catalog")
    {
        Description = "A catalog whose tool names the policy must use (repeatable).",
        HelpName = "catalog.json",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Command CreateInit(CommandContext context)
    {
        var catalogs = new Argument<string[]>("catalog") { Description = "The catalog file(s) whose tools the policy covers.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The policy file to write (default: policy.json).", HelpName = "policy.json", DefaultValueFactory = _ => "policy.json" };
        var force = new Option<bool>("--force") { Description = "Overwrite the policy file if it exists." };
        var command = new Command("init",
            "Write a starting policy.json with PolicyLayer's recommended rule per risk category: Read allowed; Write allowed with rate_limit " +
            $"{PolicyTemplate.WriteMax} calls per {PolicyTemplate.ToolWindowSeconds} s; Execute allowed with rate_limit {PolicyTemplate.ExecuteMax} calls per {PolicyTemplate.ToolWindowSeconds} s; " +
            $"Destructive hidden; Financial behind require_approval; Other allowed with rate_limit {PolicyTemplate.OtherMax} calls per {PolicyTemplate.ToolWindowSeconds} s; " +
            $"default deny; all_tools.limits {PolicyTemplate.AllToolsMax} calls per {PolicyTemplate.AllToolsWindowSeconds} s. Prints a table of what it decided for each tool and why.")
        {
            catalogs, output, force,
        };
        command.SetAction((parse, ct) => context.RunAsync(false, o => Task.FromResult(RunInit(o, parse.GetValue(catalogs)!, parse.GetValue(output)!, parse.GetValue(force))), ct));
        return command;
    }

    private static Command CreateCheck(CommandContext context)
    {
        var policy = new Argument<string>("policy") { Description = "The policy.json file." };
        var catalogs = CatalogOption();
        var json = new Option<bool>("--json") { Description = "Print the diagnostics as JSON." };
        var command = new Command("check", "Report every problem in a policy.json at file(line,col), with the same diagnostics as the analyzer. Exit code 1 when there are errors.")
        {
            policy, catalogs, json,
        };
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o => Task.FromResult(RunCheck(o, parse.GetValue(policy)!, parse.GetValue(catalogs) ?? Array.Empty<string>())), ct));
        return command;
    }

    private static Command CreateExplain(CommandContext context)
    {
        var policy = new Argument<string>("policy") { Description = "The policy.json file." };
        var catalogs = CatalogOption();
        var tool = new Option<string?>("--tool") { Description = "Evaluate one concrete call of this tool instead of listing every tool.", HelpName = "name" };
        var args = new Option<string?>("--args") { Description = "The call's arguments as a JSON object (with --tool; default {}).", HelpName = "json" };
        var json = new Option<bool>("--json") { Description = "Print the decisions as JSON." };
        var command = new Command("explain",
            "Show the verdict for every tool (allow, deny, require_approval), the decision step and the JSON Pointer of the rule that decided it. " +
            "Predicates over arguments are shown as checked at run time; --tool NAME --args '{...}' evaluates one concrete call.")
        {
            policy, catalogs, tool, args, json,
        };
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o => Task.FromResult(RunExplain(
            o, parse.GetValue(policy)!, parse.GetValue(catalogs) ?? Array.Empty<string>(), parse.GetValue(tool), parse.GetValue(args))), ct));
        return command;
    }

    private static int RunInit(CliOutput output, string[] catalogPaths, string path, bool force)
    {
        if (File.Exists(path) && !force) { throw new CliException($"{path} already exists; give --force to overwrite it, or -o to write another file."); }
        var tools = new Dictionary<string, RiskCategory>(StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var catalogPath in catalogPaths)
        {
            var catalog = CatalogFiles.Load(catalogPath, output);
            foreach (var row in ClassifyCommand.Rows(catalog))
            {
                // The catalog's stated class decides (it is what the generator and analyzer see); the classifier fills gaps.
                var category = row.Tool.Risk?.Category ?? row.Computed.Category;
                var level = row.Tool.Risk?.Level ?? row.Computed.Level;
                if (tools.ContainsKey(row.Tool.Name))
                {
                    output.Warning($"tool '{row.Tool.Name}' is in more than one catalog; {catalogPath} is ignored for it.");
                    continue;
                }

                tools.Add(row.Tool.Name, category);
                rows.Add(new[] { row.Tool.Name, CatalogBuilder.Format(category, level), PolicyTemplate.Describe(category), Why(row) });
            }
        }

        var policy = PolicyTemplate.Build(tools);
        CatalogFiles.Write(path, policy);
        rows.Sort((a, b) => string.CompareOrdinal(a[0], b[0]));
        output.Table(new[] { "Tool", "Risk", "Policy", "Why" }, rows);
        output.Line($"Wrote {path}: {CatalogFiles.Count(tools.Count, "tool")}, default deny, all tools limited to {PolicyTemplate.AllToolsMax} calls per {PolicyTemplate.AllToolsWindowSeconds} s. Review it before use.");
        return ExitCodes.Success;
    }

    /// <summary>Where a tool's risk class came from, in words: a person's override, the catalog (and the rule that agrees), or the classifier.</summary>
    private static string Why(ClassifyCommand.Row row)
    {
        if (row.IsOverride) { return "override: " + row.Tool.Risk!.Reason!.Trim(); }
        if (row.Tool.Risk is null) { return "classified now: " + row.Computed.RuleId + " — " + row.Computed.Explanation; }
        return row.IsStale
            ? $"catalog states it (the classifier now says {CatalogBuilder.Format(row.Computed.Category, row.Computed.Level)}, {row.Computed.RuleId})"
            : row.Computed.RuleId + " — " + row.Computed.Explanation;
    }

    private static int RunCheck(CliOutput output, string path, string[] catalogPaths)
    {
        var catalogs = new List<CatalogDocument>();
        foreach (var c in catalogPaths) { catalogs.Add(CatalogFiles.Load(c, output)); }
        var names = KnownNames(catalogs, path);
        if (catalogs.Count == 0 && !output.Json) { output.Warning("no --catalog given: tool names in the policy are not checked against a catalog."); }
        else if (names is null && !output.Json) { output.Warning($"no --catalog is of server '{FileConventions.PolicyServer(path)}', the server {Path.GetFileName(path)} is for: its tool names are not checked."); }
        var result = PolicyParser.Parse(CatalogFiles.ReadText(path, "policy"), path, names);
        int errors = 0, warnings = 0;
        var items = new List<LocatedJsonNode>();
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity == ModelSeverity.Error) { errors++; }
            else if (d.Severity == ModelSeverity.Warning) { warnings++; }
            if (output.Json) { items.Add(DiagnosticJson(d)); }
            else { output.Line(d.ToString()); }
        }

        if (output.Json)
        {
            output.WriteJson(LocatedJsonNode.Object(
                ("policy", LocatedJsonNode.String(path)),
                ("errors", LocatedJsonNode.Number(errors)),
                ("warnings", LocatedJsonNode.Number(warnings)),
                ("diagnostics", LocatedJsonNode.Array(items))));
        }
        else
        {
            output.Line($"{path}: {CatalogFiles.Count(errors, "error")}, {CatalogFiles.Count(warnings, "warning")}.");
        }

        return result.HasErrors ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static int RunExplain(CliOutput output, string path, string[] catalogPaths, string? tool, string? argsText)
    {
        if (argsText is not null && tool is null) { throw new CliException("--args needs --tool NAME."); }
        var catalogs = new List<CatalogDocument>();
        foreach (var c in catalogPaths) { catalogs.Add(CatalogFiles.Load(c, output)); }
        var names = KnownNames(catalogs, path);
        var result = PolicyParser.Parse(CatalogFiles.ReadText(path, "policy"), path, names);
        var errors = CatalogFiles.PrintDiagnostics(result.Diagnostics, output);
        if (errors > 0)
        {
            output.Warning($"{path} has {CatalogFiles.Count(errors, "error")} (listed above); what cannot be read is treated as closed, so the verdicts below deny more.");
        }

        var policy = result.Policy;
        if (tool is not null)
        {
            if (names is not null && !System.Linq.Enumerable.Contains(names, tool))
            {
                var near = NearestName.Find(tool, names);
                output.Warning($"no catalog has a tool named '{tool}'{(near is null ? string.Empty : $"; did you mean '{near}'?")}");
            }

            var arguments = ParseArguments(argsText);
            return PrintDecision(output, PolicyEvaluator.Evaluate(policy, tool, PolicyArguments.FromJson(arguments)), arguments);
        }

        var risks = new Dictionary<string, RiskClass?>(StringComparer.Ordinal);
        foreach (var c in catalogs)
        {
            foreach (var t in c.Tools)
            {
                if (!risks.ContainsKey(t.Name)) { risks.Add(t.Name, t.Risk); }
            }
        }

        if (catalogs.Count == 0)
        {
            // Without a catalog, explain the tools the policy itself names.
            foreach (var n in policy.Tools.Keys) { risks[n] = null; }
            foreach (var h in policy.Hidden)
            {
                if (h.Name != "*") { risks[h.Name] = null; }
            }
        }

        var sorted = new List<string>(risks.Keys);
        sorted.Sort(string.CompareOrdinal);
        var decisions = new List<PolicyDecision>();
        foreach (var n in sorted) { decisions.Add(PolicyEvaluator.Evaluate(policy, n, UnknownArguments.Instance)); }

        if (output.Json)
        {
            var items = new List<LocatedJsonNode>();
            foreach (var d in decisions) { items.Add(DecisionJson(d, risks[d.ToolName])); }
            output.WriteJson(LocatedJsonNode.Object(("policy", LocatedJsonNode.String(path)), ("errors", LocatedJsonNode.Number(errors)), ("tools", LocatedJsonNode.Array(items))));
            return ExitCodes.Success;
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var d in decisions)
        {
            var risk = risks[d.ToolName];
            rows.Add(new[]
            {
                d.ToolName,
                risk is null ? "-" : CatalogBuilder.Format(risk.Category, risk.Level),
                DecisionNames.Verdict(d.Verdict),
                Step(d.Step),
                d.RulePointer.Length == 0 ? "-" : d.RulePointer,
                Limits(d.Limits),
                RunTime(d.UndecidedPredicates),
            });
        }

        output.Table(new[] { "Tool", "Risk", "Verdict", "Step", "Rule", "Limits", "Checked at run time" }, rows);
        if (decisions.Count == 0) { output.Line("No tools to explain: give --catalog, or a policy that names tools."); }
        return ExitCodes.Success;
    }

    private static LocatedJsonNode ParseArguments(string? text)
    {
        if (text is null) { return LocatedJsonNode.Object(); }
        LocatedJsonNode node;
        try
        {
            node = LocatedJsonReader.Parse(text);
        }
        catch (JsonParseException e)
        {
            throw new CliException($"--args is not valid JSON at line {e.Line.ToString(CultureInfo.InvariantCulture)}, column {e.Column.ToString(CultureInfo.InvariantCulture)}: {e.Reason}. Give a JSON object, e.g. --args '{{\"path\": \"/tmp/a.txt\"}}'.", ExitCodes.Failure, e);
        }

        if (!node.IsObject) { throw new CliException($"--args must be a JSON object of argument names to values, not {node}."); }
        return node;
    }

    private static int PrintDecision(CliOutput output, PolicyDecision d, LocatedJsonNode arguments)
    {
        if (output.Json)
        {
            output.WriteJson(DecisionJson(d, null, arguments));
            return ExitCodes.Success;
        }

        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "Tool", d.ToolName },
            new[] { "Arguments", arguments.ToString() },
            new[] { "Verdict", DecisionNames.Verdict(d.Verdict) },
            new[] { "Step", Step(d.Step) },
            new[] { "Rule", d.RulePointer.Length == 0 ? "-" : d.RulePointer },
            new[] { "Message", d.Message },
            new[] { "Limits", Limits(d.Limits) },
        };
        if (d.Predicate is not null) { rows.Add(new[] { "Predicate", d.Predicate.ToString() }); }
        output.Table(new[] { "Field", "Value" }, rows);
        return ExitCodes.Success;
    }

    private static LocatedJsonNode DecisionJson(PolicyDecision d, RiskClass? risk, LocatedJsonNode? arguments = null)
    {
        var limits = new List<LocatedJsonNode>();
        foreach (var l in d.Limits)
        {
            limits.Add(l.IsSpendCap
                ? LocatedJsonNode.Object(("kind", LocatedJsonNode.String("spend")), ("max", LocatedJsonNode.Number(l.MaxAmount.ToString(CultureInfo.InvariantCulture))), ("amount", LocatedJsonNode.String(l.AmountPath!)), ("window", LocatedJsonNode.Number((long)l.Window.TotalSeconds)), ("id", LocatedJsonNode.String(l.Id)), ("rule", LocatedJsonNode.String(l.Pointer)))
                : LocatedJsonNode.Object(("kind", LocatedJsonNode.String("calls")), ("max", LocatedJsonNode.Number(l.Max)), ("window", LocatedJsonNode.Number((long)l.Window.TotalSeconds)), ("id", LocatedJsonNode.String(l.Id)), ("rule", LocatedJsonNode.String(l.Pointer))));
        }

        var undecided = new List<LocatedJsonNode>();
        foreach (var p in d.UndecidedPredicates) { undecided.Add(LocatedJsonNode.String(p.ToString())); }
        var props = new List<LocatedJsonProperty> { new("tool", LocatedJsonNode.String(d.ToolName)) };
        if (arguments is not null) { props.Add(new LocatedJsonProperty("arguments", arguments)); }
        if (risk is not null)
        {
            props.Add(new LocatedJsonProperty("risk", LocatedJsonNode.Object(("category", LocatedJsonNode.String(RiskClass.Format(risk.Category))), ("level", LocatedJsonNode.String(RiskClass.Format(risk.Level))))));
        }

        props.Add(new LocatedJsonProperty("verdict", LocatedJsonNode.String(DecisionNames.Verdict(d.Verdict))));
        props.Add(new LocatedJsonProperty("step", LocatedJsonNode.Number((long)d.Step)));
        props.Add(new LocatedJsonProperty("stepName", LocatedJsonNode.String(DecisionNames.Step(d.Step))));
        props.Add(new LocatedJsonProperty("rule", LocatedJsonNode.String(d.RulePointer)));
        props.Add(new LocatedJsonProperty("message", LocatedJsonNode.String(d.Message)));
        props.Add(new LocatedJsonProperty("limits", LocatedJsonNode.Array(limits)));
        props.Add(new LocatedJsonProperty("checkedAtRunTime", LocatedJsonNode.Array(undecided)));
        return LocatedJsonNode.Object(props);
    }

    private static LocatedJsonNode DiagnosticJson(ModelDiagnostic d) => LocatedJsonNode.Object(
        ("id", LocatedJsonNode.String(d.Id)),
        ("severity", LocatedJsonNode.String(d.Severity.ToString().ToLowerInvariant())),
        ("file", d.FilePath is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(d.FilePath)),
        ("line", LocatedJsonNode.Number(d.Span.StartLine)),
        ("column", LocatedJsonNode.Number(d.Span.StartColumn)),
        ("message", LocatedJsonNode.String(d.Message)),
        ("text", LocatedJsonNode.String(d.ToString())));

    /// <summary>
    /// The tool names the policy at <paramref name="policyPath"/> may use, scoped as the analyzer scopes them: a
    /// <c>&lt;server&gt;.policy.json</c> names that server's tools, any other policy file every catalog's.
    /// </summary>
    private static IReadOnlyCollection<string>? KnownNames(List<CatalogDocument> catalogs, string policyPath)
    {
        var names = new PolicyToolNames();
        foreach (var c in catalogs)
        {
            var tools = new List<string>(c.Tools.Count);
            foreach (var t in c.Tools) { tools.Add(t.Name); }
            names.Add(c.Server.Name, tools);
        }

        return names.For(FileConventions.PolicyServer(policyPath));
    }

    private static string Step(DecisionStep s) => ((int)s).ToString(CultureInfo.InvariantCulture) + " " + DecisionNames.Step(s);

    private static string Limits(IReadOnlyList<PolicyLimit> limits)
    {
        if (limits.Count == 0) { return "-"; }
        var parts = new List<string>();
        foreach (var l in limits)
        {
            var window = l.Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            parts.Add(l.IsSpendCap
                ? $"spend {l.MaxAmount.ToString(CultureInfo.InvariantCulture)} of {l.AmountPath}/{window}s"
                : $"{l.Max.ToString(CultureInfo.InvariantCulture)}/{window}s");
        }

        return string.Join(", ", parts);
    }

    private static string RunTime(IReadOnlyList<PolicyPredicate> predicates)
    {
        if (predicates.Count == 0) { return "-"; }
        var parts = new List<string>();
        foreach (var p in predicates) { parts.Add(p.ToString()); }
        return string.Join("; ", parts);
    }

    /// <summary>Arguments of a call not made yet: every predicate that reads one is left to run time.</summary>
    private sealed class UnknownArguments : IPolicyArguments
    {
        public static readonly UnknownArguments Instance = new();

        public ArgumentValue Get(IReadOnlyList<string> path) => ArgumentValue.Unknown;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TypedMcp.Catalog;
using TypedMcp.Json;
using TypedMcp.Risk;

namespace TypedMcp.Model.Tests.CatalogContent;

public class OdooCatalogContentTests
{
    private static readonly LocatedJsonNode Catalog = CatalogFiles.Load(CatalogFiles.OutputPath(CatalogFiles.OdooCatalog));

    private static IReadOnlyList<LocatedJsonNode> Tools => Catalog["tools"]!.Items;

    private static string Name(LocatedJsonNode tool) => tool["name"]!.AsString()!;

    [Fact]
    public void The_catalog_holds_the_221_tools_of_the_core_oca_and_ee_servers_with_unique_names()
    {
        Assert.Equal(221, Tools.Count);
        var names = Tools.Select(Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("odoo-claude-mcp", Catalog["server"]!["name"]!.AsString());
        Assert.Equal("./schema/catalog.schema.json", Catalog["$schema"]!.AsString());
    }

    [Fact]
    public void Tools_are_sorted_by_name_ordinally()
    {
        var names = Tools.Select(Name).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal).ToList(), names);
    }

    [Fact]
    public void Every_tool_has_a_real_description_and_an_object_input_schema()
    {
        var problems = new List<string>();
        foreach (var tool in Tools)
        {
            var d = tool["description"]?.AsString();
            if (d is null || d.Trim().Length < 20 || string.Equals(d.Trim(), Name(tool), StringComparison.Ordinal))
            {
                problems.Add(Name(tool) + ": description missing, shorter than 20 characters or equal to the name");
            }

            if (tool["inputSchema"] is not { IsObject: true } schema || schema["type"]?.AsString() != "object")
            {
                problems.Add(Name(tool) + ": inputSchema is not an object schema");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_schema_property_description_is_a_real_sentence()
    {
        var problems = new List<string>();
        foreach (var tool in Tools)
        {
            Walk(tool["inputSchema"]!, Name(tool) + ".inputSchema", problems);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        static void Walk(LocatedJsonNode node, string path, List<string> problems)
        {
            if (node.IsObject)
            {
                foreach (var p in node.Properties)
                {
                    if (p.Name == "description" && p.Value.IsString && p.Value.AsString()!.Trim().Length < 8)
                    {
                        problems.Add(path + ": description too short");
                    }

                    Walk(p.Value, path + "." + p.Name, problems);
                }
            }
            else if (node.IsArray)
            {
                foreach (var item in node.Items) { Walk(item, path + "[]", problems); }
            }
        }
    }

    [Fact]
    public void Every_tool_risk_equals_the_classifier_unless_a_person_overrode_it_with_a_reason()
    {
        var mismatches = new List<string>();
        foreach (var tool in Tools)
        {
            var risk = tool["risk"];
            if (risk is null) { mismatches.Add(Name(tool) + ": no risk"); continue; }
            if (!RiskClass.TryParseCategory(risk["category"]?.AsString(), out var category)
                || !RiskClass.TryParseLevel(risk["level"]?.AsString(), out var level))
            {
                mismatches.Add(Name(tool) + ": risk category or level not recognised");
                continue;
            }

            var reason = risk["reason"]?.AsString();
            if (!string.IsNullOrWhiteSpace(reason)) { continue; }
            var expected = Classify(tool);
            if (expected.Category != category || expected.Level != level)
            {
                mismatches.Add($"{Name(tool)}: catalog says {category}/{RiskClass.Format(level)}, classifier says {expected.Category}/{RiskClass.Format(expected.Level)} ({expected.RuleId}: {expected.Explanation})");
            }
        }

        Assert.True(mismatches.Count == 0,
            "Catalog risk differs from RiskClassifier (run the tests with TYPEDMCP_UPDATE_CATALOG=1 to regenerate, or add a reason to keep a person's override):\n"
            + string.Join("\n", mismatches));
    }

    [Fact]
    public void Overrides_are_few_and_each_gives_a_reason_that_explains()
    {
        var overrides = Tools.Where(t => t["risk"]?["reason"] is not null).ToList();
        Assert.InRange(overrides.Count, 1, 10);
        foreach (var tool in overrides)
        {
            var reason = tool["risk"]!["reason"]!.AsString();
            Assert.True(reason is { Length: >= 40 }, Name(tool) + ": an override needs a reason of at least one sentence");
            var classifier = Classify(tool);
            var risk = tool["risk"]!;
            Assert.True(RiskClass.TryParseCategory(risk["category"]!.AsString(), out var c) & RiskClass.TryParseLevel(risk["level"]!.AsString(), out var l));
            Assert.True((c, l) != (classifier.Category, classifier.Level), Name(tool) + ": the override equals the classifier; drop its reason");
        }
    }

    [Fact]
    public void The_classifier_puts_every_catalog_tool_with_a_destructive_verb_in_its_name_at_destructive()
    {
        string[] verbs = { "delete", "unlink", "uninstall", "revoke", "disconnect", "remove", "drop", "rollback", "restore", "overwrite", "rotate", "unenroll" };
        var destructive = Tools.Where(t => Name(t).Split('_').Any(w => verbs.Contains(w, StringComparer.Ordinal))).ToList();
        Assert.True(destructive.Count >= 15, "expected the catalog's many destructive tools");
        var wrong = destructive.Select(t => (Name(t), Classify(t))).Where(x => x.Item2.Category != RiskCategory.Destructive).Select(x => x.Item1).ToList();
        Assert.True(wrong.Count == 0, "Not destructive: " + string.Join(", ", wrong));

        // The catalog agrees, except where a person documented why (mcp_drop_elevation only gives up the caller's own rights).
        var catalogWrong = destructive
            .Where(t => t["risk"]!["category"]!.AsString() != "Destructive" && t["risk"]!["reason"] is null)
            .Select(Name).ToList();
        Assert.Empty(catalogWrong);
    }

    [Fact]
    public void Generated_method_names_do_not_collide_and_the_issue_names_come_out()
    {
        var path = CatalogFiles.OutputPath(CatalogFiles.OdooCatalog);
        var parsed = CatalogParser.Parse(File.ReadAllText(path), path);
        Assert.Empty(parsed.Diagnostics);
        var diagnostics = new List<TypedMcp.Diagnostics.ModelDiagnostic>();
        var resolved = TypedMcp.Naming.ToolNameResolver.Resolve(parsed.Catalog!, diagnostics);

        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        Assert.Equal(221, resolved.Count);
        var methods = resolved.ToDictionary(r => r.MethodName, r => r, StringComparer.Ordinal);
        Assert.Contains("UnlinkAsync", methods.Keys);
        Assert.Contains("EeUnlinkAsync", methods.Keys);
        Assert.Equal(["tenant", "from", "to", "connection"], methods["UsageLogExportAsync"].Parameters.Select(p => p.CSharpName));
    }

    [Fact]
    public void Usage_log_export_declares_its_csharp_names_dates_and_typed_csv_output()
    {
        var tool = Tools.Single(t => Name(t) == "ai_usage_log_export");
        var cs = tool["csharp"]!;
        Assert.Equal("UsageLogExport", cs["methodName"]!.AsString());
        Assert.Equal(new[] { ("tenant_code", "tenant"), ("date_from", "from"), ("date_to", "to") },
            cs["parameters"]!.Properties.Select(p => (p.Name, p.Value.AsString()!)).ToArray());
        Assert.Equal(new[] { "tenant_code", "date_from", "date_to" }, cs["required"]!.Items.Select(i => i.AsString()!).ToArray());

        var input = tool["inputSchema"]!["properties"]!;
        Assert.Equal("date-time", input["date_from"]!["format"]!.AsString());
        Assert.Equal("date-time", input["date_to"]!["format"]!.AsString());

        var output = tool["outputSchema"]!;
        Assert.Equal(new[] { "tenant_code", "rows", "csv" }, output["required"]!.Items.Select(i => i.AsString()!).ToArray());
        var csv = output["properties"]!["csv"]!;
        Assert.Equal("text/csv", csv["contentMediaType"]!.AsString());
        var row = csv["contentSchema"]!["items"]!;
        var columns = row["properties"]!.Properties.Select(p => p.Name).ToArray();
        Assert.Equal(new[]
        {
            "id", "created_at", "tenant_code", "odoo_url", "odoo_db", "move_id", "attachment_id", "source", "source_message_id",
            "model", "input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens", "cost_millicents",
            "cost_usd_millicents", "pages", "duration_ms", "prompt_version", "state", "billed", "error_message", "extra",
        }, columns);
        Assert.Equal(columns, row["required"]!.Items.Select(i => i.AsString()!).ToArray());
        Assert.Equal("[\"integer\",\"null\"]", row["properties"]!["move_id"]!["type"]!.ToString().Replace(" ", string.Empty));
        Assert.Equal("date-time", row["properties"]!["created_at"]!["format"]!.AsString());
        Assert.Equal("integer", row["properties"]!["billed"]!["type"]!.AsString());
        Assert.All(row["properties"]!.Properties, p => Assert.False(string.IsNullOrWhiteSpace(p.Value["description"]?.AsString())));
    }

    /// <summary>
    /// Compares the catalog's non-override risk fields with the classifier; with TYPEDMCP_UPDATE_CATALOG=1 it rewrites
    /// them in the repository's catalog/odoo-claude-mcp.json instead (overrides with a reason are kept as they are).
    /// </summary>
    [Fact]
    public void Regenerating_the_risk_fields_changes_nothing_unless_updating_is_asked_for()
    {
        var regenerated = WithClassifierRisk(Catalog);
        if (Environment.GetEnvironmentVariable("TYPEDMCP_UPDATE_CATALOG") == "1")
        {
            var root = CatalogFiles.RepositoryRoot() ?? throw new InvalidOperationException("TYPEDMCP_UPDATE_CATALOG=1 needs a repository checkout (Generators.sln not found above the test output).");
            File.WriteAllText(Path.Combine(root, "catalog", CatalogFiles.OdooCatalog), LocatedJsonWriter.Write(regenerated) + "\n", new UTF8Encoding(false));
            return;
        }

        Assert.True(LocatedJsonNode.DeepEquals(Catalog, regenerated),
            "catalog/odoo-claude-mcp.json is out of date with RiskClassifier: run `TYPEDMCP_UPDATE_CATALOG=1 dotnet test tests/TypedMcp.Model.Tests` and commit the file.");
    }

    private static RiskAssessment Classify(LocatedJsonNode tool)
        => RiskClassifier.Classify(Name(tool), tool["description"]?.AsString(), tool["inputSchema"], tool["annotations"]);

    private static LocatedJsonNode WithClassifierRisk(LocatedJsonNode catalog)
        => Replace(catalog, "tools", tools => LocatedJsonNode.Array(tools.Items.Select(tool =>
        {
            if (tool["risk"]?["reason"] is { IsString: true } r && !string.IsNullOrWhiteSpace(r.AsString())) { return tool; }
            var verdict = Classify(tool);
            var risk = LocatedJsonNode.Object(
                ("category", LocatedJsonNode.String(RiskClass.Format(verdict.Category))),
                ("level", LocatedJsonNode.String(RiskClass.Format(verdict.Level))));
            return Replace(tool, "risk", _ => risk);
        })));

    private static LocatedJsonNode Replace(LocatedJsonNode obj, string name, Func<LocatedJsonNode, LocatedJsonNode> change)
        => LocatedJsonNode.Object(obj.Properties.Select(p => p.Name == name ? new LocatedJsonProperty(p.Name, change(p.Value)) : p));
}

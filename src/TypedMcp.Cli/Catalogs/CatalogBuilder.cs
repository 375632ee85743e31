using System;
using System.Collections.Generic;
using TypedMcp.Cli.Servers;
using TypedMcp.Catalog;
using TypedMcp.Json;
using TypedMcp.Naming;
using TypedMcp.Risk;
using TypedMcp.Typing;

namespace TypedMcp.Cli.Catalogs;

/// <summary>Something the import did that the user should know, e.g. a description it kept.</summary>
/// <param name="Tool">The tool concerned, or null for the whole catalog.</param>
/// <param name="Message">What happened.</param>
internal sealed record ImportNote(string? Tool, string Message);

/// <summary>The catalog an import produced and what it kept or skipped.</summary>
/// <param name="Catalog">The catalog JSON (tools sorted by name).</param>
/// <param name="Notes">What was kept from the existing catalog or left out.</param>
internal sealed record CatalogBuildResult(LocatedJsonNode Catalog, IReadOnlyList<ImportNote> Notes);

/// <summary>
/// Builds a catalog from what a live server reported. Over an existing catalog it keeps the hand-made parts: the
/// server name, <c>$schema</c> and <c>naming</c> rules, descriptions (unless refreshed), <c>csharp</c> overrides,
/// risk overrides (a <c>risk</c> with a <c>reason</c>) and an <c>outputSchema</c> the server does not declare. Everything
/// else (input schemas, annotations, titles, <c>execution</c>, <c>icons</c>, <c>_meta</c>) is the server's.
/// </summary>
internal static class CatalogBuilder
{
    private static readonly string[] ServerFields = { "execution", "icons", "_meta" };

    /// <summary>Builds the catalog.</summary>
    /// <param name="snapshot">What the server reported.</param>
    /// <param name="existing">The catalog being re-imported over, or null.</param>
    /// <param name="refreshDescriptions">Take every description from the server even where the existing catalog has one.</param>
    /// <param name="serverName">The <c>server.name</c> to write; null keeps the existing one, else the server's own name.</param>
    public static CatalogBuildResult Build(ServerSnapshot snapshot, CatalogDocument? existing, bool refreshDescriptions, string? serverName = null)
    {
        if (snapshot is null) { throw new ArgumentNullException(nameof(snapshot)); }
        var notes = new List<ImportNote>();
        var byName = new SortedDictionary<string, LocatedJsonNode>(StringComparer.Ordinal);
        foreach (var tool in snapshot.Tools)
        {
            if (tool["name"]?.AsString() is not { Length: > 0 } name)
            {
                notes.Add(new ImportNote(null, "The server listed a tool without a name; it was left out."));
                continue;
            }

            if (byName.ContainsKey(name))
            {
                notes.Add(new ImportNote(name, "The server listed this tool twice; the first definition was kept."));
                continue;
            }

            byName.Add(name, BuildTool(name, tool, existing?.GetTool(name), refreshDescriptions, notes));
        }

        var root = new List<LocatedJsonProperty>();
        if (existing?.Root["$schema"] is { } schema) { root.Add(new LocatedJsonProperty("$schema", schema)); }
        var server = new List<LocatedJsonProperty> { new("name", LocatedJsonNode.String(serverName ?? existing?.Server.Name ?? snapshot.Name)) };
        if ((snapshot.Title ?? existing?.Server.Title) is { } title) { server.Add(new LocatedJsonProperty("title", LocatedJsonNode.String(title))); }
        if ((snapshot.Version ?? existing?.Server.Version) is { } version) { server.Add(new LocatedJsonProperty("version", LocatedJsonNode.String(version))); }
        root.Add(new LocatedJsonProperty("server", LocatedJsonNode.Object(server)));
        if (existing?.Root["naming"] is { } naming) { root.Add(new LocatedJsonProperty("naming", naming)); }
        root.Add(new LocatedJsonProperty("tools", LocatedJsonNode.Array(byName.Values)));
        return new CatalogBuildResult(WithUniqueNames(LocatedJsonNode.Object(root), notes), notes);
    }

    // Tools or arguments whose C# names would collide (get-user and get_user, user_id and userId, an argument called
    // cancellation_token) get numbered names as csharp overrides, read by the generator's own naming rule, so an
    // imported catalog always builds; each one is a note, and the user may rename it in the catalog.
    private static LocatedJsonNode WithUniqueNames(LocatedJsonNode catalog, List<ImportNote> notes)
    {
        if (CatalogParser.Parse(LocatedJsonWriter.Write(catalog), null).Catalog is not { } parsed) { return catalog; }
        var overrides = ToolNameResolver.UniqueNameOverrides(parsed, new SchemaShapes(null));
        if (overrides.Count == 0) { return catalog; }
        var tools = new List<LocatedJsonNode>();
        foreach (var tool in catalog["tools"]!.Items)
        {
            var name = tool["name"]!.AsString();
            var csharp = tool["csharp"] is { IsObject: true } existing ? existing : null;
            foreach (var o in overrides)
            {
                if (!string.Equals(o.Tool, name, StringComparison.Ordinal)) { continue; }
                csharp ??= LocatedJsonNode.Object(new List<LocatedJsonProperty>());
                if (o.Argument is null)
                {
                    csharp = With(csharp, "methodName", LocatedJsonNode.String(o.Name));
                    notes.Add(new ImportNote(o.Tool, $"its method is {o.Name}Async because {o.Reason}; written as csharp.methodName (rename it there if you like)."));
                }
                else
                {
                    var parameters = csharp["parameters"] is { IsObject: true } p ? p : LocatedJsonNode.Object(new List<LocatedJsonProperty>());
                    csharp = With(csharp, "parameters", With(parameters, o.Argument, LocatedJsonNode.String(o.Name)));
                    notes.Add(new ImportNote(o.Tool, $"argument '{o.Argument}' is the C# parameter '{o.Name}' because {o.Reason}; written in csharp.parameters (rename it there if you like)."));
                }
            }

            tools.Add(csharp is null ? tool : With(tool, "csharp", csharp));
        }

        return With(catalog, "tools", LocatedJsonNode.Array(tools));
    }

    /// <summary>The classifier's verdict for a tool as it stands in a catalog (what a risk without reason must equal).</summary>
    public static RiskAssessment Classify(string name, string? description, LocatedJsonNode? inputSchema, LocatedJsonNode? annotations)
        => RiskClassifier.Classify(name, description, inputSchema, annotations);

    /// <summary>The catalog's <c>risk</c> object for a classifier verdict.</summary>
    public static LocatedJsonNode RiskNode(RiskAssessment assessment)
        => LocatedJsonNode.Object(
            ("category", LocatedJsonNode.String(RiskClass.Format(assessment.Category))),
            ("level", LocatedJsonNode.String(RiskClass.Format(assessment.Level))));

    /// <summary>A copy of <paramref name="obj"/> with member <paramref name="name"/> set to <paramref name="value"/> (in place if present, else before <paramref name="before"/> or at the end).</summary>
    public static LocatedJsonNode With(LocatedJsonNode obj, string name, LocatedJsonNode value, string? before = null)
    {
        var props = new List<LocatedJsonProperty>();
        var done = false;
        foreach (var p in obj.Properties)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                if (!done) { props.Add(new LocatedJsonProperty(name, value)); done = true; }
                continue;
            }

            if (!done && before is not null && string.Equals(p.Name, before, StringComparison.Ordinal))
            {
                props.Add(new LocatedJsonProperty(name, value));
                done = true;
            }

            props.Add(p);
        }

        if (!done) { props.Add(new LocatedJsonProperty(name, value)); }
        return LocatedJsonNode.Object(props);
    }

    private static LocatedJsonNode BuildTool(string name, LocatedJsonNode tool, CatalogTool? old, bool refreshDescriptions, List<ImportNote> notes)
    {
        var serverDescription = tool["description"]?.AsString();
        var description = serverDescription;
        if (old?.Description is { } kept && !refreshDescriptions)
        {
            description = kept;
            if (!string.Equals(kept, serverDescription, StringComparison.Ordinal))
            {
                notes.Add(new ImportNote(name, "kept the catalog's description; the server's differs (use --refresh-descriptions to take the server's)."));
            }
        }

        var input = tool["inputSchema"] is { IsObject: true } schema ? schema : LocatedJsonNode.Object(("type", LocatedJsonNode.String("object")));
        var annotations = tool["annotations"] is { IsObject: true } a && a.Properties.Count > 0 ? a : null;
        var props = new List<LocatedJsonProperty> { new("name", LocatedJsonNode.String(name)) };
        var title = tool["title"]?.AsString() ?? old?.Title;
        if (title is not null) { props.Add(new LocatedJsonProperty("title", LocatedJsonNode.String(title))); }
        if (description is not null) { props.Add(new LocatedJsonProperty("description", LocatedJsonNode.String(description))); }
        props.Add(new LocatedJsonProperty("inputSchema", input));
        if (tool["outputSchema"] is { IsObject: true } output)
        {
            props.Add(new LocatedJsonProperty("outputSchema", output));
        }
        else if (old?.OutputSchema is { } added)
        {
            props.Add(new LocatedJsonProperty("outputSchema", added.Source));
            notes.Add(new ImportNote(name, "kept the catalog's outputSchema; the server declares none."));
        }

        if (annotations is not null) { props.Add(new LocatedJsonProperty("annotations", annotations)); }

        // The server's own fields that are not ours to edit: how the tool must be called (execution.taskSupport),
        // its icons and its metadata. Kept as sent, so the generator and a later diff see them.
        foreach (var key in ServerFields)
        {
            if (tool[key] is { IsNull: false } value) { props.Add(new LocatedJsonProperty(key, value)); }
        }

        if (old?.Risk is { IsOverride: true } && old.Source["risk"] is { } overridden)
        {
            props.Add(new LocatedJsonProperty("risk", overridden));
            var computed = Classify(name, description, input, annotations);
            if (computed.Category != old.Risk.Category || computed.Level != old.Risk.Level)
            {
                notes.Add(new ImportNote(name, $"kept the risk override {Format(old.Risk.Category, old.Risk.Level)} (\"{old.Risk.Reason}\"); the classifier says {Format(computed.Category, computed.Level)} ({computed.RuleId})."));
            }
        }
        else
        {
            props.Add(new LocatedJsonProperty("risk", RiskNode(Classify(name, description, input, annotations))));
        }

        if (old?.Source["csharp"] is { } csharp)
        {
            props.Add(new LocatedJsonProperty("csharp", csharp));
            CheckOverrides(name, old, input, notes);
        }

        return LocatedJsonNode.Object(props);
    }

    private static void CheckOverrides(string name, CatalogTool old, LocatedJsonNode input, List<ImportNote> notes)
    {
        if (old.CSharp is null) { return; }
        var properties = input["properties"];
        var names = new List<string>(old.CSharp.Parameters.Keys);
        names.AddRange(old.CSharp.Required);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in names)
        {
            if (properties?[p] is null && reported.Add(p))
            {
                notes.Add(new ImportNote(name, $"the csharp overrides name the parameter '{p}', which the server no longer has; remove it from \"csharp\"."));
            }
        }
    }

    /// <summary>E.g. <c>Write/medium</c>.</summary>
    public static string Format(RiskCategory category, RiskLevel level) => RiskClass.Format(category) + "/" + RiskClass.Format(level);
}

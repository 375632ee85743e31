using System.Collections.Generic;
using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Cli.Output;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Typing;

namespace TypedMcp.Cli.Catalogs;

/// <summary>
/// What <c>import</c> and <c>classify</c> say about typing: how many parameters are typed, which are free-form JSON
/// and why (the generator's TMCP0014 for every free-form place, printed like the other diagnostics), and the typer's
/// warnings. The same model code decides as in the generator, so the CLI never claims more than the build gives.
/// </summary>
internal static class TypingReport
{
    /// <summary>A parse result whose diagnostics also hold the typing diagnostics of its catalog (Info per free-form place, typer warnings).</summary>
    public static CatalogParseResult WithTyping(CatalogParseResult parsed, string path)
    {
        if (parsed.Catalog is not { } catalog) { return parsed; }
        var shapes = new SchemaShapes(path);
        var diagnostics = new List<ModelDiagnostic>(parsed.Diagnostics);
        var seen = new HashSet<(int, int, string)>();
        foreach (var tool in CatalogTyping.Analyze(catalog, shapes))
        {
            foreach (var d in CatalogTyping.Diagnostics(tool, path))
            {
                if (seen.Add((d.Span.Start, d.Span.Length, tool.Tool.Name))) { diagnostics.Add(d); }
            }
        }

        diagnostics.AddRange(shapes.Diagnostics);
        return parsed with { Diagnostics = diagnostics };
    }

    /// <summary>Tools, parameters, free-form parameters and places of a catalog.</summary>
    public static (int Tools, int Parameters, IReadOnlyList<string> FreeFormParameters, int Places) Count(CatalogParseResult parsed)
    {
        if (parsed.Catalog is not { } catalog) { return (0, 0, new List<string>(), 0); }
        var typing = CatalogTyping.Analyze(catalog, new SchemaShapes(catalog.FilePath));
        var free = typing.SelectMany(t => t.FreeFormParameters.Select(p => t.Tool.Name + "." + p)).ToList();
        return (typing.Count, typing.Sum(t => t.Parameters.Count), free, typing.Sum(t => t.Sites.Count));
    }

    /// <summary>One line: how much is typed, and where to look for the rest.</summary>
    public static void Summary(CliOutput output, CatalogParseResult parsed)
    {
        var (_, parameters, free, places) = Count(parsed);
        if (places == 0)
        {
            output.Line($"Typing: every one of {CatalogFiles.Count(parameters, "parameter")} and every result member has a C# type.");
            return;
        }

        var nested = places - free.Count;
        output.Line($"Typing: {CatalogTyping.Count(free.Count, parameters, "parameter")} {(free.Count == 1 ? "is" : "are")} free-form JSON (JsonElement){(free.Count == 0 ? string.Empty : ": " + string.Join(", ", free))}"
            + $"{(nested > 0 ? $"; {CatalogFiles.Count(nested, "more place")} inside records and results" : string.Empty)}. Each is listed below as info TMCP0014 with the reason.");
    }

    /// <summary>The same as JSON: <c>{ "parameters", "freeFormParameters": [...], "freeFormPlaces" }</c>.</summary>
    public static LocatedJsonNode Json(CatalogParseResult parsed)
    {
        var (_, parameters, free, places) = Count(parsed);
        return LocatedJsonNode.Object(
            ("parameters", LocatedJsonNode.Number(parameters)),
            ("freeFormParameters", LocatedJsonNode.Array(free.Select(f => LocatedJsonNode.String(f)).ToList())),
            ("freeFormPlaces", LocatedJsonNode.Number(places)));
    }
}

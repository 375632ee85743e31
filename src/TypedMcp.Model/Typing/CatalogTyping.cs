using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;

namespace TypedMcp.Typing;

/// <summary>How one tool is typed: its parameters, which of them are free-form JSON, and every free-form place.</summary>
/// <param name="Tool">The tool.</param>
/// <param name="Parameters">Its arguments and their shapes, in schema order.</param>
/// <param name="Result">The shape of its structured result, or null without an <c>outputSchema</c>.</param>
/// <param name="FreeFormParameters">The arguments whose C# type is free-form JSON itself (<c>JsonElement</c>, or a list, map or union of it).</param>
/// <param name="Sites">Every free-form place in arguments and result, each with its path, position and reason.</param>
internal sealed record ToolTyping(CatalogTool Tool, IReadOnlyList<ShapeMember> Parameters, Shape? Result, IReadOnlyList<string> FreeFormParameters, IReadOnlyList<FreeFormSite> Sites);

/// <summary>
/// What TypedMcp can type in a catalog and what it cannot: the generator reports the same
/// (<see cref="DiagnosticIds.CatalogFreeForm"/>, Info, one per free-form place), and <c>typedmcp import</c> and
/// <c>typedmcp classify</c> print it, so nothing is typed loosely in silence.
/// </summary>
internal static class CatalogTyping
{
    /// <summary>Types every tool of <paramref name="catalog"/> with <paramref name="shapes"/> (one typer per catalog).</summary>
    public static IReadOnlyList<ToolTyping> Analyze(CatalogDocument catalog, SchemaShapes shapes)
    {
        var tools = new List<ToolTyping>(catalog.Tools.Count);
        foreach (var tool in catalog.Tools) { tools.Add(Analyze(tool, shapes)); }
        return tools;
    }

    /// <summary>Types one tool.</summary>
    public static ToolTyping Analyze(CatalogTool tool, SchemaShapes shapes)
    {
        var parameters = shapes.Parameters(tool.InputSchema);
        var free = new List<string>();
        var sites = new List<FreeFormSite>();
        foreach (var p in parameters)
        {
            if (IsFreeForm(p.Shape)) { free.Add(p.Name); }
            sites.AddRange(SchemaShapes.FreeFormSites(p.Shape, p.Name, p.NameSpan));
        }

        Shape? result = null;
        if (tool.OutputSchema is { } output)
        {
            result = shapes.Of(output);
            if (result.Kind != ShapeKind.Any) { sites.AddRange(SchemaShapes.FreeFormSites(result, "result", output.Span)); }
        }

        return new ToolTyping(tool, parameters, result, free, sites);
    }

    /// <summary>Whether a value's own C# type is free-form JSON: <c>JsonElement</c>, or a list, map or union with it at the top.</summary>
    public static bool IsFreeForm(Shape shape) => shape.Kind switch
    {
        ShapeKind.Any => true,
        ShapeKind.Array or ShapeKind.Map => shape.Element!.Kind == ShapeKind.Any,
        ShapeKind.Union => shape.Alternatives.Count > 0 && shape.Alternatives[shape.Alternatives.Count - 1].Kind == ShapeKind.Any,
        _ => false,
    };

    /// <summary>One Info diagnostic per free-form place of <paramref name="typing"/>, located at its schema (duplicates of a shared schema once).</summary>
    public static IEnumerable<ModelDiagnostic> Diagnostics(ToolTyping typing, string? filePath)
    {
        foreach (var site in typing.Sites)
        {
            yield return new ModelDiagnostic(DiagnosticIds.CatalogFreeForm, ModelSeverity.Info,
                $"In tool \"{typing.Tool.Name}\", {site.Path} is typed as free-form JSON (JsonElement) because {site.Reason}.", filePath, site.Span);
        }
    }

    /// <summary>E.g. <c>2 of 14 parameters</c>.</summary>
    public static string Count(int part, int whole, string noun)
        => part.ToString(CultureInfo.InvariantCulture) + " of " + whole.ToString(CultureInfo.InvariantCulture) + " " + noun + (whole == 1 ? string.Empty : "s");
}

using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Json;

namespace TypedMcp.Cli.Commands;

/// <summary>Prints catalog changes as a table or as JSON; shared by <c>import</c> and <c>diff</c>.</summary>
internal static class ChangeReport
{
    public static string Summary(IReadOnlyList<CatalogChange> changes)
    {
        int added = 0, removed = 0, breaking = 0;
        var changed = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var c in changes)
        {
            if (c.IsBreaking) { breaking++; }
            if (c.Kind == ChangeKind.ToolAdded) { added++; }
            else if (c.Kind == ChangeKind.ToolRemoved) { removed++; }
            else { changed.Add(c.Tool); }
        }

        return string.Format(CultureInfo.InvariantCulture, "{0} added, {1} removed, {2} changed; {3}.",
            Tools(added), Tools(removed), Tools(changed.Count), breaking == 0 ? "no breaking changes" : CatalogFiles.Count(breaking, "breaking change"));
    }

    public static void Table(CliOutput output, IReadOnlyList<CatalogChange> changes)
    {
        if (changes.Count == 0) { return; }
        var rows = new List<IReadOnlyList<string>>();
        foreach (var c in changes)
        {
            rows.Add(new[] { c.Tool, c.KindText, c.IsBreaking ? "BREAKING" : "compatible", c.Detail });
        }

        output.Table(new[] { "Tool", "Change", "Impact", "Detail" }, rows);
    }

    public static LocatedJsonNode Json(IReadOnlyList<CatalogChange> changes)
    {
        var items = new List<LocatedJsonNode>();
        foreach (var c in changes)
        {
            items.Add(LocatedJsonNode.Object(
                ("tool", LocatedJsonNode.String(c.Tool)),
                ("kind", LocatedJsonNode.String(c.KindText)),
                ("breaking", LocatedJsonNode.Boolean(c.IsBreaking)),
                ("path", c.Path is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(c.Path)),
                ("detail", LocatedJsonNode.String(c.Detail))));
        }

        return LocatedJsonNode.Array(items);
    }

    private static string Tools(int n) => n.ToString(CultureInfo.InvariantCulture);
}

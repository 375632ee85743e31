using System;
using System.Collections.Generic;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Cli.Catalogs;

/// <summary>What changed about a tool between two catalogs.</summary>
internal enum ChangeKind
{
    /// <summary>A new tool.</summary>
    ToolAdded,
    /// <summary>A tool is gone (breaking).</summary>
    ToolRemoved,
    /// <summary>A new optional parameter, or a new required one (breaking).</summary>
    ParameterAdded,
    /// <summary>A parameter is gone (breaking).</summary>
    ParameterRemoved,
    /// <summary>A parameter's or result member's type changed (breaking).</summary>
    TypeChanged,
    /// <summary>An optional parameter became required (breaking), or a required one optional.</summary>
    RequirednessChanged,
    /// <summary>Enum values were added or removed.</summary>
    EnumChanged,
    /// <summary>A member of the structured result was added or removed.</summary>
    ResultChanged,
    /// <summary>The tool's description changed.</summary>
    DescriptionChanged,
    /// <summary>The tool's title changed.</summary>
    TitleChanged,
    /// <summary>The MCP annotations changed.</summary>
    AnnotationsChanged,
    /// <summary>The catalog's risk class changed.</summary>
    RiskChanged,
    /// <summary>A schema changed in details that do not change the C# shape (descriptions, defaults, constraints).</summary>
    SchemaDetailsChanged,
}

/// <summary>One change between two catalogs.</summary>
/// <param name="Tool">The tool's wire name.</param>
/// <param name="Kind">What changed.</param>
/// <param name="IsBreaking">Whether code written against the old catalog can stop compiling or working.</param>
/// <param name="Path">The parameter or result member concerned (<c>options.depth</c>, <c>result.items[]</c>), or null.</param>
/// <param name="Detail">One sentence for people.</param>
internal sealed record CatalogChange(string Tool, ChangeKind Kind, bool IsBreaking, string? Path, string Detail)
{
    /// <summary>The kind as written in JSON output, e.g. <c>parameter-removed</c>.</summary>
    public string KindText => Kebab(Kind.ToString());

    private static string Kebab(string pascal)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && sb.Length > 0) { sb.Append('-'); }
            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}

/// <summary>
/// Compares two catalogs tool by tool. Breaking: a tool removed, a parameter removed or retyped (by
/// <see cref="SchemaNode.Describe"/>), a new required parameter or an optional one made required, an input enum value
/// removed, a result member removed or retyped. Everything else is compatible.
/// </summary>
internal static class CatalogDiff
{
    private const int MaxDepth = 32;

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, ordered by tool name, then as found.</summary>
    public static IReadOnlyList<CatalogChange> Compare(CatalogDocument before, CatalogDocument after)
    {
        if (before is null) { throw new ArgumentNullException(nameof(before)); }
        if (after is null) { throw new ArgumentNullException(nameof(after)); }
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var t in before.Tools) { names.Add(t.Name); }
        foreach (var t in after.Tools) { names.Add(t.Name); }
        var changes = new List<CatalogChange>();
        foreach (var name in names)
        {
            var old = before.GetTool(name);
            var now = after.GetTool(name);
            if (old is null) { changes.Add(new CatalogChange(name, ChangeKind.ToolAdded, false, null, "new tool")); }
            else if (now is null) { changes.Add(new CatalogChange(name, ChangeKind.ToolRemoved, true, null, "tool removed")); }
            else { CompareTool(old, now, changes); }
        }

        return changes;
    }

    /// <summary>Whether any change is breaking.</summary>
    public static bool HasBreaking(IEnumerable<CatalogChange> changes)
    {
        foreach (var c in changes)
        {
            if (c.IsBreaking) { return true; }
        }

        return false;
    }

    private static void CompareTool(CatalogTool old, CatalogTool now, List<CatalogChange> changes)
    {
        var name = old.Name;
        var before = changes.Count;
        CompareObject(name, string.Empty, old.InputSchema, now.InputSchema, isInput: true, changes, 0);
        if (old.OutputSchema is null && now.OutputSchema is not null)
        {
            changes.Add(new CatalogChange(name, ChangeKind.ResultChanged, false, "result", "structured result schema added"));
        }
        else if (old.OutputSchema is not null && now.OutputSchema is null)
        {
            changes.Add(new CatalogChange(name, ChangeKind.ResultChanged, true, "result", "structured result schema removed"));
        }
        else if (old.OutputSchema is not null && now.OutputSchema is not null)
        {
            CompareValue(name, "result", old.OutputSchema, now.OutputSchema, isInput: false, changes, 0);
        }

        var shapeChanged = changes.Count != before;
        if (!shapeChanged && (!LocatedJsonNode.DeepEquals(old.InputSchema.Source, now.InputSchema.Source) || !LocatedJsonNode.DeepEquals(old.OutputSchema?.Source, now.OutputSchema?.Source)))
        {
            changes.Add(new CatalogChange(name, ChangeKind.SchemaDetailsChanged, false, null, "schema details changed (descriptions, defaults or constraints); the C# shape is the same"));
        }

        if (!string.Equals(old.Description, now.Description, StringComparison.Ordinal))
        {
            changes.Add(new CatalogChange(name, ChangeKind.DescriptionChanged, false, null, "description changed"));
        }

        if (!string.Equals(old.Title, now.Title, StringComparison.Ordinal))
        {
            changes.Add(new CatalogChange(name, ChangeKind.TitleChanged, false, null, $"title changed: {Quote(old.Title)} -> {Quote(now.Title)}"));
        }

        if (!LocatedJsonNode.DeepEquals(old.Annotations, now.Annotations))
        {
            changes.Add(new CatalogChange(name, ChangeKind.AnnotationsChanged, false, null, $"annotations changed: {old.Annotations?.ToString() ?? "none"} -> {now.Annotations?.ToString() ?? "none"}"));
        }

        if (old.Risk is { } r1 && now.Risk is { } r2 && (r1.Category != r2.Category || r1.Level != r2.Level))
        {
            changes.Add(new CatalogChange(name, ChangeKind.RiskChanged, false, null, $"risk class changed: {CatalogBuilder.Format(r1.Category, r1.Level)} -> {CatalogBuilder.Format(r2.Category, r2.Level)}; review policies that rely on it"));
        }
    }

    private static void CompareObject(string tool, string prefix, SchemaNode old, SchemaNode now, bool isInput, List<CatalogChange> changes, int depth)
    {
        if (depth > MaxDepth) { return; }
        var noun = isInput ? "parameter" : "result member";
        foreach (var p in old.Properties)
        {
            var path = prefix + p.Name;
            var q = now.GetProperty(p.Name);
            if (q is null)
            {
                changes.Add(isInput
                    ? new CatalogChange(tool, ChangeKind.ParameterRemoved, true, path, $"parameter '{path}' removed")
                    : new CatalogChange(tool, ChangeKind.ResultChanged, true, path, $"result member '{path}' removed"));
                continue;
            }

            CompareValue(tool, path, p.Schema, q.Schema, isInput, changes, depth + 1);
            if (p.IsRequired != q.IsRequired)
            {
                // Input: optional -> required breaks callers that omit it. Result: required -> optional breaks readers that rely on it.
                var breaking = isInput ? q.IsRequired : p.IsRequired;
                changes.Add(new CatalogChange(tool, ChangeKind.RequirednessChanged, breaking, path,
                    $"{noun} '{path}' is now {(q.IsRequired ? "required" : "optional")}"));
            }
        }

        foreach (var q in now.Properties)
        {
            if (old.GetProperty(q.Name) is not null) { continue; }
            var path = prefix + q.Name;
            if (isInput)
            {
                changes.Add(q.IsRequired
                    ? new CatalogChange(tool, ChangeKind.ParameterAdded, true, path, $"new required parameter '{path}' ({q.Schema.Describe()})")
                    : new CatalogChange(tool, ChangeKind.ParameterAdded, false, path, $"new optional parameter '{path}' ({q.Schema.Describe()})"));
            }
            else
            {
                changes.Add(new CatalogChange(tool, ChangeKind.ResultChanged, false, path, $"new result member '{path}' ({q.Schema.Describe()})"));
            }
        }
    }

    private static void CompareValue(string tool, string path, SchemaNode old, SchemaNode now, bool isInput, List<CatalogChange> changes, int depth)
    {
        if (depth > MaxDepth) { return; }
        var noun = isInput ? "parameter" : "result member";
        var a = old.Describe();
        var b = now.Describe();
        if (!string.Equals(a, b, StringComparison.Ordinal))
        {
            changes.Add(new CatalogChange(tool, ChangeKind.TypeChanged, true, path, $"{noun} '{path}' retyped: {a} -> {b}"));
            return;
        }

        if (old.Enum is not null && now.Enum is not null)
        {
            var removed = Missing(old.Enum, now.Enum);
            var added = Missing(now.Enum, old.Enum);
            if (removed.Count > 0)
            {
                // A caller may send a value the server no longer accepts.
                changes.Add(new CatalogChange(tool, ChangeKind.EnumChanged, isInput, path, $"{noun} '{path}' no longer allows {string.Join(", ", removed)}"));
            }

            if (added.Count > 0)
            {
                // A reader of the result may get a value its enum does not have.
                changes.Add(new CatalogChange(tool, ChangeKind.EnumChanged, !isInput, path, $"{noun} '{path}' now also allows {string.Join(", ", added)}"));
            }
        }

        if ((old.Types & SchemaTypes.Object) != 0 && (old.Properties.Count > 0 || now.Properties.Count > 0))
        {
            CompareObject(tool, path + ".", old, now, isInput, changes, depth + 1);
        }

        if (old.Items is not null && now.Items is not null)
        {
            CompareValue(tool, path + "[]", old.Items, now.Items, isInput, changes, depth + 1);
        }
    }

    private static List<string> Missing(IReadOnlyList<LocatedJsonNode> from, IReadOnlyList<LocatedJsonNode> inList)
    {
        var result = new List<string>();
        foreach (var v in from)
        {
            var found = false;
            foreach (var w in inList)
            {
                if (LocatedJsonNode.DeepEquals(v, w)) { found = true; break; }
            }

            if (!found) { result.Add(v.ToString()); }
        }

        return result;
    }

    private static string Quote(string? s) => s is null ? "none" : "\"" + s + "\"";
}

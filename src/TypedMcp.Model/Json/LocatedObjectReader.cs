using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Diagnostics;

namespace TypedMcp.Json;

/// <summary>
/// What every reader of a TypedMcp JSON file shares: the file's diagnostics, each located at line and column,
/// and the checks every object of such a file gets (duplicate keys, unknown keys, the expected kind of a value).
/// The policy and catalog languages derive from it to add their own wording; their section readers then only
/// say what a section means.
/// </summary>
internal abstract class LocatedObjectReader
{
    private readonly string _fileName;

    /// <summary>Creates a reader for the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file's path, for diagnostics, or null.</param>
    /// <param name="fallbackFileName">The name messages use when there is no path.</param>
    protected LocatedObjectReader(string? filePath, string fallbackFileName)
    {
        FilePath = filePath;
        _fileName = string.IsNullOrEmpty(filePath) ? fallbackFileName : filePath!;
    }

    /// <summary>The file's path, or null.</summary>
    public string? FilePath { get; }

    /// <summary>Every problem found so far, in the order found.</summary>
    public List<ModelDiagnostic> Diagnostics { get; } = new();

    /// <summary>How many of <see cref="Diagnostics"/> are errors.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Reports an error at <paramref name="span"/>.</summary>
    public void Error(string id, SourceSpan span, string message)
    {
        ErrorCount++;
        Diagnostics.Add(new ModelDiagnostic(id, ModelSeverity.Error, message, FilePath, span));
    }

    /// <summary>Reports a warning at <paramref name="span"/>.</summary>
    public void Warning(string id, SourceSpan span, string message)
        => Diagnostics.Add(new ModelDiagnostic(id, ModelSeverity.Warning, message, FilePath, span));

    /// <summary>Reports an error at <paramref name="node"/> unless it is of <paramref name="kind"/>; the message is given the kind it is.</summary>
    /// <returns>Whether <paramref name="node"/> is of <paramref name="kind"/>.</returns>
    public bool Expect(LocatedJsonNode node, JsonKind kind, string id, Func<string, string> message)
    {
        if (node.Kind == kind) { return true; }
        Error(id, node.Span, message(node.KindName));
        return false;
    }

    /// <summary>Warns, at its name, about each member of <paramref name="obj"/> that <paramref name="known"/> does not list, in file order.</summary>
    public void WarnUnknownKeys(LocatedJsonNode obj, IReadOnlyList<string> known, string id, Func<string, string> message)
    {
        foreach (var p in obj.Properties)
        {
            if (!IsOneOf(p.Name, known)) { Warning(id, p.NameSpan, message(p.Name)); }
        }
    }

    /// <summary><c>file:line:column</c> of <paramref name="span"/>, the form messages use to point elsewhere in the file.</summary>
    public string Where(SourceSpan span)
        => span.IsKnown
            ? $"{_fileName}:{span.StartLine.ToString(CultureInfo.InvariantCulture)}:{span.StartColumn.ToString(CultureInfo.InvariantCulture)}"
            : _fileName;

    /// <summary>Whether <paramref name="names"/> holds <paramref name="name"/> (ordinal).</summary>
    public static bool IsOneOf(string name, IReadOnlyList<string> names) => IndexOf(names, name) >= 0;

    /// <summary>Where <paramref name="names"/> holds <paramref name="name"/> (ordinal), or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal)) { return i; }
        }

        return -1;
    }

    /// <summary>
    /// For each member of <paramref name="obj"/> whose name an earlier member already has, that first member (at
    /// the same index as the repeat); null when no name repeats, which is nearly always, so nothing is allocated.
    /// </summary>
    public static LocatedJsonProperty?[]? FindDuplicateKeys(LocatedJsonNode obj)
    {
        var properties = obj.Properties;
        if (properties.Count < 2) { return null; }
        return properties.Count <= 8 ? FindDuplicatesByScan(properties) : FindDuplicatesByName(properties);
    }

    // Small objects (nearly all of them) are scanned without allocating: a dictionary per object was most of the parser's memory.
    private static LocatedJsonProperty?[]? FindDuplicatesByScan(IReadOnlyList<LocatedJsonProperty> properties)
    {
        LocatedJsonProperty?[]? firsts = null;
        for (var i = 1; i < properties.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (!string.Equals(properties[j].Name, properties[i].Name, StringComparison.Ordinal)) { continue; }
                (firsts ??= new LocatedJsonProperty?[properties.Count])[i] = properties[j];
                break;
            }
        }

        return firsts;
    }

    private static LocatedJsonProperty?[]? FindDuplicatesByName(IReadOnlyList<LocatedJsonProperty> properties)
    {
        LocatedJsonProperty?[]? firsts = null;
        var seen = new Dictionary<string, LocatedJsonProperty>(properties.Count, StringComparer.Ordinal);
        for (var i = 0; i < properties.Count; i++)
        {
            if (seen.TryGetValue(properties[i].Name, out var first)) { (firsts ??= new LocatedJsonProperty?[properties.Count])[i] = first; }
            else { seen.Add(properties[i].Name, properties[i]); }
        }

        return firsts;
    }
}

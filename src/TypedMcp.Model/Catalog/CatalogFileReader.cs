using System.Globalization;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// The catalog file being read, shared by its section readers: its diagnostics and the catalog's wording for
/// the checks every section makes (duplicate keys, optional strings).
/// </summary>
internal sealed class CatalogFileReader : LocatedObjectReader
{
    /// <summary>Creates the reader for the catalog at <paramref name="filePath"/>.</summary>
    public CatalogFileReader(string? filePath)
        : base(filePath, "the catalog")
    {
    }

    /// <summary>Reports each repeated key of <paramref name="obj"/>.</summary>
    public void CheckDuplicateKeys(LocatedJsonNode obj)
    {
        if (FindDuplicateKeys(obj) is not { } firsts) { return; }
        for (var i = 0; i < firsts.Length; i++)
        {
            if (firsts[i] is not { } first) { continue; }
            var p = obj.Properties[i];
            Error(DiagnosticIds.CatalogInvalidStructure, p.NameSpan, $"Key \"{p.Name}\" appears twice in the same object (first at line {first.NameSpan.StartLine.ToString(CultureInfo.InvariantCulture)}); JSON readers disagree on which wins, so remove one.");
        }
    }

    /// <summary>The string under <paramref name="key"/>; null when absent or JSON null; any other value is reported.</summary>
    public string? OptionalString(LocatedJsonNode owner, string key)
    {
        var node = owner[key];
        if (node is null || node.IsNull) { return null; }
        if (node.AsString() is { } s) { return s; }
        Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"{key}\" must be a string, not {node.KindName}.");
        return null;
    }
}

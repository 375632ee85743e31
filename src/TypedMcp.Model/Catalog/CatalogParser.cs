using System;
using System.IO;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// Reads a catalog file: a superset of MCP's <c>tools/list</c> result (<c>{ "tools": [...] }</c>) with
/// <c>server</c>, <c>naming</c>, per-tool <c>risk</c> and <c>csharp</c>. Never throws on bad input: every problem
/// becomes a <see cref="Diagnostics.ModelDiagnostic"/> located at line and column, and a broken tool is left out
/// rather than guessed at.
/// </summary>
/// <remarks>
/// One reader per section, all sharing one <see cref="CatalogFileReader"/>: <see cref="CatalogRootReader"/> (keys,
/// <c>server</c>, <c>naming</c>, the <c>tools</c> list), <see cref="CatalogToolReader"/>, <see cref="RiskReader"/>,
/// <see cref="CSharpOverridesReader"/> and <see cref="SchemaReader"/>.
/// </remarks>
internal static class CatalogParser
{
    /// <summary>The most tools one catalog may hold (documented limit; more is reported as TMCP0009).</summary>
    public const int MaxTools = 20_000;

    /// <summary>Parses catalog text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The file's path, used in diagnostics and, when the catalog has no <c>server.name</c>, for the server name.</param>
    /// <param name="options">Reader limits; <see cref="LocatedJsonReaderOptions.Default"/> when null.</param>
    public static CatalogParseResult Parse(string text, string? filePath, LocatedJsonReaderOptions? options = null)
    {
        var file = new CatalogFileReader(filePath);
        var catalog = new CatalogRootReader(file).Read(text ?? string.Empty, options);
        return new CatalogParseResult(catalog, file.Diagnostics);
    }

    /// <summary>The server name a catalog file gets from its file name when it has no <c>server.name</c>: the name without <c>.mcp.json</c> / <c>.json</c>.</summary>
    public static string ServerNameFromPath(string path)
    {
        var file = Path.GetFileName(path);
        foreach (var suffix in new[] { ".mcp.json", ".json" })
        {
            if (file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) { return file.Substring(0, file.Length - suffix.Length); }
        }

        return file;
    }
}

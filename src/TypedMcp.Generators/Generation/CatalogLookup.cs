using System;
using System.Collections.Generic;
using System.IO;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Generators.Generation;

/// <summary>What identifies a catalog for <c>[McpClient("name")]</c>: its path, its <c>server.name</c> and its file's name.</summary>
internal interface ICatalogIdentity
{
    /// <summary>The catalog file's path.</summary>
    string FilePath { get; }

    /// <summary>The catalog's <c>server.name</c> (its file name when it has no <c>server</c>), or null when the catalog is broken.</summary>
    string? ServerName { get; }

    /// <summary>The name the file gives: its name without <c>.mcp.json</c> / <c>.json</c>.</summary>
    string FileServerName { get; }
}

/// <summary>A catalog reduced to what names it; the policy-embedding pipeline's cache key (plain strings, compared by value).</summary>
/// <param name="FilePath">The catalog file's path.</param>
/// <param name="ServerName">Its <c>server.name</c>, or null when the catalog is broken.</param>
/// <param name="FileServerName">The name its file gives.</param>
/// <param name="InputSchemasJson">Its tools' input schemas as one compact JSON object (tool name → inputSchema, ordinal order), or null.</param>
internal sealed record CatalogIdentitySpec(string FilePath, string? ServerName, string FileServerName, string? InputSchemasJson = null) : ICatalogIdentity;

/// <summary>
/// How <c>[McpClient("name")]</c> finds its catalog among the AdditionalFiles, shared by the client generator and
/// the policy-embedding generator so both resolve the same catalog and so the same server name. A JSON file is a
/// catalog when its name ends in <c>.mcp.json</c>, it lies in a <c>catalog</c>/<c>catalogs</c> folder, or its root
/// object has a <c>tools</c> array; the attribute's name matches the catalog's <c>server.name</c> or its file's name.
/// </summary>
internal static class CatalogLookup
{
    /// <summary>Whether an additional file may be a catalog at all (cheap, by name): a JSON file that is no policy file.</summary>
    public static bool IsJsonFile(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) { return false; }
        return !PolicyFileNames.IsPolicyPath(path, out _);
    }

    /// <summary>Whether a file is a catalog by its name or folder, whatever its content (then every problem in it is reported).</summary>
    public static bool IsCatalogByConvention(string path)
    {
        if (path.EndsWith(".mcp.json", StringComparison.OrdinalIgnoreCase)) { return true; }
        var parts = path.Split('/', '\\');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (string.Equals(parts[i], "catalog", StringComparison.OrdinalIgnoreCase) || string.Equals(parts[i], "catalogs", StringComparison.OrdinalIgnoreCase)) { return true; }
        }

        return false;
    }

    /// <summary>Whether a parsed file that is no catalog by convention still is one: a root object with a <c>tools</c> array.</summary>
    public static bool HasToolsArray(LocatedJsonNode? root) => root is not null && root.IsObject && root["tools"] is { IsArray: true };

    /// <summary>
    /// Reads only what names a catalog, or returns null when the file is no catalog. The server name is the one the
    /// full <see cref="CatalogParser"/> gives (null where it finds no catalog), so matching agrees with the client generator.
    /// </summary>
    public static CatalogIdentitySpec? ReadIdentity(string path, string? text)
    {
        if (!IsJsonFile(path)) { return null; }
        var byConvention = IsCatalogByConvention(path);
        var fileServer = CatalogParser.ServerNameFromPath(path);
        var root = text is null ? null : LocatedJsonReader.TryParse(text, out _);
        if (!byConvention && !HasToolsArray(root)) { return null; }
        return new CatalogIdentitySpec(path, root is null ? null : ServerName(root, fileServer), fileServer, root is null ? null : InputSchemas(root));
    }

    // The run-time guard validates calls against these: { "tool": <inputSchema>, ... }, first of a duplicated name, sorted.
    private static string? InputSchemas(LocatedJsonNode root)
    {
        if (root["tools"] is not { IsArray: true } tools) { return null; }
        var schemas = new SortedDictionary<string, LocatedJsonNode>(StringComparer.Ordinal);
        foreach (var tool in tools.Items)
        {
            if (tool.IsObject && tool["name"]?.AsString() is { Length: > 0 } name && tool["inputSchema"] is { IsObject: true } schema && !schemas.ContainsKey(name))
            {
                schemas.Add(name, schema);
            }
        }

        if (schemas.Count == 0) { return null; }
        var properties = new List<LocatedJsonProperty>(schemas.Count);
        foreach (var pair in schemas) { properties.Add(new LocatedJsonProperty(pair.Key, pair.Value)); }
        return LocatedJsonNode.Object(properties).ToString();
    }

    /// <summary>The catalogs that <c>[McpClient(<paramref name="name"/>)]</c> names: by <c>server.name</c> or by file name.</summary>
    public static List<T> Match<T>(string name, IEnumerable<T?> catalogs)
        where T : class, ICatalogIdentity
    {
        var matches = new List<T>();
        foreach (var c in catalogs)
        {
            if (c is null) { continue; }
            if (string.Equals(c.ServerName, name, StringComparison.Ordinal) || string.Equals(c.FileServerName, name, StringComparison.Ordinal)) { matches.Add(c); }
        }

        return matches;
    }

    /// <summary>The server name the generated client's tools carry (<c>[McpTool(Server = ...)]</c>), which the analyzer keys policies on.</summary>
    public static string ServerOf(ICatalogIdentity catalog) => catalog.ServerName ?? catalog.FileServerName;

    // CatalogParser's rule: no "server" → the file's name; "server" must be an object with a non-empty "name".
    private static string? ServerName(LocatedJsonNode root, string fileServer)
    {
        if (!root.IsObject) { return null; }
        var server = root["server"];
        if (server is null) { return fileServer; }
        if (!server.IsObject) { return null; }
        return server["name"]?.AsString() is { Length: > 0 } name ? name : null;
    }
}

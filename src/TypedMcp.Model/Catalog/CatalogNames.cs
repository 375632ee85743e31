using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// What names a catalog: its server's name and its tools' names, read with a pruned parse that skips schemas and
/// descriptions (<see cref="LocatedJsonOutline"/>), for whatever needs names only (the policy analyzer's and the
/// CLI's unknown-tool check). It reads as strictly as <see cref="CatalogParser"/> where names are concerned and
/// says when the catalog is too broken for its list of names to be trusted.
/// </summary>
internal sealed class CatalogNames
{
    private static readonly LocatedJsonOutline NameOnly = LocatedJsonOutline.Members(("name", LocatedJsonOutline.Everything));

    private static readonly LocatedJsonOutline Outline = LocatedJsonOutline.Members(
        ("server", NameOnly),
        ("tools", LocatedJsonOutline.ItemsOf(NameOnly)));

    private CatalogNames(string path, string? server, IReadOnlyList<LocatedJsonProperty> tools, bool isComplete)
    {
        Path = path;
        Server = server;
        Tools = tools;
        IsComplete = isComplete;
    }

    /// <summary>The catalog file's path.</summary>
    public string Path { get; }

    /// <summary>The server's name (<c>server.name</c>, or the file's name when there is no <c>server</c>), or null when it cannot be read.</summary>
    public string? Server { get; }

    /// <summary>The tools' names with where each stands (name and value span), in file order.</summary>
    public IReadOnlyList<LocatedJsonProperty> Tools { get; }

    /// <summary>False when the file is not valid JSON, not a catalog, or a tool's name is missing, empty or given twice.</summary>
    public bool IsComplete { get; }

    /// <summary>Reads the names of the catalog <paramref name="text"/> at <paramref name="path"/>.</summary>
    public static CatalogNames Read(string path, string text)
    {
        var root = LocatedJsonReader.TryParse(text ?? string.Empty, Outline, out _);
        if (root is null || !root.IsObject) { return new CatalogNames(path, null, Array.Empty<LocatedJsonProperty>(), false); }
        var server = ServerName(root, path);
        var complete = server is not null;
        var tools = new List<LocatedJsonProperty>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (root["tools"] is { IsArray: true } array && array.Items.Count <= CatalogParser.MaxTools)
        {
            foreach (var item in array.Items)
            {
                var name = item.GetProperty("name");
                if (name?.Value.AsString() is { Length: > 0 } toolName && seen.Add(toolName)) { tools.Add(name); }
                else { complete = false; }
            }
        }
        else
        {
            complete = false;
        }

        return new CatalogNames(path, server, tools, complete);
    }

    // CatalogParser's rule: no "server" → the file's name; "server" must be an object with a non-empty "name".
    private static string? ServerName(LocatedJsonNode root, string path)
    {
        var server = root["server"];
        if (server is null) { return CatalogParser.ServerNameFromPath(path); }
        return server.IsObject && server["name"]?.AsString() is { Length: > 0 } name ? name : null;
    }
}

/// <summary>
/// The tool names a policy file may use, scoped per server the way the policy applies: <c>&lt;server&gt;.policy.json</c>
/// names tools of that server's catalogs, <c>policy.json</c> tools of every catalog. Shared by the analyzer and the CLI.
/// </summary>
internal sealed class PolicyToolNames
{
    private readonly HashSet<string> _all = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byServer = new(StringComparer.Ordinal);
    private bool _incomplete;

    /// <summary>Adds a catalog's names; a catalog whose names cannot be trusted switches the check off.</summary>
    public void Add(CatalogNames catalog)
    {
        if (!catalog.IsComplete || catalog.Server is null)
        {
            _incomplete = true;
            return;
        }

        var names = new List<string>(catalog.Tools.Count);
        foreach (var tool in catalog.Tools) { names.Add(tool.Value.AsString()!); }
        Add(catalog.Server, names);
    }

    /// <summary>Adds the tool names of a catalog of <paramref name="server"/>.</summary>
    public void Add(string server, IEnumerable<string> toolNames)
    {
        if (!_byServer.TryGetValue(server, out var set)) { _byServer[server] = set = new HashSet<string>(StringComparer.Ordinal); }
        foreach (var name in toolNames)
        {
            set.Add(name);
            _all.Add(name);
        }
    }

    /// <summary>
    /// The names a policy for <paramref name="server"/> (null: <c>policy.json</c>, every server) may use, sorted; null
    /// when they are not known: no catalog read, a broken one, or none of that server.
    /// </summary>
    public IReadOnlyCollection<string>? For(string? server)
    {
        if (_incomplete || _byServer.Count == 0) { return null; }
        if (server is null) { return Sorted(_all); }
        return _byServer.TryGetValue(server, out var own) ? Sorted(own) : null;
    }

    private static IReadOnlyCollection<string> Sorted(HashSet<string> set)
    {
        var list = new List<string>(set);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}

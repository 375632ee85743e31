using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TypedMcp.Json;

namespace TypedMcp.Cli.Servers;

/// <summary>
/// Reads the servers of an MCP client configuration file, the format Claude Desktop, Cursor, Claude Code
/// (<c>"mcpServers"</c>) and VS Code (<c>"servers"</c>) share: each server a name with either
/// <c>command</c>/<c>args</c>/<c>env</c>/<c>cwd</c> (stdio) or <c>url</c>/<c>headers</c> (HTTP).
/// </summary>
internal static class McpConfigFile
{
    /// <summary>Reads every server of the file, in file order.</summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="text">Its text.</param>
    /// <param name="timeout">How long connecting and listing may take per server.</param>
    /// <exception cref="CliException">The file is not JSON, has no servers, or an entry is malformed (the message names file, line and column).</exception>
    public static IReadOnlyList<ServerEndpoint> Read(string path, string text, TimeSpan timeout)
    {
        LocatedJsonNode root;
        try
        {
            root = LocatedJsonReader.Parse(text);
        }
        catch (JsonParseException e)
        {
            throw Fail(path, e.Span, $"not valid JSON: {e.Reason}.");
        }

        var servers = root.IsObject ? root["mcpServers"] ?? root["servers"] : null;
        if (servers is null || !servers.IsObject)
        {
            throw Fail(path, root.Span, "an MCP configuration needs an object \"mcpServers\" (or \"servers\") that maps each server's name to { \"command\", \"args\", \"env\" } or { \"url\", \"headers\" }.");
        }

        if (servers.Properties.Count == 0) { throw Fail(path, servers.Span, "\"mcpServers\" lists no server."); }
        var list = new List<ServerEndpoint>();
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        foreach (var p in servers.Properties)
        {
            list.Add(ReadServer(path, baseDir, p.Name, p.NameSpan, p.Value, timeout));
        }

        return list;
    }

    private static ServerEndpoint ReadServer(string path, string baseDir, string name, SourceSpan nameSpan, LocatedJsonNode node, TimeSpan timeout)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.StartsWith(".", StringComparison.Ordinal))
        {
            throw Fail(path, nameSpan, $"the server name \"{name}\" cannot be a file name (its catalog is written as <name>.json); rename it.");
        }

        if (!node.IsObject) { throw Fail(path, node.Span, $"server \"{name}\" must be an object."); }
        if (node["url"] is { } urlNode)
        {
            if (urlNode.AsString() is not { } urlText || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw Fail(path, urlNode.Span, $"\"url\" of server \"{name}\" must be an absolute http:// or https:// URL.");
            }

            return ServerEndpoint.Http(name, url, Strings(path, node["headers"], name, "headers"), timeout);
        }

        if (node["command"] is not { } commandNode || commandNode.AsString() is not { Length: > 0 } command)
        {
            throw Fail(path, node["command"]?.Span ?? node.Span, $"server \"{name}\" needs a \"command\" (a stdio server) or a \"url\" (an HTTP server).");
        }

        var parts = new List<string> { command };
        if (node["args"] is { } args)
        {
            if (!args.IsArray) { throw Fail(path, args.Span, $"\"args\" of server \"{name}\" must be an array of strings."); }
            foreach (var a in args.Items)
            {
                parts.Add(a.AsString() ?? throw Fail(path, a.Span, $"\"args\" of server \"{name}\" must hold strings only."));
            }
        }

        string? cwd = null;
        if (node["cwd"] is { } cwdNode)
        {
            cwd = cwdNode.AsString() ?? throw Fail(path, cwdNode.Span, $"\"cwd\" of server \"{name}\" must be a string.");
            cwd = Path.GetFullPath(Path.Combine(baseDir, cwd));
        }

        return ServerEndpoint.Stdio(name, parts, Strings(path, node["env"], name, "env"), cwd, timeout);
    }

    private static IReadOnlyDictionary<string, string> Strings(string path, LocatedJsonNode? node, string server, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) { return map; }
        if (!node.IsObject) { throw Fail(path, node.Span, $"\"{key}\" of server \"{server}\" must be an object of names to strings."); }
        foreach (var p in node.Properties)
        {
            map[p.Name] = p.Value.AsString() ?? throw Fail(path, p.Value.Span, $"\"{key}.{p.Name}\" of server \"{server}\" must be a string.");
        }

        return map;
    }

    private static CliException Fail(string path, SourceSpan span, string message)
        => new($"{path}({span.StartLine.ToString(CultureInfo.InvariantCulture)},{span.StartColumn.ToString(CultureInfo.InvariantCulture)}): {message}");
}

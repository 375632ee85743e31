using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>Reads the top level of a catalog: its keys, <c>server</c>, <c>naming</c> and the <c>tools</c> list.</summary>
/// <param name="file">The file being read.</param>
internal sealed class CatalogRootReader(CatalogFileReader file)
{
    private static readonly string[] RootKeys = { "$schema", "server", "naming", "tools", "nextCursor", "_meta" };

    /// <summary>Reads the catalog from <paramref name="text"/>; null when it is unusable (the reasons are reported).</summary>
    public CatalogDocument? Read(string text, LocatedJsonReaderOptions? options)
    {
        if (ParseRoot(text, options) is not { } root) { return null; }
        file.CheckDuplicateKeys(root);
        file.WarnUnknownKeys(root, RootKeys, DiagnosticIds.CatalogUnknownKey, name => $"Unknown catalog key \"{name}\" is ignored; expected server, naming or tools.");
        var server = ReadServer(root);
        var naming = ReadNaming(root["naming"]);
        var tools = ReadTools(root);
        return server is null ? null : new CatalogDocument(file.FilePath, root, server, naming, tools);
    }

    private LocatedJsonNode? ParseRoot(string text, LocatedJsonReaderOptions? options)
    {
        LocatedJsonNode root;
        try
        {
            root = LocatedJsonReader.Parse(text, options);
        }
        catch (JsonParseException e)
        {
            var id = e.Reason.Contains("limit") ? DiagnosticIds.CatalogTooLarge : DiagnosticIds.CatalogInvalidJson;
            file.Error(id, e.Span, $"The catalog is not valid JSON: {e.Reason}. Fix the file at this position.");
            return null;
        }

        if (root.IsObject) { return root; }
        file.Error(DiagnosticIds.CatalogInvalidStructure, root.Span, "A catalog must be a JSON object with a \"tools\" array (an MCP tools/list result).");
        return null;
    }

    private ServerInfo? ReadServer(LocatedJsonNode root)
    {
        var node = root["server"];
        if (node is null)
        {
            if (!string.IsNullOrEmpty(file.FilePath)) { return new ServerInfo(CatalogParser.ServerNameFromPath(file.FilePath!), null, null); }
            file.Error(DiagnosticIds.CatalogInvalidStructure, root.Span, "The catalog has no \"server\": { \"name\": ... } and no file name to take the server name from.");
            return null;
        }

        if (!file.Expect(node, JsonKind.Object, DiagnosticIds.CatalogInvalidStructure, kind => $"\"server\" must be an object with \"name\", \"title\" and \"version\", not {kind}.")) { return null; }
        var name = node["name"];
        if (name?.AsString() is not { Length: > 0 } serverName)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, name?.Span ?? node.Span, "\"server.name\" must be a non-empty string; [McpClient(\"name\")] refers to it.");
            return null;
        }

        return new ServerInfo(serverName, file.OptionalString(node, "title"), file.OptionalString(node, "version"));
    }

    private NamingRules ReadNaming(LocatedJsonNode? node)
    {
        if (node is null) { return NamingRules.Default; }
        if (!file.Expect(node, JsonKind.Object, DiagnosticIds.CatalogInvalidStructure, kind => $"\"naming\" must be an object, not {kind}.")) { return NamingRules.Default; }
        var prefixes = new List<string>();
        foreach (var p in node.Properties)
        {
            if (p.Name == "stripPrefixes") { ReadStripPrefixes(p.Value, prefixes); }
            else { file.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown naming rule \"{p.Name}\" is ignored; the known rule is stripPrefixes."); }
        }

        return new NamingRules(prefixes);
    }

    private void ReadStripPrefixes(LocatedJsonNode node, List<string> into)
    {
        if (!node.IsArray)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, "\"naming.stripPrefixes\" must be an array of strings.");
            return;
        }

        foreach (var item in node.Items)
        {
            if (item.AsString() is { } s) { into.Add(s); }
            else { file.Error(DiagnosticIds.CatalogInvalidStructure, item.Span, "\"naming.stripPrefixes\" must hold strings only."); }
        }
    }

    private List<CatalogTool> ReadTools(LocatedJsonNode root)
    {
        var tools = new List<CatalogTool>();
        var node = root["tools"];
        if (node is null)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, root.Span, "The catalog has no \"tools\" array; add \"tools\": [ ... ] (the tools/list result of the server).");
        }
        else if (!node.IsArray)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"tools\" must be an array of tool objects, not {node.KindName}.");
        }
        else if (node.Items.Count > CatalogParser.MaxTools)
        {
            file.Error(DiagnosticIds.CatalogTooLarge, node.Span, $"The catalog has {node.Items.Count.ToString(CultureInfo.InvariantCulture)} tools, more than the limit of {CatalogParser.MaxTools.ToString(CultureInfo.InvariantCulture)}; split it into several catalogs.");
        }
        else
        {
            ReadToolList(node, new CatalogToolReader(file), tools);
        }

        return tools;
    }

    private void ReadToolList(LocatedJsonNode array, CatalogToolReader reader, List<CatalogTool> into)
    {
        var seen = new Dictionary<string, CatalogTool>(StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            if (reader.Read(item) is not { } tool) { continue; }
            if (seen.TryGetValue(tool.Name, out var first))
            {
                file.Error(DiagnosticIds.CatalogDuplicateTool, tool.NameSpan, $"Tool \"{tool.Name}\" is already defined at line {first.NameSpan.StartLine.ToString(CultureInfo.InvariantCulture)}; remove one of the two.");
                continue;
            }

            seen.Add(tool.Name, tool);
            into.Add(tool);
        }
    }
}

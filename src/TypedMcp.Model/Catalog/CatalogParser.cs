using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// Reads a catalog file: a superset of MCP's <c>tools/list</c> result (<c>{ "tools": [...] }</c>) with
/// <c>server</c>, <c>naming</c>, per-tool <c>risk</c> and <c>csharp</c>. Never throws on bad input: every problem
/// becomes a <see cref="ModelDiagnostic"/> located at line and column, and a broken tool is left out rather than
/// guessed at.
/// </summary>
internal static class CatalogParser
{
    /// <summary>The most tools one catalog may hold (documented limit; more is reported as TMCP0009).</summary>
    public const int MaxTools = 20_000;

    private static readonly HashSet<string> RootKeys = new(StringComparer.Ordinal) { "$schema", "server", "naming", "tools", "nextCursor", "_meta" };
    private static readonly HashSet<string> ToolKeys = new(StringComparer.Ordinal) { "name", "title", "description", "inputSchema", "outputSchema", "annotations", "risk", "csharp", "_meta", "icons", "execution" };

    /// <summary>Parses catalog text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The file's path, used in diagnostics and, when the catalog has no <c>server.name</c>, for the server name.</param>
    /// <param name="options">Reader limits; <see cref="LocatedJsonReaderOptions.Default"/> when null.</param>
    public static CatalogParseResult Parse(string text, string? filePath, LocatedJsonReaderOptions? options = null)
    {
        var diags = new List<ModelDiagnostic>();
        var ctx = new Context(filePath, diags);
        LocatedJsonNode root;
        try
        {
            root = LocatedJsonReader.Parse(text ?? string.Empty, options);
        }
        catch (JsonParseException e)
        {
            var id = e.Reason.Contains("limit") ? DiagnosticIds.CatalogTooLarge : DiagnosticIds.CatalogInvalidJson;
            ctx.Error(id, e.Span, $"The catalog is not valid JSON: {e.Reason}. Fix the file at this position.");
            return new CatalogParseResult(null, diags);
        }

        if (!root.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, root.Span, "A catalog must be a JSON object with a \"tools\" array (an MCP tools/list result).");
            return new CatalogParseResult(null, diags);
        }

        ctx.CheckDuplicateKeys(root);
        foreach (var p in root.Properties)
        {
            if (!RootKeys.Contains(p.Name))
            {
                ctx.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown catalog key \"{p.Name}\" is ignored; expected server, naming or tools.");
            }
        }

        var server = ReadServer(root, filePath, ctx);
        var naming = ReadNaming(root, ctx);
        var toolsNode = root["tools"];
        var tools = new List<CatalogTool>();
        if (toolsNode is null)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, root.Span, "The catalog has no \"tools\" array; add \"tools\": [ ... ] (the tools/list result of the server).");
        }
        else if (!toolsNode.IsArray)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, toolsNode.Span, $"\"tools\" must be an array of tool objects, not {KindName(toolsNode)}.");
        }
        else if (toolsNode.Items.Count > MaxTools)
        {
            ctx.Error(DiagnosticIds.CatalogTooLarge, toolsNode.Span, $"The catalog has {toolsNode.Items.Count.ToString(CultureInfo.InvariantCulture)} tools, more than the limit of {MaxTools.ToString(CultureInfo.InvariantCulture)}; split it into several catalogs.");
        }
        else
        {
            var seen = new Dictionary<string, CatalogTool>(StringComparer.Ordinal);
            foreach (var item in toolsNode.Items)
            {
                var tool = ReadTool(item, ctx);
                if (tool is null) { continue; }
                if (seen.TryGetValue(tool.Name, out var first))
                {
                    ctx.Error(DiagnosticIds.CatalogDuplicateTool, tool.NameSpan, $"Tool \"{tool.Name}\" is already defined at line {first.NameSpan.StartLine.ToString(CultureInfo.InvariantCulture)}; remove one of the two.");
                    continue;
                }

                seen.Add(tool.Name, tool);
                tools.Add(tool);
            }
        }

        if (server is null) { return new CatalogParseResult(null, diags); }
        return new CatalogParseResult(new CatalogDocument(filePath, root, server, naming, tools), diags);
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

    private static ServerInfo? ReadServer(LocatedJsonNode root, string? filePath, Context ctx)
    {
        var node = root["server"];
        if (node is null)
        {
            if (!string.IsNullOrEmpty(filePath)) { return new ServerInfo(ServerNameFromPath(filePath!), null, null); }
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, root.Span, "The catalog has no \"server\": { \"name\": ... } and no file name to take the server name from.");
            return null;
        }

        if (!node.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"server\" must be an object with \"name\", \"title\" and \"version\", not {KindName(node)}.");
            return null;
        }

        var name = node["name"];
        if (name?.AsString() is not { Length: > 0 } serverName)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, name?.Span ?? node.Span, "\"server.name\" must be a non-empty string; [McpClient(\"name\")] refers to it.");
            return null;
        }

        return new ServerInfo(serverName, ctx.OptionalString(node, "title"), ctx.OptionalString(node, "version"));
    }

    private static NamingRules ReadNaming(LocatedJsonNode root, Context ctx)
    {
        var node = root["naming"];
        if (node is null) { return NamingRules.Default; }
        if (!node.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"naming\" must be an object, not {KindName(node)}.");
            return NamingRules.Default;
        }

        var prefixes = new List<string>();
        foreach (var p in node.Properties)
        {
            if (p.Name == "stripPrefixes")
            {
                if (!p.Value.IsArray)
                {
                    ctx.Error(DiagnosticIds.CatalogInvalidStructure, p.Value.Span, "\"naming.stripPrefixes\" must be an array of strings.");
                    continue;
                }

                foreach (var item in p.Value.Items)
                {
                    if (item.AsString() is { } s) { prefixes.Add(s); }
                    else { ctx.Error(DiagnosticIds.CatalogInvalidStructure, item.Span, "\"naming.stripPrefixes\" must hold strings only."); }
                }
            }
            else
            {
                ctx.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown naming rule \"{p.Name}\" is ignored; the known rule is stripPrefixes.");
            }
        }

        return new NamingRules(prefixes);
    }

    private static CatalogTool? ReadTool(LocatedJsonNode node, Context ctx)
    {
        if (!node.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"Each element of \"tools\" must be a tool object, not {KindName(node)}.");
            return null;
        }

        ctx.CheckDuplicateKeys(node);
        var nameNode = node["name"];
        if (nameNode?.AsString() is not { Length: > 0 } name)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, nameNode?.Span ?? node.Span, "A tool needs a non-empty string \"name\".");
            return null;
        }

        foreach (var p in node.Properties)
        {
            if (!ToolKeys.Contains(p.Name))
            {
                ctx.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown key \"{p.Name}\" in tool \"{name}\" is ignored.");
            }
        }

        var inputNode = node["inputSchema"];
        if (inputNode is null)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, nameNode.Span, $"Tool \"{name}\" has no \"inputSchema\"; every MCP tool declares one (use {{ \"type\": \"object\" }} for a tool without arguments).");
            return null;
        }

        if (!inputNode.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, inputNode.Span, $"\"inputSchema\" of tool \"{name}\" must be a JSON Schema object, not {KindName(inputNode)}.");
            return null;
        }

        var errorsBefore = ctx.ErrorCount;
        var input = ReadSchema(inputNode, ctx, $"inputSchema of tool \"{name}\"");
        if (input.Types != SchemaTypes.None && input.Types != SchemaTypes.Object)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, inputNode.Span, $"\"inputSchema\" of tool \"{name}\" must have \"type\": \"object\" (MCP tool arguments are an object).");
        }

        var tool = new CatalogTool(name, nameNode.Span, node, input)
        {
            Title = ctx.OptionalString(node, "title"),
            Description = ctx.OptionalString(node, "description"),
        };

        if (node["outputSchema"] is { } outputNode)
        {
            if (outputNode.IsObject) { tool.OutputSchema = ReadSchema(outputNode, ctx, $"outputSchema of tool \"{name}\""); }
            else { ctx.Error(DiagnosticIds.CatalogInvalidStructure, outputNode.Span, $"\"outputSchema\" of tool \"{name}\" must be a JSON Schema object, not {KindName(outputNode)}."); }
        }

        if (node["annotations"] is { } ann)
        {
            if (ann.IsObject) { tool.Annotations = ann; }
            else { ctx.Error(DiagnosticIds.CatalogInvalidStructure, ann.Span, $"\"annotations\" of tool \"{name}\" must be an object."); }
        }

        if (node["risk"] is { } risk)
        {
            tool.Risk = ReadRisk(risk, name, ctx);
            tool.RiskSpan = risk.Span;
        }

        if (node["csharp"] is { } cs) { tool.CSharp = ReadOverrides(cs, name, ctx); }
        return ctx.ErrorCount == errorsBefore ? tool : null;
    }

    private static RiskClass? ReadRisk(LocatedJsonNode node, string tool, Context ctx)
    {
        if (!node.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidRisk, node.Span, $"\"risk\" of tool \"{tool}\" must be an object {{ \"category\": ..., \"level\": ... }}.");
            return null;
        }

        var cat = node["category"];
        var lvl = node["level"];
        if (!RiskClass.TryParseCategory(cat?.AsString(), out var category))
        {
            ctx.Error(DiagnosticIds.CatalogInvalidRisk, cat?.Span ?? node.Span, $"Risk category of tool \"{tool}\" must be one of Read, Write, Execute, Destructive, Financial, Other{(cat is null ? " (it is missing)" : $", not {cat}")}.");
            return null;
        }

        if (!RiskClass.TryParseLevel(lvl?.AsString(), out var level))
        {
            ctx.Error(DiagnosticIds.CatalogInvalidRisk, lvl?.Span ?? node.Span, $"Risk level of tool \"{tool}\" must be one of low, medium, high, critical{(lvl is null ? " (it is missing)" : $", not {lvl}")}.");
            return null;
        }

        foreach (var p in node.Properties)
        {
            if (p.Name != "category" && p.Name != "level" && p.Name != "reason")
            {
                ctx.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown key \"{p.Name}\" in the risk of tool \"{tool}\" is ignored.");
            }
        }

        return new RiskClass(category, level, ctx.OptionalString(node, "reason"));
    }

    private static CSharpOverrides? ReadOverrides(LocatedJsonNode node, string tool, Context ctx)
    {
        if (!node.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"csharp\" of tool \"{tool}\" must be an object.");
            return null;
        }

        NameOverride? method = null;
        var parameters = new Dictionary<string, NameOverride>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var p in node.Properties)
        {
            switch (p.Name)
            {
                case "methodName":
                    if (p.Value.AsString() is { } m) { method = new NameOverride(m, p.Value.Span); }
                    else { ctx.Error(DiagnosticIds.CatalogInvalidStructure, p.Value.Span, $"csharp.methodName of tool \"{tool}\" must be a string."); }
                    break;
                case "parameters":
                    if (!p.Value.IsObject)
                    {
                        ctx.Error(DiagnosticIds.CatalogInvalidStructure, p.Value.Span, $"csharp.parameters of tool \"{tool}\" must be an object of argument name → C# name.");
                        break;
                    }

                    foreach (var q in p.Value.Properties)
                    {
                        if (q.Value.AsString() is { } n) { parameters[q.Name] = new NameOverride(n, q.Value.Span); }
                        else { ctx.Error(DiagnosticIds.CatalogInvalidStructure, q.Value.Span, $"csharp.parameters.{q.Name} of tool \"{tool}\" must be a string (the C# parameter name)."); }
                    }

                    break;
                case "required":
                    if (!p.Value.IsArray)
                    {
                        ctx.Error(DiagnosticIds.CatalogInvalidStructure, p.Value.Span, $"csharp.required of tool \"{tool}\" must be an array of argument names.");
                        break;
                    }

                    foreach (var item in p.Value.Items)
                    {
                        if (item.AsString() is { } r) { required.Add(r); }
                        else { ctx.Error(DiagnosticIds.CatalogInvalidStructure, item.Span, $"csharp.required of tool \"{tool}\" must hold strings only."); }
                    }

                    break;
                default:
                    ctx.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown key \"{p.Name}\" in csharp overrides of tool \"{tool}\" is ignored; known keys are methodName, parameters and required.");
                    break;
            }
        }

        return new CSharpOverrides(method, parameters, required);
    }

    /// <summary>Reads the parts of a JSON Schema that map to C#.</summary>
    internal static SchemaNode ReadSchema(LocatedJsonNode node, Context ctx, string where)
    {
        var schema = new SchemaNode(node);
        if (node.Kind == JsonKind.True) { return schema; }
        if (!node.IsObject)
        {
            ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, node.Span, $"A schema in {where} must be an object, not {KindName(node)}.");
            return schema;
        }

        var type = node["type"];
        if (type is not null) { schema.Types = ReadTypes(type, ctx, where); }
        else if ((node["anyOf"] ?? node["oneOf"]) is { IsArray: true } branches)
        {
            // [{ "type": "string" }, { "type": "null" }] and similar unions of simple types.
            foreach (var b in branches.Items)
            {
                var branch = ReadSchema(b, ctx, where);
                schema.Types |= branch.Types;
                if (branch.NonNullTypes != SchemaTypes.None && schema.Items is null) { schema.Items = branch.Items; schema.Format ??= branch.Format; }
            }
        }
        else if (node["properties"] is not null) { schema.Types = SchemaTypes.Object; }

        if (node["$ref"] is { } reference)
        {
            ctx.Warning(DiagnosticIds.CatalogUnsupportedSchema, reference.Span, $"\"$ref\" in {where} is not followed; the value is typed as free-form JSON.");
        }

        schema.Format = node["format"]?.AsString() ?? schema.Format;
        schema.Description = node["description"]?.AsString();
        schema.Title = node["title"]?.AsString();
        schema.Default = node["default"];
        schema.ContentMediaType = node["contentMediaType"]?.AsString();
        if (node["enum"] is { } en)
        {
            if (en.IsArray && en.Items.Count > 0) { schema.Enum = en.Items; }
            else { ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, en.Span, $"\"enum\" in {where} must be a non-empty array."); }
        }

        if (node["items"] is { } items) { schema.Items = ReadSchema(items, ctx, where); }
        if (node["contentSchema"] is { } content) { schema.ContentSchema = ReadSchema(content, ctx, where); }
        if (node["additionalProperties"] is { Kind: JsonKind.False }) { schema.AllowsAdditionalProperties = false; }

        // Allocated only when the schema has a "required" list (most nested schemas have none).
        HashSet<string>? requiredNames = null;
        if (node["required"] is { } req)
        {
            if (!req.IsArray)
            {
                ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, req.Span, $"\"required\" in {where} must be an array of property names.");
            }
            else
            {
                foreach (var r in req.Items)
                {
                    if (r.AsString() is { } s) { (requiredNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(s); }
                    else { ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, r.Span, $"\"required\" in {where} must hold strings only."); }
                }
            }
        }

        if (node["properties"] is { } props)
        {
            if (!props.IsObject)
            {
                ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, props.Span, $"\"properties\" in {where} must be an object.");
            }
            else
            {
                ctx.CheckDuplicateKeys(props);
                var list = new List<SchemaProperty>(props.Properties.Count);
                foreach (var p in props.Properties)
                {
                    list.Add(new SchemaProperty(p.Name, p.NameSpan, ReadSchema(p.Value, ctx, where), requiredNames?.Contains(p.Name) == true));
                }

                schema.Properties = list;
                foreach (var r in requiredNames ?? Enumerable.Empty<string>())
                {
                    if (schema.GetProperty(r) is null)
                    {
                        ctx.Warning(DiagnosticIds.CatalogUnsupportedSchema, node["required"]!.Span, $"\"required\" in {where} names \"{r}\", which is not among its properties; it is ignored.");
                    }
                }
            }
        }

        return schema;
    }

    private static SchemaTypes ReadTypes(LocatedJsonNode type, Context ctx, string where)
    {
        if (type.AsString() is { } single) { return ReadType(single, type, ctx, where); }
        if (type.IsArray)
        {
            var result = SchemaTypes.None;
            foreach (var item in type.Items)
            {
                if (item.AsString() is { } s) { result |= ReadType(s, item, ctx, where); }
                else { ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, item.Span, $"\"type\" in {where} must list type names as strings."); }
            }

            return result;
        }

        ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, type.Span, $"\"type\" in {where} must be a string or an array of strings.");
        return SchemaTypes.None;
    }

    private static SchemaTypes ReadType(string name, LocatedJsonNode node, Context ctx, string where)
    {
        switch (name)
        {
            case "string": return SchemaTypes.String;
            case "integer": return SchemaTypes.Integer;
            case "number": return SchemaTypes.Number;
            case "boolean": return SchemaTypes.Boolean;
            case "object": return SchemaTypes.Object;
            case "array": return SchemaTypes.Array;
            case "null": return SchemaTypes.Null;
            default:
                ctx.Error(DiagnosticIds.CatalogUnsupportedSchema, node.Span, $"Unknown JSON Schema type \"{name}\" in {where}; use string, integer, number, boolean, object, array or null (dates are \"type\": \"string\", \"format\": \"date-time\").");
                return SchemaTypes.None;
        }
    }

    private static string KindName(LocatedJsonNode node) => node.Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Null => "null",
        _ => "a boolean",
    };

    internal sealed class Context
    {
        private readonly string? _path;
        private readonly List<ModelDiagnostic> _diagnostics;

        public Context(string? path, List<ModelDiagnostic> diagnostics)
        {
            _path = path;
            _diagnostics = diagnostics;
        }

        public int ErrorCount { get; private set; }

        public void Error(string id, SourceSpan span, string message)
        {
            ErrorCount++;
            _diagnostics.Add(new ModelDiagnostic(id, ModelSeverity.Error, message, _path, span));
        }

        public void Warning(string id, SourceSpan span, string message)
            => _diagnostics.Add(new ModelDiagnostic(id, ModelSeverity.Warning, message, _path, span));

        public string? OptionalString(LocatedJsonNode owner, string key)
        {
            var node = owner[key];
            if (node is null || node.IsNull) { return null; }
            if (node.AsString() is { } s) { return s; }
            Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"{key}\" must be a string, not {KindName(node)}.");
            return null;
        }

        public void CheckDuplicateKeys(LocatedJsonNode obj)
        {
            if (obj.Properties.Count < 2) { return; }
            if (obj.Properties.Count <= 8)
            {
                // Small objects (nearly all of them) are checked without allocating: a dictionary per object was most of the parser's memory.
                for (var i = 1; i < obj.Properties.Count; i++)
                {
                    var p = obj.Properties[i];
                    for (var j = 0; j < i; j++)
                    {
                        if (string.Equals(obj.Properties[j].Name, p.Name, StringComparison.Ordinal))
                        {
                            Error(DiagnosticIds.CatalogInvalidStructure, p.NameSpan, $"Key \"{p.Name}\" appears twice in the same object (first at line {obj.Properties[j].NameSpan.StartLine.ToString(CultureInfo.InvariantCulture)}); JSON readers disagree on which wins, so remove one.");
                            break;
                        }
                    }
                }

                return;
            }

            var seen = new Dictionary<string, LocatedJsonProperty>(StringComparer.Ordinal);
            foreach (var p in obj.Properties)
            {
                if (seen.TryGetValue(p.Name, out var first))
                {
                    Error(DiagnosticIds.CatalogInvalidStructure, p.NameSpan, $"Key \"{p.Name}\" appears twice in the same object (first at line {first.NameSpan.StartLine.ToString(CultureInfo.InvariantCulture)}); JSON readers disagree on which wins, so remove one.");
                }
                else
                {
                    seen.Add(p.Name, p);
                }
            }
        }
    }
}

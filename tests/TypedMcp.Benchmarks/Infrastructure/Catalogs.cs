using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>The Odoo catalog, synthetic catalogs built from it, and the Refit interface that mirrors it.</summary>
public static class Catalogs
{
    private static readonly Lazy<string> OdooText = new(() => File.ReadAllText(Repo.OdooCatalogPath));

    public static string OdooCatalogText => OdooText.Value;

    /// <summary>
    /// A catalog of <paramref name="toolCount"/> tools: the Odoo tools in order, repeated with a numbered prefix on the
    /// name (<c>copy3_odoo_search_read</c>; a <c>_v3</c> suffix would be stripped by the naming rules and collide) once they run out, so every tool keeps a real schema.
    /// </summary>
    public static string Synthetic(int toolCount, string serverName)
    {
        var root = JsonNode.Parse(OdooCatalogText)!.AsObject();
        var tools = root["tools"]!.AsArray();
        var source = tools.Select(t => t!.DeepClone()).ToList();
        var result = new JsonArray();
        for (var i = 0; i < toolCount; i++)
        {
            var tool = source[i % source.Count].DeepClone().AsObject();
            var round = i / source.Count;
            if (round > 0)
            {
                tool["name"] = "copy" + round.ToString(CultureInfo.InvariantCulture) + "_" + tool["name"]!.GetValue<string>();
                tool.Remove("csharp"); // a method-name override would make every copy collide with the original
            }
            result.Add(tool);
        }

        root["tools"] = result;
        root["server"]!["name"] = serverName;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The tool names of a catalog text, in order.</summary>
    public static IReadOnlyList<string> ToolNames(string catalogText)
        => JsonNode.Parse(catalogText)!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();

    /// <summary>
    /// A Refit interface with one method per tool of the catalog and comparable parameters: required ones first,
    /// optional ones nullable with <c>= null</c>; string, long, double, bool and DateTimeOffset (format date-time);
    /// arrays and objects become JSON text (string).
    /// </summary>
    public static string RefitInterface(string catalogText)
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System;");
        sb.AppendLine("using System.Threading.Tasks;");
        sb.AppendLine("using Refit;");
        sb.AppendLine();
        sb.AppendLine("namespace Consumer;");
        sb.AppendLine();
        sb.AppendLine("public interface IOdooApi");
        sb.AppendLine("{");
        var methods = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in JsonNode.Parse(catalogText)!["tools"]!.AsArray())
        {
            var name = tool!["name"]!.GetValue<string>();
            var method = Pascal(name);
            while (!methods.Add(method)) { method += "X"; }
            var schema = tool["inputSchema"] as JsonObject;
            var properties = schema?["properties"] as JsonObject;
            var required = new HashSet<string>((schema?["required"] as JsonArray)?.Select(r => r!.GetValue<string>()) ?? Array.Empty<string>(), StringComparer.Ordinal);
            var parameters = new List<(bool Required, string Text)>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (prop, value) in properties ?? new JsonObject())
            {
                var type = ClrType(value as JsonObject);
                var id = Camel(prop);
                while (!used.Add(id)) { id += "X"; }
                var isRequired = required.Contains(prop);
                var alias = $"[AliasAs(\"{prop}\")] ";
                parameters.Add(isRequired ? (true, $"{alias}{type} {Escape(id)}") : (false, $"{alias}{type}? {Escape(id)} = null"));
            }

            var list = string.Join(", ", parameters.Where(p => p.Required).Concat(parameters.Where(p => !p.Required)).Select(p => p.Text));
            sb.AppendLine($"    [Post(\"/tools/{name}\")]");
            sb.AppendLine($"    Task<string> {method}Async({list});");
            sb.AppendLine();
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    private static string ClrType(JsonObject? schema)
    {
        var type = schema?["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(x => x!.GetValue<string>()).FirstOrDefault(x => x != "null"),
            _ => null,
        };
        return type switch
        {
            "string" when schema?["format"]?.GetValue<string>() == "date-time" => "DateTimeOffset",
            "string" => "string",
            "integer" => "long",
            "number" => "double",
            "boolean" => "bool",
            _ => "string",
        };
    }

    private static string Pascal(string name)
    {
        var sb = new StringBuilder();
        foreach (var part in name.Split('_', '-', '.'))
        {
            if (part.Length == 0) { continue; }
            sb.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        return sb.Length > 0 && char.IsLetter(sb[0]) ? sb.ToString() : "T" + sb;
    }

    private static string Camel(string name)
    {
        var p = Pascal(name);
        return char.ToLowerInvariant(p[0]) + p.Substring(1);
    }

    private static string Escape(string id) => SyntaxFacts.GetKeywordKind(id) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(id) != SyntaxKind.None ? "@" + id : id;
}

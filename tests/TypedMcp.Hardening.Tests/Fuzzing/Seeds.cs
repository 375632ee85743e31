using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TypedMcp.Hardening.Tests.Fuzzing;

/// <summary>The seed corpus: small valid catalogs and policies that exercise every key the parsers know.</summary>
public static class Seeds
{
    public const string ServerName = "fuzz";

    public const string CatalogPath = "/fuzz/fuzz.mcp.json";

    public const string PolicyPath = "/fuzz/policy.json";

    public static readonly string Catalog = """
        {
          "server": { "name": "fuzz", "title": "Fuzz", "version": "1.0" },
          "naming": { "stripPrefixes": ["fz_"] },
          "tools": [
            {
              "name": "fz_search",
              "title": "Search",
              "description": "Finds <things> & more.",
              "inputSchema": {
                "type": "object",
                "properties": {
                  "query": { "type": "string", "description": "What to find." },
                  "limit": { "type": "integer", "default": 80 },
                  "ratio": { "type": ["number", "null"] },
                  "order": { "type": "string", "enum": ["asc", "desc"] },
                  "tags": { "type": "array", "items": { "type": "string" } },
                  "when": { "type": "string", "format": "date-time" },
                  "filter": { "type": "object", "properties": { "a": { "type": "boolean" } } },
                  "class": { "type": "boolean" }
                },
                "required": ["query"]
              },
              "outputSchema": { "type": "object", "properties": { "count": { "type": "integer" }, "items": { "type": "array", "items": { "type": "string" } } } },
              "annotations": { "readOnlyHint": true },
              "risk": { "category": "Read", "level": "low", "reason": "reads" }
            },
            {
              "name": "fz_delete",
              "inputSchema": { "type": "object", "properties": { "id": { "type": "integer" }, "mode": { "anyOf": [{ "type": "string" }, { "type": "null" }] } }, "required": ["id"] },
              "risk": { "category": "Destructive", "level": "high" },
              "csharp": { "methodName": "RemoveItem", "parameters": { "id": "itemId" }, "required": ["mode"] }
            },
            {
              "name": "fz-export.csv",
              "description": "Exports.",
              "inputSchema": { "type": "object", "properties": { "format": { "type": "string", "enum": ["csv", "json"], "default": "json" }, "dry_run": { "type": "boolean" } } }
            },
            { "name": "ping", "inputSchema": { "type": "object" } }
          ]
        }
        """;

    public static readonly string Policy = """
        {
          "version": "1",
          "default": "deny",
          "hide": ["fz_delete"],
          "all_tools": { "limits": [ { "max": 600, "window": 3600 } ] },
          "tools": {
            "fz_search": {
              "require": [ { "path": "args.limit", "op": "lte", "value": 100 } ],
              "deny_if": [
                { "path": "args.query", "op": "regex", "value": "^drop", "on_deny": "no dropping" },
                { "path": "args.order", "op": "in", "value": ["desc"] },
                { "path": "args.filter.a", "op": "eq", "value": true },
                { "path": "args.tags", "op": "contains", "value": "secret" },
                { "path": "args.ratio", "op": "exists", "value": true }
              ],
              "rate_limit": { "max": 30, "window": 60 }
            },
            "fz-export.csv": { "action": "require_approval", "reason": "exports leave the building" },
            "ping": { "rate_limit": "10/minute" },
            "fz_other": { "action": "deny", "on_deny": "never" }
          }
        }
        """;

    /// <summary>Every key the catalog and policy languages define, plus schema keywords: the targets of type confusion.</summary>
    public static readonly IReadOnlyList<string> KnownKeys = new[]
    {
        "$schema", "server", "naming", "tools", "nextCursor", "_meta", "name", "title", "description", "inputSchema", "outputSchema",
        "annotations", "risk", "csharp", "icons", "execution", "version", "stripPrefixes", "category", "level", "reason",
        "methodName", "parameters", "required", "type", "properties", "items", "enum", "format", "default", "anyOf", "oneOf",
        "$ref", "additionalProperties", "contentSchema", "contentMediaType", "default", "hide", "all_tools", "limits",
        "rate_limit", "max", "window", "id", "action", "on_deny", "require", "deny_if", "path", "op", "value",
        "fz_search", "fz_delete", "fz-export.csv", "ping", "fz_other", "args.query", "args.limit", "regex", "in", "eq",
    };

    /// <summary>A valid catalog with <paramref name="count"/> tools, each with two arguments.</summary>
    public static string ManyTools(int count, string server = "many")
    {
        var sb = new StringBuilder(count * 160);
        sb.Append("{\n  \"server\": { \"name\": \"").Append(server).Append("\" },\n  \"tools\": [\n");
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString("D5", CultureInfo.InvariantCulture);
            sb.Append("    { \"name\": \"tool_").Append(n)
              .Append("\", \"inputSchema\": { \"type\": \"object\", \"properties\": { \"id\": { \"type\": \"integer\" }, \"note\": { \"type\": \"string\" } }, \"required\": [\"id\"] } }");
            sb.Append(i + 1 < count ? ",\n" : "\n");
        }

        sb.Append("  ]\n}\n");
        return sb.ToString();
    }
}

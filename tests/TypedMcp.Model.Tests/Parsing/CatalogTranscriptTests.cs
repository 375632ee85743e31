using System.Linq;
using System.Text;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Model.Tests.Parsing;

/// <summary>
/// Pins every branch of the catalog readers: each case's diagnostics (id, severity, span, message, order) and the
/// catalog built, in <c>Transcripts/catalog.txt</c>.
/// </summary>
public class CatalogTranscriptTests
{
    private const string Server = "\"server\": { \"name\": \"demo\" },\n";

    private static string Tool(string body) => "{ " + Server + "\"tools\": [ { \"name\": \"t\", \"inputSchema\": " + body + " } ] }";

    private static readonly (string Name, string Text, string? Path)[] Cases =
    {
        ("not JSON", "{ \"tools\": [ }", "demo.json"),
        ("root is an array", "[]", "demo.json"),
        ("root keys: duplicates, unknown, no tools", "{ \"server\": { \"name\": \"a\" }, \"server\": { \"name\": \"b\" }, \"extra\": 1, \"$schema\": \"x\", \"nextCursor\": null, \"_meta\": {} }", "demo.json"),
        ("tools not an array", "{ \"tools\": {} }", "demo.json"),
        ("no server and no path", "{ \"tools\": [] }", null),
        ("server name from the file name", "{ \"tools\": [] }", "/x/y/memory.MCP.json"),
        ("server name from a file without .json", "{ \"tools\": [] }", "catalog.txt"),
        ("server not an object", "{ \"server\": \"demo\", \"tools\": [] }", "demo.json"),
        ("server name empty", "{ \"server\": { \"name\": \"\" }, \"tools\": [] }", "demo.json"),
        ("server name missing", "{ \"server\": { \"title\": \"x\" }, \"tools\": [] }", "demo.json"),
        ("server title and version of wrong types", "{ \"server\": { \"name\": \"d\", \"title\": 5, \"version\": null }, \"tools\": [] }", "demo.json"),
        ("naming not an object", "{ " + Server + "\"naming\": [], \"tools\": [] }", "demo.json"),
        ("naming of every kind", "{ " + Server + "\"naming\": { \"stripPrefixes\": \"x_\", \"stripPrefixes\": [\"a_\", 5, \"b_\"], \"casing\": \"pascal\" }, \"tools\": [] }", "demo.json"),
        ("tools of every kind", "{ " + Server + """
            "tools": [
              5,
              {},
              { "name": "" },
              { "name": "no_input" },
              { "name": "array_input", "inputSchema": [] },
              { "name": "string_input", "inputSchema": { "type": "string" } },
              { "name": "ok", "title": "Ok", "description": "Does ok.", "inputSchema": { "type": "object" }, "extra": 1, "icons": [], "execution": {}, "_meta": {} },
              { "name": "ok", "inputSchema": { "type": "object" } },
              { "name": "typed", "title": 5, "inputSchema": { "type": "object" } },
              { "name": "out", "inputSchema": {}, "outputSchema": [], "annotations": 1 },
              { "name": "out2", "inputSchema": { "type": ["object", "null"] }, "outputSchema": { "type": "object", "properties": { "n": { "type": "integer" } } }, "annotations": { "readOnlyHint": true } },
              { "name": "dup", "name": "dup2", "inputSchema": { "type": "object" } },
              { "name": "big", "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "a": 8, "inputSchema": { "type": "object" } }
            ] }
            """, "demo.json"),
        ("risk of every kind", "{ " + Server + """
            "tools": [
              { "name": "r1", "inputSchema": {}, "risk": "high" },
              { "name": "r2", "inputSchema": {}, "risk": { "level": "low" } },
              { "name": "r3", "inputSchema": {}, "risk": { "category": "Reading", "level": "low" } },
              { "name": "r4", "inputSchema": {}, "risk": { "category": "read" } },
              { "name": "r5", "inputSchema": {}, "risk": { "category": "Write", "level": "severe" } },
              { "name": "r6", "inputSchema": {}, "risk": { "category": "destructive", "level": "CRITICAL", "reason": "reviewed", "note": 1 } },
              { "name": "r7", "inputSchema": {}, "risk": { "category": "Financial", "level": "high", "reason": 5 } },
              { "name": "r8", "inputSchema": {}, "risk": { "category": 1, "level": "high" } },
              { "name": "r9", "inputSchema": {}, "risk": { "category": "other", "level": "medium" } }
            ] }
            """, "demo.json"),
        ("csharp overrides of every kind", "{ " + Server + """
            "tools": [
              { "name": "c1", "inputSchema": {}, "csharp": "Name" },
              { "name": "c2", "inputSchema": {}, "csharp": { "methodName": 5, "parameters": [], "required": "x", "other": 1 } },
              { "name": "c3", "inputSchema": {}, "csharp": { "parameters": { "a": "A", "b": 2 }, "required": ["a", 3] } },
              { "name": "c4", "inputSchema": {}, "csharp": { "methodName": "Go", "parameters": { "a": "A", "a": "B" }, "required": [] } }
            ] }
            """, "demo.json"),
        ("schema: boolean schemas", Tool("""{ "type": "object", "properties": { "t": true, "f": false, "n": null, "i": { "type": "array", "items": 5 } } }"""), "demo.json"),
        ("schema: type of every kind", Tool("""
            { "type": "object", "properties": {
              "a": { "type": ["string", 5, "null"] },
              "b": { "type": "date" },
              "c": { "type": { "x": 1 } },
              "d": { "type": ["integer", "number", "boolean", "object", "array", "null", "string"] },
              "e": { "type": [] },
              "f": { "type": "string", "format": "date-time", "description": "d", "title": "T", "default": "x", "contentMediaType": "text/csv" },
              "g": { "type": "string", "format": 5, "description": 6, "title": [], "contentMediaType": null }
            } }
            """), "demo.json"),
        ("schema: unions", Tool("""
            { "type": "object", "properties": {
              "a": { "anyOf": [ { "type": "string" }, { "type": "null" } ] },
              "b": { "oneOf": [ { "type": "array", "items": { "type": "integer" }, "format": "x" }, { "type": "array", "items": { "type": "string" } } ] },
              "c": { "anyOf": { "type": "string" }, "oneOf": [ { "type": "integer" } ] },
              "d": { "anyOf": [ { "type": "string", "format": "uuid" }, { "type": "null" } ] },
              "e": { "oneOf": [ { "$ref": "#/$defs/x" }, { "type": "bogus" }, 5 ] },
              "f": { "type": "integer", "anyOf": [ { "type": "string" } ] },
              "g": { "anyOf": [], "properties": {} },
              "h": { "anyOf": [ { "type": "null" }, { "type": "array", "items": { "type": "number" } } ], "format": "f" }
            } }
            """), "demo.json"),
        ("schema: $ref, enum, items, content, additionalProperties", Tool("""
            { "type": "object", "properties": {
              "r": { "$ref": "#/$defs/x", "type": "string" },
              "e1": { "enum": [] },
              "e2": { "enum": "a" },
              "e3": { "type": "string", "enum": ["a", 1, null] },
              "i": { "type": "array", "items": { "type": "array", "items": { "type": "object", "properties": { "z": { "type": "boolean" } } } } },
              "c": { "type": "string", "contentMediaType": "text/csv", "contentSchema": { "type": "array", "items": { "type": "object" } } },
              "ap1": { "type": "object", "additionalProperties": false },
              "ap2": { "type": "object", "additionalProperties": true },
              "ap3": { "type": "object", "additionalProperties": { "type": "string" } }
            }, "additionalProperties": false }
            """), "demo.json"),
        ("schema: required and properties", Tool("""
            { "type": "object", "properties": {
              "a": { "type": "object", "required": "x", "properties": { "x": {} } },
              "b": { "type": "object", "required": ["x", 5, "y", "x"], "properties": { "x": {} } },
              "c": { "type": "object", "required": ["x"] },
              "d": { "properties": [] },
              "e": { "properties": { "k": {}, "k": {} } },
              "f": { "properties": { "a": {}, "b": {}, "c": {}, "d": {}, "e": {}, "f": {}, "g": {}, "h": {}, "a": {}, "b": {} } },
              "g": { "required": [], "properties": { "p": { "type": "string" } } }
            }, "required": ["a", "zz"] }
            """), "demo.json"),
        ("schema: a valid schema of every supported keyword", Tool("""
            { "type": "object", "title": "Args", "description": "All of it.", "properties": {
              "a": { "anyOf": [ { "type": "string" }, { "type": "null" } ] },
              "b": { "oneOf": [ { "type": "array", "items": { "type": "integer" }, "format": "x" }, { "type": "array", "items": { "type": "string" } } ] },
              "c": { "anyOf": { "type": "string" }, "oneOf": [ { "type": "integer" } ] },
              "d": { "anyOf": [ { "type": "string", "format": "uuid" }, { "type": "null" } ] },
              "e": { "oneOf": [ { "$ref": "#/$defs/x" }, true ] },
              "f": { "type": "integer", "anyOf": [ { "type": "string" } ] },
              "g": { "anyOf": [], "properties": {} },
              "h": { "anyOf": [ { "type": "null" }, { "type": "array", "items": { "type": "number" } } ], "format": "f" },
              "i": { "anyOf": [ { "type": "null" }, { "type": "string", "format": "date" } ] },
              "j": { "type": ["integer", "number", "boolean", "object", "array", "null", "string"] },
              "k": { "type": [] },
              "l": { "type": "string", "format": "date-time", "description": "d", "title": "T", "default": "x", "contentMediaType": "text/csv" },
              "m": { "type": "string", "format": 5, "description": 6, "title": [], "contentMediaType": null, "default": null },
              "n": { "$ref": "#/$defs/x", "type": "string" },
              "o": { "type": "string", "enum": ["a", 1, null] },
              "p": { "type": "array", "items": { "type": "array", "items": { "type": "object", "properties": { "z": { "type": "boolean" } }, "required": ["z"] } } },
              "q": { "type": "string", "contentMediaType": "text/csv", "contentSchema": { "type": "array", "items": { "type": "object" } } },
              "r": { "type": "object", "additionalProperties": false },
              "s": { "type": "object", "additionalProperties": true },
              "t": { "type": "object", "additionalProperties": { "type": "string" } },
              "u": { "required": [], "properties": { "p": { "type": "string" } } },
              "v": { "type": "object", "required": ["x", "y"], "properties": { "x": {} } },
              "w": { "type": "object", "required": ["x"] },
              "x": true,
              "y": { "type": "integer", "enum": [1, 2] },
              "z": { "type": "array", "enum": [[1], [2]], "items": { "type": "integer" } }
            }, "required": ["a", "zz", "b"], "additionalProperties": false }
            """), "demo.json"),
        ("schema: local $ref (defs, definitions, any pointer, anchors, recursion), remote $ref, combinators, const, tuples, bounds", Tool("""
            { "type": "object", "$defs": {
                "node": { "type": "object", "properties": { "name": { "type": "string" }, "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } } },
                "a~b/c": { "type": "string" }
              }, "definitions": { "old": { "$anchor": "oldie", "type": "integer" } }, "properties": {
              "tree": { "$ref": "#/$defs/node", "description": "beside the $ref" },
              "again": { "$ref": "#/$defs/node" },
              "escaped": { "$ref": "#/$defs/a~0b~1c" },
              "old": { "$ref": "#/definitions/old" },
              "anchored": { "$ref": "#oldie" },
              "pointer": { "$ref": "#/properties/tree/description" },
              "self": { "$ref": "#" },
              "sibling": { "$ref": "#/properties/old" },
              "remote": { "$ref": "https://example.com/schema.json#/x" },
              "nowhere": { "$ref": "#/$defs/none" },
              "all": { "allOf": [ { "$ref": "#/$defs/node" }, { "required": ["name"] } ], "not": {} },
              "konst": { "const": "fixed" },
              "tuple": { "type": "array", "prefixItems": [ { "type": "number" }, { "type": "number" } ], "items": false },
              "draft4": { "type": "array", "items": [ { "type": "string" } ] },
              "bounded": { "type": "integer", "minimum": 0, "exclusiveMaximum": 100 },
              "zod": { "type": "integer", "minimum": -9007199254740991, "maximum": 9007199254740991 },
              "draft4bounds": { "type": "integer", "minimum": 1, "exclusiveMinimum": true, "maximum": 5, "exclusiveMaximum": true },
              "map": { "type": "object", "additionalProperties": { "type": "boolean" } },
              "badall": { "allOf": {} }
            } }
            """), "demo.json"),
        ("tools: execution.taskSupport", "{ " + Server + """
            "tools": [
              { "name": "required", "inputSchema": { "type": "object" }, "execution": { "taskSupport": "required" } },
              { "name": "optional", "inputSchema": { "type": "object" }, "execution": { "taskSupport": "optional" } },
              { "name": "forbidden", "inputSchema": { "type": "object" }, "execution": { "taskSupport": "forbidden" } },
              { "name": "odd", "inputSchema": { "type": "object" }, "execution": { "taskSupport": "sometimes" } }
            ] }
            """, "demo.json"),
        ("schema: a $ref that is not a string is an error", Tool("""{ "type": "object", "properties": { "r": { "$ref": 5 } } }"""), "demo.json"),
        ("schema: errors drop the tool but warnings do not", "{ " + Server + """
            "tools": [
              { "name": "warned", "inputSchema": { "type": "object", "properties": { "r": { "$ref": "#/x" } }, "required": ["nope"] } },
              { "name": "broken", "inputSchema": { "type": "object", "properties": { "r": { "type": "uuid" } } } },
              { "name": "broken_output", "inputSchema": { "type": "object" }, "outputSchema": { "type": "object", "properties": { "x": { "enum": [] } } } }
            ] }
            """, "demo.json"),
    };

    [Fact]
    public void Every_reader_branch_reports_and_builds_exactly_as_pinned()
    {
        var sb = new StringBuilder();
        foreach (var (name, text, path) in Cases)
        {
            sb.Append("## ").Append(name).Append('\n');
            sb.Append(Transcript.Of(CatalogParser.Parse(text.Replace("\r\n", "\n"), path)));
        }

        Transcript.Match("catalog", sb.ToString());
    }

    [Fact]
    public void Reader_limits_are_reported_as_too_large()
    {
        var sb = new StringBuilder();
        var deep = "{ \"tools\": [ { \"name\": \"t\", \"inputSchema\": { \"type\": \"object\", \"properties\": { \"a\": { \"type\": \"array\", \"items\": { \"type\": \"array\" } } } } } ] }";
        sb.Append("## depth\n").Append(Transcript.Of(CatalogParser.Parse(deep, "demo.json", new LocatedJsonReaderOptions { MaxDepth = 4 })));
        var many = "{ \"tools\": [" + string.Join(",", Enumerable.Repeat("1", CatalogParser.MaxTools + 1)) + "] }";
        sb.Append("## too many tools\n").Append(Transcript.Of(CatalogParser.Parse(many, "demo.json")));
        Transcript.Match("catalog-limits", sb.ToString());
    }
}

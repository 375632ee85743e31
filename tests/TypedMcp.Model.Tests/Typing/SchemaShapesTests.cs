using System.Collections.Generic;
using System.Linq;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Typing;

namespace TypedMcp.Model.Tests.Typing;

/// <summary>Every JSON Schema construct of docs/schema-mapping.md, fed to the typer; never a silent narrowing.</summary>
public class SchemaShapesTests
{
    // One tool "t" with this input schema: its parameters' shapes, rendered compactly.
    private static (IReadOnlyDictionary<string, Shape> Parameters, SchemaShapes Typer, CatalogParseResult Parsed) Type(string inputSchema)
    {
        var parsed = CatalogParser.Parse("{ \"server\": { \"name\": \"s\" }, \"tools\": [ { \"name\": \"t\", \"inputSchema\": " + inputSchema + " } ] }", "s.json");
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics));
        var typer = new SchemaShapes("s.json");
        var parameters = typer.Parameters(parsed.Catalog!.Tools.Single().InputSchema).ToDictionary(m => m.Name, m => m.Shape);
        return (parameters, typer, parsed);
    }

    private static string Of(string propertySchema) => Render(Type("{ \"type\": \"object\", \"properties\": { \"p\": " + propertySchema + " } }").Parameters["p"]);

    /// <summary>A compact text of a shape: <c>string</c>, <c>long?</c>, <c>enum("a","b")</c>, <c>record Name{a!:string}</c>, <c>union(string|long)</c>, <c>json[object]</c>.</summary>
    internal static string Render(Shape shape) => Render(shape, new HashSet<Shape>());

    private static string Render(Shape shape, HashSet<Shape> seen)
    {
        var text = shape.Kind switch
        {
            ShapeKind.String => "string",
            ShapeKind.Integer => shape.Is32Bit ? "int" : "long",
            ShapeKind.Number => "double",
            ShapeKind.Boolean => "bool",
            ShapeKind.DateTime => "DateTimeOffset",
            ShapeKind.Date => "DateOnly",
            ShapeKind.Uuid => "Guid",
            ShapeKind.Uri => "Uri",
            ShapeKind.Enum => "enum(" + string.Join(",", shape.Values) + ")",
            ShapeKind.Array => "list<" + Render(shape.Element!, seen) + ">",
            ShapeKind.Map => "map<" + Render(shape.Element!, seen) + ">",
            ShapeKind.Union => "union(" + string.Join("|", shape.Alternatives.Select(a => Render(a, seen))) + ")",
            ShapeKind.Any => "json[" + shape.AnyKinds + "]",
            _ => !seen.Add(shape.Identity)
                ? "record " + (shape.NameHint ?? "?") + "{...}"
                : "record " + (shape.NameHint ?? string.Empty) + "{" + string.Join(",", shape.Members.Select(m => m.Name + (m.IsRequired ? "!" : string.Empty) + ":" + Render(m.Shape, seen)))
                  + (shape.Extra is { } e ? ",*:" + Render(e, seen) : string.Empty) + "}",
        };
        return text + (shape.Nullable ? "?" : string.Empty);
    }

    [Theory]
    [InlineData("""{ "type": "string" }""", "string")]
    [InlineData("""{ "type": "string", "format": "date-time" }""", "DateTimeOffset")]
    [InlineData("""{ "type": "string", "format": "date" }""", "DateOnly")]
    [InlineData("""{ "type": "string", "format": "uuid" }""", "Guid")]
    [InlineData("""{ "type": "string", "format": "uri" }""", "Uri")]
    [InlineData("""{ "type": "string", "format": "json" }""", "string")]
    [InlineData("""{ "type": "string", "format": "email" }""", "string")]
    [InlineData("""{ "type": "integer" }""", "long")]
    [InlineData("""{ "type": "integer", "minimum": 1, "maximum": 100 }""", "int")]
    [InlineData("""{ "type": "integer", "exclusiveMinimum": 0, "maximum": 2147483647 }""", "int")]
    [InlineData("""{ "type": "integer", "minimum": 0, "maximum": 2147483648 }""", "long")]
    [InlineData("""{ "type": "integer", "minimum": -9007199254740991, "maximum": 9007199254740991 }""", "long")]
    [InlineData("""{ "type": "integer", "minimum": 1 }""", "long")]
    [InlineData("""{ "type": "integer", "format": "int32" }""", "int")]
    [InlineData("""{ "type": "number" }""", "double")]
    [InlineData("""{ "type": "boolean" }""", "bool")]
    [InlineData("""{ "enum": [true, false] }""", "bool")]
    public void Scalars_and_formats_get_the_most_precise_CSharp_type(string schema, string expected) => Assert.Equal(expected, Of(schema));

    [Theory]
    [InlineData("""{ "type": ["string", "null"] }""", "string?")]
    [InlineData("""{ "anyOf": [ { "type": "string", "enum": ["a", "b"] }, { "type": "null" } ] }""", "enum(\"a\",\"b\")?")]
    [InlineData("""{ "oneOf": [ { "type": "null" }, { "type": "object", "properties": { "x": { "type": "integer" } } } ] }""", "record {x:long}?")]
    [InlineData("""{ "anyOf": [ { "not": {} }, { "type": "string" } ] }""", "string")]
    [InlineData("""{ "anyOf": [ { "type": "integer" }, { "type": "number" } ] }""", "double")]
    [InlineData("""{ "type": ["boolean", "string"] }""", "union(string|bool)")]
    [InlineData("""{ "type": ["integer", "string", "null"] }""", "union(string|long)?")]
    [InlineData("""{ "anyOf": [ { "type": "string" }, { "type": "string", "pattern": "x" } ] }""", "string")]
    [InlineData("""{ "anyOf": [ { "type": "string" }, {} ] }""", "json[All]?")]
    public void Nullable_alternatives_and_type_arrays_never_narrow(string schema, string expected) => Assert.Equal(expected, Of(schema));

    [Fact]
    public void A_union_of_objects_keeps_every_alternative_and_a_scalar_beside_an_object_stays()
    {
        Assert.Equal("union(record {kind!:enum(\"a\"),x:long}|record {kind!:enum(\"b\"),y:string})", Of("""
            { "oneOf": [
              { "type": "object", "properties": { "kind": { "const": "a" }, "x": { "type": "integer" } }, "required": ["kind"] },
              { "type": "object", "properties": { "kind": { "const": "b" }, "y": { "type": "string" } }, "required": ["kind"] } ] }
            """));
        Assert.Equal("union(record {page_id!:Guid}|string)", Of("""{ "anyOf": [ { "type": "object", "properties": { "page_id": { "type": "string", "format": "uuid" } }, "required": ["page_id"] }, { "type": "string" } ] }"""));
        Assert.Equal("union(string|double|bool|list<string>)?", Of("""{ "anyOf": [ { "type": "string" }, { "type": "number" }, { "type": "boolean" }, { "type": "array", "items": { "type": "string" } }, { "type": "null" } ] }"""));
    }

    [Theory]
    [InlineData("""{ "const": "fixed" }""", "enum(\"fixed\")")]
    [InlineData("""{ "enum": [1, -1] }""", "enum(1,-1)")]
    [InlineData("""{ "anyOf": [ { "const": 1 }, { "const": -1 }, { "const": "2d" } ] }""", "enum(1,-1,\"2d\")")]
    [InlineData("""{ "anyOf": [ { "type": "string", "enum": ["pd", "pw"] }, { "type": "string", "pattern": "^\\d+$" } ] }""", "union(enum(\"pd\",\"pw\")|string)")]
    [InlineData("""{ "enum": ["a", null] }""", "enum(\"a\")?")]
    public void Constants_and_enums_of_any_JSON_type_stay_enums(string schema, string expected) => Assert.Equal(expected, Of(schema));

    [Theory]
    [InlineData("""{ "type": "object", "additionalProperties": { "type": "string" } }""", "map<string>")]
    [InlineData("""{ "type": "object", "propertyNames": { "type": "string" }, "additionalProperties": { "type": "integer" } }""", "map<long>")]
    [InlineData("""{ "type": "object", "properties": { "a": { "type": "string" } }, "additionalProperties": { "type": "number" } }""", "record {a:string,*:double}")]
    [InlineData("""{ "type": "object" }""", "json[Object]")]
    [InlineData("""{ "type": "object", "additionalProperties": {} }""", "json[Object]")]
    [InlineData("""{ "type": "object", "properties": {}, "additionalProperties": false }""", "record {}")]
    [InlineData("""{ "type": "array" }""", "list<json[All]>")]
    [InlineData("""{ "type": "array", "prefixItems": [ { "type": "number" }, { "type": "number" } ] }""", "list<double>")]
    [InlineData("""{ "type": "array", "items": [ { "type": "string" }, { "type": "integer" } ] }""", "list<union(string|long)>")]
    [InlineData("""{ "type": "array", "items": [ { "type": "string" } ], "additionalItems": { "type": "integer" } }""", "list<union(string|long)>")]
    [InlineData("""{ "type": "array", "items": [ { "type": "number" }, { "type": "number" } ], "additionalItems": false }""", "list<double>")]
    [InlineData("""{ "type": "array", "prefixItems": [ { "type": "number" } ], "items": { "type": "string" } }""", "list<union(double|string)>")]
    [InlineData("""{ "type": "array", "prefixItems": [ { "type": "number" } ], "items": false }""", "list<double>")]
    [InlineData("""{ "type": "array", "items": { "type": "string" }, "additionalItems": { "type": "integer" } }""", "list<string>")]
    [InlineData("""{ "description": "anything" }""", "json[All]")]
    [InlineData("""{ "type": "null" }""", "json[All]?")]
    public void Maps_tuples_and_free_form_values(string schema, string expected) => Assert.Equal(expected, Of(schema));

    [Fact]
    public void Local_refs_into_defs_definitions_and_any_pointer_are_followed_and_shared()
    {
        var (p, _, _) = Type("""
            { "type": "object", "$defs": { "parentRequest": { "type": "object", "properties": { "page_id": { "type": "string" } }, "required": ["page_id"] } },
              "definitions": { "limit": { "type": "integer", "minimum": 1, "maximum": 10 } },
              "properties": {
                "parent": { "$ref": "#/$defs/parentRequest", "description": "Where it goes." },
                "also": { "$ref": "#/$defs/parentRequest" },
                "limit": { "$ref": "#/definitions/limit" },
                "deep": { "anyOf": [ { "type": "null" }, { "type": "object", "properties": { "x": { "type": "boolean" } } } ] },
                "pointer": { "$ref": "#/properties/deep/anyOf/1" }
              } }
            """);
        Assert.Equal("record parentRequest{page_id!:string}", Render(p["parent"]));
        Assert.Equal("Where it goes.", p["parent"].Description);
        Assert.Same(p["parent"].Identity, p["also"].Identity);
        Assert.Equal("int", Render(p["limit"]));
        Assert.Equal("record {x:bool}", Render(p["pointer"]));
        Assert.Same(((Shape)p["deep"]).Identity, p["pointer"].Identity);
    }

    [Fact]
    public void Recursive_schemas_become_records_that_refer_to_themselves()
    {
        var (p, _, _) = Type("""
            { "type": "object", "$defs": { "node": { "type": "object", "properties": {
                "name": { "type": "string" },
                "children": { "type": "array", "items": { "$ref": "#/$defs/node" } },
                "parent": { "anyOf": [ { "$ref": "#/$defs/node" }, { "type": "null" } ] } }, "required": ["name"] } },
              "properties": { "tree": { "$ref": "#/$defs/node" } } }
            """);
        var tree = p["tree"];
        Assert.Equal("record node{name!:string,children:list<record node{...}>,parent:record node{...}?}", Render(tree));
        Assert.Same(tree.Identity, tree.Members[1].Shape.Element!.Identity);
        Assert.Same(tree.Identity, tree.Members[2].Shape.Identity);

        // "#" is the whole input schema: a parameter whose items are argument objects again.
        var items = Type("""{ "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#" } } } }""").Parameters["items"];
        Assert.Equal("list<record {items:list<record ?{...}>}>", Render(items));
    }

    [Fact]
    public void AllOf_merges_properties_and_required_names()
    {
        Assert.Equal("record base{id!:Guid,name!:string,note:string}", Of("""
            { "allOf": [
                { "title": "base", "type": "object", "properties": { "id": { "type": "string", "format": "uuid" }, "name": { "type": "string" } }, "required": ["id"] },
                { "type": "object", "properties": { "note": { "type": "string" } } },
                { "required": ["name"] } ] }
            """));
        Assert.Equal("enum(\"b\")", Of("""{ "allOf": [ { "enum": ["a", "b"] }, { "enum": ["b", "c"] } ] }"""));
        Assert.Equal("int", Of("""{ "allOf": [ { "type": "number" }, { "type": "integer", "format": "int32" } ] }"""));
    }

    [Fact]
    public void An_allOf_that_contradicts_itself_is_free_form_with_a_located_warning()
    {
        var (p, typer, _) = Type("""{ "type": "object", "properties": { "p": { "allOf": [ { "type": "string" }, { "type": "integer" } ] } } }""");
        Assert.Equal("json[All]", Render(p["p"]));
        var warning = Assert.Single(typer.Diagnostics);
        Assert.Equal(DiagnosticIds.CatalogSchemaFallback, warning.Id);
        Assert.Equal(ModelSeverity.Warning, warning.Severity);
        Assert.Equal(1, warning.Span.StartLine);
    }

    [Fact]
    public void Remote_and_dangling_refs_are_free_form_and_say_why()
    {
        var (p, _, parsed) = Type("""{ "type": "object", "properties": { "r": { "$ref": "https://example.com/s.json" }, "d": { "$ref": "#/$defs/gone" } } }""");
        Assert.Equal("json[All]", Render(p["r"]));
        Assert.Contains("is not followed", p["r"].FreeFormReason);
        Assert.Equal(2, parsed.Diagnostics.Count(d => d.Id == DiagnosticIds.CatalogSchemaFallback));
    }

    [Fact]
    public void Free_form_sites_name_the_path_the_position_and_the_reason()
    {
        var (p, _, _) = Type("""
            { "type": "object", "properties": { "opts": { "type": "object", "properties": {
                "launch": { "type": "object" },
                "args": { "type": "array" },
                "env": { "type": "object", "additionalProperties": {} } } } } }
            """);
        var sites = SchemaShapes.FreeFormSites(p["opts"], "opts", default);
        Assert.Equal(new[] { "opts.launch", "opts.args[]", "opts.env" }, sites.Select(s => s.Path));
        Assert.Contains("no \"properties\"", sites[0].Reason);
        Assert.Contains("\"items\" are not described", sites[1].Reason);
        Assert.All(sites, s => Assert.True(s.Span.StartLine >= 2));
    }
}

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using TypedMcp.Policy;

namespace TypedMcp.Runtime.Tests;

/// <summary>
/// Argument validation against input schemas written with the constructs real servers use (docs/schema-mapping.md):
/// what a typed client sends passes, and what the schema refuses is refused before the policy.
/// </summary>
public sealed class InputSchemaValidationTests
{
    private const string AllowAll = """{ "version": "1", "default": "allow" }""";

    private static PolicyGuard Guard(string inputSchema)
    {
        var guard = new PolicyGuard(PolicyParser.Parse(AllowAll, "policy.json").Policy);
        guard.AddInputSchemas(new[] { new Tool { Name = "t", InputSchema = JsonDocument.Parse(inputSchema).RootElement.Clone() } });
        return guard;
    }

    private static Dictionary<string, object?> Args(string json)
        => JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

    private static async Task Passes(string schema, string arguments)
    {
        var permit = await Guard(schema).AuthorizeAsync("t", Args(arguments), CancellationToken.None);
        permit.Commit();
    }

    private static async Task<string> Refused(string schema, string arguments)
    {
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => Guard(schema).AuthorizeAsync("t", Args(arguments), CancellationToken.None).AsTask());
        Assert.Equal(DecisionStep.RequestRejected, denied.Step);
        return denied.Message;
    }

    // Two allOf parts each declare a member: an object with both passes, a member neither declares is refused.
    private const string AllOf = """
        { "type": "object", "properties": { "filter": { "allOf": [
            { "type": "object", "properties": { "name": { "type": "string" } }, "required": ["name"] },
            { "type": "object", "properties": { "kind": { "enum": ["file", "folder"] } } } ] } } }
        """;

    [Fact]
    public async Task Members_declared_by_different_allOf_parts_pass_together_and_undeclared_ones_are_refused()
    {
        await Passes(AllOf, """{ "filter": { "name": "a", "kind": "file" } }""");
        Assert.Contains("arguments.filter.other is not a property", await Refused(AllOf, """{ "filter": { "name": "a", "other": 1 } }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.filter.kind is the string \"link\"", await Refused(AllOf, """{ "filter": { "name": "a", "kind": "link" } }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.filter.name is required", await Refused(AllOf, """{ "filter": { "kind": "file" } }"""), StringComparison.Ordinal);
    }

    // Notion's shape: $defs, a union of a $ref and a string, and a recursive definition.
    private const string Refs = """
        { "type": "object", "$defs": {
            "pageParent": { "type": "object", "properties": { "page_id": { "type": "string", "format": "uuid" } }, "required": ["page_id"], "additionalProperties": false },
            "node": { "type": "object", "properties": { "name": { "type": "string" }, "children": { "type": "array", "items": { "$ref": "#/$defs/node" } } }, "required": ["name"] } },
          "properties": {
            "parent": { "anyOf": [ { "$ref": "#/$defs/pageParent" }, { "type": "string" } ] },
            "tree": { "$ref": "#/$defs/node" },
            "same": { "$ref": "#/properties/parent" } } }
        """;

    [Fact]
    public async Task Local_refs_are_followed_also_into_recursive_definitions_and_other_properties()
    {
        await Passes(Refs, """{ "parent": { "page_id": "6f1c" }, "tree": { "name": "r", "children": [ { "name": "c", "children": [] } ] }, "same": "x" }""");
        Assert.Contains("arguments.tree.children[0].children[0].name is required",
            await Refused(Refs, """{ "tree": { "name": "r", "children": [ { "name": "c", "children": [ { } ] } ] } }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.parent", await Refused(Refs, """{ "parent": { "page_id": "6f1c", "database_id": "x" } }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.same", await Refused(Refs, """{ "same": 5 }"""), StringComparison.Ordinal);
    }

    // Paddle's zod shape: an optional member is anyOf [not {}, T]; a discriminated union of objects beside the parent's properties.
    private const string Branches = """
        { "type": "object", "properties": {
            "count": { "anyOf": [ { "not": {} }, { "type": "integer" } ] },
            "kind": { "type": "object", "properties": { "type": { "type": "string" } }, "required": ["type"],
                      "oneOf": [ { "properties": { "type": { "const": "file" }, "size": { "type": "integer" } } },
                                 { "properties": { "type": { "const": "folder" }, "items": { "type": "integer" } } } ] },
            "point": { "type": "array", "prefixItems": [ { "type": "number" }, { "type": "string" } ] } } }
        """;

    [Fact]
    public async Task Not_branches_accept_nothing_and_a_branch_may_use_members_its_object_declares()
    {
        await Passes(Branches, """{ "count": 3, "kind": { "type": "file", "size": 1 }, "point": [1.5, "a"] }""");
        Assert.Contains("arguments.count", await Refused(Branches, """{ "count": "3" }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.kind", await Refused(Branches, """{ "kind": { "type": "file", "items": 1 } }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.point[1] is the number 2", await Refused(Branches, """{ "point": [1, 2] }"""), StringComparison.Ordinal);
    }

    // zod-to-json-schema's draft-07 tuple with a rest element: the further items are "additionalItems".
    private const string DraftSevenTuple = """
        { "type": "object", "properties": {
            "row": { "type": "array", "items": [ { "type": "string" } ], "additionalItems": { "type": "integer" } },
            "pair": { "type": "array", "items": [ { "type": "number" }, { "type": "number" } ], "additionalItems": false } } }
        """;

    [Fact]
    public async Task A_draft_seven_tuple_checks_its_further_items_against_additionalItems()
    {
        await Passes(DraftSevenTuple, """{ "row": ["a", 1, 2], "pair": [1, 2] }""");
        Assert.Contains("arguments.row[2]", await Refused(DraftSevenTuple, """{ "row": ["a", 1, "b"] }"""), StringComparison.Ordinal);
        Assert.Contains("arguments.pair[2]", await Refused(DraftSevenTuple, """{ "pair": [1, 2, 3] }"""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_ref_is_not_fetched_and_not_checked()
    {
        await Passes("""{ "type": "object", "properties": { "f": { "$ref": "https://example.com/filter.json" } } }""", """{ "f": { "anything": [1] } }""");
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedMcp.Generators.Tests.EndToEnd.Schemas;

/// <summary>The client this test project generates from <c>Catalogs/schemas.mcp.json</c> (every construct of docs/schema-mapping.md).</summary>
[McpClient("schemas")]
public partial class SchemasClient;

/// <summary>
/// An in-process MCP server (the C# SDK's) that records the exact JSON arguments each tool receives and answers with
/// a structured result set by the test.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <summary>Tool name → the arguments of its last call, as sent.</summary>
    public ConcurrentDictionary<string, string> Received { get; } = new(StringComparer.Ordinal);

    /// <summary>Tool name → the structured content it answers with.</summary>
    public ConcurrentDictionary<string, string> Results { get; } = new(StringComparer.Ordinal);

    public async Task<McpClient> StartAsync()
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "schemas", Version = "1.0.0" },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [] }),
                CallToolHandler = (request, _) =>
                {
                    var name = request.Params!.Name;
                    Received[name] = JsonSerializer.Serialize(request.Params.Arguments ?? new Dictionary<string, JsonElement>());
                    var structured = Results.TryGetValue(name, out var json) ? JsonDocument.Parse(json).RootElement.Clone() : (JsonElement?)null;
                    return ValueTask.FromResult(new CallToolResult
                    {
                        Content = [new TextContentBlock { Text = json ?? "done" }],
                        StructuredContent = structured,
                    });
                },
            },
        };
        var server = McpServer.Create(new StreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream(), "schemas", null), options);
        _run = server.RunAsync(_stop.Token);
        return await McpClient.CreateAsync(new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream(), null));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null) { try { await _run; } catch (OperationCanceledException) { } }
        _stop.Dispose();
    }
}

/// <summary>
/// Typed calls written as a user writes them, against every construct: records sent with their wire names, unions by
/// implicit conversion, enums with colliding and non-string values, constants sent without a parameter, maps, formats;
/// and typed results: recursive records, a discriminated union, extra members, tuples, non-object roots.
/// </summary>
public sealed class SchemaConstructsEndToEndTests
{
    private static readonly Guid Page = Guid.Parse("8c1f6e0a-2f42-4d5e-9a51-0c3b4a1e7d90");

    private static void AssertJson(string expected, string actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    [Fact]
    public async Task Records_and_unions_of_records_go_on_the_wire_with_their_wire_names()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());

        await client.CreatePageAsync(
            parent: new PageParent(Page),
            title: "Plan",
            cover: new Uri("https://example.com/a b?x=1", UriKind.Absolute),
            properties: new Dictionary<string, CreatePagePropertiesValue> { ["owner"] = "ada", ["score"] = 1.5, ["done"] = false });
        AssertJson($$"""{ "parent": { "page_id": "{{Page}}" }, "title": "Plan", "cover": "https://example.com/a b?x=1", "properties": { "owner": "ada", "score": 1.5, "done": false } }""", server.Received["create_page"]);

        await client.CreatePageAsync("https://notion.so/some-page", "Child", CancellationToken.None);
        AssertJson("""{ "parent": "https://notion.so/some-page", "title": "Child" }""", server.Received["create_page"]);

        CreatePageParent database = new DatabaseParent(Page);
        Assert.NotNull(database.AsDatabaseParent);
        Assert.Null(database.AsString);
        await client.CreatePageAsync(database, "In a database", CancellationToken.None);
        AssertJson($$"""{ "parent": { "database_id": "{{Page}}" }, "title": "In a database" }""", server.Received["create_page"]);
    }

    [Fact]
    public async Task Discriminated_records_send_their_constant_and_enums_of_numbers_send_numbers()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());

        await client.CreateIndexAsync("users",
        [
            new CreateIndexClassicDefinitionItem(new Dictionary<string, CreateIndexKeysValue> { ["name"] = CreateIndexKeysValue.Value1, ["age"] = CreateIndexKeysValue.Minus1, ["bio"] = CreateIndexKeysValue.Text }),
            new CreateIndexVectorDefinitionItem(3, CreateIndexSimilarity.DotProduct),
        ]);
        AssertJson("""
            { "collection": "users", "definition": [
              { "type": "classic", "keys": { "name": 1, "age": -1, "bio": "text" } },
              { "type": "vector", "dimensions": 3, "similarity": "dotProduct" } ] }
            """, server.Received["create_index"]);
    }

    [Fact]
    public async Task Constants_dates_and_nested_records_are_sent_and_the_typed_result_reads_back()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());
        server.Results["edit_file"] = """{ "diff": "-a\n+b", "applied": [ { "oldText": "a", "newText": "b" } ] }""";

        EditFileResult result = await client.EditFileAsync(
            "notes.txt",
            [new EditFileEdit("a", "b")],
            due: new DateOnly(2026, 12, 24),
            at: new DateTimeOffset(2026, 12, 24, 8, 30, 0, TimeSpan.FromHours(1)),
            limit: 5,
            seq: 9_007_199_254_740_991L);

        AssertJson("""
            { "mode": "lines", "path": "notes.txt", "edits": [ { "oldText": "a", "newText": "b" } ], "due": "2026-12-24",
              "at": "2026-12-24T07:30:00Z", "limit": 5, "seq": 9007199254740991 }
            """, server.Received["edit_file"]);
        Assert.Equal("-a\n+b", result.Diff);
        Assert.Equal(new EditFileEdit("a", "b"), Assert.Single(result.Applied));
    }

    [Fact]
    public async Task Colliding_enum_names_nullable_required_arguments_and_scalar_unions_keep_their_wire_values()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());
        server.Results["search_issues"] = """[ { "number": 7, "title": "First" }, { "number": 9, "title": "Second" } ]""";

        IReadOnlyList<SearchIssuesResultItem> issues = await client.SearchIssuesAsync(
            "bug", state: null, sort: SearchIssuesSort.ReactionsMinus1, confirm: SearchIssuesConfirm.Y2, priority: SearchIssuesPriority.Value2,
            freshness: SearchIssuesFreshnessChoice.Pw, nextPage: true);
        AssertJson("""{ "q": "bug", "state": null, "sort": "reactions--1", "confirm": "y", "priority": 2, "freshness": "pw", "nextPage": true }""", server.Received["search_issues"]);
        Assert.Equal(new long[] { 7, 9 }, issues.Select(i => i.Number));

        await client.SearchIssuesAsync("bug", SearchIssuesState.Closed, freshness: "2026-01-01to2026-02-01", nextPage: "cursor-2");
        AssertJson("""{ "q": "bug", "state": "closed", "freshness": "2026-01-01to2026-02-01", "nextPage": "cursor-2" }""", server.Received["search_issues"]);
    }

    [Fact]
    public async Task Recursive_records_discriminated_unions_extra_members_and_tuples_are_read_typed()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());
        server.Results["read_tree"] = """
            { "tree": { "name": "root", "children": [ { "name": "a", "children": [ { "name": "a1" } ] }, { "name": "b" } ] },
              "point": [ 1.5, -2 ], "kind": { "kind": "folder", "count": 3 }, "labels": { "main": "m", "color": "red" } }
            """;

        var result = await client.ReadTreeAsync(filter: new ReadTreeRoot("docs", Depth: 2));

        AssertJson("""{ "filter": { "name": "docs", "depth": 2 } }""", server.Received["read_tree"]);
        Assert.Equal("root", result.Tree.Name);
        Assert.Equal("a1", result.Tree.Children![0].Children![0].Name);
        Assert.Null(result.Tree.Children[1].Children);
        Assert.Equal(new[] { 1.5, -2 }, result.Point);
        var folder = Assert.IsType<ReadTreeFolderKind>(result.Kind!.Value);
        Assert.Equal(3, folder.Count);
        Assert.Equal("folder", folder.Kind);
        Assert.Null(result.Kind.AsReadTreeFileKind);
        Assert.Equal("m", result.Labels!.Main);
        Assert.Equal("red", result.Labels.AdditionalProperties!["color"]);
    }

    [Fact]
    public async Task A_result_with_an_unknown_discriminator_is_a_mismatch_naming_the_path()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());
        server.Results["read_tree"] = """{ "tree": { "name": "root" }, "kind": { "kind": "symlink" } }""";

        var e = await Assert.ThrowsAsync<McpResultMismatchException>(() => client.ReadTreeAsync(CancellationToken.None));
        Assert.Equal("kind", e.FieldPath);
        Assert.Contains("ReadTreeKind", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_object_result_root_is_read_as_its_type()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());
        server.Results["get_ids"] = $"""[ "{Page}", "00000000-0000-0000-0000-000000000001" ]""";

        IReadOnlyList<Guid> ids = await client.GetIdsAsync();

        Assert.Equal(new[] { Page, Guid.Parse("00000000-0000-0000-0000-000000000001") }, ids);
    }

    [Fact]
    public async Task Lists_nested_four_deep_are_sent_and_read_typed()
    {
        await using var server = new RecordingServer();
        var client = new SchemasClient(await server.StartAsync());
        server.Results["shade_area"] = """{ "shaded": [ [ [ [ 0, 0 ], [ 1, 0 ], [ 0, 1 ] ] ] ] }""";
        IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> square = [[[0, 0], [2, 0], [2, 2], [0, 2]]];

        var result = await client.ShadeAreaAsync(ShadeAreaArea.From(square), cutouts: [[[[0.5, 0.5], [1, 0.5], [0.5, 1]]]]);

        AssertJson("""{ "area": [ [ [0, 0], [2, 0], [2, 2], [0, 2] ] ], "cutouts": [ [ [ [0.5, 0.5], [1, 0.5], [0.5, 1] ] ] ] }""", server.Received["shade_area"]);
        Assert.Equal(new[] { 0.0, 1 }, result.Shaded[0][0][2]);
        ShadeAreaArea several = ShadeAreaArea.From([square, square]);
        Assert.Equal(2, several.AsDoubleListListListList!.Count);
        Assert.Null(several.AsDoubleListListList);
    }
}

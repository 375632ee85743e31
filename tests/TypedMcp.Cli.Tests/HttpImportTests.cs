using System.ComponentModel;
using System.Linq;
using System.Threading.Tasks;
using ModelContextProtocol.Server;
using TypedMcp.Json;

namespace TypedMcp.Cli.Tests;

/// <summary>import and diff against an in-process SDK server over Streamable HTTP.</summary>
public class HttpImportTests
{
    internal static McpServerTool[] VersionOne() =>
    [
        McpServerTool.Create([Description("Looks up one invoice.")] (int id) => "invoice " + id, new McpServerToolCreateOptions { Name = "get_invoice", ReadOnly = true }),
        McpServerTool.Create([Description("Removes an invoice for good.")] (int id) => "gone", new McpServerToolCreateOptions { Name = "delete_invoice", Destructive = true }),
        McpServerTool.Create([Description("Mails a message to a person.")] (string to, string body) => "sent", new McpServerToolCreateOptions { Name = "send_email" }),
    ];

    internal static McpServerTool[] VersionTwo() =>
    [
        McpServerTool.Create([Description("Looks up one invoice by its number.")] (string id) => "invoice " + id, new McpServerToolCreateOptions { Name = "get_invoice", ReadOnly = true }),
        McpServerTool.Create([Description("Lists invoices.")] (int limit = 10) => "[]", new McpServerToolCreateOptions { Name = "list_invoices", ReadOnly = true }),
        McpServerTool.Create([Description("Mails a message to a person.")] (string to, string subject, string body) => "sent", new McpServerToolCreateOptions { Name = "send_email" }),
    ];

    [Fact]
    public async Task Import_over_http_writes_every_tool_with_its_risk_class()
    {
        await using var server = await HttpMcpServer.StartAsync(VersionOne());
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--http", server.Url.ToString(), "-o", dir.File("invoices.json"));
        run.AssertNoStackTrace();
        Assert.True(run.ExitCode == 0, run.All);
        var catalog = LocatedJsonReader.Parse(dir.Read("invoices.json"));
        Assert.Equal("test-http-server", catalog["server"]!["name"]!.AsString());
        Assert.Equal("1.0.0", catalog["server"]!["version"]!.AsString());
        var tools = catalog["tools"]!.Items;
        Assert.Equal(new[] { "delete_invoice", "get_invoice", "send_email" }, tools.Select(t => t["name"]!.AsString()));
        Assert.Equal("Destructive", tools[0]["risk"]!["category"]!.AsString());
        Assert.Equal("Read", tools[1]["risk"]!["category"]!.AsString());
        Assert.Equal("Execute", tools[2]["risk"]!["category"]!.AsString());
        Assert.Equal("integer", tools[1]["inputSchema"]!["properties"]!["id"]!["type"]!.AsString());
    }

    [Fact]
    public async Task Headers_given_with_header_reach_the_server()
    {
        await using var server = await HttpMcpServer.StartAsync(VersionOne());
        server.RequiredHeader = ("X-Api-Key", "s3cret");
        using var dir = new TempDir();
        var refused = await Cli.RunAsync("import", "--http", server.Url.ToString(), "-o", dir.File("a.json"), "--timeout", "20");
        refused.AssertNoStackTrace();
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(server.Url.ToString(), refused.Err);

        var accepted = await Cli.RunAsync("import", "--http", server.Url.ToString(), "--header", "X-Api-Key=s3cret", "-o", dir.File("b.json"));
        Assert.True(accepted.ExitCode == 0, accepted.All);
    }

    [Fact]
    public async Task Diff_against_a_changed_http_server_reports_breaking_changes_and_exits_1()
    {
        await using var server = await HttpMcpServer.StartAsync(VersionOne());
        using var dir = new TempDir();
        var catalog = dir.File("invoices.json");
        Assert.Equal(0, (await Cli.RunAsync("import", "--http", server.Url.ToString(), "-o", catalog)).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("diff", catalog, "--http", server.Url.ToString())).ExitCode);

        server.Tools = VersionTwo();
        var run = await Cli.RunAsync("diff", catalog, "--http", server.Url.ToString(), "--json");
        run.AssertNoStackTrace();
        Assert.Equal(1, run.ExitCode);
        var changes = LocatedJsonReader.Parse(run.Out)["changes"]!.Items;
        bool Has(string tool, string kind, bool breaking) => changes.Any(c => c["tool"]!.AsString() == tool && c["kind"]!.AsString() == kind && c["breaking"]!.AsBoolean() == breaking);
        Assert.True(Has("delete_invoice", "tool-removed", true));
        Assert.True(Has("list_invoices", "tool-added", false));
        Assert.True(Has("get_invoice", "type-changed", true));
        Assert.True(Has("get_invoice", "description-changed", false));
        Assert.True(Has("send_email", "parameter-added", true));
    }

    [Fact]
    public async Task An_unreachable_http_server_gives_a_clear_message_and_exit_code_2()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var dir = new TempDir();
        var url = $"http://127.0.0.1:{port}/mcp";
        var run = await Cli.RunAsync("import", "--http", url, "-o", dir.File("x.json"), "--timeout", "20");
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Could not reach the MCP server at " + url, run.Err);
    }

    [Fact]
    public async Task Import_numbers_names_that_would_collide_in_csharp_so_the_catalog_builds()
    {
        await using var server = await HttpMcpServer.StartAsync(
        [
            McpServerTool.Create([Description("Reads a user.")] (string user_id, string? userId = null, string? cancellation_token = null) => "u", new McpServerToolCreateOptions { Name = "get-user", ReadOnly = true }),
            McpServerTool.Create([Description("Reads a user, older spelling.")] (string id) => "u", new McpServerToolCreateOptions { Name = "get_user", ReadOnly = true }),
        ]);
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--http", server.Url.ToString(), "-o", dir.File("users.json"));
        run.AssertNoStackTrace();
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("note: get_user: its method is GetUser2Async because 'get-user' already becomes GetUserAsync", run.Out);
        Assert.Contains("note: get-user: argument 'userId' is the C# parameter 'userId2'", run.Out);

        var text = dir.Read("users.json");
        var tools = LocatedJsonReader.Parse(text)["tools"]!.Items;
        Assert.Equal("GetUser2", tools[1]["csharp"]!["methodName"]!.AsString());
        Assert.Equal("userId2", tools[0]["csharp"]!["parameters"]!["userId"]!.AsString());
        Assert.Equal("cancellationToken2", tools[0]["csharp"]!["parameters"]!["cancellation_token"]!.AsString());

        // The generator's naming rule reads the written catalog without a collision, and a re-import changes nothing.
        var diagnostics = new System.Collections.Generic.List<TypedMcp.Diagnostics.ModelDiagnostic>();
        var resolved = TypedMcp.Naming.ToolNameResolver.Resolve(TypedMcp.Catalog.CatalogParser.Parse(text, "users.json").Catalog!, diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(new[] { "GetUserAsync", "GetUser2Async" }, resolved.Select(t => t.MethodName));
        var again = await Cli.RunAsync("import", "--http", server.Url.ToString(), "-o", dir.File("users.json"));
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(text, dir.Read("users.json"));
    }
}

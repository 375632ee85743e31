using System.ComponentModel;
using System.Threading.Tasks;
using ModelContextProtocol.Server;
using TypedMcp.Model.Json;

namespace TypedMcp.Cli.Tests;

public class HttpImportTests
{
    internal static McpServerTool[] VersionOne() =>
    [
        McpServerTool.Create([Description("Looks up one invoice.")] (int id) => "invoice " + id, new McpServerToolCreateOptions { Name = "get_invoice", ReadOnly = true }),
        McpServerTool.Create([Description("Removes an invoice for good.")] (int id) => "gone", new McpServerToolCreateOptions { Name = "delete_invoice", Destructive = true }),
        McpServerTool.Create([Description("Mails a message to a person.")] (string to, string body) => "sent", new McpServerToolCreateOptions { Name = "send_email" }),
    ];

    [Fact]
    public async Task Import_over_http_writes_every_tool_with_its_risk_class()
    {
        await using var server = await HttpMcpServer.StartAsync(VersionOne());
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--http", server.Url.ToString(), "-o", dir.File("invoices.json"));
        run.AssertNoStackTrace();
        Assert.True(run.ExitCode == 0, run.All);
        var catalog = JsonReader.Parse(dir.Read("invoices.json"));
        Assert.Equal("test-http-server", catalog["server"]!["name"]!.AsString());
        var tools = catalog["tools"]!.Items;
        Assert.Equal(new[] { "delete_invoice", "get_invoice", "send_email" }, System.Linq.Enumerable.Select(tools, t => t["name"]!.AsString()));
        Assert.Equal("Destructive", tools[0]["risk"]!["category"]!.AsString());
        Assert.Equal("Read", tools[1]["risk"]!["category"]!.AsString());
        Assert.Equal("Execute", tools[2]["risk"]!["category"]!.AsString());
    }
}

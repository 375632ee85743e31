using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TypedMcp.Cli.Tests;

/// <summary>
/// An in-process MCP server over Streamable HTTP on 127.0.0.1 (a free port), built from the SDK's server and its
/// StreamableHttpServerTransport in stateless mode: every POST gets a fresh server with the same tools.
/// </summary>
public sealed class HttpMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpMcpServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Tools currently served; tests swap them to simulate a new server version.</summary>
    public IReadOnlyList<McpServerTool> Tools { get; set; } = Array.Empty<McpServerTool>();

    /// <summary>A header every request must carry (name, value), or null.</summary>
    public (string Name, string Value)? RequiredHeader { get; set; }

    public static async Task<HttpMcpServer> StartAsync(IReadOnlyList<McpServerTool> tools, string version = "1.0.0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        HttpMcpServer? self = null;
        app.MapMethods("/mcp", new[] { "GET", "DELETE" }, (HttpContext ctx) => Results.StatusCode(StatusCodes.Status405MethodNotAllowed));
        app.MapPost("/mcp", async (HttpContext ctx) =>
        {
            var server = self!;
            if (server.RequiredHeader is { } h && ctx.Request.Headers[h.Name].ToString() != h.Value)
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(ctx.Request.Body, McpJsonUtilities.DefaultOptions, ctx.RequestAborted);
            if (message is null) { ctx.Response.StatusCode = StatusCodes.Status400BadRequest; return; }
            await using var transport = new StreamableHttpServerTransport(null) { Stateless = true };
            var options = new McpServerOptions
            {
                ServerInfo = new Implementation { Name = "test-http-server", Version = version },
                ToolCollection = new McpServerPrimitiveCollection<McpServerTool>(),
            };
            foreach (var t in server.Tools) { options.ToolCollection.Add(t); }
            await using var mcp = McpServer.Create(transport, options);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
            var run = mcp.RunAsync(cts.Token);
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-cache";
            var wrote = await transport.HandlePostRequestAsync(message, ctx.Response.Body, ctx.RequestAborted);
            if (!wrote) { ctx.Response.StatusCode = StatusCodes.Status202Accepted; }
            cts.Cancel();
            try { await run; } catch (OperationCanceledException) { }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new HttpMcpServer(app, new Uri(address.TrimEnd('/') + "/mcp")) { Tools = tools };
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

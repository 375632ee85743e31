using System;
using System.Linq;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;
using OdooDemoServer.Data;
using OdooDemoServer.Tools;

// Usage: OdooDemoServer                 MCP over stdin/stdout (the sample agent starts it as a child process)
//        OdooDemoServer --http [--port N] MCP over Streamable HTTP on 127.0.0.1 (port 0: any free one), shared by many
//                                         agent processes; GET /stats counts the tools/call requests that reached it.
var http = args.Contains("--http");
var portIndex = Array.IndexOf(args, "--port");
var port = portIndex >= 0 && portIndex + 1 < args.Length ? int.Parse(args[portIndex + 1], System.Globalization.CultureInfo.InvariantCulture) : 0;
var toolCalls = 0L;

McpRequestFilter<ModelContextProtocol.Protocol.CallToolRequestParams, ModelContextProtocol.Protocol.CallToolResult> countCalls = next => (context, cancellationToken) =>
{
    Interlocked.Increment(ref toolCalls);
    return next(context, cancellationToken);
};

if (!http)
{
    // The demo server speaks MCP over stdin/stdout, so everything else (logs) must go to stderr.
    var builder = Host.CreateApplicationBuilder(args);
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    AddServices(builder.Services)
        .WithStdioServerTransport()
        .WithTools(DeclaredSchemaTool.CreateAll(typeof(OdooRecordTools), typeof(UsageLogTools)));
    await builder.Build().RunAsync().ConfigureAwait(false);
    return;
}

var web = WebApplication.CreateSlimBuilder(args);
web.Logging.ClearProviders();
web.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
web.Logging.SetMinimumLevel(LogLevel.Warning);
web.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
AddServices(web.Services)
    .WithHttpTransport(o => o.Stateless = true)
    .WithTools(DeclaredSchemaTool.CreateAll(typeof(OdooRecordTools), typeof(UsageLogTools)));
var app = web.Build();
app.MapMcp("/mcp");
app.MapGet("/stats", () => Results.Text($"{{\"toolCalls\":{Interlocked.Read(ref toolCalls)}}}", "application/json"));
await app.StartAsync().ConfigureAwait(false);
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening on {address}/mcp");
await app.WaitForShutdownAsync().ConfigureAwait(false);

IMcpServerBuilder AddServices(IServiceCollection services)
{
    services.AddSingleton(_ => DemoDatabase.CreateSeeded());
    services.AddSingleton<OdooRecordTools>();
    services.AddSingleton<UsageLogTools>();
    return services
        .AddMcpServer(options => options.ServerInfo = new() { Name = "odoo-demo-server", Version = "1.0.0" })
        .WithRequestFilters(filters => filters.AddCallToolFilter(countCalls));
}

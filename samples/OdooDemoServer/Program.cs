using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OdooDemoServer.Data;
using OdooDemoServer.Tools;

// The demo server speaks MCP over stdin/stdout, so everything else (logs) must go to stderr.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

builder.Services.AddSingleton(_ => DemoDatabase.CreateSeeded());
builder.Services.AddSingleton<OdooRecordTools>();
builder.Services.AddSingleton<UsageLogTools>();

builder.Services
    .AddMcpServer(options => options.ServerInfo = new() { Name = "odoo-demo-server", Version = "1.0.0" })
    .WithStdioServerTransport()
    .WithTools(DeclaredSchemaTool.CreateAll(typeof(OdooRecordTools), typeof(UsageLogTools)));

await builder.Build().RunAsync().ConfigureAwait(false);

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;

namespace OdooAgent;

/// <summary>Starts the OdooDemoServer sample as a child process and connects to it over stdio.</summary>
internal static class DemoServer
{
    /// <summary>
    /// The demo server's DLL: the agent's output is samples/OdooAgent/bin/&lt;configuration&gt;/&lt;tfm&gt;/, the
    /// server's is samples/OdooDemoServer/bin/&lt;configuration&gt;/&lt;tfm&gt;/ (the project reference builds it first).
    /// </summary>
    public static string FindDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent?.Name ?? "Debug";
        var samples = output.Parent?.Parent?.Parent?.Parent?.FullName ?? throw new InvalidOperationException($"Unexpected output folder {output.FullName}.");
        var dll = Path.Combine(samples, "OdooDemoServer", "bin", configuration, tfm, "OdooDemoServer.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"The demo server is not built at {dll}. Build samples/OdooDemoServer with the same configuration, or pass --server <path to OdooDemoServer.dll>.", dll);
    }

    /// <summary>Starts <c>dotnet &lt;serverDll&gt;</c> and returns the connected MCP session.</summary>
    public static Task<McpClient> ConnectAsync(string serverDll, CancellationToken cancellationToken)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "odoo-demo-server",
            Command = "dotnet",
            Arguments = [serverDll],
        });
        return McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>The stdio transport that starts <c>dotnet &lt;serverDll&gt;</c> when connected.</summary>
    public static IClientTransport Transport(string serverDll) => new StdioClientTransport(new StdioClientTransportOptions
    {
        Name = "odoo-demo-server",
        Command = "dotnet",
        Arguments = [serverDll],
    });
}

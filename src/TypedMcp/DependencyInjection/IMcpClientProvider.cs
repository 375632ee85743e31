using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp;

/// <summary>
/// Gives the typed client registered with <see cref="McpClientServiceCollectionExtensions.AddMcpClient{TClient}"/>.
/// Connecting to an MCP server is asynchronous (start the process or open the HTTP session, then the
/// <c>initialize</c> handshake), so the client is not injected directly: inject this provider and await
/// <see cref="GetClientAsync"/>. The first call connects; later calls share that connection. A failed connection is
/// not kept: the next call tries again. The connection is closed when the container is disposed.
/// </summary>
/// <typeparam name="TClient">The typed client.</typeparam>
public interface IMcpClientProvider<TClient>
    where TClient : McpClientBase
{
    /// <summary>The connected typed client (connecting on first use).</summary>
    /// <param name="cancellationToken">Stops waiting; a connection already under way goes on for other callers.</param>
    ValueTask<TClient> GetClientAsync(CancellationToken cancellationToken = default);
}

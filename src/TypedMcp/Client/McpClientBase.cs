using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// The base of every generated client. All tool calls, typed and untyped, go through
/// <see cref="CallToolCoreAsync"/>, the one place where a call leaves the process.
/// </summary>
public abstract class McpClientBase
{
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Creates a client over a connected MCP session.</summary>
    /// <param name="client">The MCP session (from <c>McpClient.CreateAsync</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    protected McpClientBase(McpClient client)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>The MCP session the calls go to.</summary>
    public McpClient Client { get; }

    /// <summary>
    /// Calls any tool by name, without types: an escape hatch for tools the catalog does not describe yet.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments, or null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result's text, JSON and raw protocol object.</returns>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    public async Task<McpToolResult> CallToolAsync(string toolName, IReadOnlyDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        var result = await CallToolCoreAsync(toolName, arguments ?? NoArguments, cancellationToken).ConfigureAwait(false);
        return new McpToolResult(result);
    }

    /// <summary>
    /// Sends one <c>tools/call</c> and returns its result; an error result becomes <see cref="McpToolException"/>.
    /// Every generated method calls this.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire (omitted optional arguments are absent).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="toolName"/> is null or empty.</exception>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    protected async Task<CallToolResult> CallToolCoreAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(toolName)) { throw new ArgumentException("A tool name is required.", nameof(toolName)); }
        ArgumentNullException.ThrowIfNull(arguments);
        var result = await Client.CallToolAsync(toolName, arguments, progress: null, options: null, cancellationToken).ConfigureAwait(false);
        if (result.IsError == true) { throw new McpToolException(toolName, McpToolResult.TextOf(result)); }
        return result;
    }
}

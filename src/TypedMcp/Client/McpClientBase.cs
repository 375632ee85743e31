using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// The base of every generated client. All tool calls, typed and untyped, go through
/// <see cref="CallToolCoreAsync"/>, the one place where a call leaves the process.
/// </summary>
public abstract class McpClientBase
{
    private static readonly IReadOnlyDictionary<string, object?> NoArguments = new Dictionary<string, object?>(StringComparer.Ordinal);
    private readonly TypedMcpClientOptions? _options;
    private PolicyGuard? _guard;

    /// <summary>Creates a client over a connected MCP session.</summary>
    /// <param name="client">The MCP session (from <c>McpClient.CreateAsync</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    protected McpClientBase(McpClient client)
    {
        Session = client ?? throw new ArgumentNullException(nameof(client));
        Client = new GuardedMcpClient(Session, () => Guard);
    }

    /// <summary>Creates a client over a connected MCP session, with a run-time policy, an approval hook and logging.</summary>
    /// <param name="client">The MCP session (from <c>McpClient.CreateAsync</c>).</param>
    /// <param name="options">How policy is enforced at run time (null: the built-in policy only).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    protected McpClientBase(McpClient client, TypedMcpClientOptions? options)
        : this(client)
    {
        _options = options;
    }

    /// <summary>
    /// The project's policy.json as the generator compiled it into the client, or null when the project had none
    /// (then only a run-time policy restricts calls; the analyzer warns TMCP0108 at build time).
    /// </summary>
    protected virtual string? BuiltInPolicyJson => null;

    /// <summary>The path the built-in policy was read from at build time (used in messages), or null.</summary>
    protected virtual string? BuiltInPolicyPath => null;

    /// <summary>
    /// The guard every call goes through: the built-in policy, the run-time policy, approval and limits. Created on
    /// first use (reading the run-time policy file named in the options, if any).
    /// </summary>
    public PolicyGuard Guard
    {
        get
        {
            var guard = System.Threading.Volatile.Read(ref _guard);
            if (guard is not null) { return guard; }
            var json = BuiltInPolicyJson;
            var builtIn = json is null ? null : PolicyParser.Parse(json, BuiltInPolicyPath ?? "policy.json").Policy;
            System.Threading.Interlocked.CompareExchange(ref _guard, new PolicyGuard(builtIn, _options), null);
            return _guard!;
        }
    }

    /// <summary>
    /// The MCP session, guarded: a <c>tools/call</c> sent through it (for example <c>Client.CallToolAsync(name, ...)</c>)
    /// is decided by <see cref="Guard"/> first, like every typed call, so handing the session on opens no path around
    /// the policy. Other requests (list tools, resources, prompts, ping) pass through unchanged.
    /// </summary>
    public McpClient Client { get; }

    /// <summary>The raw session the guarded calls are sent on (never handed out).</summary>
    internal McpClient Session { get; }

    /// <summary>
    /// Calls any tool by name, without types: an escape hatch for tools the catalog does not describe yet.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments, or null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result's text, JSON and raw protocol object.</returns>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    /// <exception cref="McpPolicyDeniedException">The policy refused the call; nothing was sent.</exception>
    public async Task<McpToolResult> CallToolAsync(string toolName, IReadOnlyDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        var result = await CallToolCoreAsync(toolName, arguments ?? NoArguments, cancellationToken).ConfigureAwait(false);
        return new McpToolResult(result);
    }

    /// <summary>
    /// Decides the call with <see cref="Guard"/>, then sends one <c>tools/call</c> and returns its result; an error
    /// result becomes <see cref="McpToolException"/>. Every generated method calls this. A refused call sends nothing;
    /// a call that fails in transport gives its reserved quota back.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire (omitted optional arguments are absent).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="toolName"/> is null or empty.</exception>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    /// <exception cref="McpPolicyDeniedException">The policy refused the call; nothing was sent.</exception>
    protected async Task<CallToolResult> CallToolCoreAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(toolName)) { throw new ArgumentException("A tool name is required.", nameof(toolName)); }
        ArgumentNullException.ThrowIfNull(arguments);
        var permit = await Guard.AuthorizeAsync(toolName, arguments, cancellationToken).ConfigureAwait(false);
        CallToolResult result;
        try
        {
            result = await Session.CallToolAsync(toolName, arguments, progress: null, options: null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The SDK threw: the call did not complete in transport, so it does not count against the limits.
            permit.ReturnQuota();
            throw;
        }

        if (result.IsError == true) { throw new McpToolException(toolName, McpToolResult.TextOf(result)); }
        return result;
    }
}

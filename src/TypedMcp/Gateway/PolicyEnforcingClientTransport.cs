using System;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// An in-process MCP gateway: wraps the transport to a server so that every <see cref="McpClient"/> created over it is
/// governed by a <see cref="PolicyGuard"/>, whatever API the caller uses (typed client, <c>McpClient.CallToolAsync</c>,
/// <see cref="McpClientTool"/>, <c>SendRequestAsync</c>, agent frameworks that take an <see cref="McpClient"/>).
/// </summary>
/// <remarks>
/// <para>Every outgoing message is serialized once; the decision is made on those bytes, and the message handed to the
/// inner transport is parsed back from them, so nothing the caller still holds can change what is sent.</para>
/// <para>A <c>tools/call</c> the policy refuses is answered here, never forwarded: a JSON-RPC result with
/// <c>isError: true</c>, one text block starting with <c>[POLICY DENIED]</c> and the details under
/// <see cref="PolicyDenials.MetaKey"/> in <c>_meta</c>. A <c>tools/call</c> the guard cannot read unambiguously is
/// answered the same way (step <c>RequestRejected</c>); one sent as a notification, with an odd id or in another
/// spelling of the method is refused by throwing. <c>tools/list</c> results, including those fetched after
/// <c>notifications/tools/list_changed</c>, lose the tools a policy hides.</para>
/// <para>Quota is two-phase: reserved when the call is decided, committed once the inner transport's send is
/// entered, given back only when the request was provably not written.</para>
/// </remarks>
/// <example>
/// <code>
/// var guard = new PolicyGuard(PolicyGuard.LoadPolicyFile("policy.json"));
/// await using var client = await McpClient.CreateAsync(new PolicyEnforcingClientTransport(new StdioClientTransport(options), guard));
/// </code>
/// </example>
public sealed class PolicyEnforcingClientTransport : IClientTransport
{
    private readonly IClientTransport _inner;
    private readonly Func<PolicyGuard> _guard;

    /// <summary>Wraps a transport.</summary>
    /// <param name="inner">The transport to the server (stdio, HTTP, streams…).</param>
    /// <param name="guard">Decides every call (the same guard may serve several transports; its limits are shared).</param>
    public PolicyEnforcingClientTransport(IClientTransport inner, PolicyGuard guard)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ArgumentNullException.ThrowIfNull(guard);
        _guard = () => guard;
    }

    // For a typed client: its guard exists only once the client is constructed over the connected session.
    internal PolicyEnforcingClientTransport(IClientTransport inner, Func<PolicyGuard> guard)
    {
        _inner = inner;
        _guard = guard;
    }

    /// <summary>The guard that decides every call sent over this transport.</summary>
    public PolicyGuard Guard => _guard();

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <inheritdoc/>
    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var session = await _inner.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new PolicyEnforcingTransport(session, _guard);
    }
}

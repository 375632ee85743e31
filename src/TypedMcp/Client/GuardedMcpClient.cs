using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// The MCP session a typed client hands out as <see cref="McpClientBase.Client"/>: the same session, except that every
/// <c>tools/call</c> request sent through it is decided by the client's <see cref="PolicyGuard"/> first. Code that is
/// given a typed client therefore cannot reach a denied tool by taking its raw session and calling the tool by a name
/// built at run time. Every other request and notification passes through unchanged.
/// </summary>
/// <remarks>
/// The guard cannot protect an <see cref="McpClient"/> that application code keeps from <c>McpClient.CreateAsync</c>;
/// the policy analyzer still reports constant tool names called on it. Hand such code the typed client (or resolve it
/// from dependency injection, which never exposes the raw session) instead.
/// </remarks>
public sealed class GuardedMcpClient : McpClient
{
    private readonly McpClient _inner;
    private readonly Func<PolicyGuard> _guard;

    // The SDK marks deriving from McpClient as experimental (MCPEXP002); the wrapper only delegates, and a test
    // pins its behaviour (tools/call guarded, everything else passed through) so an SDK change shows up in CI.
#pragma warning disable MCPEXP002
    internal GuardedMcpClient(McpClient inner, Func<PolicyGuard> guard)
#pragma warning restore MCPEXP002
    {
        _inner = inner;
        _guard = guard;
    }

    /// <inheritdoc />
    public override ServerCapabilities ServerCapabilities => _inner.ServerCapabilities;

    /// <inheritdoc />
    public override Implementation ServerInfo => _inner.ServerInfo!;

    /// <inheritdoc />
    public override string? ServerInstructions => _inner.ServerInstructions;

    /// <inheritdoc />
    public override Task<ClientCompletionDetails> Completion => _inner.Completion;

    /// <inheritdoc />
    public override string? SessionId => _inner.SessionId;

    /// <inheritdoc />
    public override string? NegotiatedProtocolVersion => _inner.NegotiatedProtocolVersion;

    /// <inheritdoc />
    public override ValueTask<IDictionary<string, InputResponse>> ResolveInputRequestsAsync(IDictionary<string, InputRequest> inputRequests, CancellationToken cancellationToken)
        => _inner.ResolveInputRequestsAsync(inputRequests, cancellationToken);

    /// <inheritdoc />
    public override IAsyncDisposable RegisterNotificationHandler(string method, Func<JsonRpcNotification, CancellationToken, ValueTask> handler)
        => _inner.RegisterNotificationHandler(method, handler);

    /// <summary>Sends a request; a <c>tools/call</c> is decided by the guard first and refused with <see cref="McpPolicyDeniedException"/>.</summary>
    public override async Task<JsonRpcResponse> SendRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsToolCall(request.Method)) { return await _inner.SendRequestAsync(request, cancellationToken).ConfigureAwait(false); }
        var (name, arguments) = ReadToolCall(request.Params);
        var permit = await _guard().AuthorizeAsync(name, arguments, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _inner.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Failed in transport: the call does not count against the limits.
            permit.ReturnQuota();
            throw;
        }
    }

    /// <summary>Sends a message; a <c>tools/call</c> request sent as a bare message is decided by the guard first.</summary>
    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is JsonRpcRequest request && IsToolCall(request.Method))
        {
            var (name, arguments) = ReadToolCall(request.Params);
            var permit = await _guard().AuthorizeAsync(name, arguments, cancellationToken).ConfigureAwait(false);
            try
            {
                await _inner.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                permit.ReturnQuota();
                throw;
            }

            return;
        }

        await _inner.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the underlying session (the typed client and this view share it).</summary>
    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    private static bool IsToolCall(string? method) => string.Equals(method, RequestMethods.ToolsCall, StringComparison.Ordinal);

    private static (string Name, IReadOnlyDictionary<string, object?> Arguments) ReadToolCall(JsonNode? parameters)
    {
        // A tools/call the guard cannot read is refused rather than sent unchecked.
        if (parameters is not JsonObject obj || obj["name"] is not JsonValue nameNode || !nameNode.TryGetValue<string>(out var name) || name.Length == 0)
        {
            throw new McpException("A tools/call request without a tool name cannot be checked against the policy, so it is not sent.");
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (obj["arguments"] is JsonObject args)
        {
            foreach (var (key, value) in args)
            {
                arguments[key] = value is null ? null : JsonSerializer.SerializeToElement(value);
            }
        }
        else if (obj["arguments"] is { } other)
        {
            throw new McpException($"The arguments of a tools/call request for '{name}' are {other.GetValueKind()}, not an object, so they cannot be checked against the policy; the request is not sent.");
        }

        return (name, arguments);
    }
}

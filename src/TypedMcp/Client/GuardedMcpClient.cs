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
/// The MCP session a typed client hands out as <see cref="McpClientBase.Client"/>: the same session, governed like the
/// typed calls. A <c>tools/call</c> sent through it (by name, through an <see cref="McpClientTool"/> it listed, or as a
/// raw request) is decided on exactly the JSON that is sent, and a refusal throws <see cref="McpPolicyDeniedException"/>;
/// <c>tools/list</c> results lose the tools a policy hides. Every other request and notification passes through.
/// </summary>
/// <remarks>
/// When the typed client was connected through <see cref="PolicyEnforcingClientTransport"/> (<c>McpClientBase.CreateAsync</c>,
/// <c>AddMcpClient</c>), the wire gateway decides and this view only turns its refusals into exceptions. When the typed
/// client was built over an <see cref="McpClient"/> the application created itself, this view decides the same way
/// (serialize once, decide, send what was decided); the application's own reference to that session stays ungoverned,
/// so prefer connecting through the guarded transport.
/// </remarks>
public sealed class GuardedMcpClient : McpClient
{
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo NodeInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonNode));
    private readonly McpClient _inner;
    private readonly Func<PolicyGuard> _guard;
    private readonly bool _wireGuarded;

    // The SDK marks deriving from McpClient as experimental (MCPEXP002); the wrapper only delegates, and tests pin its
    // behaviour (tools/call governed, tools/list filtered, everything else passed through) so an SDK change shows up in CI.
#pragma warning disable MCPEXP002
    internal GuardedMcpClient(McpClient inner, Func<PolicyGuard> guard, bool wireGuarded)
#pragma warning restore MCPEXP002
    {
        _inner = inner;
        _guard = guard;
        _wireGuarded = wireGuarded;
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
    public override void AddKnownTools(IEnumerable<Tool> tools) => _inner.AddKnownTools(tools);

    /// <inheritdoc />
    public override void RemoveKnownTools(IEnumerable<string> toolNames) => _inner.RemoveKnownTools(toolNames);

    /// <inheritdoc />
    public override void ClearKnownTools() => _inner.ClearKnownTools();

    /// <inheritdoc />
    public override IAsyncDisposable RegisterNotificationHandler(string method, Func<JsonRpcNotification, CancellationToken, ValueTask> handler)
        => _inner.RegisterNotificationHandler(method, handler);

    /// <summary>
    /// Sends a request. A <c>tools/call</c> is decided on the JSON that is sent and a refusal throws
    /// <see cref="McpPolicyDeniedException"/>; a <c>tools/list</c> result loses the tools a policy hides.
    /// </summary>
    public override async Task<JsonRpcResponse> SendRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method;
        if (string.Equals(method, RequestMethods.ToolsList, StringComparison.Ordinal) && !_wireGuarded)
        {
            var listed = await _inner.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
            return new JsonRpcResponse { Id = listed.Id, JsonRpc = listed.JsonRpc, Result = _guard().FilterToolList(listed.Result), Context = listed.Context };
        }

        var isToolCall = method is not null && string.Equals(method.Trim().Trim('\0'), RequestMethods.ToolsCall, StringComparison.OrdinalIgnoreCase);
        if (!isToolCall) { return await _inner.SendRequestAsync(request, cancellationToken).ConfigureAwait(false); }

        var context = PolicyCallContext.Current ?? PolicyCallContext.Begin();
        var response = _wireGuarded
            ? await _inner.SendRequestAsync(request, cancellationToken).ConfigureAwait(false)
            : await DecideAndSendAsync(request, cancellationToken).ConfigureAwait(false);
        if (context.Denial is { } denial) { throw denial; }
        return response;
    }

    /// <summary>Sends a notification or response; a <c>tools/call</c> sent as a notification is refused.</summary>
    public override Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is JsonRpcNotification notification && notification.Method is { } method
            && string.Equals(method.Trim().Trim('\0'), RequestMethods.ToolsCall, StringComparison.OrdinalIgnoreCase))
        {
            throw new McpException("A tools/call sent as a notification (without an id) cannot be answered or checked, so it is not sent.");
        }

        return _inner.SendMessageAsync(message, cancellationToken);
    }

    /// <summary>Closes the underlying session (the typed client and this view share it).</summary>
    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    // No gateway below: serialize once, decide on that, send a request parsed back from it.
    private async Task<JsonRpcResponse> DecideAndSendAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var guard = _guard();
        if (!string.Equals(request.Method, RequestMethods.ToolsCall, StringComparison.Ordinal))
        {
            throw new McpException($"A request for the method '{request.Method}' is another spelling of tools/call; it cannot be checked as one and is not sent.");
        }

        PolicyPermit permit;
        JsonElement parameters;
        var name = string.Empty;
        try
        {
            byte[] bytes;
            try
            {
                bytes = JsonSerializer.SerializeToUtf8Bytes(request.Params, NodeInfo);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                throw guard.RejectUnreadable(name, $"its params cannot be serialized ({e.GetType().Name}: {e.Message})");
            }

            parameters = ToolCallReader.Parse(bytes, out var parseError) ?? throw guard.RejectUnreadable(name, parseError!);
            if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) { name = n.GetString()!; }
            if (ToolCallReader.FindAmbiguousKey(parameters) is { } ambiguous) { throw guard.RejectUnreadable(name, ambiguous); }
            if (!ToolCallReader.TryReadParams(parameters, out name, out var arguments, out var problem)) { throw guard.RejectUnreadable(name, problem!); }
            permit = await guard.AuthorizeCoreAsync(name, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (McpPolicyDeniedException denial)
        {
            PolicyCallContext.Current?.SetDenial(denial);
            return new JsonRpcResponse { Id = request.Id, Result = PolicyDenials.ResultNode(denial) };
        }

        // Two-phase quota: given back only when the request provably was not written.
        if (cancellationToken.IsCancellationRequested || _inner.Completion.IsCompleted)
        {
            await permit.ReturnQuotaAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new McpException("The MCP session is closed; the tools/call was not sent.");
        }

        var fresh = new JsonRpcRequest { Id = request.Id, Method = RequestMethods.ToolsCall, Params = JsonObject.Create(parameters), Context = request.Context };
        permit.Commit();
        return await _inner.SendRequestAsync(fresh, cancellationToken).ConfigureAwait(false);
    }
}

using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>One connected session of <see cref="PolicyEnforcingClientTransport"/>: the enforcement point on the wire.</summary>
internal sealed class PolicyEnforcingTransport : ITransport
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageInfo = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    // What the SDK's JsonRpcMessage converter writes a request with: the same bytes, without looking the type up per message.
    private static readonly JsonTypeInfo<JsonRpcRequest> RequestInfo = (JsonTypeInfo<JsonRpcRequest>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcRequest));

    private readonly ITransport _inner;
    private readonly Func<PolicyGuard> _guardSource;
    private readonly Channel<JsonRpcMessage> _answers = Channel.CreateUnbounded<JsonRpcMessage>();
    private readonly GatewayReader _reader;
    private readonly ConcurrentDictionary<RequestId, byte> _pendingToolLists = new();
    private readonly ConcurrentDictionary<RequestId, byte> _inFlight = new();
    private int _closed;

    public PolicyEnforcingTransport(ITransport inner, Func<PolicyGuard> guard)
    {
        _inner = inner;
        _guardSource = guard;
        _reader = new GatewayReader(this);
    }

    public string? SessionId => _inner.SessionId;

    private PolicyGuard _guard => _guardSource();

    public ChannelReader<JsonRpcMessage> MessageReader => _reader;

    public async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The one serialization everything is decided on; the caller's object is never read again.
        byte[] bytes;
        try
        {
            bytes = message is JsonRpcRequest request
                ? JsonSerializer.SerializeToUtf8Bytes(request, RequestInfo)
                : JsonSerializer.SerializeToUtf8Bytes(message, MessageInfo);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new McpException($"The message cannot be serialized for the policy check ({e.GetType().Name}: {e.Message}); it is not sent.", e);
        }

        var root = ToolCallReader.ParseOwned(bytes, out var parseError)
            ?? throw new McpException($"The outgoing message cannot be read for the policy check: {parseError}; it is not sent.");
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new McpException("The outgoing message is not a single JSON-RPC object (a batch or another value), so it cannot be checked; it is not sent.");
        }

        // The usual method is recognised without making a string of it; any other is read as before.
        var method = !root.TryGetProperty("method"u8, out var m) || m.ValueKind != JsonValueKind.String ? null
            : m.ValueEquals("tools/call"u8) ? RequestMethods.ToolsCall : m.GetString();
        if (IsToolCall(method))
        {
            await SendToolCallAsync(message, bytes, root, method!, cancellationToken).ConfigureAwait(false);
            return;
        }

        var fresh = JsonSerializer.Deserialize(bytes, MessageInfo)
            ?? throw new McpException("The outgoing message cannot be read back for sending; it is not sent.");
        fresh.Context = message.Context;
        if (fresh is JsonRpcRequest { Method: RequestMethods.ToolsList } list) { _pendingToolLists[list.Id] = 0; }
        ThrowIfClosed();
        await _inner.SendMessageAsync(fresh, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) { return; }
        try
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _answers.Writer.TryComplete();
        }
    }

    // tools/call under any spelling a lenient server might route: only the exact one is decided, the others refused.
    private static bool IsToolCall(string? method)
        => method is not null && (string.Equals(method, RequestMethods.ToolsCall, StringComparison.Ordinal)
            || string.Equals(method.Trim().Trim('\0'), RequestMethods.ToolsCall, StringComparison.OrdinalIgnoreCase));

    private async Task SendToolCallAsync(JsonRpcMessage original, byte[] bytes, JsonElement root, string method, CancellationToken cancellationToken)
    {
        if (!string.Equals(method, RequestMethods.ToolsCall, StringComparison.Ordinal))
        {
            throw new McpException($"A request for the method '{method}' is another spelling of tools/call; it cannot be checked as one and is not sent.");
        }

        if (!root.TryGetProperty("id"u8, out var idElement))
        {
            throw new McpException("A tools/call sent as a notification (without an id) cannot be answered, so it is not sent.");
        }

        var id = ReadId(idElement) ?? throw new McpException($"A tools/call with the id {idElement.GetRawText()} (neither a string nor a whole number) cannot be answered reliably, so it is not sent.");
        var hasParams = root.TryGetProperty("params"u8, out var parameters);

        // The name as far as it can be read, for a refusal of a message that cannot be read as a whole.
        string NameForRefusal() => hasParams && parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("name"u8, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? string.Empty : string.Empty;

        PolicyPermit permit;
        string name;
        try
        {
            if (ToolCallReader.FindAmbiguousKey(bytes, root) is { } ambiguous) { throw _guard.RejectUnreadable(NameForRefusal(), ambiguous); }
            if (!hasParams) { throw _guard.RejectUnreadable(NameForRefusal(), "it has no params"); }
            if (!ToolCallReader.TryReadParams(parameters, out name, out var arguments, out var problem)) { throw _guard.RejectUnreadable(name, problem!); }
            if (!_inFlight.TryAdd(id, 0)) { throw _guard.RejectUnreadable(name, $"its id {id} is already in use by a request in flight"); }
            try
            {
                permit = await _guard.AuthorizeCoreAsync(name, arguments, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _inFlight.TryRemove(id, out _);
                throw;
            }
        }
        catch (McpPolicyDeniedException denial)
        {
            PolicyCallContext.Current?.SetDenial(denial);
            Answer(new JsonRpcResponse { Id = id, Result = PolicyDenials.ResultNode(denial) });
            return;
        }

        // Two-phase quota: given back only when the request provably was not written.
        if (cancellationToken.IsCancellationRequested || IsClosed)
        {
            await permit.ReturnQuotaAsync(CancellationToken.None).ConfigureAwait(false);
            _inFlight.TryRemove(id, out _);
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfClosed();
        }

        var fresh = new JsonRpcRequest
        {
            Id = id,
            Method = RequestMethods.ToolsCall,
            Params = JsonObject.Create(parameters),
            Context = original.Context,
        };
        permit.Commit();
        await _inner.SendMessageAsync(fresh, cancellationToken).ConfigureAwait(false);
    }

    private static RequestId? ReadId(JsonElement id)
    {
        if (id.ValueKind == JsonValueKind.String) { return new RequestId(id.GetString()!); }
        if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number)) { return new RequestId(number); }
        return null;
    }

    private void Answer(JsonRpcMessage message)
    {
        if (!_answers.Writer.TryWrite(message)) { throw new McpException("The connection is closed."); }
        _reader.Wake();
    }

    // Closed by us, or the server side is gone: nothing sent now could be written.
    private bool IsClosed => Volatile.Read(ref _closed) != 0 || _inner.MessageReader.Completion.IsCompleted;

    private void ThrowIfClosed()
    {
        if (IsClosed) { throw new McpException("The connection to the MCP server is closed; the message was not sent."); }
    }

    // What the server sent, as the session should see it: responses to tools/list lose hidden tools.
    private JsonRpcMessage Inspect(JsonRpcMessage message)
    {
        if (message is not JsonRpcMessageWithId withId) { return message; }
        _inFlight.TryRemove(withId.Id, out _);
        if (message is JsonRpcResponse response && _pendingToolLists.TryRemove(response.Id, out _))
        {
            return new JsonRpcResponse { Id = response.Id, JsonRpc = response.JsonRpc, Result = _guard.FilterToolList(response.Result), Context = response.Context };
        }

        if (message is JsonRpcError error) { _pendingToolLists.TryRemove(error.Id, out _); }
        return message;
    }

    /// <summary>
    /// The session's view of incoming messages: the gateway's own answers first, then the inner transport's, inspected
    /// as they are read. No copying task sits in between (that would cost a thread hop per message): a reader waits on
    /// the inner reader directly, with a token the gateway cancels to wake it when it has an answer of its own.
    /// </summary>
    private sealed class GatewayReader : ChannelReader<JsonRpcMessage>
    {
        private readonly PolicyEnforcingTransport _owner;
        private CancellationTokenSource _wake = new();
        private CancellationToken _watched;

        public GatewayReader(PolicyEnforcingTransport owner) => _owner = owner;

        public override Task Completion => _owner._inner.MessageReader.Completion;

        public override bool TryRead(out JsonRpcMessage item)
        {
            if (_owner._answers.Reader.TryRead(out item!)) { return true; }
            if (_owner._inner.MessageReader.TryRead(out var message))
            {
                item = _owner.Inspect(message);
                return true;
            }

            item = null!;
            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            if (_owner._answers.Reader.TryPeek(out _)) { return new ValueTask<bool>(true); }
            cancellationToken.ThrowIfCancellationRequested();
            Watch(cancellationToken);
            var wake = Volatile.Read(ref _wake);

            // Checked again after taking the token: an answer written before it was swapped is seen here.
            if (_owner._answers.Reader.TryPeek(out _)) { return new ValueTask<bool>(true); }
            var inner = _owner._inner.MessageReader.WaitToReadAsync(wake.Token);
            return inner.IsCompletedSuccessfully ? inner : WaitAsync(inner, wake, cancellationToken);
        }

        /// <summary>Wakes a reader waiting on the inner transport (an answer of the gateway's own is ready).</summary>
        public void Wake()
        {
            var old = Interlocked.Exchange(ref _wake, new CancellationTokenSource());
            old.Cancel();
        }

        private async ValueTask<bool> WaitAsync(ValueTask<bool> inner, CancellationTokenSource wake, CancellationToken cancellationToken)
        {
            try
            {
                var more = await inner.ConfigureAwait(false);
                return more || _owner._answers.Reader.TryPeek(out _);
            }
            catch (OperationCanceledException) when (wake.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return true;
            }
        }

        // The session reads with one token for its whole life: cancelling it wakes the reader too.
        private void Watch(CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || cancellationToken == _watched) { return; }
            _watched = cancellationToken;
            cancellationToken.Register(static state => ((GatewayReader)state!).Wake(), this);
        }
    }
}

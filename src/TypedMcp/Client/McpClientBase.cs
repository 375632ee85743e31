using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// The base of every generated client. All tool calls, typed and untyped, go through
/// <see cref="CallToolCoreAsync"/> and the governed session <see cref="Client"/>.
/// </summary>
/// <remarks>
/// Connect with <see cref="CreateAsync{TClient}(IClientTransport, TypedMcpClientOptions?, McpClientOptions?, CancellationToken)"/>
/// (or <c>AddMcpClient</c>): the session then runs over a <see cref="PolicyEnforcingClientTransport"/>, so the policy is
/// enforced on the wire for every API that reaches the session. A client built with the <c>(McpClient)</c>
/// constructors over a session the application made itself decides its own calls the same way (on exactly the JSON
/// sent), but cannot govern what the application does with its own reference to that session.
/// </remarks>
public abstract class McpClientBase
{
    private readonly TypedMcpClientOptions? _options;
    private PolicyGuard? _guard;
    private GuardedMcpClient? _client;
    private bool _wireGuarded;

    /// <summary>Creates a client over a connected MCP session.</summary>
    /// <param name="client">The MCP session (from <c>McpClient.CreateAsync</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    protected McpClientBase(McpClient client)
    {
        Session = client ?? throw new ArgumentNullException(nameof(client));
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
    /// The input schemas of the catalog's tools as one JSON object (tool name → <c>inputSchema</c>), compiled into
    /// the client by the generator, or null. Calls are validated against them before the policy is applied.
    /// </summary>
    protected virtual string? InputSchemasJson => null;

    /// <summary>
    /// The guard every call goes through: input schemas, the built-in policy, the run-time policy, approval and
    /// limits. Created on first use (reading the run-time policy file named in the options, if any).
    /// </summary>
    public PolicyGuard Guard
    {
        get
        {
            var guard = Volatile.Read(ref _guard);
            if (guard is not null) { return guard; }
            var json = BuiltInPolicyJson;
            var builtIn = json is null ? null : PolicyParser.Parse(json, BuiltInPolicyPath ?? "policy.json").Policy;
            var created = new PolicyGuard(builtIn, _options);
            if (InputSchemasJson is { } schemas) { created.Schemas.AddCatalog(schemas); }
            Interlocked.CompareExchange(ref _guard, created, null);
            return _guard!;
        }
    }

    /// <summary>
    /// The MCP session, governed: a <c>tools/call</c> sent through it (<c>Client.CallToolAsync(name, ...)</c>, an
    /// <see cref="McpClientTool"/> it listed, a raw <c>SendRequestAsync</c>) is decided by <see cref="Guard"/> on exactly
    /// the JSON that is sent and refused with <see cref="McpPolicyDeniedException"/>; <c>tools/list</c> results lose
    /// hidden tools. Other requests (resources, prompts, ping) pass through unchanged.
    /// </summary>
    public McpClient Client
    {
        get
        {
            var client = Volatile.Read(ref _client);
            if (client is not null) { return client; }
            Interlocked.CompareExchange(ref _client, new GuardedMcpClient(Session, () => Guard, _wireGuarded), null);
            return _client!;
        }
    }

    /// <summary>The session the guarded calls are sent on (never handed out).</summary>
    internal McpClient Session { get; }

    /// <summary>Whether the session runs over this client's <see cref="PolicyEnforcingClientTransport"/>.</summary>
    internal bool IsWireGuarded => _wireGuarded;

    /// <summary>
    /// Connects a typed client through a <see cref="PolicyEnforcingClientTransport"/>: every request of the session is
    /// governed on the wire by the client's <see cref="Guard"/>, whichever API sends it.
    /// </summary>
    /// <typeparam name="TClient">The typed client; it needs the public <c>(McpClient, TypedMcpClientOptions)</c> constructor the generator adds.</typeparam>
    /// <param name="transport">The transport to the server (stdio, HTTP, streams…).</param>
    /// <param name="options">The run-time policy, approval hook, logging and clock (null: the built-in policy only).</param>
    /// <param name="clientOptions">The MCP client options (name, capabilities, timeouts), or null.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static Task<TClient> CreateAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(
        IClientTransport transport, TypedMcpClientOptions? options = null, McpClientOptions? clientOptions = null, CancellationToken cancellationToken = default)
        where TClient : McpClientBase
        => CreateAsync(transport, TypedClientActivator.Construct<TClient>, options, clientOptions, cancellationToken);

    /// <summary>Connects a typed client through a <see cref="PolicyEnforcingClientTransport"/>, constructing it with <paramref name="factory"/>.</summary>
    /// <typeparam name="TClient">The typed client.</typeparam>
    /// <param name="transport">The transport to the server.</param>
    /// <param name="factory">Creates the client from the governed session and the options.</param>
    /// <param name="options">The run-time policy, approval hook, logging and clock, or null.</param>
    /// <param name="clientOptions">The MCP client options, or null.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static async Task<TClient> CreateAsync<TClient>(
        IClientTransport transport, Func<McpClient, TypedMcpClientOptions, TClient> factory, TypedMcpClientOptions? options = null, McpClientOptions? clientOptions = null, CancellationToken cancellationToken = default)
        where TClient : McpClientBase
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new TypedMcpClientOptions();
        var slot = new GuardSlot();
        var session = await McpClient.CreateAsync(new PolicyEnforcingClientTransport(transport, slot.Get), clientOptions, options.LoggerFactory, cancellationToken).ConfigureAwait(false);
        try
        {
            var client = factory(session, options) ?? throw new InvalidOperationException($"The factory of {typeof(TClient).Name} returned null.");
            if (!ReferenceEquals(client.Session, session))
            {
                throw new InvalidOperationException($"The factory of {typeof(TClient).Name} must build the client over the session it is given, or the policy would not govern it.");
            }

            client._wireGuarded = true;
            slot.Bind(client.Guard);
            return client;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

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
        var result = await CallToolCoreAsync(toolName, arguments ?? McpArguments.None, cancellationToken).ConfigureAwait(false);
        return new McpToolResult(result);
    }

    /// <summary>
    /// Calls a tool whose result has an <c>outputSchema</c>, and reads the result with <paramref name="read"/>: what
    /// every generated method with a typed result does.
    /// </summary>
    /// <typeparam name="TResult">The generated result type.</typeparam>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire (omitted optional arguments are absent).</param>
    /// <param name="read">Reads the result's JSON (the tool name and the path of the JSON follow, for error messages).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    /// <exception cref="McpResultMismatchException">The result does not match the tool's outputSchema.</exception>
    /// <exception cref="McpPolicyDeniedException">The policy refused the call; nothing was sent.</exception>
    protected async Task<TResult> CallToolAsync<TResult>(
        string toolName, IReadOnlyDictionary<string, object?> arguments, Func<System.Text.Json.JsonElement, string, string, TResult> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = await CallToolCoreAsync(toolName, arguments, cancellationToken).ConfigureAwait(false);
        return read(McpJson.ResultJson(toolName, result), toolName, string.Empty);
    }

    /// <summary>
    /// Calls a tool that must run as an MCP task (<c>execution.taskSupport: "required"</c>): a task-augmented
    /// <c>tools/call</c>, polled with <c>tasks/get</c> until it ends, its outcome read with <c>tasks/result</c>. What the
    /// generated method of such a tool does; the policy decides it like any other call.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    /// <param name="cancellationToken">Cancels the call (and asks the server to cancel the task).</param>
    /// <returns>The result's text, JSON and raw protocol object.</returns>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    /// <exception cref="McpPolicyDeniedException">The policy refused the call; nothing was sent.</exception>
    protected async Task<McpToolResult> CallToolAsTaskAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
        => new(await SendToolCallAsync(toolName, arguments, asTask: true, cancellationToken).ConfigureAwait(false));

    /// <summary>A task-augmented call (see <see cref="CallToolAsTaskAsync(string, IReadOnlyDictionary{string, object?}, CancellationToken)"/>) whose result is read with <paramref name="read"/>.</summary>
    /// <typeparam name="TResult">The generated result type.</typeparam>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    /// <param name="read">Reads the result's JSON.</param>
    /// <param name="cancellationToken">Cancels the call (and asks the server to cancel the task).</param>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    /// <exception cref="McpResultMismatchException">The result does not match the tool's outputSchema.</exception>
    /// <exception cref="McpPolicyDeniedException">The policy refused the call; nothing was sent.</exception>
    protected async Task<TResult> CallToolAsTaskAsync<TResult>(
        string toolName, IReadOnlyDictionary<string, object?> arguments, Func<System.Text.Json.JsonElement, string, string, TResult> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = await SendToolCallAsync(toolName, arguments, asTask: true, cancellationToken).ConfigureAwait(false);
        return read(McpJson.ResultJson(toolName, result), toolName, string.Empty);
    }

    /// <summary>
    /// Sends one <c>tools/call</c> through the governed session and returns its result; an error result becomes
    /// <see cref="McpToolException"/>. Every generated method calls this. The arguments are serialized once, and the
    /// guard decides on exactly that JSON; a refused call sends nothing. Quota reserved for a call stays used once
    /// the request may have been written, also when the call is cancelled afterwards.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire (omitted optional arguments are absent).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="toolName"/> is null or empty.</exception>
    /// <exception cref="McpToolException">The server answered with an error result.</exception>
    /// <exception cref="McpPolicyDeniedException">The policy refused the call; nothing was sent.</exception>
    protected Task<CallToolResult> CallToolCoreAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
        => SendToolCallAsync(toolName, arguments, asTask: false, cancellationToken);

    // Sent through the governed session (Client) as raw JSON-RPC, and the result read with the SDK's default options
    // (ToolCallSender): the SDK 2.4.0 client throws on results whose content blocks carry annotations, and has no tasks.
    private async Task<CallToolResult> SendToolCallAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, bool asTask, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(toolName)) { throw new ArgumentException("A tool name is required.", nameof(toolName)); }
        ArgumentNullException.ThrowIfNull(arguments);
        var result = asTask
            ? await ToolCallSender.CallAsTaskAsync(Client, toolName, arguments, cancellationToken).ConfigureAwait(false)
            : await ToolCallSender.CallAsync(Client, toolName, arguments, cancellationToken).ConfigureAwait(false);
        if (result.IsError == true) { throw new McpToolException(toolName, McpToolResult.TextOf(result)); }
        return result;
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// What <see cref="McpClientServiceCollectionExtensions.AddMcpClient{TClient}"/> registers: the transport to the
/// server (a stdio command, an HTTP endpoint or any <see cref="IClientTransport"/>), the run-time policy and the
/// approval hook.
/// </summary>
/// <typeparam name="TClient">The typed client.</typeparam>
public sealed class McpClientRegistration<TClient>
    where TClient : McpClientBase
{
    internal Func<IServiceProvider, ILoggerFactory?, IClientTransport>? TransportFactory { get; private set; }

    internal string? PolicyFilePath { get; private set; }

    internal PolicyDocument? Policy { get; private set; }

    internal IToolApprovalService? Approvals { get; private set; }

    internal McpClientOptions? ClientOptions { get; private set; }

    internal LimitStore? LimitStore { get; private set; }

    internal IPolicyAuditSink? Audit { get; private set; }

    internal Func<McpClient, TypedMcpClientOptions, TClient>? Factory { get; private set; }

    /// <summary>Starts the server as a child process and talks to it over stdin/stdout.</summary>
    /// <param name="command">The program, e.g. <c>dotnet</c> or <c>npx</c>.</param>
    /// <param name="arguments">Its arguments, e.g. <c>["server.dll"]</c>.</param>
    /// <param name="workingDirectory">Its working directory (default: the current one).</param>
    /// <param name="environment">Extra environment variables.</param>
    public McpClientRegistration<TClient> UseStdio(string command, IEnumerable<string>? arguments = null, string? workingDirectory = null, IDictionary<string, string?>? environment = null)
    {
        if (string.IsNullOrEmpty(command)) { throw new ArgumentException("A command is required.", nameof(command)); }
        var args = arguments is null ? new List<string>() : new List<string>(arguments);
        TransportFactory = (_, loggers) => new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Command = command,
                Arguments = args,
                WorkingDirectory = workingDirectory,
                EnvironmentVariables = environment is null ? null : new Dictionary<string, string?>(environment, StringComparer.Ordinal),
                Name = typeof(TClient).Name,
            },
            loggers);
        return this;
    }

    /// <summary>Talks to a server over HTTP (Streamable HTTP, falling back to SSE).</summary>
    /// <param name="endpoint">The server's MCP endpoint, e.g. <c>https://host/mcp</c>.</param>
    public McpClientRegistration<TClient> UseHttp(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        TransportFactory = (_, loggers) => new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, Name = typeof(TClient).Name }, loggers);
        return this;
    }

    /// <summary>Uses any transport, created once per connection (e.g. an in-process stream pair).</summary>
    /// <param name="factory">Creates the transport from the service provider.</param>
    public McpClientRegistration<TClient> UseTransport(Func<IServiceProvider, IClientTransport> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        TransportFactory = (services, _) => factory(services);
        return this;
    }

    /// <summary>
    /// Applies a policy.json file at run time on top of the client's built-in policy (the stricter verdict wins). A
    /// relative path is taken from the application's base directory (<see cref="AppContext.BaseDirectory"/>), where a
    /// file copied to the output lands. A file that cannot be read denies every call and says why.
    /// </summary>
    /// <param name="path">The policy file.</param>
    public McpClientRegistration<TClient> UsePolicyFile(string path)
    {
        if (string.IsNullOrEmpty(path)) { throw new ArgumentException("A policy file path is required.", nameof(path)); }
        PolicyFilePath = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        return this;
    }

    /// <summary>Applies a policy read by the application at run time on top of the client's built-in policy.</summary>
    /// <param name="policy">The policy (e.g. from <see cref="PolicyGuard.LoadPolicyFile"/> or <see cref="PolicyParser.Parse"/>).</param>
    public McpClientRegistration<TClient> UsePolicy(PolicyDocument policy)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    /// <summary>Uses this approval hook (otherwise an <see cref="IToolApprovalService"/> registered in the container is used, if any).</summary>
    /// <param name="approvals">The hook.</param>
    public McpClientRegistration<TClient> UseApprovals(IToolApprovalService approvals)
    {
        Approvals = approvals ?? throw new ArgumentNullException(nameof(approvals));
        return this;
    }

    /// <summary>
    /// Keeps limit counters in this store (otherwise a <see cref="TypedMcp.LimitStore"/> registered in the container is used,
    /// e.g. by TypedMcp.Redis's <c>AddRedisLimitStore</c>, else one in-process store per client).
    /// </summary>
    /// <param name="store">The store.</param>
    public McpClientRegistration<TClient> UseLimitStore(LimitStore store)
    {
        LimitStore = store ?? throw new ArgumentNullException(nameof(store));
        return this;
    }

    /// <summary>Writes every decision to this audit sink (otherwise an <see cref="IPolicyAuditSink"/> registered in the container is used, if any).</summary>
    /// <param name="audit">The sink, e.g. <see cref="JsonlPolicyAuditSink"/>.</param>
    public McpClientRegistration<TClient> UseAudit(IPolicyAuditSink audit)
    {
        Audit = audit ?? throw new ArgumentNullException(nameof(audit));
        return this;
    }

    /// <summary>Sets the MCP client options (client name and version, capabilities, timeouts).</summary>
    /// <param name="options">The options passed to <c>McpClient.CreateAsync</c>.</param>
    public McpClientRegistration<TClient> UseClientOptions(McpClientOptions options)
    {
        ClientOptions = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>
    /// Creates the typed client with this delegate instead of its <c>(McpClient, TypedMcpClientOptions)</c>
    /// constructor (which the generator adds to every <c>[McpClient]</c> class).
    /// </summary>
    /// <param name="factory">Creates the client from the session and the options.</param>
    public McpClientRegistration<TClient> UseFactory(Func<McpClient, TypedMcpClientOptions, TClient> factory)
    {
        Factory = factory ?? throw new ArgumentNullException(nameof(factory));
        return this;
    }
}

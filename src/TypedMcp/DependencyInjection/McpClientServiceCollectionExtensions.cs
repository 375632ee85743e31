using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace TypedMcp;

/// <summary>Registers typed MCP clients in Microsoft.Extensions.DependencyInjection.</summary>
public static class McpClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> with its transport and policy. Resolve
    /// <see cref="IMcpClientProvider{TClient}"/> and await <see cref="IMcpClientProvider{TClient}.GetClientAsync"/>:
    /// the first call connects (asynchronously), later calls share the connection.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddMcpClient&lt;OdooClient&gt;(o =&gt;
    /// {
    ///     o.UseStdio("dotnet", ["server.dll"]);   // or o.UseHttp(new Uri("https://host/mcp"))
    ///     o.UsePolicyFile("policy.json");         // optional: on top of the built-in policy
    /// });
    /// // later
    /// var odoo = await provider.GetRequiredService&lt;IMcpClientProvider&lt;OdooClient&gt;&gt;().GetClientAsync(ct);
    /// </code>
    /// </example>
    /// <remarks>
    /// An <see cref="IToolApprovalService"/>, <see cref="LimitStore"/> (e.g. TypedMcp.Redis's <c>AddRedisLimitStore</c>),
    /// <see cref="IPolicyAuditSink"/>, <see cref="Microsoft.Extensions.Logging.ILoggerFactory"/> and
    /// <see cref="TimeProvider"/> registered in the container are used when present. The provider is a singleton; the
    /// connection is closed when the container is disposed.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the transport (required) and the policy.</param>
    /// <typeparam name="TClient">The typed client (an <c>[McpClient]</c> class, or any <see cref="McpClientBase"/>).</typeparam>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddMcpClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(this IServiceCollection services, Action<McpClientRegistration<TClient>> configure)
        where TClient : McpClientBase
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var registration = new McpClientRegistration<TClient>();
        configure(registration);
        if (registration.TransportFactory is null)
        {
            throw new InvalidOperationException($"AddMcpClient<{typeof(TClient).Name}> needs a transport: call UseStdio(command, arguments), UseHttp(endpoint) or UseTransport(factory).");
        }

        services.AddSingleton<IMcpClientProvider<TClient>>(sp => new McpClientProvider<TClient>(sp, registration));
        return services;
    }
}

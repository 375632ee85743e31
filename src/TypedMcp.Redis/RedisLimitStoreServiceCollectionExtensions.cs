using System;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace TypedMcp.Redis;

/// <summary>Registers a <see cref="RedisLimitStore"/> as the <see cref="LimitStore"/> of every typed client (<c>AddMcpClient</c> uses a registered store).</summary>
public static class RedisLimitStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="RedisLimitStore"/> over a connection made from <paramref name="configuration"/>
    /// (StackExchange.Redis syntax, e.g. <c>redis:6379,abortConnect=false,asyncTimeout=1000</c>); the container owns it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The Redis configuration string.</param>
    /// <param name="keyPrefix">The key prefix shared by the replicas that share limits.</param>
    /// <param name="failMode">What to do when Redis cannot answer (default: refuse calls).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRedisLimitStore(this IServiceCollection services, string configuration, string keyPrefix = "typedmcp:", LimitStoreFailMode failMode = LimitStoreFailMode.Closed)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrEmpty(configuration)) { throw new ArgumentException("A Redis configuration string is required, e.g. \"127.0.0.1:6379,abortConnect=false\".", nameof(configuration)); }
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services.AddRedisLimitStore(sp => sp.GetRequiredService<IConnectionMultiplexer>(), keyPrefix, failMode);
    }

    /// <summary>Registers one <see cref="RedisLimitStore"/> over a connection the application provides.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">Returns the connection (e.g. one registered elsewhere).</param>
    /// <param name="keyPrefix">The key prefix shared by the replicas that share limits.</param>
    /// <param name="failMode">What to do when Redis cannot answer (default: refuse calls).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRedisLimitStore(this IServiceCollection services, Func<IServiceProvider, IConnectionMultiplexer> connection, string keyPrefix = "typedmcp:", LimitStoreFailMode failMode = LimitStoreFailMode.Closed)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        services.AddSingleton<LimitStore>(sp => new RedisLimitStore(connection(sp), keyPrefix, failMode));
        return services;
    }
}

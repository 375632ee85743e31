using System.Threading.Tasks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using TypedMcp.Redis;

namespace TypedMcp.Runtime.Tests.Observability;

// The C# blocks of docs/runtime-policy.md about limit stores and OpenTelemetry, compiled here (TypedMcp.PackageTests
// checks that every csharp block of docs/*.md appears in a compiled file).
#pragma warning disable CS1998, IDE0059
internal static class SharedLimitDocSnippets
{
    public static async Task<TypedMcpClientOptions> RedisAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync("redis:6379,abortConnect=false,asyncTimeout=1000");
        var options = new TypedMcpClientOptions { LimitStore = new RedisLimitStore(redis, keyPrefix: "billing-agent:", LimitStoreFailMode.Closed) };
        // or, with AddMcpClient: services.AddRedisLimitStore("redis:6379,asyncTimeout=1000", "billing-agent:");
        return options;
    }

    public static void Telemetry()
    {
        // With OpenTelemetry.Extensions.Hosting: services.AddOpenTelemetry().WithTracing(t => t.AddSource("TypedMcp")).WithMetrics(m => m.AddMeter("TypedMcp"));
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("TypedMcp", "Experimental.ModelContextProtocol").Build();
        using var metrics = Sdk.CreateMeterProviderBuilder().AddMeter("TypedMcp", "Experimental.ModelContextProtocol").Build();
    }
}

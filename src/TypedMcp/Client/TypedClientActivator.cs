using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using ModelContextProtocol.Client;

namespace TypedMcp;

/// <summary>Constructs a typed client through its <c>(McpClient, TypedMcpClientOptions)</c> constructor.</summary>
internal static class TypedClientActivator
{
    public static TClient Construct<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(McpClient session, TypedMcpClientOptions options)
        where TClient : McpClientBase
    {
        var constructor = typeof(TClient).GetConstructor(new[] { typeof(McpClient), typeof(TypedMcpClientOptions) })
            ?? throw new InvalidOperationException(
                $"{typeof(TClient).FullName} has no public constructor ({nameof(McpClient)} client, {nameof(TypedMcpClientOptions)} options). " +
                "The TypedMcp generator adds one to every [McpClient] class that has a catalog; for a hand-written client add it, or pass a factory.");
        try
        {
            return (TClient)constructor.Invoke(new object[] { session, options });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

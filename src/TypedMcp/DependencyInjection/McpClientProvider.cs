using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace TypedMcp;

/// <summary>The container's <see cref="IMcpClientProvider{TClient}"/>: one shared connection, made on first use.</summary>
internal sealed class McpClientProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient> : IMcpClientProvider<TClient>, IAsyncDisposable
    where TClient : McpClientBase
{
    private readonly IServiceProvider _services;
    private readonly McpClientRegistration<TClient> _registration;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task<TClient>? _connecting;

    public McpClientProvider(IServiceProvider services, McpClientRegistration<TClient> registration)
    {
        _services = services;
        _registration = registration;
    }

    public ValueTask<TClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        Task<TClient> task;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled) { _connecting = ConnectAsync(_disposed.Token); }
            task = _connecting;
        }

        return task.IsCompletedSuccessfully ? new ValueTask<TClient>(task.Result) : new ValueTask<TClient>(task.WaitAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        Task<TClient>? connecting;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested) { return; }
            _disposed.Cancel();
            connecting = _connecting;
        }

        if (connecting is not null)
        {
            try
            {
                var client = await connecting.ConfigureAwait(false);
                await client.Session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or McpException or System.IO.IOException or InvalidOperationException or ObjectDisposedException)
            {
                // Never connected: nothing to close.
            }
        }

        _disposed.Dispose();
    }

    private async Task<TClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var loggers = _services.GetService<ILoggerFactory>();
        var transportFactory = _registration.TransportFactory
            ?? throw new InvalidOperationException($"AddMcpClient<{typeof(TClient).Name}> has no transport: call UseStdio(command, arguments), UseHttp(endpoint) or UseTransport(factory) in its configure delegate.");
        var transport = transportFactory(_services, loggers);
        var session = await McpClient.CreateAsync(transport, _registration.ClientOptions, loggers, cancellationToken).ConfigureAwait(false);
        try
        {
            var options = new TypedMcpClientOptions
            {
                Policy = _registration.Policy,
                PolicyFilePath = _registration.PolicyFilePath,
                Approvals = _registration.Approvals ?? _services.GetService<IToolApprovalService>(),
                LoggerFactory = loggers,
                TimeProvider = _services.GetService<TimeProvider>(),
            };
            return _registration.Factory is { } factory ? factory(session, options) : Construct(session, options);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static TClient Construct(McpClient session, TypedMcpClientOptions options)
    {
        var constructor = typeof(TClient).GetConstructor(new[] { typeof(McpClient), typeof(TypedMcpClientOptions) })
            ?? throw new InvalidOperationException(
                $"{typeof(TClient).FullName} has no public constructor ({nameof(McpClient)} client, {nameof(TypedMcpClientOptions)} options). " +
                "The TypedMcp generator adds one to every [McpClient] class that has a catalog; for a hand-written client add it, or call UseFactory in AddMcpClient.");
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

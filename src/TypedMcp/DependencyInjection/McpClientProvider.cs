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
        var options = new TypedMcpClientOptions
        {
            Policy = _registration.Policy,
            PolicyFilePath = _registration.PolicyFilePath,
            Approvals = _registration.Approvals ?? _services.GetService<IToolApprovalService>(),
            LoggerFactory = loggers,
            TimeProvider = _services.GetService<TimeProvider>(),
            LimitStore = _registration.LimitStore ?? _services.GetService<LimitStore>(),
            Audit = _registration.Audit ?? _services.GetService<IPolicyAuditSink>(),
        };

        // Over the client's own wire gateway: every request of the session is governed, whatever API sends it.
        return await McpClientBase.CreateAsync(transport, _registration.Factory ?? TypedClientActivator.Construct<TClient>, options, _registration.ClientOptions, cancellationToken).ConfigureAwait(false);
    }
}

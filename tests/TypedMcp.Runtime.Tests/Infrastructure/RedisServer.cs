using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TypedMcp.Runtime.Tests.Infrastructure;

/// <summary>
/// A real Redis for the shared-limit tests: the one <c>.ci/run</c> started (<c>TYPEDMCP_TEST_REDIS=host:port</c>), or
/// a <c>redis-server</c> this fixture starts on a free local port. When neither is possible the tests fail, saying how
/// to fix it: they are never skipped.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Variable = "TYPEDMCP_TEST_REDIS";

    private Process? _owned;

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            Endpoint = given.Trim();
            return;
        }

        (_owned, Endpoint) = await StartAsync();
    }

    public Task DisposeAsync()
    {
        Stop(_owned);
        return Task.CompletedTask;
    }

    /// <summary>A connection that never throws on connect (so a dead server shows as failed commands).</summary>
    public static ConnectionMultiplexer Connect(string endpoint, int asyncTimeoutMs = 5000)
        => ConnectionMultiplexer.Connect(new ConfigurationOptions
        {
            EndPoints = { endpoint },
            AbortOnConnectFail = false,
            AsyncTimeout = asyncTimeoutMs,
            SyncTimeout = asyncTimeoutMs,
            ConnectTimeout = 2000,
            ConnectRetry = 1,
        });

    /// <summary>Starts a private redis-server on a free port (for tests that stop it). Stop it with <see cref="Stop"/>.</summary>
    public static async Task<(Process Process, string Endpoint)> StartAsync()
    {
        var binary = FindServer() ?? throw new InvalidOperationException(
            $"The shared-limit tests need Redis: set {Variable}=host:port to a running redis-server, or install one (Debian: apt-get install -y redis-server) so the tests can start their own. .ci/run does both.");
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var info = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" }) { info.ArgumentList.Add(a); }
            var process = Process.Start(info) ?? throw new InvalidOperationException($"{binary} did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var endpoint = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (await ReadyAsync(endpoint, process)) { return (process, endpoint); }
            Stop(process);
            if (attempt == 4) { throw new InvalidOperationException($"{binary} did not answer on a free local port after 5 tries."); }
        }
    }

    public static void Stop(Process? process)
    {
        if (process is null) { return; }
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    /// <summary>A local port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> ReadyAsync(string endpoint, Process process)
    {
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) { return false; }
            try
            {
                using var client = new TcpClient();
                var parts = endpoint.Split(':');
                await client.ConnectAsync(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var n = await stream.ReadAsync(buffer);
                if (n >= 5 && System.Text.Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal)) { return true; }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (IOException)
            {
                // Not ready yet.
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static string? FindServer()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length == 0) { continue; }
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate)) { return candidate; }
        }

        return File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null;
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests;

/// <summary>AddMcpClient: transport, policy and approval hook registered in a few lines, resolved to a working client.</summary>
public sealed class DependencyInjectionTests
{
    private static string ServersDir => typeof(DependencyInjectionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServersDir").Value!;

    [Fact]
    public async Task The_registration_resolves_a_working_generated_client_with_its_policy_and_the_containers_approval_hook()
    {
        await using var server = new CountingServer();
        var approvals = new RecordingApprovals(answer: true);
        var services = new ServiceCollection();
        services.AddSingleton<IToolApprovalService>(approvals);
        services.AddMcpClient<GuardedClient>(o => o.UseTransport(_ => server.StartForTransport()));
        await using var provider = services.BuildServiceProvider();
        var clients = provider.GetRequiredService<IMcpClientProvider<GuardedClient>>();

        var client = await clients.GetClientAsync();
        var again = await clients.GetClientAsync();
        var echoed = await client.EchoAsync("through DI");
#pragma warning disable TMCP0105 // needs approval: the container's hook answers
        await client.SendMailAsync("ops@example.com");
#pragma warning restore TMCP0105
        var wipe = "wipe";
        var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.CallToolAsync(wipe));

        Assert.Same(client, again);
        Assert.Equal("through DI", echoed.Text);
        Assert.Single(approvals.Requests);
        Assert.Equal("/tools/wipe", denied.RulePointer);
        Assert.Equal((1, 1, 0), (server.CallsOf("echo"), server.CallsOf("send_mail"), server.CallsOf("wipe")));
    }

    [Fact]
    public async Task A_stdio_server_and_a_runtime_policy_file_are_registered_in_a_few_lines()
    {
        var memoryFile = Path.Combine(Path.GetTempPath(), "typedmcp-runtime-memory-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using var policy = new TempPolicyFile("""
            { "version": "1", "default": "allow", "tools": { "delete_entities": { "action": "deny", "reason": "memory is append-only here" } } }
            """);
        var logs = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddMcpClient<TestClient>(o =>
        {
            o.UseStdio(Path.Combine(ServersDir, "node_modules", ".bin", "mcp-server-memory"), environment: new Dictionary<string, string?> { ["MEMORY_FILE_PATH"] = memoryFile });
            o.UsePolicyFile(policy.Path);
        });
        try
        {
            await using var provider = services.BuildServiceProvider();
            var memory = await provider.GetRequiredService<IMcpClientProvider<TestClient>>().GetClientAsync();

            var graph = await memory.Call("read_graph");
            var denied = await Assert.ThrowsAsync<McpPolicyDeniedException>(() => memory.Call("delete_entities", new Dictionary<string, object?> { ["entityNames"] = new[] { "x" } }));
            var offered = await memory.GetAgentToolsAsync();

            Assert.Contains("entities", graph.Text, StringComparison.Ordinal);
            Assert.Equal(("/tools/delete_entities", policy.Path), (denied.RulePointer, denied.PolicyFilePath));
            Assert.Contains(offered, t => t.Name == "read_graph");
            Assert.DoesNotContain(offered, t => t.Name == "delete_entities");
            Assert.Contains(logs.Entries, e => e.Message.Contains("delete_entities", StringComparison.Ordinal) && e.Level == LogLevel.Warning);
        }
        finally
        {
            File.Delete(memoryFile);
        }
    }

    [Fact]
    public async Task A_failed_connection_is_not_kept_so_the_next_request_tries_again()
    {
        var attempts = 0;
        await using var server = new CountingServer();
        var services = new ServiceCollection();
        services.AddMcpClient<GuardedClient>(o => o.UseTransport(_ =>
        {
            if (++attempts == 1) { throw new IOException("the server is not up yet"); }
            return server.StartForTransport();
        }));
        await using var provider = services.BuildServiceProvider();
        var clients = provider.GetRequiredService<IMcpClientProvider<GuardedClient>>();

        await Assert.ThrowsAsync<IOException>(async () => await clients.GetClientAsync());
        var client = await clients.GetClientAsync();

        Assert.Equal("up now", (await client.EchoAsync("up now")).Text);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void A_registration_without_a_transport_is_refused_with_what_to_call()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddMcpClient<GuardedClient>(o => o.UsePolicy(PolicyDocument.DenyAll("test"))));

        Assert.Contains("UseStdio", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseHttp", error.Message, StringComparison.Ordinal);
    }
}

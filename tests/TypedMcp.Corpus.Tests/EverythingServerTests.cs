using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TypedMcp.Corpus.Tests.Infrastructure;

namespace TypedMcp.Corpus.Tests;

/// <summary>
/// The two things the MCP C# SDK 2.4 client cannot do on its own, against the reference server
/// (<c>@modelcontextprotocol/server-everything</c>): read content blocks with <c>annotations</c>, and call a tool whose
/// <c>execution.taskSupport</c> is <c>"required"</c>. The generated client does both.
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class EverythingServerTests
{
    private readonly CorpusFixture _corpus;

    public EverythingServerTests(CorpusFixture corpus) => _corpus = corpus;

    [Fact]
    public async Task Annotated_content_blocks_are_read_through_the_typed_client()
    {
        using var run = OfflineServer.Prepare(CorpusServers.Get("everything"));
        await using var session = await ConnectAsync(run);
        var result = (McpToolResult)(await CallTypedAsync(session, "get-annotated-message", ("messageType", "error"), ("includeImage", true)))!;

        var text = Assert.IsType<TextContentBlock>(result.Raw.Content[0]);
        Assert.NotNull(text.Annotations);
        Assert.Contains(Role.User, text.Annotations!.Audience!);
        Assert.Equal(1.0f, text.Annotations.Priority);
        var image = Assert.IsType<ImageContentBlock>(result.Raw.Content[1]);
        Assert.NotNull(image.Annotations?.Priority);
    }

    [Fact]
    public async Task The_SDK_client_alone_still_throws_on_annotated_content_blocks()
    {
        // Pins the SDK 2.4 bug ToolCallSender works around: when this test fails, the SDK reads annotations itself and
        // the raw-result path in ToolCallSender.CallAsync can go.
        using var run = OfflineServer.Prepare(CorpusServers.Get("everything"));
        await using var session = await ConnectAsync(run);
        var arguments = new Dictionary<string, object?> { ["messageType"] = "error" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.CallToolAsync("get-annotated-message", arguments).AsTask());
        Assert.Contains("TypeInfoResolver", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_required_tool_is_called_as_a_task_and_answers()
    {
        using var run = OfflineServer.Prepare(CorpusServers.Get("everything"));
        await using var session = await ConnectAsync(run);

        // A plain tools/call is refused by the server (an error result naming -32601): the generated method must not be one.
        var arguments = new Dictionary<string, object?> { ["topic"] = "typed clients" };
        var plain = await session.CallToolAsync("simulate-research-query", arguments);
        Assert.True(plain.IsError);
        Assert.Contains("requires task augmentation", Assert.IsType<TextContentBlock>(plain.Content[0]).Text, StringComparison.Ordinal);

        var result = (McpToolResult)(await CallTypedAsync(session, "simulate-research-query", ("topic", "typed clients")))!;
        Assert.False(result.Raw.IsError ?? false, result.Text);
        Assert.Contains("Research Report: typed clients", result.Text, StringComparison.Ordinal);
    }

    private static async Task<McpClient> ConnectAsync(OfflineServer run)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await SequenceRunner.ConnectAsync(run, new Queue<string>(), cts.Token);
    }

    // The typed method for a tool (by its [McpTool] name) on the generated EverythingClient, called with these arguments
    // by their wire names (the rest left at their defaults).
    private async Task<object?> CallTypedAsync(McpClient session, string tool, params (string Wire, object? Value)[] arguments)
    {
        Assert.True(_corpus.Consumer is not null, "the consumer did not build:\n" + string.Join("\n", _corpus.Build.Problems.Take(30)));
        var type = _corpus.Consumer!.GetType("Corpus." + CorpusServers.Get("everything").ClientClass)!;
        var method = type.GetMethods().Where(m => m.GetCustomAttribute<McpToolAttribute>()?.Name == tool).OrderByDescending(m => m.GetParameters().Length).First();
        var values = method.GetParameters().Select(p =>
        {
            if (p.ParameterType == typeof(CancellationToken)) { return (object?)CancellationToken.None; }
            var wire = p.GetCustomAttribute<McpArgumentAttribute>()!.Name;
            var given = arguments.FirstOrDefault(a => a.Wire == wire);
            if (given.Wire is null) { return p.DefaultValue; }
            return p.ParameterType.IsEnum || Nullable.GetUnderlyingType(p.ParameterType) is { IsEnum: true }
                ? TypedArguments.Convert(System.Text.Json.JsonSerializer.SerializeToElement(given.Value), p.ParameterType, wire)
                : given.Value;
        }).ToArray();
        var task = (Task)method.Invoke(Activator.CreateInstance(type, session), values)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }
}

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// Sends <c>tools/call</c> as a raw JSON-RPC request on a session and reads the result with the SDK's public default
/// options, for two things the MCP C# SDK 2.4.0 client cannot do:
/// <list type="bullet">
/// <item>read a result whose content blocks carry <c>annotations</c>: <c>McpClient.CallToolAsync</c> reads it with the
/// SDK's source-generated type info, and <c>ContentBlock.Converter</c> then throws <c>InvalidOperationException: Cannot
/// insert the values of 'TypeInfoResolver' or 'TypeInfoResolverChain' to 'TypeInfoResolverChain'</c> while it builds
/// nested options for <c>Annotations</c>; the same converter under <c>McpJsonUtilities.DefaultOptions</c> reads it;</item>
/// <item>call a tool that declares <c>execution.taskSupport: "required"</c> (MCP tasks, 2025-11-25): a plain call fails
/// with <c>-32600</c>/<c>-32601</c>, and the SDK has no task API. A task-augmented call sends <c>tools/call</c> with
/// <c>task</c>, polls <c>tasks/get</c> at the server's <c>pollInterval</c> until the task ends or needs input, and reads
/// the outcome with <c>tasks/result</c>.</item>
/// </list>
/// The requests go through the session they are given, so on a typed client's governed session the policy decides
/// them like any other <c>tools/call</c>.
/// </summary>
internal static class ToolCallSender
{
    /// <summary>How long a task may live on the server after it ends, asked for in <c>task.ttl</c> (milliseconds).</summary>
    internal const int TaskTtlMilliseconds = 300_000;

    private static readonly JsonTypeInfo ResultInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));
    private static readonly JsonTypeInfo ArgumentsInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IReadOnlyDictionary<string, object?>));
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>Sends one <c>tools/call</c> and returns its result as the server sent it (annotations included).</summary>
    /// <param name="session">The session to send on (a typed client's governed session).</param>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="McpProtocolException">The server answered with a JSON-RPC error.</exception>
    /// <exception cref="McpException">The server's answer is not a tools/call result.</exception>
    public static async Task<CallToolResult> CallAsync(McpClient session, string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var response = await session.SendRequestAsync(Request(toolName, arguments, task: null), cancellationToken).ConfigureAwait(false);
        return ReadResult(toolName, response.Result);
    }

    /// <summary>
    /// Calls a tool as a task: <c>tools/call</c> with <c>task</c>, then <c>tasks/get</c> until the task completes, fails,
    /// is cancelled or needs input, then <c>tasks/result</c>. Cancelling sends <c>tasks/cancel</c> (best effort).
    /// </summary>
    /// <param name="session">The session to send on.</param>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    /// <param name="cancellationToken">Cancels the call and the task.</param>
    /// <exception cref="McpProtocolException">The server answered with a JSON-RPC error.</exception>
    /// <exception cref="McpException">The server did not answer with a task, or the task was cancelled on the server.</exception>
    public static async Task<CallToolResult> CallAsTaskAsync(McpClient session, string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var created = await session.SendRequestAsync(Request(toolName, arguments, new JsonObject { ["ttl"] = TaskTtlMilliseconds }), cancellationToken).ConfigureAwait(false);
        var answer = created.Result as JsonObject;
        if (answer?["task"] is not JsonObject task || task["taskId"] is not JsonValue id || !id.TryGetValue<string>(out var taskId) || taskId.Length == 0)
        {
            // A server that ran the call directly answers with the result itself.
            if (answer?["content"] is not null) { return ReadResult(toolName, answer); }
            throw new McpException($"The server did not answer the task-augmented call of tool '{toolName}' with a task (tools/call with \"task\" returned {Shorten(created.Result)}).");
        }

        try
        {
            var status = task;
            while (!IsSettled(Status(status)))
            {
                await Task.Delay(PollInterval(status), cancellationToken).ConfigureAwait(false);
                var polled = await session.SendRequestAsync(TaskRequest("tasks/get", taskId), cancellationToken).ConfigureAwait(false);
                status = polled.Result as JsonObject ?? throw new McpException($"tasks/get for the task of tool '{toolName}' returned {Shorten(polled.Result)}.");
                if (status["task"] is JsonObject nested) { status = nested; }
            }

            if (Status(status) == "cancelled")
            {
                throw new McpException($"The task of tool '{toolName}' was cancelled on the server{Message(status)}.");
            }

            // completed, failed (the result carries the error) or input_required (tasks/result delivers the server's
            // requests to this client's handlers and answers once the task has ended).
            var result = await session.SendRequestAsync(TaskRequest("tasks/result", taskId), cancellationToken).ConfigureAwait(false);
            return ReadResult(toolName, result.Result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelQuietlyAsync(session, taskId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads a <c>tools/call</c> result with the SDK's default options (not the source-generated info its client uses).</summary>
    /// <exception cref="McpException">The JSON is not a tools/call result.</exception>
    internal static CallToolResult ReadResult(string toolName, JsonNode? result)
    {
        if (result is not JsonObject)
        {
            throw new McpException($"The server answered the call of tool '{toolName}' with {Shorten(result)}, not a tools/call result object.");
        }

        try
        {
            return (CallToolResult?)result.Deserialize(ResultInfo) ?? throw new McpException($"The server answered the call of tool '{toolName}' with null.");
        }
        catch (JsonException e)
        {
            throw new McpException($"The server's answer to the call of tool '{toolName}' is not a valid tools/call result: {e.Message}", e);
        }
    }

    private static JsonRpcRequest Request(string toolName, IReadOnlyDictionary<string, object?> arguments, JsonObject? task)
    {
        var parameters = new JsonObject
        {
            ["name"] = toolName,
            ["arguments"] = JsonSerializer.SerializeToNode(arguments, ArgumentsInfo),
        };
        if (task is not null) { parameters["task"] = task; }
        return new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = parameters };
    }

    private static JsonRpcRequest TaskRequest(string method, string taskId)
        => new() { Method = method, Params = new JsonObject { ["taskId"] = taskId } };

    private static string? Status(JsonObject task) => task["status"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsSettled(string? status) => status is "completed" or "failed" or "cancelled" or "input_required";

    private static TimeSpan PollInterval(JsonObject task)
    {
        if (task["pollInterval"] is JsonValue v && v.TryGetValue<double>(out var ms) && ms > 0)
        {
            var interval = TimeSpan.FromMilliseconds(ms);
            return interval > MaxPollInterval ? MaxPollInterval : interval;
        }

        return DefaultPollInterval;
    }

    private static string Message(JsonObject task) => task["statusMessage"] is JsonValue v && v.TryGetValue<string>(out var m) && m.Length > 0 ? ": " + m : string.Empty;

    private static async Task CancelQuietlyAsync(McpClient session, string taskId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await session.SendRequestAsync(TaskRequest("tasks/cancel", taskId), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is McpException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // Best effort: the task ends on the server at its ttl anyway.
        }
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "nothing";
        return text.Length <= 120 ? text : text.Substring(0, 117) + "...";
    }
}

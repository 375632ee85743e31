using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp.Corpus.Tests.Infrastructure;

/// <summary>
/// One call made through a typed method, and how it went. <paramref name="Probe"/>: the tool is not verified to work
/// offline (it needs a network, a database, Node 22), so the server may refuse it; its arguments must still bind to the
/// typed method and go out, and a result it returns must still read.
/// </summary>
public sealed record CallRecord(string Tool, string Method, bool Succeeded, string Detail, bool Probe = false)
{
    /// <summary>A failure the test counts: any failure of a verified tool, and a typing failure of a probe.</summary>
    public bool Counts => !Succeeded && (!Probe || Detail.StartsWith(nameof(McpResultMismatchException), StringComparison.Ordinal));
}

/// <summary>
/// Runs a server's verified sequence through the typed client the consumer project generated: starts the server
/// offline, connects with the client capabilities the corpus was verified with (sampling, elicitation, roots; fixed
/// answers), and calls each tool through its generated method with the step's arguments converted to the method's C#
/// types. Shell steps run with bash in <c>{TMP}/work</c>; captures feed later steps.
/// </summary>
public sealed class SequenceRunner
{
    private readonly Dictionary<string, string> _captures = new(StringComparer.Ordinal);
    private readonly OfflineServer _run;
    private readonly Type _clientType;
    private readonly JsonObject _catalog;

    public SequenceRunner(OfflineServer run, Type clientType, string catalogPath)
    {
        _run = run;
        _clientType = clientType;
        _catalog = JsonNode.Parse(File.ReadAllText(catalogPath))!.AsObject();
    }

    /// <summary>Every call made, in order.</summary>
    public List<CallRecord> Calls { get; } = new();

    /// <summary>The server's stderr (last lines), for failure messages.</summary>
    public Queue<string> ServerLog { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var session = await ConnectAsync(_run, ServerLog, cancellationToken);
        var client = Activator.CreateInstance(_clientType, session)!;
        foreach (var step in _run.Server.Sequence)
        {
            if (step.Shell is { } shell) { await ShellAsync(_run.Expand(shell), cancellationToken); continue; }
            await CallAsync(client, step, cancellationToken);
        }
    }

    /// <summary>
    /// A session with the server, offline, answering as the corpus was verified (roots, sampling, elicitation); the last
    /// 40 lines of its stderr go to <paramref name="log"/>.
    /// </summary>
    public static async Task<McpClient> ConnectAsync(OfflineServer run, Queue<string> log, CancellationToken cancellationToken)
    {
        var launch = run.Offline(run.Server.NeedsPageServer);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = run.Server.Id,
            Command = launch.Command,
            Arguments = launch.Arguments.ToList(),
            EnvironmentVariables = launch.Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
            WorkingDirectory = launch.WorkingDirectory,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            StandardErrorLines = line => { lock (log) { log.Enqueue(line); while (log.Count > 40) { log.Dequeue(); } } },
        });
        return await McpClient.CreateAsync(transport, ClientOptions(run), cancellationToken: cancellationToken);
    }

    private async Task CallAsync(object client, CorpusStep step, CancellationToken cancellationToken)
    {
        var tool = step.Tool!;
        var method = _clientType.GetMethods()
            .Where(m => m.GetCustomAttribute<McpToolAttribute>()?.Name == tool)
            .OrderByDescending(m => m.GetParameters().Length)
            .FirstOrDefault();
        if (method is null) { throw new InvalidOperationException($"{_clientType.Name} has no typed method for tool '{tool}'."); }

        var arguments = Substitute(step.Arguments ?? new JsonObject()).AsObject();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(step.Timeout);
        var values = Bind(method, tool, arguments, timeout.Token);
        object? result;
        try
        {
            var task = (Task)method.Invoke(client, values)!;
            await task;
            result = task.GetType().GetProperty("Result")!.GetValue(task);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var inner = e is TargetInvocationException { InnerException: { } x } ? x : e;
            Calls.Add(new CallRecord(tool, method.Name, false, $"{inner.GetType().Name}: {inner.Message}", !_run.Server.OfflineCallable.Contains(tool)));
            return;
        }

        var text = ResultText(result);
        Calls.Add(new CallRecord(tool, method.Name, true, text.Length > 200 ? text[..200] : text, !_run.Server.OfflineCallable.Contains(tool)));
        foreach (var (name, pattern) in step.Captures)
        {
            var match = Regex.Match(text, pattern);
            var group = match.Groups.Cast<Group>().Skip(1).FirstOrDefault(g => g.Success);
            if (group is null) { throw new InvalidOperationException($"{tool}: capture {name} /{pattern}/ found nothing in the result:\n{text}"); }
            _captures[name] = group.Value;
        }
    }

    // The method's parameters from the step's arguments: by [McpArgument] wire name, converted to the parameter's type.
    private object?[] Bind(MethodInfo method, string tool, JsonObject arguments, CancellationToken cancellationToken)
    {
        var parameters = method.GetParameters();
        var values = new object?[parameters.Length];
        var bound = new HashSet<string>(StringComparer.Ordinal);
        using var json = JsonDocument.Parse(arguments.ToJsonString());
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.ParameterType == typeof(CancellationToken)) { values[i] = cancellationToken; continue; }
            var wire = p.GetCustomAttribute<McpArgumentAttribute>()?.Name ?? throw new InvalidOperationException($"{method.Name}: parameter {p.Name} has no [McpArgument].");
            bound.Add(wire);
            if (json.RootElement.TryGetProperty(wire, out var value)) { values[i] = TypedArguments.Convert(value, p.ParameterType, tool + "." + wire); }
            else if (p.HasDefaultValue) { values[i] = p.DefaultValue; }
            else { throw new InvalidOperationException($"{tool}: the verified call gives no '{wire}', which {method.Name} requires."); }
        }

        // An argument without a parameter must be a constant the method always sends.
        foreach (var a in json.RootElement.EnumerateObject())
        {
            if (bound.Contains(a.Name)) { continue; }
            var schema = ToolInputProperty(tool, a.Name);
            var constant = schema?["const"] ?? (schema?["enum"] is JsonArray { Count: 1 } single ? single[0] : null);
            if (constant is null || !JsonNode.DeepEquals(constant, JsonNode.Parse(a.Value.GetRawText())))
            {
                throw new InvalidOperationException($"{tool}: argument '{a.Name}' has no parameter in {method.Name} and is not a constant the method sends.");
            }
        }

        return values;
    }

    private JsonObject? ToolInputProperty(string tool, string name)
        => _catalog["tools"]!.AsArray().Single(t => (string)t!["name"]! == tool)!["inputSchema"]?["properties"]?[name] as JsonObject;

    private JsonNode Substitute(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : (JsonNode?)Substitute(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(x => x is null ? null : (JsonNode?)Substitute(x)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => SubstituteText(s),
        _ => node.DeepClone(),
    };

    private JsonNode SubstituteText(string text)
    {
        var whole = Regex.Match(text, @"^\{=(\w+)\}$");
        if (whole.Success)
        {
            var captured = Captured(whole.Groups[1].Value);
            return long.TryParse(captured, out var n) ? JsonValue.Create(n) : JsonValue.Create(captured);
        }

        var expanded = _run.Expand(text).Replace("{$HTTP}", OfflineServer.PageUrl, StringComparison.Ordinal);
        return JsonValue.Create(Regex.Replace(expanded, @"\{\$(\w+)\}", m => Captured(m.Groups[1].Value)));
    }

    private string Captured(string name)
        => _captures.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"No capture named {name} before it is used.");

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        McpToolResult raw => raw.Text + (raw.Raw.StructuredContent is { } s ? "\n" + s.GetRawText() : string.Empty),
        _ => JsonSerializer.Serialize(result, result.GetType()),
    };

    private async Task ShellAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Path.Combine(_run.Tmp, "work"), RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) { throw new InvalidOperationException($"shell step failed ({process.ExitCode}): {command}\n{await stderr}"); }
    }

    // The answers the corpus was verified with: roots = the work folder, a fixed sampled reply, elicitations accepted
    // with a value for every requested field.
    private static McpClientOptions ClientOptions(OfflineServer run)
    {
        var options = new McpClientOptions
        {
            ClientInfo = new() { Name = "typedmcp-corpus-tests", Version = "1.0.0" },
            Capabilities = new ClientCapabilities { Elicitation = new ElicitationCapability { Form = new FormElicitationCapability() } },
            InitializationTimeout = TimeSpan.FromSeconds(60),
        };
        options.Handlers.ElicitationHandler = static (request, _) => new ValueTask<ElicitResult>(new ElicitResult { Action = "accept", Content = Fill(request) });
#pragma warning disable MCP9005 // roots and sampling: deprecated in the 2026-07-28 protocol, still used by these servers
        options.Capabilities.Roots = new RootsCapability { ListChanged = false };
        options.Capabilities.Sampling = new SamplingCapability();
        var work = new Uri(Path.Combine(run.Tmp, "work") + "/").AbsoluteUri;
        options.Handlers.RootsHandler = (_, _) => new ValueTask<ListRootsResult>(new ListRootsResult { Roots = [new Root { Uri = work, Name = "work" }] });
        options.Handlers.SamplingHandler = static (_, _, _) => new ValueTask<CreateMessageResult>(new CreateMessageResult
        {
            Role = Role.Assistant,
            Model = "fixed-model",
            StopReason = "endTurn",
            Content = [new TextContentBlock { Text = "fixed sampled reply" }],
        });
#pragma warning restore MCP9005
        return options;
    }

    private static IDictionary<string, JsonElement> Fill(ElicitRequestParams? request)
    {
        var content = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (request?.RequestedSchema is not { } schema) { return content; }
        var json = JsonSerializer.SerializeToElement(schema, McpJsonUtilities.DefaultOptions);
        if (!json.TryGetProperty("properties", out var properties)) { return content; }
        foreach (var p in properties.EnumerateObject())
        {
            var type = p.Value.TryGetProperty("type", out var t) ? t.GetString() : "string";
            content[p.Name] = p.Value.TryGetProperty("enum", out var e) && e.GetArrayLength() > 0
                ? e[0].Clone()
                : type switch
                {
                    "boolean" => JsonSerializer.SerializeToElement(true),
                    "number" or "integer" => JsonSerializer.SerializeToElement(1),
                    _ => JsonSerializer.SerializeToElement("typed"),
                };
        }

        return content;
    }
}

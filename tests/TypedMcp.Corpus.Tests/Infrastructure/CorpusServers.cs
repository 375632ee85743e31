using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;

namespace TypedMcp.Corpus.Tests.Infrastructure;

/// <summary>One step of a server's verified offline sequence: a tool call, or a shell command that prepares one.</summary>
/// <param name="Tool">The tool to call, or null for a shell step.</param>
/// <param name="Arguments">The call's arguments, with placeholders (<c>{TMP}</c>, <c>{$HTTP}</c>, <c>{$NAME}</c>, <c>{=NAME}</c>).</param>
/// <param name="Shell">A bash command run in <c>{TMP}/work</c>, or null.</param>
/// <param name="Captures">Name → regular expression whose first matching group is taken from the result.</param>
/// <param name="Timeout">How long the call may take.</param>
/// <param name="IsTask">The call is task-augmented (the tool declares <c>execution.taskSupport: "required"</c>).</param>
public sealed record CorpusStep(string? Tool, JsonObject? Arguments, string? Shell, IReadOnlyDictionary<string, string> Captures, TimeSpan Timeout, bool IsTask);

/// <summary>One pinned server of <c>tests/mcp-servers/servers.json</c> (format: that folder's README).</summary>
public sealed class CorpusServer
{
    private readonly JsonObject _json;

    internal CorpusServer(JsonObject json)
    {
        _json = json;
        Id = (string)json["id"]!;
        Package = (string)json["package"]!;
        Version = (string)json["version"]!;
        Domain = (string)json["domain"]!;
        ToolCount = (int)json["toolCount"]!;
        Requires = json["requires"]?.AsArray().Select(r => (string)r!).ToArray() ?? Array.Empty<string>();
        NeedsPageServer = json["sequenceNeedsPageServer"]?.GetValue<bool>() == true;
        OfflineCallable = json["tools"]!.AsArray().Where(t => t!["offlineCallable"]?.GetValue<bool>() == true).Select(t => (string)t!["name"]!).ToArray();
        Sequence = (json["sequence"]?.AsArray() ?? new JsonArray()).Select(s => ReadStep(s!.AsObject())).ToArray();
    }

    /// <summary>The short name used for files, catalogs (<c>server.name</c>) and clients.</summary>
    public string Id { get; }

    public string Package { get; }

    public string Version { get; }

    public string Domain { get; }

    /// <summary>Tools listed to a client that declares sampling, elicitation and roots.</summary>
    public int ToolCount { get; }

    /// <summary>What must be installed besides node_modules (<c>chromium</c>).</summary>
    public IReadOnlyList<string> Requires { get; }

    /// <summary>The sequence uses <c>{$HTTP}</c>: a page served on 127.0.0.1 inside the server's network namespace.</summary>
    public bool NeedsPageServer { get; }

    /// <summary>The tools verified callable offline.</summary>
    public IReadOnlyList<string> OfflineCallable { get; }

    /// <summary>The verified calls, in order.</summary>
    public IReadOnlyList<CorpusStep> Sequence { get; }

    /// <summary>The C# class name of the server's typed client, e.g. <c>ChromeDevtoolsClient</c>.</summary>
    public string ClientClass => string.Concat(Id.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))) + "Client";

    /// <summary>The <c>start</c> object: command, args, env, cwd, files.</summary>
    public JsonObject Start => _json["start"]!.AsObject();

    public override string ToString() => Id;

    private static CorpusStep ReadStep(JsonObject s)
    {
        var captures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in s["capture"]?.AsObject() ?? new JsonObject()) { captures[c.Key] = (string)c.Value!; }
        var timeout = TimeSpan.FromMilliseconds(s["timeoutMs"]?.GetValue<int>() ?? 30_000);
        return new CorpusStep((string?)s["tool"], s["args"]?.DeepClone().AsObject(), (string?)s["shell"], captures, timeout, s["task"]?.GetValue<bool>() == true);
    }
}

/// <summary>The corpus: <c>tests/mcp-servers/servers.json</c>, read once.</summary>
public static class CorpusServers
{
    private static readonly Lazy<IReadOnlyList<CorpusServer>> PinnedServers = new(Load);
    private static readonly Lazy<IReadOnlyList<CorpusServer>> AllServers = new(() =>
    {
        if (Restriction is not { } only) { return PinnedServers.Value; }
        var ids = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = ids.Where(id => PinnedServers.Value.All(s => s.Id != id)).ToList();
        if (unknown.Count > 0) { throw new InvalidOperationException("TYPEDMCP_CORPUS names servers that servers.json does not pin: " + string.Join(", ", unknown)); }
        return PinnedServers.Value.Where(s => ids.Contains(s.Id)).ToList();
    });

    /// <summary>The folder with package.json, servers.json and node_modules.</summary>
    public static string Dir { get; } = typeof(CorpusServers).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServersDir").Value!;

    /// <summary>
    /// The servers the tests use: every pinned server, in file order, unless the variable <c>TYPEDMCP_CORPUS</c> lists
    /// ids (comma-separated) to iterate faster on a few; then <see cref="Restriction"/> says so and a test fails, so a
    /// restricted run never passes for a full one.
    /// </summary>
    public static IReadOnlyList<CorpusServer> All => AllServers.Value;

    /// <summary>The ids <c>TYPEDMCP_CORPUS</c> restricts the corpus to, or null for the whole corpus.</summary>
    public static string? Restriction => Environment.GetEnvironmentVariable("TYPEDMCP_CORPUS") is { Length: > 0 } v ? v : null;

    /// <summary>Every pinned server, whatever <c>TYPEDMCP_CORPUS</c> says.</summary>
    public static IReadOnlyList<CorpusServer> Pinned => PinnedServers.Value;

    /// <summary>The server with this id.</summary>
    public static CorpusServer Get(string id) => All.Single(s => s.Id == id);

    /// <summary>Ids of the servers that have tools callable offline (the call tests' theory data).</summary>
    public static TheoryData<string> WithOfflineTools()
    {
        var data = new TheoryData<string>();
        foreach (var s in All.Where(s => s.OfflineCallable.Count > 0)) { data.Add(s.Id); }
        return data;
    }

    private static IReadOnlyList<CorpusServer> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Dir, "servers.json")))!;
        return root["servers"]!.AsArray().Select(s => new CorpusServer(s!.AsObject())).ToArray();
    }
}

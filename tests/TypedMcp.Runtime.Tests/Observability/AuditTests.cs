using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests.Observability;

/// <summary>The JSONL audit trail: one whole line per decision, argument names and a hash, never values.</summary>
public sealed class AuditTests : IDisposable
{
    private const string Policy = """
        { "version": "1", "default": "deny",
          "tools": { "refund": { "spend_limit": "$100/day", "deny_if": [ { "path": "args.order", "op": "eq", "value": "SO-BAD" } ] } } }
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "typedmcp-audit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static Dictionary<string, object?> Args(string order, object amount) => new() { ["order"] = order, ["amount"] = amount, ["note"] = "secret note" };

    [Fact]
    public async Task Allowed_and_denied_calls_each_write_one_line_with_keys_and_hash_but_no_values()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        var clock = new ManualTimeProvider();
        using var sink = new JsonlPolicyAuditSink(path);
        var guard = new PolicyGuard(PolicyDocument.Parse(Policy, "prod.policy.json"), new TypedMcpClientOptions { Audit = sink, ReplicaId = "replica-7", TimeProvider = clock });

        (await guard.AuthorizeAsync("refund", Args("SO-1", 60), default)).Commit();
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", Args("SO-BAD", 1), default));
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("refund", Args("SO-2", 50), default));
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync("wipe", new Dictionary<string, object?>(), default));

        var text = File.ReadAllText(path);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.DoesNotContain("secret note", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SO-BAD", text, StringComparison.Ordinal);

        var allowed = lines[0];
        Assert.Equal("2026-01-02T00:00:00.0000000Z", allowed.GetProperty("time").GetString());
        Assert.Equal(("replica-7", "refund", "allow", "allowed", "/tools/refund"), (allowed.GetProperty("replica").GetString(), allowed.GetProperty("tool").GetString(), allowed.GetProperty("decision").GetString(), allowed.GetProperty("step").GetString(), allowed.GetProperty("rule").GetString()));
        Assert.Equal("built-in:prod.policy.json", allowed.GetProperty("policy").GetString());
        Assert.Equal(new[] { "amount", "note", "order" }, allowed.GetProperty("argumentKeys").EnumerateArray().Select(k => k.GetString()).ToArray());
        var canonical = """{"amount":60,"note":"secret note","order":"SO-1"}""";
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant(), allowed.GetProperty("argumentsSha256").GetString());

        Assert.Equal(("deny", "deny-if-matched", "/tools/refund/deny_if/0"), (lines[1].GetProperty("decision").GetString(), lines[1].GetProperty("step").GetString(), lines[1].GetProperty("rule").GetString()));
        Assert.Equal(("limit-exhausted", "/tools/refund/spend_limit", "exhausted"), (lines[2].GetProperty("step").GetString(), lines[2].GetProperty("rule").GetString(), lines[2].GetProperty("limitOutcome").GetString()));
        Assert.Equal(("deny", "not-listed", "/default"), (lines[3].GetProperty("decision").GetString(), lines[3].GetProperty("step").GetString(), lines[3].GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Concurrent_decisions_write_whole_lines_that_never_interleave_across_size_rotation()
    {
        var path = Path.Combine(_directory, "busy.jsonl");
        using var sink = new JsonlPolicyAuditSink(path, new JsonlAuditOptions { MaxFileBytes = 16 * 1024 });
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow" }"""), new TypedMcpClientOptions { Audit = sink });

        await Task.WhenAll(Enumerable.Range(0, 800).Select(i => Task.Run(async () =>
            (await guard.AuthorizeAsync("echo", new Dictionary<string, object?> { ["text"] = new string('x', i % 50), ["i"] = i }, default)).Commit())));

        var files = Directory.GetFiles(_directory, "busy*.jsonl");
        Assert.True(files.Length > 1, "the size limit should have rotated the file");
        var lines = files.SelectMany(f => File.ReadAllText(f).Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(800, lines.Count);
        Assert.All(lines, l => Assert.Equal("allow", JsonDocument.Parse(l).RootElement.GetProperty("decision").GetString()));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 16 * 1024));
    }

    [Fact]
    public async Task A_file_moved_away_by_an_external_rotation_is_reopened_at_its_path()
    {
        var path = Path.Combine(_directory, "rotated.jsonl");
        using var sink = new JsonlPolicyAuditSink(path, new JsonlAuditOptions { ReopenCheckInterval = TimeSpan.Zero });
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow" }"""), new TypedMcpClientOptions { Audit = sink });

        (await guard.AuthorizeAsync("echo", new Dictionary<string, object?>(), default)).Commit();
        File.Move(path, path + ".1");
        (await guard.AuthorizeAsync("echo", new Dictionary<string, object?>(), default)).Commit();

        Assert.Single(File.ReadAllLines(path + ".1"));
        Assert.Single(File.ReadAllLines(path));
    }

    [Fact]
    public async Task Daily_files_are_named_by_the_UTC_date()
    {
        var clock = new ManualTimeProvider();
        using var sink = new JsonlPolicyAuditSink(Path.Combine(_directory, "daily.jsonl"), new JsonlAuditOptions { RollDaily = true, TimeProvider = clock });
        var guard = new PolicyGuard(PolicyDocument.Parse("""{ "version": "1", "default": "allow" }"""), new TypedMcpClientOptions { Audit = sink, TimeProvider = clock });

        (await guard.AuthorizeAsync("echo", new Dictionary<string, object?>(), default)).Commit();
        clock.Advance(TimeSpan.FromDays(1));
        (await guard.AuthorizeAsync("echo", new Dictionary<string, object?>(), default)).Commit();

        Assert.Single(File.ReadAllLines(Path.Combine(_directory, "daily-2026-01-02.jsonl")));
        Assert.Single(File.ReadAllLines(Path.Combine(_directory, "daily-2026-01-03.jsonl")));
    }

    [Fact]
    public void Canonical_arguments_sort_keys_keep_numbers_as_written_and_escape_only_what_JSON_requires()
    {
        using var document = JsonDocument.Parse("""{ "b": [1.50, {"z": true, "a": null}], "a": "é\"\n\u0001", "A": 1e3 }""");

        Assert.Equal("{\"A\":1e3,\"a\":\"é\\\"\\n\\u0001\",\"b\":[1.50,{\"a\":null,\"z\":true}]}", CanonicalArguments.ToText(document.RootElement));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(CanonicalArguments.ToUtf8(document.RootElement))).ToLowerInvariant(), CanonicalArguments.Sha256(document.RootElement));
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TypedMcp.Policy;
using TypedMcp.Runtime.Tests.Infrastructure;

namespace TypedMcp.Runtime.Tests.Observability;

/// <summary>One apply_guardrail span per decision, nested in the MCP SDK's span, and the guard's metrics.</summary>
public sealed class TelemetryTests
{
    private const string Policy = """
        { "version": "1", "default": "allow",
          "tools": { "echo": { "deny_if": [ { "path": "args.text", "op": "eq", "value": "unlink" } ], "on_deny": "no deletes" } } }
        """;

    private static readonly ActivitySource TestSource = new("TypedMcp.Tests.Telemetry");

    [Fact]
    public async Task Each_decision_is_an_apply_guardrail_span_inside_the_SDKs_tools_call_span_without_argument_values()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TypedMcpTelemetry.SourceName, "Experimental.ModelContextProtocol", TestSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(spans)
            .Build();
        await using var server = new CountingServer();
        var client = await McpClientBase.CreateAsync(server.StartForTransport(), (session, options) => new TestClient(session, Policy, options));

        string traceId;
        using (var root = TestSource.StartActivity("test root"))
        {
            traceId = root!.TraceId.ToString();
            await client.Call("echo", new Dictionary<string, object?> { ["text"] = "read" });
            await Assert.ThrowsAsync<McpPolicyDeniedException>(() => client.Call("echo", new Dictionary<string, object?> { ["text"] = "unlink" }));
        }

        tracing.ForceFlush();
        var mine = spans.Where(s => s.TraceId.ToString() == traceId).ToList();
        var decisions = mine.Where(s => s.Source.Name == TypedMcpTelemetry.SourceName).ToList();
        Assert.Equal(2, decisions.Count);
        var allowed = decisions.Single(s => (string?)s.GetTagItem(TypedMcpTelemetry.DecisionType) == "allow");
        var denied = decisions.Single(s => (string?)s.GetTagItem(TypedMcpTelemetry.DecisionType) == "deny");

        Assert.Equal(TypedMcpTelemetry.DecisionSpanName, allowed.DisplayName);
        Assert.Equal(ActivityKind.Internal, allowed.Kind);
        Assert.Equal("apply_guardrail", allowed.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("tool_call", allowed.GetTagItem("gen_ai.security.target.type"));
        Assert.Equal("echo", allowed.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("built-in:builtin.policy.json", allowed.GetTagItem("gen_ai.security.policy.id"));
        Assert.NotNull(allowed.GetTagItem("gen_ai.security.policy.version"));
        Assert.Equal(new[] { "text" }, (string[])allowed.GetTagItem(TypedMcpTelemetry.ArgumentKeys)!);
        Assert.StartsWith("sha256:", (string)allowed.GetTagItem("gen_ai.security.content.input.hash")!, StringComparison.Ordinal);
        Assert.Null(allowed.GetTagItem("gen_ai.security.content.input.value"));
        Assert.DoesNotContain(allowed.TagObjects, t => t.Value is string v && v.Contains("read", StringComparison.Ordinal) && t.Key != "gen_ai.tool.name");

        Assert.Equal("deny-if-matched", denied.GetTagItem(TypedMcpTelemetry.Step));
        Assert.Equal("/tools/echo/deny_if/0", denied.GetTagItem(TypedMcpTelemetry.Rule));
        Assert.Equal("no deletes", denied.GetTagItem("gen_ai.security.decision.reason"));
        Assert.Equal((int)DecisionStep.DenyIfMatched, denied.GetTagItem("gen_ai.security.decision.code"));

        // Nested in the SDK's client span for the tools/call request, which is nested in the caller's span.
        foreach (var decision in decisions)
        {
            var parent = mine.Single(s => s.SpanId == decision.ParentSpanId);
            Assert.Equal("Experimental.ModelContextProtocol", parent.Source.Name);
            Assert.Equal("tools/call", parent.GetTagItem("mcp.method.name"));
        }
    }

    [Fact]
    public async Task Argument_values_are_recorded_only_when_the_user_opts_in()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(TypedMcpTelemetry.SourceName, TestSource.Name).AddInMemoryExporter(spans).Build();
        var guard = new PolicyGuard(PolicyDocument.Parse(Policy), new TypedMcpClientOptions { RecordArgumentValues = true });

        string traceId;
        using (var root = TestSource.StartActivity("opt-in root"))
        {
            traceId = root!.TraceId.ToString();
            (await guard.AuthorizeAsync("echo", new Dictionary<string, object?> { ["text"] = "read", ["limit"] = 5 }, default)).Commit();
        }

        tracing.ForceFlush();
        var span = Assert.Single(spans, s => s.TraceId.ToString() == traceId && s.Source.Name == TypedMcpTelemetry.SourceName);
        Assert.Equal("""{"limit":5,"text":"read"}""", span.GetTagItem("gen_ai.security.content.input.value"));
    }

    [Fact]
    public async Task Decisions_denials_by_step_and_limit_rejections_are_counted()
    {
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(TypedMcpTelemetry.SourceName).AddInMemoryExporter(metrics).Build();
        var tool = "metered_" + Guid.NewGuid().ToString("N")[..8];
        var guard = new PolicyGuard(PolicyDocument.Parse($$"""{ "version": "1", "default": "allow", "tools": { "{{tool}}": { "rate_limit": { "max": 1, "window": 1000000000 } } } }"""));

        (await guard.AuthorizeAsync(tool, new Dictionary<string, object?>(), default)).Commit();
        await Assert.ThrowsAsync<McpPolicyDeniedException>(async () => await guard.AuthorizeAsync(tool, new Dictionary<string, object?>(), default));
        meters.ForceFlush();

        long Sum(string name, Func<ReadOnlyTagCollection, bool> where)
        {
            long total = 0;
            foreach (var metric in metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    if (where(point.Tags)) { total += point.GetSumLong(); }
                }
            }

            return total;
        }

        bool Has(ReadOnlyTagCollection tags, string key, string value)
        {
            foreach (var t in tags)
            {
                if (t.Key == key && (string?)t.Value == value) { return true; }
            }

            return false;
        }

        Assert.Equal(1, Sum(TypedMcpTelemetry.DecisionsMetric, t => Has(t, "gen_ai.tool.name", tool) && Has(t, TypedMcpTelemetry.DecisionType, "allow")));
        Assert.Equal(1, Sum(TypedMcpTelemetry.DenialsMetric, t => Has(t, "gen_ai.tool.name", tool) && Has(t, TypedMcpTelemetry.Step, "limit-exhausted")));
        Assert.Equal(1, Sum(TypedMcpTelemetry.LimitRejectionsMetric, t => Has(t, TypedMcpTelemetry.LimitId, $"/tools/{tool}/rate_limit") && Has(t, TypedMcpTelemetry.LimitOutcome, "exhausted")));
    }
}

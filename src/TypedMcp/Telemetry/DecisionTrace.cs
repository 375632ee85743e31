using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// What one decision reports: its span (nested in whatever span is current, e.g. the MCP SDK's tools/call span), its
/// metrics and its audit line. Created only when something listens, so an unobserved decision costs nothing.
/// </summary>
internal sealed class DecisionTrace
{
    private readonly Activity? _activity;
    private readonly long _started;
    private readonly string _tool;
    private readonly string _metricTool;
    private readonly JsonElement? _arguments;
    private readonly IPolicyAuditSink? _audit;
    private readonly string _replica;
    private readonly DateTimeOffset _time;
    private readonly bool _recordValues;
    private string? _approval;
    private string? _limitId;
    private string? _limitOutcome;
    private string? _store;

    private DecisionTrace(Activity? activity, string tool, bool knownTool, JsonElement? arguments, IPolicyAuditSink? audit, string replica, DateTimeOffset time, bool recordValues)
    {
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
        _tool = tool;
        _metricTool = knownTool ? tool : "_other";
        _arguments = arguments;
        _audit = audit;
        _replica = replica;
        _time = time;
        _recordValues = recordValues;
    }

    /// <summary>Starts tracing a decision, or returns null when no span, metric or audit sink would see it.</summary>
    /// <param name="tool">The tool name.</param>
    /// <param name="knownTool">Whether a catalog, server list or policy names the tool (else metrics tag it <c>_other</c>, bounding their cardinality).</param>
    /// <param name="arguments">The arguments as sent, or null when the request could not be read.</param>
    /// <param name="options">The guard's options (audit sink, replica id, clock, opt-in for values).</param>
    public static DecisionTrace? Start(string tool, bool knownTool, JsonElement? arguments, TypedMcpClientOptions options)
    {
        var listened = TypedMcpTelemetry.Source.HasListeners();
        if (!listened && options.Audit is null && !TypedMcpTelemetry.Decisions.Enabled && !TypedMcpTelemetry.DecisionDuration.Enabled
            && !TypedMcpTelemetry.Denials.Enabled && !TypedMcpTelemetry.LimitRejections.Enabled && !TypedMcpTelemetry.ApprovalDuration.Enabled)
        {
            return null;
        }

        var activity = listened ? TypedMcpTelemetry.Source.StartActivity(TypedMcpTelemetry.DecisionSpanName, ActivityKind.Internal) : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TypedMcpTelemetry.OperationName, "apply_guardrail");
            activity.SetTag(TypedMcpTelemetry.GuardianName, TypedMcpTelemetry.SourceName);
            activity.SetTag(TypedMcpTelemetry.GuardianVersion, TypedMcpTelemetry.Version);
            activity.SetTag(TypedMcpTelemetry.TargetType, "tool_call");
            activity.SetTag(TypedMcpTelemetry.ToolName, tool);
        }

        var replica = options.ReplicaId ?? TypedMcpClientOptions.DefaultReplicaId;
        var time = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        return new DecisionTrace(activity, tool, knownTool, arguments, options.Audit, replica, time, options.RecordArgumentValues);
    }

    /// <summary>Records how a person answered (or why nobody did).</summary>
    public void Approval(string outcome, TimeSpan? waited)
    {
        _approval = outcome;
        if (waited is { } w && TypedMcpTelemetry.ApprovalDuration.Enabled)
        {
            TypedMcpTelemetry.ApprovalDuration.Record(w.TotalSeconds, new KeyValuePair<string, object?>(TypedMcpTelemetry.ApprovalOutcome, outcome), new KeyValuePair<string, object?>(TypedMcpTelemetry.ToolName, _metricTool));
        }
    }

    /// <summary>Records what the limits said (for a refusal at step 7, or a call let through by a store that was down).</summary>
    public void Limit(string? limitId, string outcome, string? store)
    {
        _limitId = limitId;
        _limitOutcome = outcome;
        _store = store;
    }

    /// <summary>Ends the trace with the final decision.</summary>
    /// <param name="decision">The decision (allowed, or the refusal).</param>
    /// <param name="policy">The policy that decided, <c>scope:file</c>, or null.</param>
    /// <param name="policyVersion">Its fingerprint, or null.</param>
    /// <param name="verdict">The policy's verdict before approval and limits.</param>
    public void Finish(PolicyDecision decision, string? policy, string? policyVersion, PolicyVerdict verdict)
    {
        var type = decision.IsDenied ? "deny" : "allow";
        var step = DecisionNames.Step(decision.Step);
        string? hash = null;
        IReadOnlyList<string>? keys = null;
        if (_arguments is { } args && (_audit is not null || _activity is { IsAllDataRequested: true }))
        {
            hash = CanonicalArguments.Sha256(args);
            keys = CanonicalArguments.Keys(args);
        }

        if (_activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(TypedMcpTelemetry.DecisionType, type);
            activity.SetTag(TypedMcpTelemetry.DecisionCode, (int)decision.Step);
            activity.SetTag(TypedMcpTelemetry.Step, step);
            activity.SetTag(TypedMcpTelemetry.Rule, decision.RulePointer);
            activity.SetTag(TypedMcpTelemetry.Verdict, DecisionNames.Verdict(verdict));
            activity.SetTag(TypedMcpTelemetry.ReplicaId, _replica);
            if (decision.IsDenied) { activity.SetTag(TypedMcpTelemetry.DecisionReason, decision.Reason ?? step); }
            if (policy is not null) { activity.SetTag(TypedMcpTelemetry.PolicyId, policy); }
            if (policyVersion is not null) { activity.SetTag(TypedMcpTelemetry.PolicyVersion, policyVersion); }
            if (keys is not null) { activity.SetTag(TypedMcpTelemetry.ArgumentKeys, ToArray(keys)); }
            if (hash is not null) { activity.SetTag(TypedMcpTelemetry.InputHash, "sha256:" + hash); }
            if (_recordValues && _arguments is { } values) { activity.SetTag(TypedMcpTelemetry.InputValue, CanonicalArguments.ToText(values)); }
            if (_approval is not null) { activity.SetTag(TypedMcpTelemetry.ApprovalOutcome, _approval); }
            if (_limitOutcome is not null)
            {
                activity.SetTag(TypedMcpTelemetry.LimitOutcome, _limitOutcome);
                if (_limitId is not null) { activity.SetTag(TypedMcpTelemetry.LimitId, _limitId); }
                if (_store is not null) { activity.SetTag(TypedMcpTelemetry.LimitStore, _store); }
            }

            if (_limitOutcome == "store_unavailable") { activity.SetStatus(ActivityStatusCode.Error, "the limit store cannot be reached"); }
        }

        _activity?.Dispose();
        Count(type, step, decision.IsDenied);
        _audit?.Write(new PolicyAuditRecord
        {
            Time = _time,
            ReplicaId = _replica,
            Tool = _tool,
            Decision = type,
            Step = decision.Step,
            Rule = decision.RulePointer,
            Policy = policy,
            PolicyVersion = policyVersion,
            ArgumentKeys = keys,
            ArgumentsSha256 = hash,
            Approval = _approval,
            LimitId = _limitId,
            LimitOutcome = _limitOutcome,
        });
    }

    /// <summary>Ends the trace of a decision that was not made (cancelled, or an unexpected error): a span with <c>error.type</c>, no audit line.</summary>
    public void Fail(Exception error)
    {
        if (_activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(TypedMcpTelemetry.ErrorType, error is OperationCanceledException ? "cancelled" : error.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        _activity?.Dispose();
        if (TypedMcpTelemetry.DecisionDuration.Enabled)
        {
            TypedMcpTelemetry.DecisionDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>(TypedMcpTelemetry.DecisionType, "error"));
        }
    }

    private void Count(string type, string step, bool denied)
    {
        var tool = new KeyValuePair<string, object?>(TypedMcpTelemetry.ToolName, _metricTool);
        var stepTag = new KeyValuePair<string, object?>(TypedMcpTelemetry.Step, step);
        var typeTag = new KeyValuePair<string, object?>(TypedMcpTelemetry.DecisionType, type);
        if (TypedMcpTelemetry.Decisions.Enabled) { TypedMcpTelemetry.Decisions.Add(1, tool, typeTag, stepTag); }
        if (TypedMcpTelemetry.DecisionDuration.Enabled) { TypedMcpTelemetry.DecisionDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, typeTag, stepTag); }
        if (denied && TypedMcpTelemetry.Denials.Enabled) { TypedMcpTelemetry.Denials.Add(1, stepTag, tool); }
        if (denied && _limitOutcome is not null && TypedMcpTelemetry.LimitRejections.Enabled)
        {
            TypedMcpTelemetry.LimitRejections.Add(1, new KeyValuePair<string, object?>(TypedMcpTelemetry.LimitId, _limitId ?? string.Empty), new KeyValuePair<string, object?>(TypedMcpTelemetry.LimitOutcome, _limitOutcome));
        }
    }

    private static string[] ToArray(IReadOnlyList<string> keys)
    {
        var array = new string[keys.Count];
        for (var i = 0; i < array.Length; i++) { array[i] = keys[i]; }
        return array;
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace TypedMcp;

/// <summary>
/// The names TypedMcp's guard reports under: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="SourceName"/>. Add them to OpenTelemetry with <c>AddSource("TypedMcp")</c> and <c>AddMeter("TypedMcp")</c>.
/// </summary>
/// <remarks>
/// <para>Every decision on a <c>tools/call</c> is one span, <c>apply_guardrail TypedMcp</c> (kind Internal), following the
/// OpenTelemetry GenAI security conventions; it is a child of whatever span is current when the call is decided: the
/// MCP SDK's <c>tools/call</c> client span (source <c>Experimental.ModelContextProtocol</c>) and, above it, an agent
/// framework's <c>execute_tool</c> span. Its attributes are the constants of this class. Argument values are never
/// recorded unless <see cref="TypedMcpClientOptions.RecordArgumentValues"/> is set; argument names and a SHA-256 of the
/// canonical arguments are.</para>
/// <para>Metrics: <see cref="DecisionsMetric"/>, <see cref="DenialsMetric"/>, <see cref="LimitRejectionsMetric"/>,
/// <see cref="DecisionDurationMetric"/> and <see cref="ApprovalDurationMetric"/>. Nothing is computed when nobody
/// listens (<see cref="ActivitySource.HasListeners"/>, <see cref="Instrument.Enabled"/>).</para>
/// </remarks>
public static class TypedMcpTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>: <c>TypedMcp</c>.</summary>
    public const string SourceName = "TypedMcp";

    /// <summary>The span name: <c>apply_guardrail TypedMcp</c> (<c>apply_guardrail {gen_ai.guardian.name}</c>).</summary>
    public const string DecisionSpanName = "apply_guardrail TypedMcp";

    /// <summary><c>gen_ai.operation.name</c>: always <c>apply_guardrail</c>.</summary>
    public const string OperationName = "gen_ai.operation.name";

    /// <summary><c>gen_ai.guardian.name</c>: <c>TypedMcp</c>.</summary>
    public const string GuardianName = "gen_ai.guardian.name";

    /// <summary><c>gen_ai.guardian.version</c>: the TypedMcp assembly version.</summary>
    public const string GuardianVersion = "gen_ai.guardian.version";

    /// <summary><c>gen_ai.security.target.type</c>: always <c>tool_call</c>.</summary>
    public const string TargetType = "gen_ai.security.target.type";

    /// <summary><c>gen_ai.security.target.id</c>: the JSON-RPC id of the request, when known.</summary>
    public const string TargetId = "gen_ai.security.target.id";

    /// <summary><c>gen_ai.tool.name</c>: the tool the call is for.</summary>
    public const string ToolName = "gen_ai.tool.name";

    /// <summary><c>gen_ai.security.decision.type</c>: <c>allow</c> or <c>deny</c>.</summary>
    public const string DecisionType = "gen_ai.security.decision.type";

    /// <summary><c>gen_ai.security.decision.reason</c>: for a denial, the rule's own <c>reason</c>/<c>on_deny</c>, else the step name (never the full message, which may quote argument values).</summary>
    public const string DecisionReason = "gen_ai.security.decision.reason";

    /// <summary><c>gen_ai.security.decision.code</c>: the decision step's number (<see cref="Policy.DecisionStep"/>).</summary>
    public const string DecisionCode = "gen_ai.security.decision.code";

    /// <summary><c>gen_ai.security.policy.id</c>: the policy that decided, <c>built-in:&lt;file&gt;</c> or <c>run-time:&lt;file&gt;</c>.</summary>
    public const string PolicyId = "gen_ai.security.policy.id";

    /// <summary><c>gen_ai.security.policy.version</c>: the policy's <see cref="Policy.PolicyDocument.Fingerprint"/>, which changes with every edit.</summary>
    public const string PolicyVersion = "gen_ai.security.policy.version";

    /// <summary><c>gen_ai.security.content.input.hash</c>: <c>sha256:&lt;hex&gt;</c> of the canonical arguments (see <see cref="PolicyAuditRecord.ArgumentsSha256"/>).</summary>
    public const string InputHash = "gen_ai.security.content.input.hash";

    /// <summary><c>gen_ai.security.content.input.value</c>: the canonical arguments, only with <see cref="TypedMcpClientOptions.RecordArgumentValues"/>.</summary>
    public const string InputValue = "gen_ai.security.content.input.value";

    /// <summary><c>typedmcp.decision.step</c>: the step name, e.g. <c>allowed</c>, <c>deny-if-matched</c>, <c>limit-exhausted</c>.</summary>
    public const string Step = "typedmcp.decision.step";

    /// <summary><c>typedmcp.policy.rule</c>: the JSON Pointer of the rule that decided, e.g. <c>/tools/odoo_execute/deny_if/0</c>.</summary>
    public const string Rule = "typedmcp.policy.rule";

    /// <summary><c>typedmcp.policy.verdict</c>: the policy's verdict before approval: <c>allow</c>, <c>deny</c> or <c>require_approval</c>.</summary>
    public const string Verdict = "typedmcp.policy.verdict";

    /// <summary><c>typedmcp.tool.argument_keys</c>: the argument names, sorted (never their values).</summary>
    public const string ArgumentKeys = "typedmcp.tool.argument_keys";

    /// <summary><c>typedmcp.limit.id</c>: the limit that refused the call (its id, else its pointer).</summary>
    public const string LimitId = "typedmcp.limit.id";

    /// <summary><c>typedmcp.limit.outcome</c>: why a limit refused: <c>exhausted</c>, <c>store_unavailable</c>, <c>amount_invalid</c> or <c>limit_invalid</c>; <c>store_unavailable_open</c> when the store was down and the call went through uncounted.</summary>
    public const string LimitOutcome = "typedmcp.limit.outcome";

    /// <summary><c>typedmcp.limit.store</c>: the limit store's description.</summary>
    public const string LimitStore = "typedmcp.limit.store";

    /// <summary><c>typedmcp.approval.outcome</c>: <c>approved</c>, <c>rejected</c>, <c>timed_out</c>, <c>no_service</c> or <c>pre_approved</c>.</summary>
    public const string ApprovalOutcome = "typedmcp.approval.outcome";

    /// <summary><c>typedmcp.replica.id</c>: <see cref="TypedMcpClientOptions.ReplicaId"/>.</summary>
    public const string ReplicaId = "typedmcp.replica.id";

    /// <summary><c>error.type</c>: set when the decision could not be made (cancelled, or an unexpected error).</summary>
    public const string ErrorType = "error.type";

    /// <summary>Counter <c>typedmcp.guard.decisions</c> ({decision}): every decision, by <see cref="ToolName"/>, <see cref="DecisionType"/> and <see cref="Step"/>.</summary>
    public const string DecisionsMetric = "typedmcp.guard.decisions";

    /// <summary>Counter <c>typedmcp.guard.denials</c> ({denial}): refusals, by <see cref="Step"/> and <see cref="ToolName"/>.</summary>
    public const string DenialsMetric = "typedmcp.guard.denials";

    /// <summary>Counter <c>typedmcp.guard.limit_rejections</c> ({rejection}): refusals at step 7, by <see cref="LimitId"/> and <see cref="LimitOutcome"/>.</summary>
    public const string LimitRejectionsMetric = "typedmcp.guard.limit_rejections";

    /// <summary>Histogram <c>typedmcp.guard.decision.duration</c> (s): how long a decision took, approval included.</summary>
    public const string DecisionDurationMetric = "typedmcp.guard.decision.duration";

    /// <summary>Histogram <c>typedmcp.guard.approval.duration</c> (s): how long a person took to answer, by <see cref="ApprovalOutcome"/>.</summary>
    public const string ApprovalDurationMetric = "typedmcp.guard.approval.duration";

    internal static readonly string Version = typeof(TypedMcpTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";

    internal static readonly ActivitySource Source = new(SourceName, Version);

    internal static readonly Meter Meter = new(SourceName, Version);

    internal static readonly Counter<long> Decisions = Meter.CreateCounter<long>(DecisionsMetric, "{decision}", "Tool-call decisions of the TypedMcp guard.");

    internal static readonly Counter<long> Denials = Meter.CreateCounter<long>(DenialsMetric, "{denial}", "Tool calls the TypedMcp guard refused, by decision step.");

    internal static readonly Counter<long> LimitRejections = Meter.CreateCounter<long>(LimitRejectionsMetric, "{rejection}", "Tool calls refused by a limit (step 7), by limit and outcome.");

    internal static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram<double>(DecisionDurationMetric, "s", "How long a TypedMcp guard decision took, approval included.");

    internal static readonly Histogram<double> ApprovalDuration = Meter.CreateHistogram<double>(ApprovalDurationMetric, "s", "How long a person took to answer an approval request.");
}

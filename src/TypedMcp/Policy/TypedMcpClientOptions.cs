using System;
using Microsoft.Extensions.Logging;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// How a typed client enforces policy at run time: an optional policy added at run time (on top of the one built
/// into the client), the approval hook, logging and the clock the limits count with.
/// </summary>
/// <remarks>
/// The policy compiled into the client (its project's <c>policy.json</c>) always applies. A run-time policy, given as
/// <see cref="Policy"/> or <see cref="PolicyFilePath"/>, is applied as well, and for every call the more restrictive
/// verdict of the two wins. When both are set, <see cref="Policy"/> is used and <see cref="PolicyFilePath"/> is only
/// used for messages and for <see cref="PolicyGuard.ReloadRuntimePolicy"/>.
/// </remarks>
public sealed class TypedMcpClientOptions
{
    /// <summary>A policy loaded by the application (e.g. from a database or a watched file), applied on top of the built-in one.</summary>
    public PolicyDocument? Policy { get; set; }

    /// <summary>
    /// A policy.json file to apply on top of the built-in policy. It is read when the guard is created, and watched
    /// (<see cref="WatchPolicyFile"/>): an edit applies to the calls decided after it is read again, without
    /// reconnecting. A file that is missing or cannot be read denies every call, saying why (logged once per problem).
    /// </summary>
    public string? PolicyFilePath { get; set; }

    /// <summary>
    /// Whether <see cref="PolicyFilePath"/> is watched and read again when it changes (default true). Editors that save
    /// by truncating, or by writing another file and renaming it over this one, are handled: the file is read once
    /// it has been quiet for <see cref="PolicyReloadDelay"/>.
    /// </summary>
    public bool WatchPolicyFile { get; set; } = true;

    /// <summary>How long the watched policy file must be quiet before it is read again (default 100 ms).</summary>
    public TimeSpan PolicyReloadDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Where limit counters live (default: a new <see cref="InProcessLimitStore"/> per guard). Give every replica the
    /// same shared store (e.g. <c>RedisLimitStore</c> from TypedMcp.Redis, same Redis and key prefix) and they share every
    /// <c>limits</c>, <c>all_tools.limits</c>, <c>rate_limit</c> and <c>spend_limit</c> counter.
    /// </summary>
    public LimitStore? LimitStore { get; set; }

    /// <summary>Receives every decision (e.g. <see cref="JsonlPolicyAuditSink"/>); null for none.</summary>
    public IPolicyAuditSink? Audit { get; set; }

    /// <summary>This replica's name in audit lines and spans (default: machine name and process id, <c>host/1234</c>).</summary>
    public string? ReplicaId { get; set; }

    /// <summary>
    /// Whether decision spans carry the canonical argument values (<c>gen_ai.security.content.input.value</c>). Off by
    /// default: spans and audit lines carry argument names and a SHA-256 only.
    /// </summary>
    public bool RecordArgumentValues { get; set; }

    /// <summary>The replica id used when <see cref="ReplicaId"/> is not set: <c>machine/pid</c>.</summary>
    internal static readonly string DefaultReplicaId = Environment.MachineName + "/" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Asked to approve each call whose rule says <c>"action": "require_approval"</c>. Without one, such calls are denied.
    /// </summary>
    public IToolApprovalService? Approvals { get; set; }

    /// <summary>Where the guard logs its decisions (tool, verdict, rule and argument names; never argument values).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock the limits' UTC-aligned windows are measured with, and audit lines are stamped with (default: <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider? TimeProvider { get; set; }
}

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
    /// A policy.json file to apply on top of the built-in policy. It is read when the client makes its first call
    /// (and again on <see cref="PolicyGuard.ReloadRuntimePolicy"/>). A file that is missing or cannot be read denies every call, saying why.
    /// </summary>
    public string? PolicyFilePath { get; set; }

    /// <summary>
    /// Asked to approve each call whose rule says <c>"action": "require_approval"</c>. Without one, such calls are denied.
    /// </summary>
    public IToolApprovalService? Approvals { get; set; }

    /// <summary>Where the guard logs its decisions (tool, verdict, rule and argument names; never argument values).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock the limits' fixed windows are measured with (default: <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider? TimeProvider { get; set; }
}

using System;
using System.Collections.Generic;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// One decision of the guard as an audit trail keeps it: when, which replica, which tool, the decision and the rule
/// behind it, the argument names and a SHA-256 of the canonical arguments; never the argument values.
/// </summary>
public sealed class PolicyAuditRecord
{
    /// <summary>When the decision was made (UTC, from <see cref="TypedMcpClientOptions.TimeProvider"/>).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The replica that decided (<see cref="TypedMcpClientOptions.ReplicaId"/>).</summary>
    public required string ReplicaId { get; init; }

    /// <summary>The tool the call was for.</summary>
    public required string Tool { get; init; }

    /// <summary><c>allow</c> or <c>deny</c>.</summary>
    public required string Decision { get; init; }

    /// <summary>The decision step that decided (<see cref="DecisionStep"/>).</summary>
    public required DecisionStep Step { get; init; }

    /// <summary>The JSON Pointer of the rule that decided (empty for a request refused before the policy, or an unreadable policy).</summary>
    public required string Rule { get; init; }

    /// <summary>The policy that decided: <c>built-in:&lt;file&gt;</c> or <c>run-time:&lt;file&gt;</c>, or null when neither did (a request refused as unreadable, or no policy at all).</summary>
    public string? Policy { get; init; }

    /// <summary>The deciding policy's <see cref="PolicyDocument.Fingerprint"/>, or null.</summary>
    public string? PolicyVersion { get; init; }

    /// <summary>The argument names, sorted ordinally; null when the request could not be read.</summary>
    public IReadOnlyList<string>? ArgumentKeys { get; init; }

    /// <summary>The lowercase hex SHA-256 of the canonical arguments (<see cref="CanonicalArguments"/>); null when the request could not be read.</summary>
    public string? ArgumentsSha256 { get; init; }

    /// <summary>For a call that needed approval: <c>approved</c>, <c>pre_approved</c>, <c>rejected</c>, <c>timed_out</c> or <c>no_service</c>; else null.</summary>
    public string? Approval { get; init; }

    /// <summary>For a call refused at step 7: the limit's id, else null.</summary>
    public string? LimitId { get; init; }

    /// <summary>For step 7: <c>exhausted</c>, <c>store_unavailable</c>, <c>amount_invalid</c>, <c>limit_invalid</c>, or <c>store_unavailable_open</c> for a call let through uncounted.</summary>
    public string? LimitOutcome { get; init; }
}

/// <summary>Receives every decision of a guard (<see cref="TypedMcpClientOptions.Audit"/>). Implementations must be thread-safe and quick; they must not throw.</summary>
public interface IPolicyAuditSink
{
    /// <summary>Records one decision.</summary>
    /// <param name="record">The decision.</param>
    void Write(PolicyAuditRecord record);
}

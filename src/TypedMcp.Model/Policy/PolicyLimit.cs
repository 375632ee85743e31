using System;
using System.Globalization;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>A name written in policy.json (a <c>hide</c> entry), with where it stands.</summary>
/// <param name="Name">The tool name, or <c>*</c>.</param>
/// <param name="Pointer">JSON Pointer to the entry, e.g. <c>/hide/0</c>.</param>
/// <param name="Span">Where the entry stands in policy.json.</param>
internal sealed record PolicyName(string Name, string Pointer, SourceSpan Span);

/// <summary>
/// A quota: at most <see cref="Max"/> calls per <see cref="Window"/>. Enforced by the run-time guard only (decision step 7).
/// </summary>
public sealed class PolicyLimit
{
    internal PolicyLimit(long max, TimeSpan window, string? explicitId, string pointer, SourceSpan span, string? error)
    {
        Max = max;
        Window = window;
        Id = explicitId ?? pointer;
        HasExplicitId = explicitId is not null;
        Pointer = pointer;
        Span = span;
        Error = error;
    }

    /// <summary>The most calls allowed per window. A limit that could not be read has 0, so it refuses every call (fail closed).</summary>
    public long Max { get; }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// The counter key: the <c>id</c> written in policy.json, else the <see cref="Pointer"/>. Limits with the same
    /// explicit id share one counter.
    /// </summary>
    public string Id { get; }

    /// <summary>Whether <see cref="Id"/> was written in policy.json.</summary>
    public bool HasExplicitId { get; }

    /// <summary>JSON Pointer to the limit, e.g. <c>/all_tools/limits/0</c> or <c>/tools/odoo_write/rate_limit</c>.</summary>
    public string Pointer { get; }

    /// <summary>Where the limit stands in policy.json.</summary>
    public SourceSpan Span { get; }

    /// <summary>Why the limit could not be read (it was reported as TMCP0210), or null when it is valid.</summary>
    public string? Error { get; }

    /// <summary>Whether the limit was read without error.</summary>
    public bool IsValid => Error is null;

    /// <summary>E.g. <c>30 calls per 60 s (/tools/odoo_write/rate_limit)</c>.</summary>
    public override string ToString()
        => $"{Max.ToString(CultureInfo.InvariantCulture)} calls per {Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({Pointer})";
}

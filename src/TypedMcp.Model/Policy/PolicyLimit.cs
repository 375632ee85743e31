using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>A name written in policy.json (a <c>hide</c> entry), with where it stands.</summary>
/// <param name="Name">The tool name, or <c>*</c>.</param>
/// <param name="Pointer">JSON Pointer to the entry, e.g. <c>/hide/0</c>.</param>
/// <param name="Span">Where the entry stands in policy.json.</param>
internal sealed record PolicyName(string Name, string Pointer, SourceSpan Span);

/// <summary>
/// A quota, enforced by the run-time guard only (decision step 7): at most <see cref="Max"/> calls per
/// <see cref="Window"/>, or, for a spend cap (<see cref="IsSpendCap"/>), at most <see cref="MaxAmount"/> in the sum of
/// one argument's values (<see cref="AmountPath"/>, e.g. <c>args.amount</c>) per window.
/// </summary>
public sealed class PolicyLimit
{
    /// <summary>Spend amounts are counted in millionths: an amount with more decimals is rounded up, the cap down.</summary>
    internal const decimal UnitsPerAmount = 1_000_000m;

    /// <summary>The largest spend cap (so that counters of millionths stay exact in every store, also as Lua doubles).</summary>
    internal const decimal MaxSpendCap = 9_000_000_000m;

    internal PolicyLimit(long max, TimeSpan window, string? explicitId, string pointer, SourceSpan span, string? error)
        : this(max, window, explicitId, pointer, span, error, null, null, max)
    {
    }

    internal PolicyLimit(long max, TimeSpan window, string? explicitId, string pointer, SourceSpan span, string? error, string? amountPath, IReadOnlyList<string>? amountSegments, decimal maxAmount)
    {
        Max = max;
        Window = window;
        Id = explicitId ?? pointer;
        HasExplicitId = explicitId is not null;
        Pointer = pointer;
        Span = span;
        Error = error;
        AmountPath = amountPath;
        AmountSegments = amountSegments ?? Array.Empty<string>();
        MaxAmount = maxAmount;
    }

    /// <summary>
    /// The most calls allowed per window; for a spend cap, <see cref="MaxAmount"/> rounded down. A limit that could not
    /// be read has 0, so it refuses every call (fail closed).
    /// </summary>
    public long Max { get; }

    /// <summary>The window length. Windows are aligned to UTC: minute, hour and day windows start on the minute, hour and midnight; other lengths on multiples of the length since the Unix epoch.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// The counter key: the <c>id</c> written in policy.json, else the <see cref="Pointer"/>. Limits with the same
    /// explicit id (and window) share one counter; call limits and spend caps never share one.
    /// </summary>
    public string Id { get; }

    /// <summary>Whether <see cref="Id"/> was written in policy.json.</summary>
    public bool HasExplicitId { get; }

    /// <summary>JSON Pointer to the limit, e.g. <c>/all_tools/limits/0</c>, <c>/tools/odoo_write/rate_limit</c> or <c>/tools/refund/spend_limit</c>.</summary>
    public string Pointer { get; }

    /// <summary>Where the limit stands in policy.json.</summary>
    public SourceSpan Span { get; }

    /// <summary>Why the limit could not be read (it was reported as TMCP0210), or null when it is valid.</summary>
    public string? Error { get; }

    /// <summary>Whether the limit was read without error.</summary>
    public bool IsValid => Error is null;

    /// <summary>For a spend cap, the argument whose value each call adds to the counter, e.g. <c>args.amount</c>; null for a call limit.</summary>
    public string? AmountPath { get; }

    /// <summary>Whether this is a spend cap (a counter incremented by an argument's value) rather than a count of calls.</summary>
    public bool IsSpendCap => AmountPath is not null;

    /// <summary>The most a spend cap lets through per window (for a call limit, <see cref="Max"/>).</summary>
    public decimal MaxAmount { get; }

    /// <summary><see cref="AmountPath"/> split after <c>args.</c> (empty for a call limit).</summary>
    internal IReadOnlyList<string> AmountSegments { get; }

    /// <summary>The cap in counter units: calls, or millionths of the amount for a spend cap.</summary>
    internal long MaxUnits => IsSpendCap ? (long)decimal.Floor(MaxAmount * UnitsPerAmount) : Max;

    /// <summary>E.g. <c>30 calls per 60 s (/tools/odoo_write/rate_limit)</c> or <c>500 of args.amount per 86400 s (/tools/refund/spend_limit)</c>.</summary>
    public override string ToString()
        => IsSpendCap
            ? $"{MaxAmount.ToString(CultureInfo.InvariantCulture)} of {AmountPath} per {Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({Pointer})"
            : $"{Max.ToString(CultureInfo.InvariantCulture)} calls per {Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({Pointer})";
}

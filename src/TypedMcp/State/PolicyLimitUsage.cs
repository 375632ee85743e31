using System;

namespace TypedMcp;

/// <summary>How much of one limit's current window is used.</summary>
/// <param name="Scope">Which policy the limit belongs to: <c>built-in</c> or <c>run-time</c>.</param>
/// <param name="LimitId">The counter id (the limit's <c>id</c>, else its JSON Pointer).</param>
/// <param name="Max">The most calls per window (for a spend cap, its max rounded down).</param>
/// <param name="Window">The window length.</param>
/// <param name="Used">Calls counted in the current window (for a spend cap, the amount rounded up).</param>
public sealed record PolicyLimitUsage(string Scope, string LimitId, long Max, TimeSpan Window, long Used)
{
    /// <summary>For a spend cap, the argument it adds up (e.g. <c>args.amount</c>); null for a call limit.</summary>
    public string? AmountPath { get; init; }

    /// <summary>For a spend cap, the most per window; null for a call limit.</summary>
    public decimal? MaxAmount { get; init; }

    /// <summary>For a spend cap, the amount counted in the current window; null for a call limit.</summary>
    public decimal? UsedAmount { get; init; }
}


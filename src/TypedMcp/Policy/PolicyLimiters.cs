using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>How much of one limit's current window is used.</summary>
/// <param name="Scope">Which policy the limit belongs to: <c>built-in</c> or <c>run-time</c>.</param>
/// <param name="LimitId">The counter id (the limit's <c>id</c>, else its JSON Pointer).</param>
/// <param name="Max">The most calls per window.</param>
/// <param name="Window">The window length.</param>
/// <param name="Used">Calls counted in the current window.</param>
public sealed record PolicyLimitUsage(string Scope, string LimitId, long Max, TimeSpan Window, long Used);

/// <summary>
/// The counters of one guard: a <see cref="ReturnableFixedWindowRateLimiter"/> per limit counter, created on first use.
/// All of them share one lock, so the limits of a call are reserved all-or-nothing: under any number of concurrent
/// calls against a limit of N per window, exactly N get through.
/// </summary>
internal sealed class PolicyLimiters
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Scope, string Id, ReturnableFixedWindowRateLimiter Limiter)> _limiters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PolicyLimiters(TimeProvider time) => _time = time;

    /// <summary>
    /// Reserves one call against every limit in <paramref name="limits"/>, or none. On failure
    /// <paramref name="exhausted"/> is the first limit without calls left and <paramref name="retryAfter"/> when its window ends.
    /// </summary>
    public bool TryReserve(IReadOnlyList<(string Scope, PolicyLimit Limit)> limits, out QuotaReservation reservation, out (string Scope, PolicyLimit Limit) exhausted, out TimeSpan retryAfter)
    {
        reservation = QuotaReservation.Empty;
        exhausted = default;
        retryAfter = TimeSpan.Zero;
        if (limits.Count == 0) { return true; }
        lock (_gate)
        {
            // Two limits of one call may share a counter (same id): count what each counter must give.
            var needed = new List<(ReturnableFixedWindowRateLimiter Limiter, int Count, (string, PolicyLimit) First)>(limits.Count);
            foreach (var entry in limits)
            {
                var limiter = Get(entry.Scope, entry.Limit);
                var i = IndexOf(needed, limiter);
                if (i < 0) { needed.Add((limiter, 1, entry)); }
                else { needed[i] = (limiter, needed[i].Count + 1, needed[i].First); }
            }

            foreach (var (limiter, count, first) in needed)
            {
                if (!limiter.CanAcquire(count))
                {
                    exhausted = first;
                    retryAfter = limiter.RetryAfter;
                    return false;
                }
            }

            var leases = new List<ReturnableFixedWindowRateLimiter.QuotaLease>(needed.Count);
            foreach (var (limiter, count, _) in needed)
            {
                // Cannot fail: checked above under the same lock.
                leases.Add((ReturnableFixedWindowRateLimiter.QuotaLease)limiter.AttemptAcquire(count));
            }

            reservation = new QuotaReservation(leases, _gate);
            return true;
        }
    }

    // A loop, not FindIndex with a lambda: the lambda would capture the limiter and allocate on every call.
    private static int IndexOf(List<(ReturnableFixedWindowRateLimiter Limiter, int Count, (string, PolicyLimit) First)> needed, ReturnableFixedWindowRateLimiter limiter)
    {
        for (var i = 0; i < needed.Count; i++)
        {
            if (ReferenceEquals(needed[i].Limiter, limiter)) { return i; }
        }

        return -1;
    }

    /// <summary>Whether every limit has a call left, without reserving it (checked before asking a person for approval).</summary>
    public bool HasRoom(IReadOnlyList<(string Scope, PolicyLimit Limit)> limits, out (string Scope, PolicyLimit Limit) exhausted, out TimeSpan retryAfter)
    {
        exhausted = default;
        retryAfter = TimeSpan.Zero;
        lock (_gate)
        {
            foreach (var entry in limits)
            {
                var limiter = Get(entry.Scope, entry.Limit);
                if (!limiter.CanAcquire(1))
                {
                    exhausted = entry;
                    retryAfter = limiter.RetryAfter;
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The counters created so far, ordered by scope and id.</summary>
    public IReadOnlyList<PolicyLimitUsage> Usage()
    {
        var result = new List<PolicyLimitUsage>();
        lock (_gate)
        {
            foreach (var (scope, id, limiter) in _limiters.Values)
            {
                result.Add(new PolicyLimitUsage(scope, id, limiter.PermitLimit, limiter.Window, limiter.Used));
            }
        }

        result.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Scope, b.Scope);
            return c != 0 ? c : string.CompareOrdinal(a.LimitId, b.LimitId);
        });
        return result;
    }

    private ReturnableFixedWindowRateLimiter Get(string scope, PolicyLimit limit)
    {
        // Limits with the same id share a counter when they also agree on max and window (a reloaded policy that
        // changes a limit gets a fresh counter for it, and disagreeing limits each stay enforced).
        var key = string.Concat(scope, "\n", limit.Id, "\n", limit.Max.ToString(CultureInfo.InvariantCulture), "\n", limit.Window.Ticks.ToString(CultureInfo.InvariantCulture));
        if (!_limiters.TryGetValue(key, out var entry))
        {
            entry = (scope, limit.Id, new ReturnableFixedWindowRateLimiter(limit.Max, limit.Window, _time, _gate));
            _limiters.Add(key, entry);
        }

        return entry.Limiter;
    }
}

/// <summary>The calls reserved for one tool call: kept when the call reaches the server, given back when it fails in transport.</summary>
internal sealed class QuotaReservation
{
    public static readonly QuotaReservation Empty = new(Array.Empty<ReturnableFixedWindowRateLimiter.QuotaLease>(), new object());

    private readonly IReadOnlyList<ReturnableFixedWindowRateLimiter.QuotaLease> _leases;
    private readonly object _gate;

    public QuotaReservation(IReadOnlyList<ReturnableFixedWindowRateLimiter.QuotaLease> leases, object gate)
    {
        _leases = leases;
        _gate = gate;
    }

    /// <summary>Gives every reserved call back (at most once; a window that has ended is not touched).</summary>
    public void Return()
    {
        if (_leases.Count == 0) { return; }
        lock (_gate)
        {
            foreach (var lease in _leases) { lease.Return(); }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp;

/// <summary>
/// Where the counters of policy limits live: in this process (<see cref="InProcessLimitStore"/>, the default) or in a
/// store shared by every replica (e.g. <c>TypedMcp.Redis</c>'s <c>RedisLimitStore</c>). A store reserves all the charges
/// of one call at once or none (two-phase quota: reserve when the call is decided; the reservation stays once the call
/// may have been sent, and is refunded only when it provably was not), in UTC-aligned fixed windows
/// (<see cref="LimitWindows"/>).
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. A store that cannot answer (unreachable, timed out) returns
/// <see cref="LimitReservationStatus.Unavailable"/> rather than throwing; the guard then refuses the call, unless the
/// store's <see cref="FailMode"/> is <see cref="LimitStoreFailMode.Open"/>.
/// </remarks>
public abstract class LimitStore
{
    /// <summary>What to do when the store cannot answer: refuse the call (the default) or let it through uncounted.</summary>
    public virtual LimitStoreFailMode FailMode => LimitStoreFailMode.Closed;

    /// <summary>A short description for messages and logs, e.g. <c>in-process</c> or <c>Redis 127.0.0.1:6379 (prefix typedmcp:)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Reserves every charge in the window that contains <paramref name="now"/>, or none: when any counter would go
    /// over its <see cref="LimitCharge.Max"/>, nothing is counted and the result names the first such charge.
    /// </summary>
    /// <param name="charges">The charges of one call, each counter at most once.</param>
    /// <param name="now">The time the call is decided (UTC); it picks each counter's window.</param>
    /// <param name="cancellationToken">Cancels waiting; a reservation the store made anyway is refunded.</param>
    public abstract ValueTask<LimitReservation> ReserveAsync(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a reservation back: each counter is decreased by its units if its window is still the reserved one (a
    /// later window never loses calls it did not count). At most once per reservation; never throws.
    /// </summary>
    /// <param name="reservation">A reservation this store made (<see cref="LimitReservationStatus.Reserved"/>).</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    public abstract ValueTask RefundAsync(LimitReservation reservation, CancellationToken cancellationToken);

    /// <summary>Whether every charge would fit now, without reserving anything (asked before a person is asked to approve a call).</summary>
    /// <param name="charges">The charges of one call.</param>
    /// <param name="now">The time (UTC).</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    /// <returns>A result with status <see cref="LimitReservationStatus.Reserved"/> when they fit (nothing is held).</returns>
    public abstract ValueTask<LimitReservation> CheckAsync(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The units counted in the current window of each counter (0 for one never used).</summary>
    /// <param name="counters">The counters.</param>
    /// <param name="now">The time (UTC).</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    public abstract ValueTask<IReadOnlyList<long>> GetUsedAsync(IReadOnlyList<LimitCounter> counters, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>What <see cref="LimitStore"/> does when it cannot answer (Intercept's <c>--state-fail-mode</c>).</summary>
public enum LimitStoreFailMode
{
    /// <summary>Refuse the call, saying the limit store cannot be reached (the default).</summary>
    Closed,

    /// <summary>Let the call through without counting it (and log that limits are not enforced).</summary>
    Open,
}

/// <summary>What a counter counts.</summary>
public enum LimitCounterKind
{
    /// <summary>Calls: one unit per call.</summary>
    Calls,

    /// <summary>Spend: an argument's value per call, in millionths.</summary>
    Spend,
}

/// <summary>
/// One counter, identified by a stable key (scope, kind, limit id and window length), so that it survives policy
/// reloads and is the same in every replica: not by the identity of a policy object.
/// </summary>
public sealed class LimitCounter : IEquatable<LimitCounter>
{
    /// <summary>Creates a counter.</summary>
    /// <param name="scope">Which policy the limit belongs to (<see cref="PolicyGuard.BuiltInScope"/> or <see cref="PolicyGuard.RuntimeScope"/>).</param>
    /// <param name="kind">Calls or spend.</param>
    /// <param name="id">The limit's id (its <c>id</c> in policy.json, else its JSON Pointer).</param>
    /// <param name="window">The window length.</param>
    public LimitCounter(string scope, LimitCounterKind kind, string id, TimeSpan window)
    {
        Scope = scope ?? throw new ArgumentNullException(nameof(scope));
        Id = id ?? throw new ArgumentNullException(nameof(id));
        if (window <= TimeSpan.Zero) { throw new ArgumentOutOfRangeException(nameof(window), "A window must be positive."); }
        Kind = kind;
        Window = window;
        Key = string.Concat(scope, ":", kind == LimitCounterKind.Calls ? "calls" : "spend", ":", id, ":", WindowMilliseconds);
    }

    /// <summary>The policy scope.</summary>
    public string Scope { get; }

    /// <summary>Calls or spend.</summary>
    public LimitCounterKind Kind { get; }

    /// <summary>The limit id.</summary>
    public string Id { get; }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <summary>The window length in whole milliseconds as written in keys (ticks when shorter than a millisecond never occur in policies).</summary>
    public string WindowMilliseconds => (Window.Ticks / TimeSpan.TicksPerMillisecond).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (Window.Ticks % TimeSpan.TicksPerMillisecond == 0 ? string.Empty : "." + (Window.Ticks % TimeSpan.TicksPerMillisecond).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The stable key: <c>scope:kind:id:windowMs</c>, e.g. <c>run-time:calls:/tools/echo/rate_limit:60000</c>.</summary>
    public string Key { get; }

    /// <inheritdoc/>
    public bool Equals(LimitCounter? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LimitCounter);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <inheritdoc/>
    public override string ToString() => Key;
}

/// <summary>One call's charge against one counter: add <see cref="Units"/> unless the counter would go over <see cref="Max"/>.</summary>
/// <param name="Counter">The counter.</param>
/// <param name="Max">The most units the counter may hold in one window.</param>
/// <param name="Units">The units this call adds (1 per call limit, the amount in millionths for a spend cap).</param>
public readonly record struct LimitCharge(LimitCounter Counter, long Max, long Units);

/// <summary>How a reservation went.</summary>
public enum LimitReservationStatus
{
    /// <summary>Every charge was counted (or, for <see cref="LimitStore.CheckAsync"/>, would fit).</summary>
    Reserved,

    /// <summary>A counter has no room left in its window; nothing was counted.</summary>
    Exhausted,

    /// <summary>The store could not answer; whether anything was counted is unknown (a store refunds what it can).</summary>
    Unavailable,
}

/// <summary>The outcome of <see cref="LimitStore.ReserveAsync"/>: what was reserved, in which windows, or why not.</summary>
public sealed class LimitReservation
{
    private static readonly long[] NoWindows = Array.Empty<long>();
    private int _refunded;

    private LimitReservation(LimitReservationStatus status, IReadOnlyList<LimitCharge> charges, IReadOnlyList<long> windows, int exhaustedIndex, TimeSpan retryAfter, Exception? error)
    {
        Status = status;
        Charges = charges;
        WindowIndexes = windows;
        ExhaustedIndex = exhaustedIndex;
        RetryAfter = retryAfter;
        Error = error;
    }

    /// <summary>A reservation of nothing (a call without limits).</summary>
    public static LimitReservation None { get; } = new(LimitReservationStatus.Reserved, Array.Empty<LimitCharge>(), NoWindows, -1, TimeSpan.Zero, null);

    /// <summary>How it went.</summary>
    public LimitReservationStatus Status { get; }

    /// <summary>The charges asked for.</summary>
    public IReadOnlyList<LimitCharge> Charges { get; }

    /// <summary>For each charge, the window it was counted in (<see cref="LimitWindows.IndexOf"/>); empty unless reserved.</summary>
    public IReadOnlyList<long> WindowIndexes { get; }

    /// <summary>The index in <see cref="Charges"/> of the first counter without room, or -1.</summary>
    public int ExhaustedIndex { get; }

    /// <summary>For <see cref="LimitReservationStatus.Exhausted"/>: how long until that counter's window ends.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>For <see cref="LimitReservationStatus.Unavailable"/>: what went wrong.</summary>
    public Exception? Error { get; }

    /// <summary>A successful reservation.</summary>
    /// <param name="charges">What was counted.</param>
    /// <param name="windowIndexes">The window of each charge.</param>
    public static LimitReservation Reserved(IReadOnlyList<LimitCharge> charges, IReadOnlyList<long> windowIndexes)
    {
        ArgumentNullException.ThrowIfNull(charges);
        ArgumentNullException.ThrowIfNull(windowIndexes);
        if (charges.Count != windowIndexes.Count) { throw new ArgumentException("One window per charge is needed.", nameof(windowIndexes)); }
        return new LimitReservation(LimitReservationStatus.Reserved, charges, windowIndexes, -1, TimeSpan.Zero, null);
    }

    /// <summary>A refusal: the charge at <paramref name="exhaustedIndex"/> has no room until <paramref name="retryAfter"/> has passed.</summary>
    /// <param name="charges">What was asked for.</param>
    /// <param name="exhaustedIndex">The first charge without room.</param>
    /// <param name="retryAfter">How long until its window ends.</param>
    public static LimitReservation Exhausted(IReadOnlyList<LimitCharge> charges, int exhaustedIndex, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(charges);
        if (exhaustedIndex < 0 || exhaustedIndex >= charges.Count) { throw new ArgumentOutOfRangeException(nameof(exhaustedIndex)); }
        return new LimitReservation(LimitReservationStatus.Exhausted, charges, NoWindows, exhaustedIndex, retryAfter, null);
    }

    /// <summary>The store could not answer.</summary>
    /// <param name="charges">What was asked for.</param>
    /// <param name="error">Why.</param>
    public static LimitReservation Unavailable(IReadOnlyList<LimitCharge> charges, Exception error)
    {
        ArgumentNullException.ThrowIfNull(charges);
        ArgumentNullException.ThrowIfNull(error);
        return new LimitReservation(LimitReservationStatus.Unavailable, charges, NoWindows, -1, TimeSpan.Zero, error);
    }

    /// <summary>Marks the reservation refunded; true only the first time (stores refund at most once).</summary>
    public bool TryMarkRefunded() => Status == LimitReservationStatus.Reserved && Charges.Count > 0 && Interlocked.Exchange(ref _refunded, 1) == 0;
}

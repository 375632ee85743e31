using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace TypedMcp.Redis;

/// <summary>
/// Limit counters in Redis, shared by every replica that uses the same Redis database and key prefix. One call's
/// charges are checked and reserved by one Lua script, atomically and all-or-nothing, in one round trip; a refund
/// (for a call provably not sent) is a second script. Commit needs no round trip: a reservation is simply kept.
/// </summary>
/// <remarks>
/// <para>Keys: <c>{prefix}scope:kind:id:windowMs:windowIndex</c>, e.g.
/// <c>{typedmcp:}run-time:calls:/tools/echo/rate_limit:60000:29467440</c>, one string counter per limit and window,
/// holding calls (or, for spend caps, millionths of the amount). The prefix is the keys' Redis Cluster hash tag (it is
/// wrapped in braces unless it has some), so one script may touch all of them. Each key expires when its window ends
/// (plus a minute; the time to live is relative, so it does not depend on Redis's clock agreeing with the replica's): a reservation that is neither kept nor refunded, because the process died between
/// the two, lapses with its window.</para>
/// <para>Windows are computed from the time the guard passes in (its <see cref="TimeProvider"/>), not Redis's clock,
/// so tests can move time and every store agrees on window boundaries (<see cref="LimitWindows"/>). Replicas should
/// keep their clocks in sync (NTP): a replica whose clock is off by <c>d</c> counts its calls in the neighbouring
/// window for <c>d</c> around each boundary.</para>
/// <para>When Redis cannot answer (down, timed out, script error), <see cref="LimitStore.FailMode"/> decides: closed
/// (the default) refuses the call, open lets it through uncounted. StackExchange.Redis's <c>asyncTimeout</c> bounds how
/// long a decision waits (connect with <c>abortConnect=false</c> so a replica starts while Redis is down).</para>
/// </remarks>
public sealed class RedisLimitStore : LimitStore
{
    // KEYS: one counter key per charge. ARGV: units, max and time to live (ms) per key, in key order.
    // Checks every counter first; counts nothing unless all fit. Returns {1} or {0, index (1-based), used}.
    internal const string ReserveScript = """
        local n = #KEYS
        for i = 1, n do
          local used = tonumber(redis.call('GET', KEYS[i]) or '0')
          if used + tonumber(ARGV[3 * i - 2]) > tonumber(ARGV[3 * i - 1]) then
            return {0, i, used}
          end
        end
        for i = 1, n do
          redis.call('INCRBY', KEYS[i], ARGV[3 * i - 2])
          redis.call('PEXPIRE', KEYS[i], ARGV[3 * i])
        end
        return {1}
        """;

    // Same check without counting.
    internal const string CheckScript = """
        for i = 1, #KEYS do
          local used = tonumber(redis.call('GET', KEYS[i]) or '0')
          if used + tonumber(ARGV[3 * i - 2]) > tonumber(ARGV[3 * i - 1]) then
            return {0, i, used}
          end
        end
        return {1}
        """;

    // KEYS: the reserved window keys; ARGV: units per key. A key that has expired is left alone (never recreated).
    internal const string RefundScript = """
        for i = 1, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            local left = redis.call('DECRBY', KEYS[i], ARGV[i])
            if left < 0 then redis.call('SET', KEYS[i], 0, 'KEEPTTL') end
          end
        end
        return 1
        """;

    /// <summary>Counters are exact in Lua (doubles) up to 2^53; a larger max is the same as no limit.</summary>
    private const long LuaExact = 9_007_199_254_740_991;

    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);
    private readonly IConnectionMultiplexer _redis;
    private readonly int _database;
    private readonly string _prefix;
    private readonly LimitStoreFailMode _failMode;

    /// <summary>Creates the store over a connection the application owns (and disposes).</summary>
    /// <param name="redis">The connection, e.g. <c>ConnectionMultiplexer.Connect("127.0.0.1:6379,abortConnect=false,asyncTimeout=1000")</c>.</param>
    /// <param name="keyPrefix">The key prefix every replica that shares limits uses (e.g. <c>billing-agent:</c>); replicas with different prefixes count separately.</param>
    /// <param name="failMode">What to do when Redis cannot answer: refuse calls (default) or let them through uncounted.</param>
    /// <param name="database">The Redis database (default: the connection's default).</param>
    public RedisLimitStore(IConnectionMultiplexer redis, string keyPrefix = "typedmcp:", LimitStoreFailMode failMode = LimitStoreFailMode.Closed, int database = -1)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _prefix = keyPrefix.Contains('{', StringComparison.Ordinal) && keyPrefix.Contains('}', StringComparison.Ordinal) ? keyPrefix : "{" + keyPrefix + "}";
        _failMode = failMode;
        _database = database;
        KeyPrefix = keyPrefix;
    }

    /// <summary>The key prefix as given.</summary>
    public string KeyPrefix { get; }

    /// <inheritdoc/>
    public override LimitStoreFailMode FailMode => _failMode;

    /// <inheritdoc/>
    public override string Description => $"Redis {Endpoints()} (prefix {KeyPrefix})";

    /// <summary>The Redis key of a counter in the window that contains <paramref name="now"/>.</summary>
    /// <param name="counter">The counter.</param>
    /// <param name="now">The time.</param>
    public string KeyOf(LimitCounter counter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(counter);
        return KeyOf(counter, LimitWindows.IndexOf(now, counter.Window));
    }

    /// <inheritdoc/>
    public override async ValueTask<LimitReservation> ReserveAsync(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charges);
        if (charges.Count == 0) { return LimitReservation.None; }
        var (keys, values, windows) = Arguments(charges, now);
        Task<RedisResult> reserve;
        try
        {
            reserve = _redis.GetDatabase(_database).ScriptEvaluateAsync(ReserveScript, keys, values);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            return LimitReservation.Unavailable(charges, e);
        }

        try
        {
            var result = await reserve.WaitAsync(cancellationToken).ConfigureAwait(false);
            return Read(result, charges, windows, now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The script may still run: the call is not sent, so whatever it reserved is given back.
            _ = RefundWhenReservedAsync(reserve, charges, windows, now);
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            return LimitReservation.Unavailable(charges, e);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask<LimitReservation> CheckAsync(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charges);
        if (charges.Count == 0) { return LimitReservation.None; }
        var (keys, values, windows) = Arguments(charges, now);
        try
        {
            var result = await _redis.GetDatabase(_database).ScriptEvaluateAsync(CheckScript, keys, values).WaitAsync(cancellationToken).ConfigureAwait(false);
            return Read(result, charges, windows, now);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            return LimitReservation.Unavailable(charges, e);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask RefundAsync(LimitReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TryMarkRefunded()) { return; }
        var keys = new RedisKey[reservation.Charges.Count];
        var values = new RedisValue[reservation.Charges.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = KeyOf(reservation.Charges[i].Counter, reservation.WindowIndexes[i]);
            values[i] = reservation.Charges[i].Units;
        }

        await _redis.GetDatabase(_database).ScriptEvaluateAsync(RefundScript, keys, values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask<IReadOnlyList<long>> GetUsedAsync(IReadOnlyList<LimitCounter> counters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        if (counters.Count == 0) { return Array.Empty<long>(); }
        var keys = new RedisKey[counters.Count];
        for (var i = 0; i < keys.Length; i++) { keys[i] = KeyOf(counters[i], now); }
        var values = await _redis.GetDatabase(_database).StringGetAsync(keys).WaitAsync(cancellationToken).ConfigureAwait(false);
        var used = new long[values.Length];
        for (var i = 0; i < used.Length; i++) { used[i] = values[i].IsNull ? 0 : (long)values[i]; }
        return used;
    }

    private string KeyOf(LimitCounter counter, long window)
        => string.Concat(_prefix, counter.Key, ":", window.ToString(CultureInfo.InvariantCulture));

    private (RedisKey[] Keys, RedisValue[] Values, long[] Windows) Arguments(IReadOnlyList<LimitCharge> charges, DateTimeOffset now)
    {
        var keys = new RedisKey[charges.Count];
        var values = new RedisValue[charges.Count * 3];
        var windows = new long[charges.Count];
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            if (charge.Units < 0) { throw new ArgumentException("A charge cannot be negative.", nameof(charges)); }
            windows[i] = LimitWindows.IndexOf(now, charge.Counter.Window);
            keys[i] = KeyOf(charge.Counter, windows[i]);
            values[3 * i] = charge.Units;
            values[(3 * i) + 1] = Math.Min(charge.Max, LuaExact);
            // Relative to Redis's own clock: a replica whose clock is behind must not create keys that expire at once.
            values[(3 * i) + 2] = (long)Math.Ceiling((LimitWindows.EndOf(windows[i], charge.Counter.Window) - now + Grace).TotalMilliseconds);
        }

        return (keys, values, windows);
    }

    private static LimitReservation Read(RedisResult result, IReadOnlyList<LimitCharge> charges, long[] windows, DateTimeOffset now)
    {
        var parts = (RedisResult[]?)result;
        if (parts is null || parts.Length == 0) { return LimitReservation.Unavailable(charges, new InvalidOperationException("The limit script answered nothing.")); }
        if ((long)parts[0] == 1) { return LimitReservation.Reserved(charges, windows); }
        var index = (int)(long)parts[1] - 1;
        return LimitReservation.Exhausted(charges, index, LimitWindows.Remaining(now, charges[index].Counter.Window));
    }

    private async Task RefundWhenReservedAsync(Task<RedisResult> reserve, IReadOnlyList<LimitCharge> charges, long[] windows, DateTimeOffset now)
    {
        try
        {
            var result = await reserve.ConfigureAwait(false);
            var reservation = Read(result, charges, windows, now);
            if (reservation.Status == LimitReservationStatus.Reserved) { await RefundAsync(reservation, CancellationToken.None).ConfigureAwait(false); }
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            // Nothing reserved, or the refund failed: either way the reservation lapses with its window.
        }
    }

    private static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException or InvalidCastException;

    private string Endpoints()
    {
        try
        {
            var endpoints = _redis.GetEndPoints();
            return endpoints.Length == 0 ? "(no endpoint)" : string.Join(",", (object[])endpoints);
        }
        catch (ObjectDisposedException)
        {
            return "(disposed)";
        }
    }
}

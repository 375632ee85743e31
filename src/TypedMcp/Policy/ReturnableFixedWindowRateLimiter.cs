using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace TypedMcp;

/// <summary>
/// A fixed-window rate limiter with the behaviour of <see cref="FixedWindowRateLimiter"/> configured with
/// <c>QueueLimit = 0</c> and <c>AutoReplenishment = true</c> (at most <c>permitLimit</c> permits per window, a request
/// that does not fit fails at once), plus one thing it lacks: a lease can be given back with
/// <see cref="QuotaLease.Return"/> while its window lasts. The guard reserves quota before a call and gives it back when
/// the call fails in transport, which <see cref="RateLimitLease"/> cannot express.
/// </summary>
/// <remarks>
/// Windows are measured from the limiter's creation with a <see cref="TimeProvider"/> and computed on demand, so no
/// timer runs (the effect of auto replenishment without a thread). All state is guarded by a lock that a
/// <see cref="PolicyLimiters"/> shares between its limiters, so several limits can be reserved all-or-nothing.
/// </remarks>
internal sealed class ReturnableFixedWindowRateLimiter : RateLimiter
{
    private readonly object _gate;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private long _window;
    private long _used;
    private long _lastActivity;
    private long _successful;
    private long _failed;

    public ReturnableFixedWindowRateLimiter(long permitLimit, TimeSpan window, TimeProvider time, object gate)
    {
        if (permitLimit < 0) { throw new ArgumentOutOfRangeException(nameof(permitLimit)); }
        if (window <= TimeSpan.Zero) { throw new ArgumentOutOfRangeException(nameof(window)); }
        PermitLimit = permitLimit;
        Window = window;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _origin = time.GetTimestamp();
        _lastActivity = _origin;
    }

    /// <summary>The most permits per window.</summary>
    public long PermitLimit { get; }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <inheritdoc/>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _used == 0 ? _time.GetElapsedTime(_lastActivity) : null;
            }
        }
    }

    /// <summary>Permits used in the current window.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _used;
            }
        }
    }

    /// <summary>How long until the current window ends.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (_gate)
            {
                var elapsed = _time.GetElapsedTime(_origin);
                var index = elapsed.Ticks / Window.Ticks;
                return TimeSpan.FromTicks(((index + 1) * Window.Ticks) - elapsed.Ticks);
            }
        }
    }

    /// <inheritdoc/>
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Roll();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = PermitLimit - _used,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>Whether <paramref name="permitCount"/> permits are left in the current window (nothing is taken).</summary>
    public bool CanAcquire(long permitCount)
    {
        lock (_gate)
        {
            Roll();
            return _used + permitCount <= PermitLimit;
        }
    }

    /// <inheritdoc/>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount < 0) { throw new ArgumentOutOfRangeException(nameof(permitCount)); }
        lock (_gate)
        {
            Roll();
            _lastActivity = _time.GetTimestamp();
            if (_used + permitCount > PermitLimit)
            {
                _failed++;
                return new QuotaLease(this, 0, _window, false, RetryAfter);
            }

            _used += permitCount;
            _successful++;
            return new QuotaLease(this, permitCount, _window, true, null);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Nothing is queued (QueueLimit 0): a request that does not fit fails at once, as with <see cref="AttemptAcquireCore"/>.</remarks>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<RateLimitLease>(AttemptAcquireCore(permitCount));
    }

    /// <summary>Gives permits back, if their window is still the current one (a new window has all its permits anyway).</summary>
    internal void Return(int permitCount, long window)
    {
        lock (_gate)
        {
            Roll();
            if (window != _window) { return; }
            _used = Math.Max(0, _used - permitCount);
        }
    }

    private void Roll()
    {
        var index = _time.GetElapsedTime(_origin).Ticks / Window.Ticks;
        if (index == _window) { return; }
        _window = index;
        _used = 0;
    }

    /// <summary>A lease from <see cref="ReturnableFixedWindowRateLimiter"/>; disposing it keeps the permits used (as a fixed window does), <see cref="Return"/> gives them back.</summary>
    internal sealed class QuotaLease : RateLimitLease
    {
        private static readonly string[] RetryAfterOnly = { MetadataName.RetryAfter.Name };
        private static readonly string[] NoMetadata = Array.Empty<string>();
        private readonly ReturnableFixedWindowRateLimiter _owner;
        private readonly int _permits;
        private readonly long _window;
        private readonly TimeSpan? _retryAfter;
        private int _returned;

        public QuotaLease(ReturnableFixedWindowRateLimiter owner, int permits, long window, bool acquired, TimeSpan? retryAfter)
        {
            _owner = owner;
            _permits = permits;
            _window = window;
            IsAcquired = acquired;
            _retryAfter = retryAfter;
        }

        /// <inheritdoc/>
        public override bool IsAcquired { get; }

        /// <inheritdoc/>
        public override System.Collections.Generic.IEnumerable<string> MetadataNames => _retryAfter is null ? NoMetadata : RetryAfterOnly;

        /// <inheritdoc/>
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } retry && string.Equals(metadataName, MetadataName.RetryAfter.Name, StringComparison.Ordinal))
            {
                metadata = retry;
                return true;
            }

            metadata = null;
            return false;
        }

        /// <summary>Gives the permits back (once) if their window is still current.</summary>
        public void Return()
        {
            if (!IsAcquired || Interlocked.Exchange(ref _returned, 1) != 0) { return; }
            _owner.Return(_permits, _window);
        }
    }
}

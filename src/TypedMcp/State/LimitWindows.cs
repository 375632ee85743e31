using System;

namespace TypedMcp;

/// <summary>
/// The fixed windows limits count in, the same in every store and every replica: aligned to UTC. Window <c>i</c> of
/// length <c>L</c> is <c>[epoch + i·L, epoch + (i+1)·L)</c> with <c>epoch</c> the Unix epoch (1970-01-01T00:00:00Z), so
/// minute, hour and day windows start on the UTC minute, hour and midnight (Intercept's calendar-aligned windows),
/// and other lengths on multiples of the length since the epoch (a 7-day window starts on a Thursday).
/// </summary>
public static class LimitWindows
{
    /// <summary>The index of the window of length <paramref name="window"/> that contains <paramref name="utc"/>.</summary>
    /// <param name="utc">The time.</param>
    /// <param name="window">The window length (positive).</param>
    public static long IndexOf(DateTimeOffset utc, TimeSpan window)
    {
        if (window <= TimeSpan.Zero) { throw new ArgumentOutOfRangeException(nameof(window), "A window must be positive."); }
        var sinceEpoch = utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var index = sinceEpoch / window.Ticks;
        return sinceEpoch < 0 && sinceEpoch % window.Ticks != 0 ? index - 1 : index;
    }

    /// <summary>When window <paramref name="index"/> of length <paramref name="window"/> starts.</summary>
    /// <param name="index">The window index.</param>
    /// <param name="window">The window length.</param>
    public static DateTimeOffset StartOf(long index, TimeSpan window) => DateTimeOffset.UnixEpoch.AddTicks(index * window.Ticks);

    /// <summary>When window <paramref name="index"/> of length <paramref name="window"/> ends (the next one starts).</summary>
    /// <param name="index">The window index.</param>
    /// <param name="window">The window length.</param>
    public static DateTimeOffset EndOf(long index, TimeSpan window) => DateTimeOffset.UnixEpoch.AddTicks((index + 1) * window.Ticks);

    /// <summary>How long from <paramref name="utc"/> until its window of length <paramref name="window"/> ends.</summary>
    /// <param name="utc">The time.</param>
    /// <param name="window">The window length.</param>
    public static TimeSpan Remaining(DateTimeOffset utc, TimeSpan window) => EndOf(IndexOf(utc, window), window) - utc;
}

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TypedMcp;

/// <summary>
/// Limit counters in this process (the default store): one lock for all counters, so the charges of a call are
/// reserved all-or-nothing and, under any number of concurrent calls against a limit of N per window, exactly N get
/// through. Counters are keyed by <see cref="LimitCounter.Key"/>, so they survive policy reloads; share one instance
/// between guards (<see cref="TypedMcpClientOptions.LimitStore"/>) to share their counters within the process.
/// </summary>
public sealed class InProcessLimitStore : LimitStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string Description => "in-process";

    /// <inheritdoc/>
    public override ValueTask<LimitReservation> ReserveAsync(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
        => new(Reserve(charges, now, hold: true));

    /// <inheritdoc/>
    public override ValueTask<LimitReservation> CheckAsync(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, CancellationToken cancellationToken)
        => new(Reserve(charges, now, hold: false));

    /// <inheritdoc/>
    public override ValueTask RefundAsync(LimitReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TryMarkRefunded()) { return default; }
        lock (_gate)
        {
            for (var i = 0; i < reservation.Charges.Count; i++)
            {
                var charge = reservation.Charges[i];
                if (_counters.TryGetValue(charge.Counter.Key, out var counter) && counter.Window == reservation.WindowIndexes[i])
                {
                    counter.Used = Math.Max(0, counter.Used - charge.Units);
                }
            }
        }

        return default;
    }

    /// <inheritdoc/>
    public override ValueTask<IReadOnlyList<long>> GetUsedAsync(IReadOnlyList<LimitCounter> counters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var used = new long[counters.Count];
        lock (_gate)
        {
            for (var i = 0; i < counters.Count; i++)
            {
                if (_counters.TryGetValue(counters[i].Key, out var counter) && counter.Window == LimitWindows.IndexOf(now, counters[i].Window)) { used[i] = counter.Used; }
            }
        }

        return new ValueTask<IReadOnlyList<long>>(used);
    }

    private LimitReservation Reserve(IReadOnlyList<LimitCharge> charges, DateTimeOffset now, bool hold)
    {
        ArgumentNullException.ThrowIfNull(charges);
        if (charges.Count == 0) { return LimitReservation.None; }
        var windows = new long[charges.Count];
        lock (_gate)
        {
            var counters = new Counter[charges.Count];
            for (var i = 0; i < charges.Count; i++)
            {
                var charge = charges[i];
                windows[i] = LimitWindows.IndexOf(now, charge.Counter.Window);
                if (!_counters.TryGetValue(charge.Counter.Key, out var counter))
                {
                    counter = new Counter { Window = windows[i] };
                    _counters.Add(charge.Counter.Key, counter);
                }

                if (counter.Window != windows[i])
                {
                    counter.Window = windows[i];
                    counter.Used = 0;
                }

                if (counter.Used + charge.Units > charge.Max || charge.Units < 0)
                {
                    return LimitReservation.Exhausted(charges, i, LimitWindows.Remaining(now, charge.Counter.Window));
                }

                counters[i] = counter;
            }

            if (!hold) { return LimitReservation.Reserved(charges, windows); }
            for (var i = 0; i < charges.Count; i++) { counters[i].Used += charges[i].Units; }
        }

        return LimitReservation.Reserved(charges, windows);
    }

    private sealed class Counter
    {
        public long Window;
        public long Used;
    }
}

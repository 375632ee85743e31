using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>Step 7: the charges of a call, reserved in the <see cref="LimitStore"/>.</summary>
public sealed partial class PolicyGuard
{
    private static readonly ConditionalWeakTable<PolicyLimit, CounterCache> Counters = new();
    private readonly ConcurrentDictionary<string, (LimitCounter Counter, string Scope, PolicyLimit Limit)> _charged = new(StringComparer.Ordinal);
    private int _storeDown;
    private string? _lastUnreadable;

    /// <summary>How much of each limit's current window is used, as the limit store says (counters appear once this guard has charged them).</summary>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    public async ValueTask<IReadOnlyList<PolicyLimitUsage>> GetLimitUsageAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<(LimitCounter Counter, string Scope, PolicyLimit Limit)>(_charged.Values);
        entries.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Scope, b.Scope);
            return c != 0 ? c : string.CompareOrdinal(a.Counter.Key, b.Counter.Key);
        });
        var counters = new LimitCounter[entries.Count];
        for (var i = 0; i < counters.Length; i++) { counters[i] = entries[i].Counter; }
        var used = await _store.GetUsedAsync(counters, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var result = new List<PolicyLimitUsage>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (counter, scope, limit) = entries[i];
            result.Add(limit.IsSpendCap
                ? new PolicyLimitUsage(scope, limit.Id, limit.Max, limit.Window, (long)decimal.Ceiling(used[i] / PolicyLimit.UnitsPerAmount)) { AmountPath = limit.AmountPath, MaxAmount = limit.MaxAmount, UsedAmount = used[i] / PolicyLimit.UnitsPerAmount }
                : new PolicyLimitUsage(scope, limit.Id, limit.Max, limit.Window, used[i]));
        }

        return result;
    }

    /// <summary>The charges of one call: one per counter (limits sharing a counter add up), with the first limit of each for messages.</summary>
    private ChargeSet BuildCharges(string toolName, IReadOnlyList<(string Scope, PolicyLimit Limit)> limits, JsonElement arguments, DecisionTrace? trace)
    {
        if (limits.Count == 0) { return ChargeSet.Empty; }
        var charges = new List<LimitCharge>(limits.Count);
        var firsts = new List<(string Scope, PolicyLimit Limit)>(limits.Count);
        foreach (var entry in limits)
        {
            var limit = entry.Limit;
            if (!limit.IsValid)
            {
                trace?.Limit(limit.Id, "limit_invalid", null);
                throw Denied(LimitDenial(toolName, entry, $"the limit cannot be read ({limit.Error}), so it allows no calls until it is fixed"), DocumentOf(entry.Scope), ToolCallReader.KeysOf(arguments));
            }

            long units = 1;
            if (limit.IsSpendCap && !TryReadAmount(arguments, limit, out units, out var problem))
            {
                trace?.Limit(limit.Id, "amount_invalid", null);
                throw Denied(LimitDenial(toolName, entry, $"{problem}, so the spend cannot be counted and the call is refused"), DocumentOf(entry.Scope), ToolCallReader.KeysOf(arguments));
            }

            var counter = CounterOf(entry.Scope, limit);
            _charged.TryAdd(counter.Key, (counter, entry.Scope, limit));
            var i = IndexOf(charges, counter);
            if (i < 0)
            {
                charges.Add(new LimitCharge(counter, limit.MaxUnits, units));
                firsts.Add(entry);
                continue;
            }

            // Two limits of one call on one counter (the same id): both count, and the stricter max holds.
            var existing = charges[i];
            long sum;
            try
            {
                sum = checked(existing.Units + units);
            }
            catch (OverflowException)
            {
                trace?.Limit(limit.Id, "amount_invalid", null);
                throw Denied(LimitDenial(toolName, entry, "the amounts of this call overflow its counter"), DocumentOf(entry.Scope), ToolCallReader.KeysOf(arguments));
            }

            charges[i] = new LimitCharge(counter, Math.Min(existing.Max, limit.MaxUnits), sum);
        }

        return new ChargeSet(charges, firsts);
    }

    /// <summary>The refusal for a reservation that did not go through, or null when the store is down and fails open.</summary>
    private McpPolicyDeniedException? LimitRefusal(string toolName, ChargeSet charges, LimitReservation result, DecisionTrace? trace)
    {
        if (result.Status == LimitReservationStatus.Exhausted)
        {
            StoreAnswered();
            var entry = charges.Firsts[result.ExhaustedIndex];
            trace?.Limit(entry.Limit.Id, "exhausted", _store.Description);
            var why = entry.Limit.IsSpendCap
                ? $"the spend in the current window has no room for this call's {entry.Limit.AmountPath}; try again in {Seconds(result.RetryAfter)} s"
                : $"no calls are left in the current window; try again in {Seconds(result.RetryAfter)} s";
            return Denied(LimitDenial(toolName, entry, why), DocumentOf(entry.Scope), "(limits)");
        }

        var error = result.Error?.Message ?? "no answer";
        if (_store.FailMode == LimitStoreFailMode.Open)
        {
            trace?.Limit(charges.Firsts[0].Limit.Id, "store_unavailable_open", _store.Description);
            if (Interlocked.Exchange(ref _storeDown, 1) == 0) { LogStoreDownOpen(_logger, _store.Description, error); }
            return null;
        }

        trace?.Limit(charges.Firsts[0].Limit.Id, "store_unavailable", _store.Description);
        if (Interlocked.Exchange(ref _storeDown, 1) == 0) { LogStoreDownClosed(_logger, _store.Description, error); }
        var first = charges.Firsts[0];
        var limitsText = new List<string>(charges.Firsts.Count);
        foreach (var f in charges.Firsts) { limitsText.Add(f.Limit.ToString()); }
        var denial = new PolicyDecision(PolicyVerdict.Deny, DecisionStep.LimitExhausted, toolName, first.Limit.Pointer,
            $"Tool '{toolName}' is refused: its limits ({string.Join("; ", limitsText)}) are counted in the limit store {_store.Description}, which cannot answer ({error}). Calls are refused while it is down (fail mode closed); fix the store, or configure LimitStoreFailMode.Open to let calls through uncounted.",
            null, first.Limit.Span);
        return Denied(denial, DocumentOf(first.Scope), "(limits)");
    }

    // The store answered again after failing: say so once.
    private void StoreAnswered()
    {
        if (Volatile.Read(ref _storeDown) != 0 && Interlocked.Exchange(ref _storeDown, 0) != 0) { LogStoreBack(_logger, _store.Description); }
    }

    private static PolicyDecision LimitDenial(string toolName, (string Scope, PolicyLimit Limit) entry, string why)
        => new(PolicyVerdict.Deny, DecisionStep.LimitExhausted, toolName, entry.Limit.Pointer,
            $"Tool '{toolName}' is refused by the {entry.Scope} policy's limit {entry.Limit} : {why}.", null, entry.Limit.Span);

    private PolicyDocument? DocumentOf(string scope) => string.Equals(scope, RuntimeScope, StringComparison.Ordinal) ? RuntimePolicy : BuiltInPolicy;

    private static string Seconds(TimeSpan t) => Math.Ceiling(t.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a spend cap's amount from the arguments as sent: a JSON number, 0 or more, counted in millionths
    /// (rounded up). Absent, null, a string (even a numeric one), negative or too large: refused (fail closed).
    /// </summary>
    internal static bool TryReadAmount(JsonElement arguments, PolicyLimit limit, out long units, out string? problem)
    {
        units = 0;
        var value = arguments;
        foreach (var segment in limit.AmountSegments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
            {
                problem = $"{limit.AmountPath} is absent";
                return false;
            }
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            problem = $"{limit.AmountPath} is {Kind(value)}, not a number";
            return false;
        }

        if (!decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            problem = $"{limit.AmountPath} is a number too large to count";
            return false;
        }

        if (amount < 0)
        {
            problem = $"{limit.AmountPath} is negative (a negative amount would give spend back)";
            return false;
        }

        if (amount > PolicyLimit.MaxSpendCap)
        {
            problem = $"{limit.AmountPath} is larger than any spend cap ({PolicyLimit.MaxSpendCap.ToString(CultureInfo.InvariantCulture)})";
            return false;
        }

        units = (long)decimal.Ceiling(amount * PolicyLimit.UnitsPerAmount);
        problem = null;
        return true;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static LimitCounter CounterOf(string scope, PolicyLimit limit)
    {
        var cache = Counters.GetValue(limit, static l => new CounterCache());
        var builtIn = string.Equals(scope, BuiltInScope, StringComparison.Ordinal);
        var counter = builtIn ? cache.BuiltIn : cache.RunTime;
        if (counter is not null && string.Equals(counter.Scope, scope, StringComparison.Ordinal)) { return counter; }
        counter = new LimitCounter(scope, limit.IsSpendCap ? LimitCounterKind.Spend : LimitCounterKind.Calls, limit.Id, limit.Window);
        if (builtIn) { cache.BuiltIn = counter; } else { cache.RunTime = counter; }
        return counter;
    }

    // A loop, not FindIndex with a lambda: the lambda would capture the counter and allocate on every call.
    private static int IndexOf(List<LimitCharge> charges, LimitCounter counter)
    {
        for (var i = 0; i < charges.Count; i++)
        {
            if (ReferenceEquals(charges[i].Counter, counter) || charges[i].Counter.Equals(counter)) { return i; }
        }

        return -1;
    }

    // A run-time policy that cannot be read is logged once per problem, however many calls it refuses.
    private void ReportUnreadable(string reason)
    {
        if (string.Equals(Interlocked.Exchange(ref _lastUnreadable, reason), reason, StringComparison.Ordinal)) { return; }
        LogRuntimePolicyUnreadable(_logger, reason);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "The limit store {Store} cannot answer ({Reason}); tool calls with limits are refused until it answers again (fail mode closed).")]
    private static partial void LogStoreDownClosed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The limit store {Store} cannot answer ({Reason}); tool calls go through WITHOUT their limits until it answers again (fail mode open).")]
    private static partial void LogStoreDownOpen(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "The limit store {Store} answers again; limits are enforced.")]
    private static partial void LogStoreBack(ILogger logger, string store);

    private sealed class CounterCache
    {
        public LimitCounter? BuiltIn;
        public LimitCounter? RunTime;
    }

    private sealed class ChargeSet
    {
        public static readonly ChargeSet Empty = new(Array.Empty<LimitCharge>(), Array.Empty<(string, PolicyLimit)>());

        public ChargeSet(IReadOnlyList<LimitCharge> charges, IReadOnlyList<(string Scope, PolicyLimit Limit)> firsts)
        {
            Charges = charges;
            Firsts = firsts;
        }

        public IReadOnlyList<LimitCharge> Charges { get; }

        public IReadOnlyList<(string Scope, PolicyLimit Limit)> Firsts { get; }

        public int Count => Charges.Count;
    }
}

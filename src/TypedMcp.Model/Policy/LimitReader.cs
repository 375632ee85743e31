using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Reads quotas: <c>all_tools</c>, and the <c>rate_limit</c>, <c>limits</c> and <c>spend_limit</c> of <c>all_tools</c>
/// and of each rule. A limit that cannot be read becomes a limit of zero calls, which the run-time guard refuses
/// (fail closed).
/// </summary>
/// <remarks>
/// Spellings read: <c>{ "max": N, "window": SECONDS }</c> with an optional <c>id</c>; <c>window</c> also as
/// <c>"second"</c>, <c>"minute"</c>, <c>"hour"</c> or <c>"day"</c> (Intercept's window names); <c>rate_limit</c> also
/// as <c>"N/minute"</c>; a spend cap as <c>"spend_limit": { "max": 500, "window": "day", "amount": "args.amount" }</c>
/// (<c>increment_from</c> is Intercept's name for <c>amount</c>), as <c>"spend_limit": "$500/day"</c> (PolicyLayer's
/// shorthand; it counts <c>args.amount</c>), or as a <c>limits</c> entry with an <c>amount</c>.
/// </remarks>
/// <param name="file">The file being read.</param>
internal sealed class LimitReader(PolicyFileReader file)
{
    /// <summary>The argument the <c>"$500/day"</c> shorthand counts.</summary>
    public const string DefaultAmountPath = "args.amount";

    private const string Closed = " Until it is fixed, the calls it covers are refused at run time.";
    private static readonly string[] AllToolsKeys = { "limits", "rate_limit", "spend_limit" };
    private static readonly string[] LimitKeys = { "max", "window", "id", "amount", "increment_from" };
    private static readonly Regex RateShorthand = new(@"^\s*(\d{1,18})\s*/\s*([A-Za-z]+)\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex SpendShorthand = new(@"^\s*\$?\s*(\d{1,10}(?:\.\d{1,6})?)\s*/\s*([A-Za-z]+)\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Reads the value of <c>all_tools</c> (null when the policy has none).</summary>
    public IReadOnlyList<PolicyLimit> ReadAllTools(LocatedJsonNode? node)
    {
        var limits = new List<PolicyLimit>();
        if (node is null) { return limits.AsReadOnly(); }
        if (!node.IsObject)
        {
            var message = $"\"all_tools\" must be an object such as {{ \"limits\": [ {{ \"max\": 600, \"window\": 3600 }} ] }}, not {node.KindName}.";
            file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, message + " Until it is fixed every call is refused at run time.");
            limits.Add(Broken("/all_tools", node.Span, message, null));
        }
        else if (file.CheckDuplicates(node, "all_tools"))
        {
            file.UnknownKeys(node, "in \"all_tools\"", AllToolsKeys);
            ReadLimits(node, "/all_tools", limits, spendAllowed: false);
        }
        else
        {
            limits.Add(Broken("/all_tools", node.Span, "\"all_tools\" has a duplicate key", null));
        }

        return limits.AsReadOnly();
    }

    /// <summary>
    /// Reads the <c>rate_limit</c>, then the <c>limits</c>, then the <c>spend_limit</c> of <paramref name="owner"/> into
    /// <paramref name="into"/>. Spend caps belong to tool rules: under <c>all_tools</c> (<paramref name="spendAllowed"/>
    /// false) one is an error, since every tool without the argument would be refused.
    /// </summary>
    public void ReadLimits(LocatedJsonNode owner, string ownerPointer, List<PolicyLimit> into, bool spendAllowed = true)
    {
        if (owner.GetProperty("rate_limit") is { } rate)
        {
            into.Add(ReadRateLimit(rate.Value, JsonPointer.Member(ownerPointer, "rate_limit")));
        }

        if (owner["limits"] is { } limits)
        {
            var pointer = JsonPointer.Member(ownerPointer, "limits");
            if (!limits.IsArray)
            {
                into.Add(BrokenWithError(pointer, limits.Span, $"\"limits\" must be an array of {{ \"max\": N, \"window\": SECONDS }} objects, not {limits.KindName}."));
            }
            else
            {
                for (var i = 0; i < limits.Items.Count; i++)
                {
                    into.Add(ReadLimitObject(limits.Items[i], JsonPointer.Item(pointer, i), spendAllowed));
                }
            }
        }

        if (owner.GetProperty("spend_limit") is { } spend)
        {
            var pointer = JsonPointer.Member(ownerPointer, "spend_limit");
            into.Add(spendAllowed ? ReadSpendLimit(spend.Value, pointer) : SpendNotAllowed(pointer, spend.Value.Span));
        }
    }

    private PolicyLimit ReadRateLimit(LocatedJsonNode node, string pointer)
    {
        if (node.IsObject) { return ReadLimitObject(node, pointer, spendAllowed: false); }
        if (node.AsString() is { } text)
        {
            return ReadShorthand(text, node.Span, pointer)
                ?? BrokenWithError(pointer, node.Span, $"Rate limit \"{text}\" is not understood; write \"N/second\", \"N/minute\", \"N/hour\", \"N/day\" or {{ \"max\": N, \"window\": SECONDS }}.");
        }

        return BrokenWithError(pointer, node.Span, $"\"rate_limit\" must be {{ \"max\": N, \"window\": SECONDS }} or a string such as \"10/minute\", not {node.KindName}.");
    }

    private PolicyLimit ReadSpendLimit(LocatedJsonNode node, string pointer)
    {
        if (node.IsObject)
        {
            if (node["amount"] is null && node["increment_from"] is null)
            {
                return BrokenWithError(pointer, node.Span, "A spend_limit needs \"amount\": the argument whose value each call adds, e.g. \"amount\": \"args.amount\".");
            }

            return ReadLimitObject(node, pointer, spendAllowed: true);
        }

        if (node.AsString() is { } text)
        {
            var m = SpendShorthand.Match(text);
            if (m.Success && UnitWindow(m.Groups[2].Value) is { } window
                && decimal.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var max))
            {
                return SpendCap(max, window, null, pointer, node.Span, DefaultAmountPath);
            }

            return BrokenWithError(pointer, node.Span, $"Spend limit \"{text}\" is not understood; write \"$500/day\" (it counts {DefaultAmountPath}; units second, minute, hour, day) or {{ \"max\": 500, \"window\": \"day\", \"amount\": \"args.amount\" }}.");
        }

        return BrokenWithError(pointer, node.Span, $"\"spend_limit\" must be {{ \"max\": 500, \"window\": \"day\", \"amount\": \"args.amount\" }} or a string such as \"$500/day\", not {node.KindName}.");
    }

    private PolicyLimit SpendNotAllowed(string pointer, SourceSpan span)
        => BrokenWithError(pointer, span, "A spend cap belongs to a tool rule, not to \"all_tools\": every tool without the amount argument would be refused. Put a spend_limit on each tool whose spend it caps, with the same \"id\" to share one cap.");

    // "N/unit", e.g. "10/minute"; null when the text is not one.
    private static PolicyLimit? ReadShorthand(string text, SourceSpan span, string pointer)
    {
        var m = RateShorthand.Match(text);
        if (!m.Success) { return null; }
        return UnitWindow(m.Groups[2].Value) is { } w && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            ? new PolicyLimit(max, w, null, pointer, span, null)
            : null;
    }

    private static TimeSpan? UnitWindow(string unit) => unit.ToLowerInvariant() switch
    {
        "s" or "sec" or "second" or "seconds" => TimeSpan.FromSeconds(1),
        "m" or "min" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
        "h" or "hr" or "hour" or "hours" => TimeSpan.FromHours(1),
        "d" or "day" or "days" => TimeSpan.FromDays(1),
        _ => null,
    };

    private PolicyLimit ReadLimitObject(LocatedJsonNode node, string pointer, bool spendAllowed)
    {
        if (!node.IsObject)
        {
            return BrokenWithError(pointer, node.Span, $"A limit must be an object {{ \"max\": N, \"window\": SECONDS }}, not {node.KindName}.");
        }

        string? error = file.CheckDuplicates(node, $"limit {pointer}") ? null : "the limit has a duplicate key";
        file.UnknownKeys(node, "in a limit", LimitKeys);
        var id = ReadId(node["id"], ref error);
        var amount = ReadAmountPath(node, spendAllowed, out var segments, ref error);
        if (amount is not null)
        {
            var cap = ReadSpendMax(node, ref error);
            var spendWindow = ReadWindow(node, ref error);
            return error is null ? SpendCap(cap, spendWindow, id, pointer, node.Span, amount, segments) : Broken(pointer, node.Span, error, id, amount);
        }

        var max = ReadMax(node, ref error);
        var window = ReadWindow(node, ref error);
        return error is null ? new PolicyLimit(max, window, id, pointer, node.Span, null) : Broken(pointer, node.Span, error, id);
    }

    private PolicyLimit SpendCap(decimal max, TimeSpan window, string? id, string pointer, SourceSpan span, string amountPath, IReadOnlyList<string>? segments = null)
        => new((long)decimal.Floor(max), window, id, pointer, span, null, amountPath, segments ?? PredicateReader.ArgumentPath(amountPath), max);

    // "amount" (ours) or "increment_from" (Intercept's name); null for a call limit. A bad one is an error, never a call limit.
    private string? ReadAmountPath(LocatedJsonNode limit, bool spendAllowed, out IReadOnlyList<string>? segments, ref string? error)
    {
        segments = null;
        var amount = limit.GetProperty("amount");
        var incrementFrom = limit.GetProperty("increment_from");
        var chosen = amount ?? incrementFrom;
        if (chosen is null) { return null; }
        if (!spendAllowed)
        {
            Problem(chosen.NameSpan, "A spend cap (a limit with \"amount\") belongs to a tool's \"limits\" or \"spend_limit\", not to \"all_tools\" or \"rate_limit\": every call without the argument would be refused.", ref error);
            return chosen.Value.AsString() ?? DefaultAmountPath;
        }

        if (amount is not null && incrementFrom is not null && !LocatedJsonNode.DeepEquals(amount.Value, incrementFrom.Value))
        {
            Problem(incrementFrom.NameSpan, "The limit has both \"amount\" and \"increment_from\" (two spellings of the counted argument) with different paths; keep one.", ref error);
        }

        var text = chosen.Value.AsString();
        if (text is null)
        {
            Problem(chosen.Value.Span, $"\"{chosen.Name}\" must be a path such as \"args.amount\", not {chosen.Value.KindName}.", ref error);
            return DefaultAmountPath;
        }

        segments = PredicateReader.ArgumentPath(text);
        if (segments is null)
        {
            Problem(chosen.Value.Span, $"\"{chosen.Name}\" path \"{text}\" must start with \"args.\" and name an argument, with non-empty segments separated by dots (e.g. \"args.amount\").", ref error);
        }

        return text;
    }

    private string? ReadId(LocatedJsonNode? node, ref string? error)
    {
        if (node is null) { return null; }
        if (node.AsString() is { Length: > 0 } id) { return id; }
        Problem(node.Span, $"A limit's \"id\" must be a non-empty string, not {node.KindName}.", ref error);
        return null;
    }

    private long ReadMax(LocatedJsonNode limit, ref string? error)
    {
        var node = limit["max"];
        if (node is null) { Problem(limit.Span, "The limit has no \"max\" (the most calls per window).", ref error); }
        else if (node.AsInt64() is { } max && max >= 0) { return max; }
        else { Problem(node.Span, $"\"max\" must be a whole number of calls, 0 or more, not {node}.", ref error); }
        return 0;
    }

    private decimal ReadSpendMax(LocatedJsonNode limit, ref string? error)
    {
        var node = limit["max"];
        if (node is null) { Problem(limit.Span, "The spend cap has no \"max\" (the most the amounts may add up to per window).", ref error); }
        else if (node.AsDecimal() is { } max && max >= 0 && max <= PolicyLimit.MaxSpendCap) { return max; }
        else { Problem(node.Span, $"The spend cap's \"max\" must be a number from 0 to {PolicyLimit.MaxSpendCap.ToString(CultureInfo.InvariantCulture)}, not {node}.", ref error); }
        return 0;
    }

    private TimeSpan ReadWindow(LocatedJsonNode limit, ref string? error)
    {
        var node = limit["window"];
        if (node is null)
        {
            Problem(limit.Span, "The limit has no \"window\" (its length in seconds).", ref error);
        }
        else if (node.AsString() is { } name && name.Trim().Length > 1 && UnitWindow(name.Trim()) is { } named)
        {
            return named;
        }
        else if (node.AsDouble() is { } seconds && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            var window = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return window <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : window;
        }
        else
        {
            Problem(node.Span, $"\"window\" must be a positive number of seconds, not {node}." + (node.IsString ? " (Named windows are \"second\", \"minute\", \"hour\" and \"day\".)" : string.Empty), ref error);
        }

        return TimeSpan.FromSeconds(1);
    }

    // Reports one problem of a limit; the first one is why the limit is broken.
    private void Problem(SourceSpan span, string message, ref string? error)
    {
        file.Error(DiagnosticIds.PolicyBadLimit, span, message + Closed);
        error ??= message;
    }

    private PolicyLimit BrokenWithError(string pointer, SourceSpan span, string message)
    {
        file.Error(DiagnosticIds.PolicyBadLimit, span, message + Closed);
        return Broken(pointer, span, message, null);
    }

    private PolicyLimit Broken(string pointer, SourceSpan span, string error, string? id, string? amountPath = null)
        => new(0, TimeSpan.FromSeconds(1), id, pointer, span, $"{file.Where(span)}: {error}", amountPath, null, 0);
}

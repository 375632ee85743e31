using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Reads quotas: <c>all_tools</c>, and the <c>rate_limit</c> and <c>limits</c> of <c>all_tools</c> and of each
/// rule. A limit that cannot be read becomes a limit of zero calls, which the run-time guard refuses (fail closed).
/// </summary>
/// <param name="file">The file being read.</param>
internal sealed class LimitReader(PolicyFileReader file)
{
    private const string Closed = " Until it is fixed, the calls it covers are refused at run time.";
    private static readonly string[] AllToolsKeys = { "limits", "rate_limit" };
    private static readonly string[] LimitKeys = { "max", "window", "id" };
    private static readonly Regex RateShorthand = new(@"^\s*(\d{1,18})\s*/\s*([A-Za-z]+)\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

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
            ReadLimits(node, "/all_tools", limits);
        }
        else
        {
            limits.Add(Broken("/all_tools", node.Span, "\"all_tools\" has a duplicate key", null));
        }

        return limits.AsReadOnly();
    }

    /// <summary>Reads the <c>rate_limit</c> and then the <c>limits</c> of <paramref name="owner"/> into <paramref name="into"/>.</summary>
    public void ReadLimits(LocatedJsonNode owner, string ownerPointer, List<PolicyLimit> into)
    {
        if (owner.GetProperty("rate_limit") is { } rate)
        {
            into.Add(ReadRateLimit(rate.Value, JsonPointer.Member(ownerPointer, "rate_limit")));
        }

        if (owner["limits"] is not { } limits) { return; }
        var pointer = JsonPointer.Member(ownerPointer, "limits");
        if (!limits.IsArray)
        {
            into.Add(BrokenWithError(pointer, limits.Span, $"\"limits\" must be an array of {{ \"max\": N, \"window\": SECONDS }} objects, not {limits.KindName}."));
            return;
        }

        for (var i = 0; i < limits.Items.Count; i++)
        {
            into.Add(ReadLimitObject(limits.Items[i], JsonPointer.Item(pointer, i)));
        }
    }

    private PolicyLimit ReadRateLimit(LocatedJsonNode node, string pointer)
    {
        if (node.IsObject) { return ReadLimitObject(node, pointer); }
        if (node.AsString() is { } text)
        {
            return ReadShorthand(text, node.Span, pointer)
                ?? BrokenWithError(pointer, node.Span, $"Rate limit \"{text}\" is not understood; write \"N/second\", \"N/minute\", \"N/hour\", \"N/day\" or {{ \"max\": N, \"window\": SECONDS }}.");
        }

        return BrokenWithError(pointer, node.Span, $"\"rate_limit\" must be {{ \"max\": N, \"window\": SECONDS }} or a string such as \"10/minute\", not {node.KindName}.");
    }

    // "N/unit", e.g. "10/minute"; null when the text is not one.
    private static PolicyLimit? ReadShorthand(string text, SourceSpan span, string pointer)
    {
        var m = RateShorthand.Match(text);
        if (!m.Success) { return null; }
        TimeSpan? window = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "s" or "sec" or "second" or "seconds" => TimeSpan.FromSeconds(1),
            "m" or "min" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
            "h" or "hr" or "hour" or "hours" => TimeSpan.FromHours(1),
            "d" or "day" or "days" => TimeSpan.FromDays(1),
            _ => null,
        };
        return window is { } w && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            ? new PolicyLimit(max, w, null, pointer, span, null)
            : null;
    }

    private PolicyLimit ReadLimitObject(LocatedJsonNode node, string pointer)
    {
        if (!node.IsObject)
        {
            return BrokenWithError(pointer, node.Span, $"A limit must be an object {{ \"max\": N, \"window\": SECONDS }}, not {node.KindName}.");
        }

        string? error = file.CheckDuplicates(node, $"limit {pointer}") ? null : "the limit has a duplicate key";
        file.UnknownKeys(node, "in a limit", LimitKeys);
        var id = ReadId(node["id"], ref error);
        var max = ReadMax(node, ref error);
        var window = ReadWindow(node, ref error);
        return error is null ? new PolicyLimit(max, window, id, pointer, node.Span, null) : Broken(pointer, node.Span, error, id);
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

    private TimeSpan ReadWindow(LocatedJsonNode limit, ref string? error)
    {
        var node = limit["window"];
        if (node is null)
        {
            Problem(limit.Span, "The limit has no \"window\" (its length in seconds).", ref error);
        }
        else if (node.AsDouble() is { } seconds && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
        {
            var window = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return window <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : window;
        }
        else
        {
            Problem(node.Span, $"\"window\" must be a positive number of seconds, not {node}.", ref error);
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

    private PolicyLimit Broken(string pointer, SourceSpan span, string error, string? id)
        => new(0, TimeSpan.FromSeconds(1), id, pointer, span, $"{file.Where(span)}: {error}");
}

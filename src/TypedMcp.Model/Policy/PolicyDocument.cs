using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// A read policy.json. Immutable and safe to share between threads; build it with <see cref="PolicyParser.Parse"/>.
/// </summary>
public sealed class PolicyDocument
{
    private static readonly IReadOnlyDictionary<string, ToolRule> NoTools = new Dictionary<string, ToolRule>(StringComparer.Ordinal);
    private readonly HashSet<string> _hidden;
    private readonly Dictionary<string, int> _hiddenIndex;

    internal PolicyDocument(
        string? filePath,
        string version,
        PolicyDefault @default,
        bool hideAll,
        string? hideAllPointer,
        SourceSpan hideAllSpan,
        IReadOnlyList<PolicyName> hidden,
        IReadOnlyList<PolicyLimit> allToolsLimits,
        IReadOnlyDictionary<string, ToolRule> tools,
        string? failClosedReason)
    {
        FilePath = filePath;
        Version = version;
        Default = @default;
        HideAll = hideAll;
        HideAllPointer = hideAllPointer ?? "/hide";
        HideAllSpan = hideAllSpan;
        Hidden = hidden;
        AllToolsLimits = allToolsLimits;
        Tools = tools;
        FailClosedReason = failClosedReason;
        _hidden = new HashSet<string>(StringComparer.Ordinal);
        _hiddenIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < hidden.Count; i++)
        {
            if (_hidden.Add(hidden[i].Name)) { _hiddenIndex[hidden[i].Name] = i; }
        }

        foreach (var rule in tools.Values)
        {
            if (rule.Limits.Count == 0) { rule.EffectiveLimits = allToolsLimits; continue; }
            var all = new List<PolicyLimit>(allToolsLimits.Count + rule.Limits.Count);
            all.AddRange(allToolsLimits);
            all.AddRange(rule.Limits);
            rule.EffectiveLimits = all.AsReadOnly();
        }
    }

    /// <summary>The file the policy was read from, when known.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// A short fingerprint of the text the policy was read from (the first 16 hex digits of its SHA-256), telling two
    /// versions of a file apart in telemetry and audit lines; null for a policy not read from text.
    /// </summary>
    public string? Fingerprint { get; internal set; }

    /// <summary>The <c>version</c> (always <c>"1"</c> for a readable policy).</summary>
    public string Version { get; }

    /// <summary>The verdict for tools that <see cref="Tools"/> does not list.</summary>
    internal PolicyDefault Default { get; }

    /// <summary>Whether every tool is hidden (<c>"hide": "*"</c>, a <c>"*"</c> entry, or a <c>hide</c> that could not be read).</summary>
    public bool HideAll { get; }

    /// <summary>JSON Pointer of what hides every tool (e.g. <c>/hide</c> or <c>/hide/2</c>), meaningful when <see cref="HideAll"/>.</summary>
    public string HideAllPointer { get; }

    /// <summary>Where what hides every tool stands, meaningful when <see cref="HideAll"/>.</summary>
    public SourceSpan HideAllSpan { get; }

    /// <summary>The <c>hide</c> entries in file order (duplicates reported and kept once).</summary>
    internal IReadOnlyList<PolicyName> Hidden { get; }

    /// <summary>Limits shared by every call (<c>all_tools.limits</c>).</summary>
    public IReadOnlyList<PolicyLimit> AllToolsLimits { get; }

    /// <summary>The tool rules by tool name (ordinal).</summary>
    internal IReadOnlyDictionary<string, ToolRule> Tools { get; }

    /// <summary>Whether the policy could not be read, so it denies every call.</summary>
    public bool IsFailClosed => FailClosedReason is not null;

    /// <summary>Why every call is denied (naming file, line and column), or null for a readable policy.</summary>
    public string? FailClosedReason { get; }

    /// <summary>
    /// Reads a policy.json text. Never throws on bad input: a policy that cannot be read denies every call and says
    /// why (<see cref="FailClosedReason"/>, naming file, line and column); smaller mistakes close only the rule they
    /// are in. To list every problem with its position, run <c>typedmcp policy check</c> on the file.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="filePath">The file's path, used in messages (default <c>policy.json</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static PolicyDocument Parse(string json, string? filePath = null)
    {
        if (json is null) { throw new ArgumentNullException(nameof(json)); }
        return PolicyParser.Parse(json, filePath ?? "policy.json").Policy;
    }

    /// <summary>A policy that denies every tool, for when the real one cannot be read.</summary>
    public static PolicyDocument DenyAll(string reason) => DenyAll(reason, null);

    /// <summary>A policy that denies every tool, for when the real one at <paramref name="filePath"/> cannot be read.</summary>
    public static PolicyDocument DenyAll(string reason, string? filePath)
    {
        if (string.IsNullOrEmpty(reason)) { throw new ArgumentException("A fail-closed policy needs a reason.", nameof(reason)); }
        return new PolicyDocument(filePath, "1", PolicyDefault.Deny, true, null, default, Array.Empty<PolicyName>(), Array.Empty<PolicyLimit>(), NoTools, reason);
    }

    /// <summary>The rule for <paramref name="tool"/>, or null when <c>tools</c> does not list it.</summary>
    internal ToolRule? GetRule(string tool) => tool is not null && Tools.TryGetValue(tool, out var rule) ? rule : null;

    /// <summary>Whether <paramref name="tool"/> is hidden (also true for every tool of a fail-closed policy).</summary>
    public bool IsHidden(string tool) => HideAll || (tool is not null && _hidden.Contains(tool));

    /// <summary>The <c>hide</c> entry that names <paramref name="tool"/>, or null.</summary>
    internal PolicyName? GetHiddenEntry(string tool)
        => tool is not null && _hiddenIndex.TryGetValue(tool, out var i) ? Hidden[i] : null;
}

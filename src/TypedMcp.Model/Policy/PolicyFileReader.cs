using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Naming;

namespace TypedMcp.Policy;

/// <summary>
/// The policy.json being read, shared by its section readers: its diagnostics and the policy language's wording
/// for the checks every section makes (duplicate keys, unknown keys, messages, tool names the catalogs know).
/// </summary>
internal sealed class PolicyFileReader : LocatedObjectReader
{
    private readonly HashSet<string>? _known;
    private readonly IReadOnlyCollection<string>? _knownList;

    /// <summary>Creates the reader.</summary>
    /// <param name="filePath">The file's path, for diagnostics and messages.</param>
    /// <param name="knownToolNames">The tool names the catalogs have; when given, other names are reported (TMCP0208).</param>
    public PolicyFileReader(string? filePath, IReadOnlyCollection<string>? knownToolNames)
        : base(filePath, "policy.json")
    {
        _knownList = knownToolNames;
        if (knownToolNames is null) { return; }
        _known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in knownToolNames)
        {
            if (k is not null) { _known.Add(k); }
        }
    }

    /// <summary>Reports each repeated key of <paramref name="obj"/> (named <paramref name="what"/> in messages).</summary>
    /// <returns>Whether no key repeats; a section with a repeated key is treated as closed.</returns>
    public bool CheckDuplicates(LocatedJsonNode obj, string what)
    {
        if (FindDuplicateKeys(obj) is not { } firsts) { return true; }
        for (var i = 0; i < firsts.Length; i++)
        {
            if (firsts[i] is not { } first) { continue; }
            var p = obj.Properties[i];
            Error(DiagnosticIds.PolicyDuplicateEntry, p.NameSpan, $"Key \"{p.Name}\" appears twice in {what} (first at {Where(first.NameSpan)}); gateways disagree on which one wins, so remove one. Until then it is treated as closed.");
        }

        return false;
    }

    /// <summary>Warns about each key of <paramref name="obj"/> the language does not define for it (gateways add their own).</summary>
    public void UnknownKeys(LocatedJsonNode obj, string where, string[] known)
        => WarnUnknownKeys(obj, known, DiagnosticIds.PolicyUnknownKey, name => UnknownKeyMessage(name, where, known));

    /// <summary>Warns about the key of <paramref name="p"/>, which the language does not define <paramref name="where"/>.</summary>
    public void UnknownKey(LocatedJsonProperty p, string where, string[] known)
        => Warning(DiagnosticIds.PolicyUnknownKey, p.NameSpan, UnknownKeyMessage(p.Name, where, known));

    /// <summary>The message string under <paramref name="key"/>, or null when absent; a wrongly typed one is reported and dropped.</summary>
    public string? ReadMessage(LocatedJsonNode owner, string key, string what)
    {
        var node = owner[key];
        if (node is null) { return null; }
        if (node.AsString() is { } s) { return s; }
        Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"\"{key}\" of {what} must be a string (the message a denied caller sees), not {node.KindName}; it is ignored.");
        return null;
    }

    /// <summary>Reports <paramref name="name"/> (under <c>hide</c> or <c>tools</c>) when the catalogs are known and none has it.</summary>
    public void CheckKnown(string name, SourceSpan span, string where)
    {
        if (_known is null || _known.Contains(name)) { return; }
        var suggestion = NearestName.Find(name, _knownList!);
        var hint = suggestion is null
            ? " Check the spelling against the catalog, or remove the entry."
            : $" Did you mean '{suggestion}'?";
        var effect = where == "hide" ? "the tool meant to be hidden stays visible" : "the tool meant by this rule falls to the default";
        Error(DiagnosticIds.PolicyUnknownTool, span, $"Tool \"{name}\" under \"{where}\" is not in any catalog, so {effect}.{hint}");
    }

    /// <summary><c> (did you mean 'x'?)</c> with the candidate nearest to <paramref name="written"/>, or nothing when none is near.</summary>
    public static string DidYouMean(string? written, IReadOnlyList<string> candidates)
        => written is not null && NearestName.Find(written, candidates) is { } suggestion ? $" (did you mean '{suggestion}'?)" : string.Empty;

    private static string UnknownKeyMessage(string name, string where, string[] known)
    {
        var suggestion = NearestName.Find(name, known);
        var hint = suggestion is null ? $" Known keys: {string.Join(", ", known)}." : $" Did you mean \"{suggestion}\"?";
        return $"Unknown key \"{name}\" {where} is ignored.{hint}";
    }
}

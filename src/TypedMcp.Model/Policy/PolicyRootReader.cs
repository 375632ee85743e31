using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Reads the top level of policy.json: the keys, <c>version</c> and <c>default</c>, then hands each section to its
/// reader. Remembers the first problem that makes the whole policy unreadable (fail closed) while still reading
/// on, so one run reports every problem.
/// </summary>
/// <param name="file">The file being read.</param>
internal sealed class PolicyRootReader(PolicyFileReader file)
{
    private static readonly string[] RootKeys = { "version", "default", "hide", "all_tools", "tools" };

    private string? _fatal;
    private SourceSpan _fatalSpan;

    /// <summary>Reads the policy from <paramref name="text"/>.</summary>
    public PolicyDocument Read(string text)
    {
        if (ParseRoot(text, out var unreadable) is not { } root) { return unreadable!; }
        CheckKeys(root);
        ReadVersion(root["version"], root);
        var @default = ReadDefault(root["default"], root);
        var hidden = new HideReader(file).Read(root["hide"]);
        var allToolsLimits = new LimitReader(file).ReadAllTools(root["all_tools"]);
        var tools = ReadTools(root["tools"]);
        if (_fatal is not null) { return Unreadable(_fatalSpan, _fatal); }
        return new PolicyDocument(file.FilePath, "1", @default, hidden.HideAll, hidden.HideAllPointer, hidden.HideAllSpan, hidden.Entries, allToolsLimits, tools, null);
    }

    private LocatedJsonNode? ParseRoot(string text, out PolicyDocument? unreadable)
    {
        unreadable = null;
        LocatedJsonNode root;
        try
        {
            root = LocatedJsonReader.Parse(text);
        }
        catch (JsonParseException e)
        {
            var message = $"policy.json is not valid JSON: {e.Reason}. Fix the file at this position.";
            file.Error(DiagnosticIds.PolicyInvalidJson, e.Span, message);
            unreadable = Unreadable(e.Span, message);
            return null;
        }

        if (root.IsObject) { return root; }
        var notObject = $"policy.json must be a JSON object with \"version\" and \"default\", not {root.KindName}.";
        file.Error(DiagnosticIds.PolicyInvalidStructure, root.Span, notObject);
        unreadable = Unreadable(root.Span, notObject);
        return null;
    }

    private void CheckKeys(LocatedJsonNode root)
    {
        var firsts = LocatedObjectReader.FindDuplicateKeys(root);
        for (var i = 0; i < root.Properties.Count; i++)
        {
            var p = root.Properties[i];
            if (firsts?[i] is { } first)
            {
                var message = $"Key \"{p.Name}\" appears twice at the top level (first at {file.Where(first.NameSpan)}); gateways disagree on which one wins, so remove one.";
                file.Error(DiagnosticIds.PolicyDuplicateEntry, p.NameSpan, message);
                if (LocatedObjectReader.IsOneOf(p.Name, RootKeys)) { Fatal(p.NameSpan, message); }
            }
            else if (!LocatedObjectReader.IsOneOf(p.Name, RootKeys) && p.Name != "$schema")
            {
                file.UnknownKey(p, "at the top level of policy.json", RootKeys);
            }
        }
    }

    private void ReadVersion(LocatedJsonNode? node, LocatedJsonNode root)
    {
        if (node is null)
        {
            FatalError(DiagnosticIds.PolicyBadVersion, root.Span, "policy.json has no \"version\"; add \"version\": \"1\".");
        }
        else if (!(node.AsString() == "1" || (node.IsNumber && node.AsInt64() == 1)))
        {
            FatalError(DiagnosticIds.PolicyBadVersion, node.Span, $"Unknown policy version {node}; the only version is \"1\". A policy of a version TypedMcp does not know is not guessed at.");
        }
    }

    private PolicyDefault ReadDefault(LocatedJsonNode? node, LocatedJsonNode root)
    {
        switch (node?.AsString())
        {
            case "allow": return PolicyDefault.Allow;
            case "deny": return PolicyDefault.Deny;
        }

        if (node is null)
        {
            FatalError(DiagnosticIds.PolicyBadDefault, root.Span, "policy.json has no \"default\"; add \"default\": \"deny\" (only listed tools may be called) or \"default\": \"allow\".");
        }
        else
        {
            FatalError(DiagnosticIds.PolicyBadDefault, node.Span, $"\"default\" must be \"allow\" or \"deny\", not {node}.");
        }

        return PolicyDefault.Deny;
    }

    private IReadOnlyDictionary<string, ToolRule> ReadTools(LocatedJsonNode? node)
    {
        if (node is null) { return new Dictionary<string, ToolRule>(StringComparer.Ordinal); }
        if (node.IsObject) { return new ToolRuleReader(file).ReadAll(node); }
        FatalError(DiagnosticIds.PolicyInvalidStructure, node.Span, $"\"tools\" must be an object mapping tool names to rules, not {node.KindName}.");
        return new Dictionary<string, ToolRule>(StringComparer.Ordinal);
    }

    private void FatalError(string id, SourceSpan span, string message)
    {
        file.Error(id, span, message);
        Fatal(span, message);
    }

    private void Fatal(SourceSpan span, string message)
    {
        if (_fatal is null) { _fatal = message; _fatalSpan = span; }
    }

    private PolicyDocument Unreadable(SourceSpan span, string message)
        => PolicyDocument.DenyAll($"{file.Where(span)}: {message} Every tool is denied until the policy is fixed (fail closed).", file.FilePath);
}

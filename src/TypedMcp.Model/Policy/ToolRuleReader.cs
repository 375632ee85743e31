using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Reads <c>tools</c>: one rule per tool name. A rule that cannot be read, and a tool listed twice, deny the tool
/// (<see cref="ToolRule.IsFailClosed"/>).
/// </summary>
/// <param name="file">The file being read.</param>
internal sealed class ToolRuleReader(PolicyFileReader file)
{
    private static readonly string[] RuleKeys = { "action", "reason", "on_deny", "require", "deny_if", "limits", "rate_limit", "approval_timeout", "require_approval_if", "spend_limit" };
    private static readonly System.Text.RegularExpressions.Regex DurationText = new(@"^\s*(\d{1,9}(?:\.\d{1,9})?)\s*(ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)?\s*\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    private static readonly string[] Actions = { "allow", "deny", "require_approval" };

    private readonly PredicateReader _predicates = new(file);
    private readonly LimitReader _limits = new(file);

    /// <summary>Reads the <c>tools</c> object.</summary>
    public IReadOnlyDictionary<string, ToolRule> ReadAll(LocatedJsonNode tools)
    {
        var rules = new Dictionary<string, ToolRule>(StringComparer.Ordinal);
        var firsts = LocatedObjectReader.FindDuplicateKeys(tools);
        for (var i = 0; i < tools.Properties.Count; i++)
        {
            var p = tools.Properties[i];
            var pointer = JsonPointer.Member("/tools", p.Name);
            if (firsts?[i] is { } first)
            {
                var reason = $"tool \"{p.Name}\" is listed twice under \"tools\" ({file.Where(first.NameSpan)} and {file.Where(p.NameSpan)})";
                file.Error(DiagnosticIds.PolicyDuplicateEntry, p.NameSpan, $"Tool \"{p.Name}\" is already listed at {file.Where(first.NameSpan)}; gateways disagree on which rule wins, so merge the two. Until then the tool is denied.");
                rules[p.Name] = Broken(p.Name, pointer, first.NameSpan, reason);
                continue;
            }

            file.CheckKnown(p.Name, p.NameSpan, "tools");
            rules[p.Name] = ReadRule(p, pointer);
        }

        return rules;
    }

    private ToolRule ReadRule(LocatedJsonProperty property, string pointer)
    {
        var name = property.Name;
        var node = property.Value;
        if (!node.IsObject)
        {
            file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"The rule for \"{name}\" must be an object (use {{}} to allow the tool), not {node.KindName}. Until it is fixed the tool is denied.");
            return Broken(name, pointer, property.NameSpan, $"the rule for \"{name}\" at {file.Where(node.Span)} is not an object");
        }

        string? failClosed = file.CheckDuplicates(node, $"the rule for \"{name}\"") ? null : $"the rule for \"{name}\" at {file.Where(node.Span)} has a duplicate key";
        file.UnknownKeys(node, $"in the rule for \"{name}\"", RuleKeys);
        var action = ReadAction(node["action"], name, ref failClosed);
        var reason = ReadReason(node, name);
        var require = ReadPredicates(node, "require", pointer, name, ref failClosed);
        var denyIf = ReadPredicates(node, "deny_if", pointer, name, ref failClosed);
        var approvalIf = ReadPredicates(node, "require_approval_if", pointer, name, ref failClosed);
        var limits = new List<PolicyLimit>();
        _limits.ReadLimits(node, pointer, limits);
        var approvalTimeout = ReadApprovalTimeout(node, name, ref failClosed);
        return new ToolRule(name, failClosed is null ? action : RuleAction.Deny, reason, require, denyIf, limits.AsReadOnly(), pointer, property.NameSpan, failClosed)
        {
            ApprovalTimeout = approvalTimeout,
            ApprovalIf = approvalIf,
        };
    }

    // approval_timeout: seconds as a number, or text such as "30s", "10m", "1h", "90". Unreadable: the rule fails closed.
    private TimeSpan? ReadApprovalTimeout(LocatedJsonNode rule, string name, ref string? failClosed)
    {
        if (rule["approval_timeout"] is not { } node) { return null; }
        double seconds = -1;
        if (node.IsNumber) { seconds = node.AsDouble() ?? -1; }
        else if (node.AsString() is { } text && DurationText.Match(text) is { Success: true } m)
        {
            var amount = double.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            seconds = m.Groups[2].Value.ToLowerInvariant() switch
            {
                "ms" => amount / 1000,
                "m" or "min" or "mins" or "minute" or "minutes" => amount * 60,
                "h" or "hr" or "hrs" or "hour" or "hours" => amount * 3600,
                "d" or "day" or "days" => amount * 86400,
                _ => amount,
            };
        }

        if (seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2) { return TimeSpan.FromSeconds(seconds); }
        file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"The approval_timeout of \"{name}\" must be a positive number of seconds or a duration such as \"30s\", \"10m\" or \"1h\", not {node}. Until it is fixed the tool is denied.");
        failClosed ??= $"the approval_timeout of \"{name}\" at {file.Where(node.Span)} cannot be read";
        return null;
    }

    private RuleAction ReadAction(LocatedJsonNode? node, string name, ref string? failClosed)
    {
        switch (node?.AsString())
        {
            case null when node is null: return RuleAction.Allow;
            case "allow": return RuleAction.Allow;
            case "deny": return RuleAction.Deny;
            case "require_approval": return RuleAction.RequireApproval;
        }

        file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"The action of \"{name}\" must be \"allow\", \"deny\" or \"require_approval\", not {node}{PolicyFileReader.DidYouMean(node.AsString(), Actions)}. Until it is fixed the tool is denied.");
        failClosed ??= $"the action of \"{name}\" at {file.Where(node.Span)} is not one of allow, deny, require_approval";
        return RuleAction.Allow;
    }

    // "reason" and "on_deny" are two spellings of the rule's message; "reason" wins.
    private string? ReadReason(LocatedJsonNode rule, string name)
    {
        var reason = file.ReadMessage(rule, "reason", $"the rule for \"{name}\"");
        var onDeny = file.ReadMessage(rule, "on_deny", $"the rule for \"{name}\"");
        if (reason is not null && onDeny is not null && !string.Equals(reason, onDeny, StringComparison.Ordinal))
        {
            file.Error(DiagnosticIds.PolicyDuplicateEntry, rule.GetProperty("on_deny")!.NameSpan, $"The rule for \"{name}\" has both \"reason\" and \"on_deny\", two spellings of the same message; keep one. \"reason\" is used.");
        }

        return reason ?? onDeny;
    }

    private IReadOnlyList<PolicyPredicate> ReadPredicates(LocatedJsonNode rule, string key, string rulePointer, string toolName, ref string? failClosed)
    {
        var node = rule[key];
        if (node is null) { return Array.Empty<PolicyPredicate>(); }
        if (!node.IsArray)
        {
            file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"\"{key}\" of \"{toolName}\" must be an array of predicates, not {node.KindName}. Until it is fixed the tool is denied.");
            failClosed ??= $"\"{key}\" of \"{toolName}\" at {file.Where(node.Span)} is not an array";
            return Array.Empty<PolicyPredicate>();
        }

        var pointer = JsonPointer.Member(rulePointer, key);
        var list = new List<PolicyPredicate>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            list.Add(_predicates.Read(node.Items[i], JsonPointer.Item(pointer, i)));
        }

        return list.AsReadOnly();
    }

    private static ToolRule Broken(string name, string pointer, SourceSpan span, string reason)
        => new(name, RuleAction.Deny, null, Array.Empty<PolicyPredicate>(), Array.Empty<PolicyPredicate>(), Array.Empty<PolicyLimit>(), pointer, span, reason);
}

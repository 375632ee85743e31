using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Naming;

namespace TypedMcp.Policy;

/// <summary>The outcome of reading policy.json: the policy (fail closed when unreadable) and every problem found.</summary>
internal sealed class PolicyParseResult
{
    internal PolicyParseResult(PolicyDocument policy, IReadOnlyList<ModelDiagnostic> diagnostics)
    {
        Policy = policy;
        Diagnostics = diagnostics;
        foreach (var d in diagnostics)
        {
            if (d.Severity == ModelSeverity.Error) { HasErrors = true; break; }
        }
    }

    /// <summary>The policy. Never null: when the file cannot be read it is <see cref="PolicyDocument.DenyAll(string, string?)"/>.</summary>
    public PolicyDocument Policy { get; }

    /// <summary>Every problem found, in file order, each located at line and column.</summary>
    public IReadOnlyList<ModelDiagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors { get; }
}

/// <summary>
/// Reads policy.json (see <c>docs/policy-language.md</c>). Never throws on bad input. What it cannot read it
/// reports at line and column and treats as closed, never as open:
/// <list type="bullet">
/// <item>invalid JSON, a root that is not an object, a missing or unknown <c>version</c>, a missing or bad
/// <c>default</c>, a duplicate top-level key, or a <c>tools</c> that is not an object: the whole policy denies every tool;</item>
/// <item>a <c>hide</c> that is not a string or array, or a <c>hide</c> entry that is not a string: every tool is hidden;</item>
/// <item>a tool rule that is not an object, has a duplicate key, a bad <c>action</c>, or a <c>require</c>/<c>deny_if</c>
/// that is not an array, and a tool listed twice: that tool is denied (<see cref="ToolRule.IsFailClosed"/>);</item>
/// <item>a predicate with a bad path, operator, value or regex: it denies every call of its tool (<see cref="PolicyPredicate.Error"/>);</item>
/// <item>a malformed limit: it becomes a limit of zero calls, which the run-time guard refuses.</item>
/// </list>
/// Unknown keys are warnings (gateways add their own fields); a wrongly typed message (<c>reason</c>/<c>on_deny</c>) is
/// an error but only the message is dropped.
/// </summary>
internal static class PolicyParser
{
    /// <summary>The operator names, as written in policy.json.</summary>
    public static IReadOnlyList<string> OperatorNames { get; } = new[] { "eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "regex", "contains", "exists" };

    private static readonly PredicateOperator[] OperatorValues =
    {
        PredicateOperator.Eq, PredicateOperator.Neq, PredicateOperator.In, PredicateOperator.NotIn, PredicateOperator.Lt, PredicateOperator.Lte,
        PredicateOperator.Gt, PredicateOperator.Gte, PredicateOperator.Regex, PredicateOperator.Contains, PredicateOperator.Exists,
    };

    private static readonly string[] RootKeys = { "version", "default", "hide", "all_tools", "tools" };
    private static readonly string[] AllToolsKeys = { "limits", "rate_limit" };
    private static readonly string[] RuleKeys = { "action", "reason", "on_deny", "require", "deny_if", "limits", "rate_limit" };
    private static readonly string[] PredicateKeys = { "path", "op", "value", "on_deny", "reason" };
    private static readonly string[] LimitKeys = { "max", "window", "id" };
    private static readonly Regex RateShorthand = new(@"^\s*(\d{1,18})\s*/\s*([A-Za-z]+)\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Reads policy.json text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The file's path, for diagnostics and messages.</param>
    /// <param name="knownToolNames">The tool names the catalogs have; when given, other names under <c>tools</c> and <c>hide</c> are reported (TMCP0208).</param>
    public static PolicyParseResult Parse(string text, string? filePath, IReadOnlyCollection<string>? knownToolNames = null)
    {
        var reader = new Reader(filePath, knownToolNames);
        PolicyDocument policy;
        try
        {
            policy = reader.Read(text ?? string.Empty);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in this reader must not open the policy: report it and deny everything.
            var message = $"TypedMcp could not read the policy ({e.GetType().Name}: {e.Message}); every tool is denied. Please report this.";
            reader.Diagnostics.Add(new ModelDiagnostic(DiagnosticIds.InternalError, ModelSeverity.Error, message, filePath, default));
            policy = PolicyDocument.DenyAll($"{filePath ?? "policy.json"}: {message}", filePath);
        }

        return new PolicyParseResult(policy, reader.Diagnostics.AsReadOnly());
    }

    private static bool Contains(string[] keys, string key)
    {
        foreach (var k in keys)
        {
            if (string.Equals(k, key, StringComparison.Ordinal)) { return true; }
        }

        return false;
    }

    private static string Quote(string s) => "\"" + s + "\"";

    private static string EscapePointer(string name) => name.Replace("~", "~0").Replace("/", "~1");

    private sealed class Reader
    {
        private readonly string? _path;
        private readonly HashSet<string>? _known;
        private readonly IReadOnlyCollection<string>? _knownList;

        public Reader(string? path, IReadOnlyCollection<string>? known)
        {
            _path = path;
            _knownList = known;
            if (known is not null)
            {
                _known = new HashSet<string>(StringComparer.Ordinal);
                foreach (var k in known)
                {
                    if (k is not null) { _known.Add(k); }
                }
            }
        }

        public List<ModelDiagnostic> Diagnostics { get; } = new();

        private string FileName => string.IsNullOrEmpty(_path) ? "policy.json" : _path!;

        public PolicyDocument Read(string text)
        {
            LocatedJsonNode root;
            try
            {
                root = LocatedJsonReader.Parse(text);
            }
            catch (JsonParseException e)
            {
                var message = $"policy.json is not valid JSON: {e.Reason}. Fix the file at this position.";
                Error(DiagnosticIds.PolicyInvalidJson, e.Span, message);
                return Unreadable(e.Span, message);
            }

            if (!root.IsObject)
            {
                var message = $"policy.json must be a JSON object with \"version\" and \"default\", not {JsonValueComparer.KindName(root)}.";
                Error(DiagnosticIds.PolicyInvalidStructure, root.Span, message);
                return Unreadable(root.Span, message);
            }

            string? fatal = null;
            var fatalSpan = default(SourceSpan);
            void Fatal(SourceSpan span, string message)
            {
                if (fatal is null) { fatal = message; fatalSpan = span; }
            }

            var firstByName = new Dictionary<string, LocatedJsonProperty>(StringComparer.Ordinal);
            foreach (var p in root.Properties)
            {
                if (firstByName.TryGetValue(p.Name, out var first))
                {
                    var message = $"Key \"{p.Name}\" appears twice at the top level (first at {Where(first.NameSpan)}); gateways disagree on which one wins, so remove one.";
                    Error(DiagnosticIds.PolicyDuplicateEntry, p.NameSpan, message);
                    if (Contains(RootKeys, p.Name)) { Fatal(p.NameSpan, message); }
                    continue;
                }

                firstByName.Add(p.Name, p);
                if (!Contains(RootKeys, p.Name) && p.Name != "$schema")
                {
                    UnknownKey(p, "at the top level of policy.json", RootKeys);
                }
            }

            // version
            var versionNode = root["version"];
            if (versionNode is null)
            {
                var message = "policy.json has no \"version\"; add \"version\": \"1\".";
                Error(DiagnosticIds.PolicyBadVersion, root.Span, message);
                Fatal(root.Span, message);
            }
            else if (!(versionNode.AsString() == "1" || (versionNode.IsNumber && versionNode.AsInt64() == 1)))
            {
                var message = $"Unknown policy version {versionNode}; the only version is \"1\". A policy of a version TypedMcp does not know is not guessed at.";
                Error(DiagnosticIds.PolicyBadVersion, versionNode.Span, message);
                Fatal(versionNode.Span, message);
            }

            // default
            var @default = PolicyDefault.Deny;
            var defaultNode = root["default"];
            if (defaultNode is null)
            {
                var message = "policy.json has no \"default\"; add \"default\": \"deny\" (only listed tools may be called) or \"default\": \"allow\".";
                Error(DiagnosticIds.PolicyBadDefault, root.Span, message);
                Fatal(root.Span, message);
            }
            else
            {
                switch (defaultNode.AsString())
                {
                    case "allow": @default = PolicyDefault.Allow; break;
                    case "deny": @default = PolicyDefault.Deny; break;
                    default:
                        var message = $"\"default\" must be \"allow\" or \"deny\", not {defaultNode}.";
                        Error(DiagnosticIds.PolicyBadDefault, defaultNode.Span, message);
                        Fatal(defaultNode.Span, message);
                        break;
                }
            }

            // hide
            var hideAll = false;
            string? hideAllPointer = null;
            var hideAllSpan = default(SourceSpan);
            var hidden = new List<PolicyName>();
            var hideNode = root["hide"];
            if (hideNode is not null)
            {
                if (hideNode.AsString() == "*")
                {
                    hideAll = true;
                    hideAllPointer = "/hide";
                    hideAllSpan = hideNode.Span;
                }
                else if (!hideNode.IsArray)
                {
                    Error(DiagnosticIds.PolicyInvalidStructure, hideNode.Span, $"\"hide\" must be an array of tool names or \"*\", not {JsonValueComparer.KindName(hideNode)}. Until it is fixed every tool is hidden.");
                    hideAll = true;
                    hideAllPointer = "/hide";
                    hideAllSpan = hideNode.Span;
                }
                else
                {
                    var seen = new Dictionary<string, PolicyName>(StringComparer.Ordinal);
                    for (var i = 0; i < hideNode.Items.Count; i++)
                    {
                        var item = hideNode.Items[i];
                        var pointer = "/hide/" + i.ToString(CultureInfo.InvariantCulture);
                        if (item.AsString() is not { } name)
                        {
                            Error(DiagnosticIds.PolicyInvalidStructure, item.Span, $"Each \"hide\" entry must be a tool name string, not {JsonValueComparer.KindName(item)}. Since the tool it means is unknown, every tool is hidden until it is fixed.");
                            if (!hideAll) { hideAll = true; hideAllPointer = pointer; hideAllSpan = item.Span; }
                            continue;
                        }

                        if (seen.TryGetValue(name, out var first))
                        {
                            Error(DiagnosticIds.PolicyDuplicateEntry, item.Span, $"\"{name}\" is already hidden at {Where(first.Span)}; remove this entry.");
                            continue;
                        }

                        var entry = new PolicyName(name, pointer, item.Span);
                        seen.Add(name, entry);
                        hidden.Add(entry);
                        if (name == "*")
                        {
                            if (!hideAll) { hideAll = true; hideAllPointer = pointer; hideAllSpan = item.Span; }
                        }
                        else
                        {
                            CheckKnown(name, item.Span, "hide");
                        }
                    }
                }
            }

            // all_tools
            var allToolsLimits = new List<PolicyLimit>();
            var allToolsNode = root["all_tools"];
            if (allToolsNode is not null)
            {
                if (!allToolsNode.IsObject)
                {
                    var message = $"\"all_tools\" must be an object such as {{ \"limits\": [ {{ \"max\": 600, \"window\": 3600 }} ] }}, not {JsonValueComparer.KindName(allToolsNode)}.";
                    Error(DiagnosticIds.PolicyInvalidStructure, allToolsNode.Span, message + " Until it is fixed every call is refused at run time.");
                    allToolsLimits.Add(BrokenLimit("/all_tools", allToolsNode.Span, message, null));
                }
                else if (CheckDuplicates(allToolsNode, "all_tools"))
                {
                    foreach (var p in allToolsNode.Properties)
                    {
                        if (!Contains(AllToolsKeys, p.Name)) { UnknownKey(p, "in \"all_tools\"", AllToolsKeys); }
                    }

                    ReadLimits(allToolsNode, "/all_tools", allToolsLimits);
                }
                else
                {
                    allToolsLimits.Add(BrokenLimit("/all_tools", allToolsNode.Span, "\"all_tools\" has a duplicate key", null));
                }
            }

            // tools
            var tools = new Dictionary<string, ToolRule>(StringComparer.Ordinal);
            var toolsNode = root["tools"];
            if (toolsNode is not null)
            {
                if (!toolsNode.IsObject)
                {
                    var message = $"\"tools\" must be an object mapping tool names to rules, not {JsonValueComparer.KindName(toolsNode)}.";
                    Error(DiagnosticIds.PolicyInvalidStructure, toolsNode.Span, message);
                    Fatal(toolsNode.Span, message);
                }
                else
                {
                    var firstTool = new Dictionary<string, LocatedJsonProperty>(StringComparer.Ordinal);
                    foreach (var p in toolsNode.Properties)
                    {
                        var pointer = "/tools/" + EscapePointer(p.Name);
                        if (firstTool.TryGetValue(p.Name, out var first))
                        {
                            var reason = $"tool \"{p.Name}\" is listed twice under \"tools\" ({Where(first.NameSpan)} and {Where(p.NameSpan)})";
                            Error(DiagnosticIds.PolicyDuplicateEntry, p.NameSpan, $"Tool \"{p.Name}\" is already listed at {Where(first.NameSpan)}; gateways disagree on which rule wins, so merge the two. Until then the tool is denied.");
                            tools[p.Name] = BrokenRule(p.Name, pointer, first.NameSpan, reason);
                            continue;
                        }

                        firstTool.Add(p.Name, p);
                        CheckKnown(p.Name, p.NameSpan, "tools");
                        tools[p.Name] = ReadRule(p, pointer);
                    }
                }
            }

            if (fatal is not null) { return Unreadable(fatalSpan, fatal); }
            return new PolicyDocument(_path, "1", @default, hideAll, hideAllPointer, hideAllSpan, hidden.AsReadOnly(), allToolsLimits.AsReadOnly(), tools, null);
        }

        private PolicyDocument Unreadable(SourceSpan span, string message)
            => PolicyDocument.DenyAll($"{Where(span)}: {message} Every tool is denied until the policy is fixed (fail closed).", _path);

        private ToolRule ReadRule(LocatedJsonProperty property, string pointer)
        {
            var name = property.Name;
            var node = property.Value;
            if (!node.IsObject)
            {
                Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"The rule for \"{name}\" must be an object (use {{}} to allow the tool), not {JsonValueComparer.KindName(node)}. Until it is fixed the tool is denied.");
                return BrokenRule(name, pointer, property.NameSpan, $"the rule for \"{name}\" at {Where(node.Span)} is not an object");
            }

            string? failClosed = null;
            if (!CheckDuplicates(node, $"the rule for \"{name}\""))
            {
                failClosed = $"the rule for \"{name}\" at {Where(node.Span)} has a duplicate key";
            }

            foreach (var p in node.Properties)
            {
                if (!Contains(RuleKeys, p.Name)) { UnknownKey(p, $"in the rule for \"{name}\"", RuleKeys); }
            }

            var action = RuleAction.Allow;
            if (node["action"] is { } actionNode)
            {
                switch (actionNode.AsString())
                {
                    case "allow": action = RuleAction.Allow; break;
                    case "deny": action = RuleAction.Deny; break;
                    case "require_approval": action = RuleAction.RequireApproval; break;
                    default:
                        var suggestion = actionNode.AsString() is { } s ? NearestName.Find(s, new[] { "allow", "deny", "require_approval" }) : null;
                        Error(DiagnosticIds.PolicyInvalidStructure, actionNode.Span, $"The action of \"{name}\" must be \"allow\", \"deny\" or \"require_approval\", not {actionNode}{DidYouMean(suggestion)}. Until it is fixed the tool is denied.");
                        failClosed ??= $"the action of \"{name}\" at {Where(actionNode.Span)} is not one of allow, deny, require_approval";
                        break;
                }
            }

            var reason = ReadMessage(node, "reason", $"the rule for \"{name}\"");
            var onDeny = ReadMessage(node, "on_deny", $"the rule for \"{name}\"");
            if (reason is not null && onDeny is not null && !string.Equals(reason, onDeny, StringComparison.Ordinal))
            {
                Error(DiagnosticIds.PolicyDuplicateEntry, node.GetProperty("on_deny")!.NameSpan, $"The rule for \"{name}\" has both \"reason\" and \"on_deny\", two spellings of the same message; keep one. \"reason\" is used.");
            }

            var require = ReadPredicates(node, "require", pointer, name, ref failClosed);
            var denyIf = ReadPredicates(node, "deny_if", pointer, name, ref failClosed);
            var limits = new List<PolicyLimit>();
            ReadLimits(node, pointer, limits);
            return new ToolRule(
                name,
                failClosed is null ? action : RuleAction.Deny,
                reason ?? onDeny,
                require,
                denyIf,
                limits.AsReadOnly(),
                pointer,
                property.NameSpan,
                failClosed);
        }

        private ToolRule BrokenRule(string name, string pointer, SourceSpan span, string reason)
            => new(name, RuleAction.Deny, null, Array.Empty<PolicyPredicate>(), Array.Empty<PolicyPredicate>(), Array.Empty<PolicyLimit>(), pointer, span, reason);

        private string? ReadMessage(LocatedJsonNode owner, string key, string what)
        {
            var node = owner[key];
            if (node is null) { return null; }
            if (node.AsString() is { } s) { return s; }
            Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"\"{key}\" of {what} must be a string (the message a denied caller sees), not {JsonValueComparer.KindName(node)}; it is ignored.");
            return null;
        }

        private IReadOnlyList<PolicyPredicate> ReadPredicates(LocatedJsonNode rule, string key, string rulePointer, string toolName, ref string? failClosed)
        {
            var node = rule[key];
            if (node is null) { return Array.Empty<PolicyPredicate>(); }
            if (!node.IsArray)
            {
                Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"\"{key}\" of \"{toolName}\" must be an array of predicates, not {JsonValueComparer.KindName(node)}. Until it is fixed the tool is denied.");
                failClosed ??= $"\"{key}\" of \"{toolName}\" at {Where(node.Span)} is not an array";
                return Array.Empty<PolicyPredicate>();
            }

            var list = new List<PolicyPredicate>(node.Items.Count);
            for (var i = 0; i < node.Items.Count; i++)
            {
                list.Add(ReadPredicate(node.Items[i], rulePointer + "/" + key + "/" + i.ToString(CultureInfo.InvariantCulture), toolName));
            }

            return list.AsReadOnly();
        }

        private PolicyPredicate ReadPredicate(LocatedJsonNode node, string pointer, string toolName)
        {
            const string closed = " Until it is fixed, every call of the tool is denied.";
            if (!node.IsObject)
            {
                var message = $"A predicate must be an object {{ \"path\": \"args.x\", \"op\": \"eq\", \"value\": ... }}, not {JsonValueComparer.KindName(node)}.";
                Error(DiagnosticIds.PolicyInvalidStructure, node.Span, message + closed);
                return Invalid(node, pointer, string.Empty, PredicateOperator.Eq, string.Empty, null, Array.Empty<string>(), $"predicate {pointer} at {Where(node.Span)} is not an object");
            }

            string? error = null;
            if (!CheckDuplicates(node, $"predicate {pointer}"))
            {
                error = $"predicate {pointer} at {Where(node.Span)} has a duplicate key";
            }

            foreach (var p in node.Properties)
            {
                if (!Contains(PredicateKeys, p.Name)) { UnknownKey(p, "in a predicate", PredicateKeys); }
            }

            var onDeny = ReadMessage(node, "on_deny", $"predicate {pointer}") ?? ReadMessage(node, "reason", $"predicate {pointer}");

            // path
            var path = string.Empty;
            IReadOnlyList<string> segments = Array.Empty<string>();
            var pathNode = node["path"];
            if (pathNode is null)
            {
                Error(DiagnosticIds.PolicyBadPath, node.Span, "The predicate has no \"path\"; add one such as \"path\": \"args.method\"." + closed);
                error ??= $"predicate {pointer} at {Where(node.Span)} has no path";
            }
            else if (pathNode.AsString() is not { } p)
            {
                Error(DiagnosticIds.PolicyBadPath, pathNode.Span, $"\"path\" must be a string such as \"args.method\", not {JsonValueComparer.KindName(pathNode)}." + closed);
                error ??= $"the path of predicate {pointer} at {Where(pathNode.Span)} is not a string";
            }
            else
            {
                path = p;
                var parsed = ParsePath(p);
                if (parsed is null)
                {
                    Error(DiagnosticIds.PolicyBadPath, pathNode.Span, $"Path \"{p}\" must start with \"args.\" and name an argument, with non-empty segments separated by dots (e.g. \"args.options.mode\")." + closed);
                    error ??= $"the path \"{p}\" of predicate {pointer} at {Where(pathNode.Span)} does not read an argument";
                }
                else
                {
                    segments = parsed;
                }
            }

            // op
            var op = PredicateOperator.Eq;
            var opText = string.Empty;
            var opKnown = false;
            var opNode = node["op"];
            if (opNode is null)
            {
                Error(DiagnosticIds.PolicyUnknownOperator, node.Span, $"The predicate has no \"op\"; add one of {string.Join(", ", OperatorNames)}." + closed);
                error ??= $"predicate {pointer} at {Where(node.Span)} has no operator";
            }
            else if (opNode.AsString() is not { } o)
            {
                Error(DiagnosticIds.PolicyUnknownOperator, opNode.Span, $"\"op\" must be a string, one of {string.Join(", ", OperatorNames)}; not {JsonValueComparer.KindName(opNode)}." + closed);
                error ??= $"the operator of predicate {pointer} at {Where(opNode.Span)} is not a string";
            }
            else
            {
                opText = o;
                for (var i = 0; i < OperatorNames.Count; i++)
                {
                    if (string.Equals(OperatorNames[i], o, StringComparison.Ordinal)) { op = OperatorValues[i]; opKnown = true; break; }
                }

                if (!opKnown)
                {
                    var suggestion = NearestName.Find(o, OperatorNames);
                    Error(DiagnosticIds.PolicyUnknownOperator, opNode.Span, $"Unknown operator \"{o}\"{DidYouMean(suggestion)}; the operators are {string.Join(", ", OperatorNames)}." + closed);
                    error ??= $"predicate {pointer} at {Where(opNode.Span)} has the unknown operator \"{o}\"";
                }
            }

            // value against op
            var valueProperty = node.GetProperty("value");
            var value = valueProperty?.Value;
            Regex? regex = null;
            if (opKnown)
            {
                var valueError = CheckValue(op, opText, value, out regex, out var regexError);
                if (valueError is not null)
                {
                    var span = value?.Span ?? node.Span;
                    Error(regexError ? DiagnosticIds.PolicyBadRegex : DiagnosticIds.PolicyValueTypeMismatch, span, valueError + closed);
                    error ??= $"predicate {pointer} at {Where(span)}: {valueError}";
                }
            }

            return new PolicyPredicate(path, segments, op, opText, value, onDeny, pointer, node.Span, regex, error);
        }

        private static string? CheckValue(PredicateOperator op, string opText, LocatedJsonNode? value, out Regex? regex, out bool regexError)
        {
            regex = null;
            regexError = false;
            var got = value is null ? "no value" : JsonValueComparer.KindName(value);
            switch (op)
            {
                case PredicateOperator.Eq:
                case PredicateOperator.Neq:
                    return value is null ? $"Operator \"{opText}\" needs a \"value\" to compare with." : null;
                case PredicateOperator.In:
                case PredicateOperator.NotIn:
                    return value is { IsArray: true } ? null : $"Operator \"{opText}\" needs an array \"value\" (e.g. [\"unlink\", \"write\"]), not {got}.";
                case PredicateOperator.Lt:
                case PredicateOperator.Lte:
                case PredicateOperator.Gt:
                case PredicateOperator.Gte:
                    return value is { IsNumber: true } ? null : $"Operator \"{opText}\" needs a number \"value\", not {got}.";
                case PredicateOperator.Contains:
                    return value is null || value.IsNull ? $"Operator \"contains\" needs a \"value\": a string (substring test) or any JSON value (array element test), not {got}." : null;
                case PredicateOperator.Exists:
                    return value is null || value.IsBoolean ? null : $"Operator \"exists\" takes true, false or no \"value\", not {got}.";
                case PredicateOperator.Regex:
                    if (value?.AsString() is not { } pattern) { return $"Operator \"regex\" needs a string \"value\" holding a .NET regular expression, not {got}."; }
                    try
                    {
                        regex = new Regex(pattern, RegexOptions.CultureInvariant, PolicyPredicate.RegexTimeout);
                        return null;
                    }
                    catch (ArgumentException e)
                    {
                        regexError = true;
                        return $"The regex {Quote(pattern)} does not compile: {e.Message}";
                    }

                default:
                    return null;
            }
        }

        private static IReadOnlyList<string>? ParsePath(string path)
        {
            const string prefix = "args.";
            if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Length == prefix.Length) { return null; }
            var segments = path.Substring(prefix.Length).Split('.');
            foreach (var s in segments)
            {
                if (s.Length == 0) { return null; }
            }

            return segments;
        }

        private void ReadLimits(LocatedJsonNode owner, string ownerPointer, List<PolicyLimit> into)
        {
            if (owner.GetProperty("rate_limit") is { } rate)
            {
                into.Add(ReadRateLimit(rate.Value, ownerPointer + "/rate_limit"));
            }

            if (owner["limits"] is { } limits)
            {
                var pointer = ownerPointer + "/limits";
                if (!limits.IsArray)
                {
                    var message = $"\"limits\" must be an array of {{ \"max\": N, \"window\": SECONDS }} objects, not {JsonValueComparer.KindName(limits)}.";
                    Error(DiagnosticIds.PolicyBadLimit, limits.Span, message + " Until it is fixed, the calls it covers are refused at run time.");
                    into.Add(BrokenLimit(pointer, limits.Span, message, null));
                    return;
                }

                for (var i = 0; i < limits.Items.Count; i++)
                {
                    into.Add(ReadLimitObject(limits.Items[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        private PolicyLimit ReadRateLimit(LocatedJsonNode node, string pointer)
        {
            if (node.IsObject) { return ReadLimitObject(node, pointer); }
            const string closed = " Until it is fixed, the calls it covers are refused at run time.";
            if (node.AsString() is { } text)
            {
                var m = RateShorthand.Match(text);
                TimeSpan? window = null;
                if (m.Success)
                {
                    window = m.Groups[2].Value.ToLowerInvariant() switch
                    {
                        "s" or "sec" or "second" or "seconds" => TimeSpan.FromSeconds(1),
                        "m" or "min" or "minute" or "minutes" => TimeSpan.FromMinutes(1),
                        "h" or "hr" or "hour" or "hours" => TimeSpan.FromHours(1),
                        "d" or "day" or "days" => TimeSpan.FromDays(1),
                        _ => null,
                    };
                }

                if (window is { } w && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
                {
                    return new PolicyLimit(max, w, null, pointer, node.Span, null);
                }

                var message = $"Rate limit \"{text}\" is not understood; write \"N/second\", \"N/minute\", \"N/hour\", \"N/day\" or {{ \"max\": N, \"window\": SECONDS }}.";
                Error(DiagnosticIds.PolicyBadLimit, node.Span, message + closed);
                return BrokenLimit(pointer, node.Span, message, null);
            }

            var wrong = $"\"rate_limit\" must be {{ \"max\": N, \"window\": SECONDS }} or a string such as \"10/minute\", not {JsonValueComparer.KindName(node)}.";
            Error(DiagnosticIds.PolicyBadLimit, node.Span, wrong + closed);
            return BrokenLimit(pointer, node.Span, wrong, null);
        }

        private PolicyLimit ReadLimitObject(LocatedJsonNode node, string pointer)
        {
            const string closed = " Until it is fixed, the calls it covers are refused at run time.";
            if (!node.IsObject)
            {
                var message = $"A limit must be an object {{ \"max\": N, \"window\": SECONDS }}, not {JsonValueComparer.KindName(node)}.";
                Error(DiagnosticIds.PolicyBadLimit, node.Span, message + closed);
                return BrokenLimit(pointer, node.Span, message, null);
            }

            string? error = null;
            if (!CheckDuplicates(node, $"limit {pointer}")) { error = "the limit has a duplicate key"; }
            foreach (var p in node.Properties)
            {
                if (!Contains(LimitKeys, p.Name)) { UnknownKey(p, "in a limit", LimitKeys); }
            }

            string? id = null;
            if (node["id"] is { } idNode)
            {
                if (idNode.AsString() is { Length: > 0 } s)
                {
                    id = s;
                }
                else
                {
                    var message = $"A limit's \"id\" must be a non-empty string, not {JsonValueComparer.KindName(idNode)}.";
                    Error(DiagnosticIds.PolicyBadLimit, idNode.Span, message + closed);
                    error ??= message;
                }
            }

            long max = 0;
            var maxNode = node["max"];
            if (maxNode is null)
            {
                var message = "The limit has no \"max\" (the most calls per window).";
                Error(DiagnosticIds.PolicyBadLimit, node.Span, message + closed);
                error ??= message;
            }
            else if (maxNode.AsInt64() is { } m && m >= 0)
            {
                max = m;
            }
            else
            {
                var message = $"\"max\" must be a whole number of calls, 0 or more, not {maxNode}.";
                Error(DiagnosticIds.PolicyBadLimit, maxNode.Span, message + closed);
                error ??= message;
            }

            var window = TimeSpan.FromSeconds(1);
            var windowNode = node["window"];
            if (windowNode is null)
            {
                var message = "The limit has no \"window\" (its length in seconds).";
                Error(DiagnosticIds.PolicyBadLimit, node.Span, message + closed);
                error ??= message;
            }
            else if (windowNode.AsDouble() is { } seconds && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                window = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
                if (window <= TimeSpan.Zero) { window = TimeSpan.FromTicks(1); }
            }
            else
            {
                var message = $"\"window\" must be a positive number of seconds, not {windowNode}.";
                Error(DiagnosticIds.PolicyBadLimit, windowNode.Span, message + closed);
                error ??= message;
            }

            return error is null ? new PolicyLimit(max, window, id, pointer, node.Span, null) : BrokenLimit(pointer, node.Span, error, id);
        }

        private PolicyLimit BrokenLimit(string pointer, SourceSpan span, string error, string? id)
            => new(0, TimeSpan.FromSeconds(1), id, pointer, span, $"{Where(span)}: {error}");

        private static PolicyPredicate Invalid(LocatedJsonNode node, string pointer, string path, PredicateOperator op, string opText, string? onDeny, IReadOnlyList<string> segments, string error)
            => new(path, segments, op, opText, null, onDeny, pointer, node.Span, null, error);

        private bool CheckDuplicates(LocatedJsonNode obj, string what)
        {
            if (obj.Properties.Count < 2) { return true; }
            var ok = true;
            var seen = new Dictionary<string, LocatedJsonProperty>(StringComparer.Ordinal);
            foreach (var p in obj.Properties)
            {
                if (seen.TryGetValue(p.Name, out var first))
                {
                    Error(DiagnosticIds.PolicyDuplicateEntry, p.NameSpan, $"Key \"{p.Name}\" appears twice in {what} (first at {Where(first.NameSpan)}); gateways disagree on which one wins, so remove one. Until then it is treated as closed.");
                    ok = false;
                }
                else
                {
                    seen.Add(p.Name, p);
                }
            }

            return ok;
        }

        private void CheckKnown(string name, SourceSpan span, string where)
        {
            if (_known is null || _known.Contains(name)) { return; }
            var suggestion = NearestName.Find(name, _knownList!);
            var hint = suggestion is null
                ? " Check the spelling against the catalog, or remove the entry."
                : $" Did you mean '{suggestion}'?";
            var effect = where == "hide" ? "the tool meant to be hidden stays visible" : "the tool meant by this rule falls to the default";
            Error(DiagnosticIds.PolicyUnknownTool, span, $"Tool \"{name}\" under \"{where}\" is not in any catalog, so {effect}.{hint}");
        }

        private void UnknownKey(LocatedJsonProperty p, string where, string[] known)
        {
            var suggestion = NearestName.Find(p.Name, known);
            var hint = suggestion is null ? $" Known keys: {string.Join(", ", known)}." : $" Did you mean \"{suggestion}\"?";
            Diagnostics.Add(new ModelDiagnostic(DiagnosticIds.PolicyUnknownKey, ModelSeverity.Warning, $"Unknown key \"{p.Name}\" {where} is ignored.{hint}", _path, p.NameSpan));
        }

        private static string DidYouMean(string? suggestion) => suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";

        private void Error(string id, SourceSpan span, string message)
            => Diagnostics.Add(new ModelDiagnostic(id, ModelSeverity.Error, message, _path, span));

        private string Where(SourceSpan span)
            => span.IsKnown
                ? $"{FileName}:{span.StartLine.ToString(CultureInfo.InvariantCulture)}:{span.StartColumn.ToString(CultureInfo.InvariantCulture)}"
                : FileName;
    }
}

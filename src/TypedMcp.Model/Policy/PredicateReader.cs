using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// Reads one <c>require</c> or <c>deny_if</c> entry: <c>path</c>, <c>op</c>, and a <c>value</c> that fits the
/// operator. A predicate that cannot be read keeps its <see cref="PolicyPredicate.Error"/> and denies every call of its tool.
/// </summary>
/// <param name="file">The file being read.</param>
internal sealed class PredicateReader(PolicyFileReader file)
{
    private const string Closed = " Until it is fixed, every call of the tool is denied.";
    private static readonly string[] PredicateKeys = { "path", "op", "value", "on_deny", "reason" };

    private static readonly PredicateOperator[] OperatorValues =
    {
        PredicateOperator.Eq, PredicateOperator.Neq, PredicateOperator.In, PredicateOperator.NotIn, PredicateOperator.Lt, PredicateOperator.Lte,
        PredicateOperator.Gt, PredicateOperator.Gte, PredicateOperator.Regex, PredicateOperator.Contains, PredicateOperator.Exists,
    };

    /// <summary>The operator names, as written in policy.json (in the order of <see cref="PredicateOperator"/>).</summary>
    public static IReadOnlyList<string> OperatorNames { get; } = new[] { "eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "regex", "contains", "exists" };

    /// <summary>Reads the predicate <paramref name="node"/> at <paramref name="pointer"/>.</summary>
    public PolicyPredicate Read(LocatedJsonNode node, string pointer)
    {
        if (!node.IsObject)
        {
            file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"A predicate must be an object {{ \"path\": \"args.x\", \"op\": \"eq\", \"value\": ... }}, not {node.KindName}." + Closed);
            return new PolicyPredicate(string.Empty, Array.Empty<string>(), PredicateOperator.Eq, string.Empty, null, null, pointer, node.Span, null, $"predicate {pointer} at {file.Where(node.Span)} is not an object");
        }

        string? error = file.CheckDuplicates(node, $"predicate {pointer}") ? null : $"predicate {pointer} at {file.Where(node.Span)} has a duplicate key";
        file.UnknownKeys(node, "in a predicate", PredicateKeys);
        var onDeny = file.ReadMessage(node, "on_deny", $"predicate {pointer}") ?? file.ReadMessage(node, "reason", $"predicate {pointer}");
        var path = ReadPath(node, pointer, out var segments, ref error);
        var opText = ReadOperator(node, pointer, out var op, ref error);
        var value = node["value"];
        var regex = op is { } known ? ReadValue(known, opText, value, node, pointer, ref error) : null;
        return new PolicyPredicate(path, segments, op ?? PredicateOperator.Eq, opText, value, onDeny, pointer, node.Span, regex, error);
    }

    private string ReadPath(LocatedJsonNode predicate, string pointer, out IReadOnlyList<string> segments, ref string? error)
    {
        segments = Array.Empty<string>();
        var node = predicate["path"];
        if (node is null)
        {
            file.Error(DiagnosticIds.PolicyBadPath, predicate.Span, "The predicate has no \"path\"; add one such as \"path\": \"args.method\"." + Closed);
            error ??= $"predicate {pointer} at {file.Where(predicate.Span)} has no path";
            return string.Empty;
        }

        if (node.AsString() is not { } path)
        {
            file.Error(DiagnosticIds.PolicyBadPath, node.Span, $"\"path\" must be a string such as \"args.method\", not {node.KindName}." + Closed);
            error ??= $"the path of predicate {pointer} at {file.Where(node.Span)} is not a string";
            return string.Empty;
        }

        if (ArgumentPath(path) is { } parsed) { segments = parsed; }
        else
        {
            file.Error(DiagnosticIds.PolicyBadPath, node.Span, $"Path \"{path}\" must start with \"args.\" and name an argument, with non-empty segments separated by dots (e.g. \"args.options.mode\")." + Closed);
            error ??= $"the path \"{path}\" of predicate {pointer} at {file.Where(node.Span)} does not read an argument";
        }

        return path;
    }

    /// <summary><c>"args.a.b"</c> → <c>["a", "b"]</c>; null when the path does not read an argument (predicates and spend caps).</summary>
    internal static IReadOnlyList<string>? ArgumentPath(string path)
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

    // The operator as written; op is null unless it is one the language has.
    private string ReadOperator(LocatedJsonNode predicate, string pointer, out PredicateOperator? op, ref string? error)
    {
        op = null;
        var node = predicate["op"];
        if (node is null)
        {
            file.Error(DiagnosticIds.PolicyUnknownOperator, predicate.Span, $"The predicate has no \"op\"; add one of {string.Join(", ", OperatorNames)}." + Closed);
            error ??= $"predicate {pointer} at {file.Where(predicate.Span)} has no operator";
            return string.Empty;
        }

        if (node.AsString() is not { } text)
        {
            file.Error(DiagnosticIds.PolicyUnknownOperator, node.Span, $"\"op\" must be a string, one of {string.Join(", ", OperatorNames)}; not {node.KindName}." + Closed);
            error ??= $"the operator of predicate {pointer} at {file.Where(node.Span)} is not a string";
            return string.Empty;
        }

        var index = LocatedObjectReader.IndexOf(OperatorNames, text);
        if (index >= 0) { op = OperatorValues[index]; }
        else
        {
            file.Error(DiagnosticIds.PolicyUnknownOperator, node.Span, $"Unknown operator \"{text}\"{PolicyFileReader.DidYouMean(text, OperatorNames)}; the operators are {string.Join(", ", OperatorNames)}." + Closed);
            error ??= $"predicate {pointer} at {file.Where(node.Span)} has the unknown operator \"{text}\"";
        }

        return text;
    }

    // Checks the value against the operator; returns the compiled regex of a regex predicate.
    private Regex? ReadValue(PredicateOperator op, string opText, LocatedJsonNode? value, LocatedJsonNode predicate, string pointer, ref string? error)
    {
        Regex? regex = null;
        var problem = op == PredicateOperator.Regex ? CompileRegex(value, out regex) : CheckValue(op, opText, value);
        if (problem is null) { return regex; }
        var span = value?.Span ?? predicate.Span;
        var id = op == PredicateOperator.Regex && value?.AsString() is not null ? DiagnosticIds.PolicyBadRegex : DiagnosticIds.PolicyValueTypeMismatch;
        file.Error(id, span, problem + Closed);
        error ??= $"predicate {pointer} at {file.Where(span)}: {problem}";
        return null;
    }

    private static string? CheckValue(PredicateOperator op, string opText, LocatedJsonNode? value)
    {
        var got = value is null ? "no value" : value.KindName;
        return op switch
        {
            PredicateOperator.Eq or PredicateOperator.Neq
                => value is null ? $"Operator \"{opText}\" needs a \"value\" to compare with." : null,
            PredicateOperator.In or PredicateOperator.NotIn
                => value is { IsArray: true } ? null : $"Operator \"{opText}\" needs an array \"value\" (e.g. [\"unlink\", \"write\"]), not {got}.",
            PredicateOperator.Lt or PredicateOperator.Lte or PredicateOperator.Gt or PredicateOperator.Gte
                => value is { IsNumber: true } ? null : $"Operator \"{opText}\" needs a number \"value\", not {got}.",
            PredicateOperator.Contains
                => value is null || value.IsNull ? $"Operator \"contains\" needs a \"value\": a string (substring test) or any JSON value (array element test), not {got}." : null,
            PredicateOperator.Exists
                => value is null || value.IsBoolean ? null : $"Operator \"exists\" takes true, false or no \"value\", not {got}.",
            _ => null,
        };
    }

    private static string? CompileRegex(LocatedJsonNode? value, out Regex? regex)
    {
        regex = null;
        if (value?.AsString() is not { } pattern)
        {
            return $"Operator \"regex\" needs a string \"value\" holding a .NET regular expression, not {(value is null ? "no value" : value.KindName)}.";
        }

        try
        {
            // Compiled as written first, so a mistake is reported in the author's own pattern; then with $ as the end of the value.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, PolicyPredicate.RegexTimeout);
            regex = new Regex(PolicyRegex.WholeValueAnchors(pattern), RegexOptions.CultureInvariant, PolicyPredicate.RegexTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"The regex \"{pattern}\" does not compile: {e.Message}";
        }
    }
}

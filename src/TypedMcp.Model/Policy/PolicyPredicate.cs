using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>
/// One <c>require</c> or <c>deny_if</c> entry: <c>{ "path": "args.x", "op": "...", "value": ..., "on_deny": "..." }</c>.
/// Immutable; a regex is compiled once, when the policy is parsed.
/// </summary>
public sealed class PolicyPredicate
{
    /// <summary>How long one regex match may run before it counts as an error (and the call is denied).</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex? _regex;
    private readonly bool _existsExpected;
    private Regex? _regexIgnoringCase;

    internal PolicyPredicate(
        string path,
        IReadOnlyList<string> argumentPath,
        PredicateOperator op,
        string operatorText,
        LocatedJsonNode? value,
        string? onDeny,
        string pointer,
        SourceSpan span,
        Regex? regex,
        string? error)
    {
        Path = path;
        ArgumentPath = argumentPath;
        Operator = op;
        OperatorText = operatorText;
        Value = value;
        OnDeny = onDeny;
        Pointer = pointer;
        Span = span;
        _regex = regex;
        Error = error;
        _existsExpected = value?.AsBoolean() ?? true;
    }

    /// <summary>The path as written, e.g. <c>args.method</c>.</summary>
    public string Path { get; }

    /// <summary>The segments after <c>args.</c>, e.g. <c>["method"]</c> or <c>["options", "mode"]</c>.</summary>
    public IReadOnlyList<string> ArgumentPath { get; }

    /// <summary>The operator. When <see cref="IsValid"/> is false it may be a placeholder; see <see cref="OperatorText"/>.</summary>
    public PredicateOperator Operator { get; }

    /// <summary>The operator as written in policy.json.</summary>
    public string OperatorText { get; }

    /// <summary>The <c>value</c>, or null when none is written.</summary>
    internal LocatedJsonNode? Value { get; }

    /// <summary>The predicate's own message (<c>on_deny</c> or <c>reason</c>), or null.</summary>
    public string? OnDeny { get; }

    /// <summary>JSON Pointer to the predicate, e.g. <c>/tools/odoo_execute/deny_if/0</c>.</summary>
    public string Pointer { get; }

    /// <summary>Where the predicate stands in policy.json.</summary>
    public SourceSpan Span { get; }

    /// <summary>
    /// Why the predicate cannot be evaluated (it was reported as a diagnostic), or null. An invalid predicate fails
    /// closed: it denies every call of its tool, in <c>require</c> and in <c>deny_if</c> alike.
    /// </summary>
    public string? Error { get; }

    /// <summary>Whether the predicate was read without error.</summary>
    public bool IsValid => Error is null;

    /// <summary>Evaluates the predicate against <paramref name="arguments"/>.</summary>
    internal PredicateOutcome Evaluate(IPolicyArguments arguments) => Evaluate(arguments, out _, out _);

    /// <summary>Evaluates the predicate, also returning the argument it read and, for <see cref="PredicateOutcome.Error"/>, why.</summary>
    internal PredicateOutcome Evaluate(IPolicyArguments arguments, out ArgumentValue argument, out string? error)
        => Evaluate(arguments, lenient: false, out argument, out error);

    /// <summary>
    /// Evaluates the predicate the way a lenient server binder may read the call (see <see cref="LenientJson"/>): the
    /// argument is looked up ignoring case when no member has the exact name, strings compare ignoring case, numeric
    /// strings compare as numbers, and a regex ignores case. The evaluator denies when either reading denies.
    /// </summary>
    internal PredicateOutcome EvaluateLenient(IPolicyArguments arguments, out ArgumentValue argument, out string? error)
        => Evaluate(arguments, lenient: true, out argument, out error);

    // One evaluation for both readings; `lenient` picks the lookup, the equality, the number reading, the regex and the
    // substring comparison - nothing else differs between them.
    private PredicateOutcome Evaluate(IPolicyArguments arguments, bool lenient, out ArgumentValue argument, out string? error)
    {
        if (arguments is null) { throw new ArgumentNullException(nameof(arguments)); }
        argument = default;
        if (Error is not null)
        {
            error = Error;
            return PredicateOutcome.Error;
        }

        argument = lenient && arguments is PolicyArguments known ? known.GetIgnoringCase(ArgumentPath) : arguments.Get(ArgumentPath);
        error = null;
        if (argument.State == ArgumentState.Unknown) { return PredicateOutcome.Unknown; }
        var present = argument.State == ArgumentState.Present;
        var actual = argument.Value ?? LocatedJsonNode.Null();
        switch (Operator)
        {
            case PredicateOperator.Exists:
                return present == _existsExpected ? PredicateOutcome.True : PredicateOutcome.False;
            case PredicateOperator.Eq:
                return present && Equal(actual, Value!, lenient) ? PredicateOutcome.True : PredicateOutcome.False;
            case PredicateOperator.Neq:
                return present && Equal(actual, Value!, lenient) ? PredicateOutcome.False : PredicateOutcome.True;
            case PredicateOperator.In:
                return present && InList(actual, lenient) ? PredicateOutcome.True : PredicateOutcome.False;
            case PredicateOperator.NotIn:
                return present && InList(actual, lenient) ? PredicateOutcome.False : PredicateOutcome.True;
        }

        // The remaining operators need a value of a particular type: absent or null never holds.
        if (!present || actual.IsNull) { return PredicateOutcome.False; }
        switch (Operator)
        {
            case PredicateOperator.Lt:
            case PredicateOperator.Lte:
            case PredicateOperator.Gt:
            case PredicateOperator.Gte:
                var number = lenient ? LenientJson.AsNumber(actual) : actual.IsNumber ? actual : null;
                if (number is null) { return TypeError(actual, "a number", out error); }
                var c = LocatedJsonNode.CompareNumbers(number, Value!);
                var holds = Operator switch
                {
                    PredicateOperator.Lt => c < 0,
                    PredicateOperator.Lte => c <= 0,
                    PredicateOperator.Gt => c > 0,
                    _ => c >= 0,
                };
                return holds ? PredicateOutcome.True : PredicateOutcome.False;
            case PredicateOperator.Regex:
                if (!actual.IsString) { return TypeError(actual, "a string", out error); }
                try
                {
                    var regex = lenient
                        ? _regexIgnoringCase ??= new Regex(_regex!.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexTimeout)
                        : _regex!;
                    return regex.IsMatch(actual.Text!) ? PredicateOutcome.True : PredicateOutcome.False;
                }
                catch (RegexMatchTimeoutException)
                {
                    error = $"the regex took longer than {RegexTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms on the argument";
                    return PredicateOutcome.Error;
                }

            case PredicateOperator.Contains:
                if (actual.IsArray)
                {
                    foreach (var item in actual.Items)
                    {
                        if (Equal(item, Value!, lenient)) { return PredicateOutcome.True; }
                    }

                    return PredicateOutcome.False;
                }

                if (actual.IsString)
                {
                    if (!Value!.IsString) { return TypeError(actual, "an array (the value is not a string, so no substring test applies)", out error); }
                    var comparison = lenient ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    return actual.Text!.IndexOf(Value.Text!, comparison) >= 0 ? PredicateOutcome.True : PredicateOutcome.False;
                }

                return TypeError(actual, "a string or an array", out error);
            default:
                error = "unsupported operator";
                return PredicateOutcome.Error;
        }
    }

    /// <summary>The predicate as written, e.g. <c>args.method in ["unlink"]</c>.</summary>
    public override string ToString()
        => Value is null ? $"{Path} {OperatorText}" : $"{Path} {OperatorText} {Value}";

    private static bool Equal(LocatedJsonNode actual, LocatedJsonNode expected, bool lenient)
        => lenient ? LenientJson.Equal(actual, expected) : LocatedJsonNode.DeepEquals(actual, expected);

    private bool InList(LocatedJsonNode actual, bool lenient)
    {
        foreach (var item in Value!.Items)
        {
            if (Equal(actual, item, lenient)) { return true; }
        }

        return false;
    }

    private PredicateOutcome TypeError(LocatedJsonNode actual, string expected, out string error)
    {
        error = $"argument '{Path}' is {actual.KindName}, but '{OperatorText}' needs {expected}";
        return PredicateOutcome.Error;
    }
}

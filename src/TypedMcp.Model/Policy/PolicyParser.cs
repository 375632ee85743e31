using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;

namespace TypedMcp.Policy;

/// <summary>The outcome of reading policy.json: the policy (fail closed when unreadable) and every problem found.</summary>
/// <param name="Policy">The policy. Never null: when the file cannot be read it is <see cref="PolicyDocument.DenyAll(string, string?)"/>.</param>
/// <param name="Diagnostics">Every problem found, in file order, each located at line and column.</param>
internal sealed record PolicyParseResult(PolicyDocument Policy, IReadOnlyList<ModelDiagnostic> Diagnostics)
{
    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors { get; } = ModelDiagnostic.AnyError(Diagnostics);
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
/// <remarks>
/// One reader per section, all sharing one <see cref="PolicyFileReader"/>: <see cref="PolicyRootReader"/> (version,
/// default, and the sections below), <see cref="HideReader"/>, <see cref="LimitReader"/> (<c>all_tools</c>,
/// <c>limits</c>, <c>rate_limit</c>), <see cref="ToolRuleReader"/> and <see cref="PredicateReader"/>.
/// </remarks>
internal static class PolicyParser
{
    /// <summary>Reads policy.json text.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="filePath">The file's path, for diagnostics and messages.</param>
    /// <param name="knownToolNames">The tool names the catalogs have; when given, other names under <c>tools</c> and <c>hide</c> are reported (TMCP0208).</param>
    public static PolicyParseResult Parse(string text, string? filePath, IReadOnlyCollection<string>? knownToolNames = null)
    {
        var file = new PolicyFileReader(filePath, knownToolNames);
        PolicyDocument policy;
        try
        {
            policy = new PolicyRootReader(file).Read(text ?? string.Empty);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in this reader must not open the policy: report it and deny everything.
            var message = $"TypedMcp could not read the policy ({e.GetType().Name}: {e.Message}); every tool is denied. Please report this.";
            file.Error(DiagnosticIds.InternalError, default, message);
            policy = PolicyDocument.DenyAll($"{filePath ?? "policy.json"}: {message}", filePath);
        }

        policy.Fingerprint = Fingerprint(text ?? string.Empty);
        return new PolicyParseResult(policy, file.Diagnostics.AsReadOnly());
    }

    /// <summary>The first 16 lowercase hex digits of the SHA-256 of the UTF-8 text.</summary>
    internal static string Fingerprint(string text)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(text));
        var hex = new System.Text.StringBuilder(16);
        for (var i = 0; i < 8; i++) { hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); }
        return hex.ToString();
    }
}

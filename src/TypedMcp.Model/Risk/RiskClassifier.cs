using System;
using System.Collections.Generic;
using System.Globalization;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Risk;

/// <summary>
/// Classifies an MCP tool into a <see cref="RiskCategory"/> and <see cref="RiskLevel"/> from its name, description,
/// input schema and MCP annotations. Deterministic: no network, no model, no culture-dependent text handling; the
/// same inputs give the same verdict on every machine.
/// </summary>
/// <remarks>
/// The rules form an ordered table (<see cref="Rules"/>); the first one that matches decides. The table is ordered
/// for safety: destructive evidence first, so nothing later (a report-like name, an annotation, a description) can
/// lower a tool whose name says it deletes, revokes or rolls back. Annotations can raise a class, never lower one
/// below what the name says. Every rule is documented, with real tool names, in <c>docs/risk-classes.md</c>.
/// </remarks>
internal static class RiskClassifier
{
    private static readonly RiskRule[] Table =
    {
        new("R01-destructive-verb", RiskCategory.Destructive, RiskLevel.Critical,
            "The name contains a verb that deletes, unlinks, uninstalls, revokes, disconnects, removes, drops, rolls back, restores, rotates or overwrites.",
            e => e.FirstNameToken(RiskVocabulary.DestructiveVerbs) is { } v
                ? Say("The name contains the destructive verb '{0}'.", v) : null),

        new("R02-destructive-hint", RiskCategory.Destructive, RiskLevel.Critical,
            "The tool's annotations declare destructiveHint: true.",
            e => e.DestructiveHint == true ? "The annotations declare destructiveHint: true." : null),

        new("R03-destructive-description", RiskCategory.Destructive, RiskLevel.Critical,
            "The description's first sentence says the tool deletes, removes, revokes, overwrites, restores or otherwise destroys something.",
            e => e.FirstSentenceWord(RiskVocabulary.DestructiveSentenceWords) is { } w
                ? Say("The description's first sentence says the tool '{0}' something.", w) : null),

        new("R04-read-credentials", RiskCategory.Read, RiskLevel.High,
            "A read (report-like name or read verb, with no execute or money word anywhere) that concerns secrets, tokens, passwords or API keys: reading them is raised to high.",
            e => IsReadName(e) && !HasExecuteOrFinancialToken(e) && CredentialMarker(e) is { } c
                ? Say("The tool only reads, but it concerns the credential '{0}', which raises the level to high.", c) : null),

        new("R05-report-suffix", RiskCategory.Read, RiskLevel.Low,
            "The name ends in a report noun (status, history, list, info, details, summary, stats, report, ...), so it reports on the words before it rather than doing them.",
            e => RiskVocabulary.ReportNouns.Contains(e.LastToken)
                ? Say("The name ends in the report noun '{0}'.", e.LastToken) : null),

        new("R06-financial-name", RiskCategory.Financial, RiskLevel.Critical,
            "The name is about payments, refunds, reconciliation, journal entries or quotations.",
            e => e.FirstNameToken(RiskVocabulary.FinancialNameTokens) is { } t
                ? Say("The name contains the financial word '{0}'.", t) : null),

        new("R07-financial-description", RiskCategory.Financial, RiskLevel.Critical,
            "The description's first sentence speaks of journal entries, payments, refunds, quotations or posting bills/invoices, and the name is not a read.",
            e => !IsReadName(e) && e.FirstSentencePhrase(RiskVocabulary.FinancialSentencePhrases) is { } p
                ? Say("The description's first sentence mentions '{0}'.", p) : null),

        new("R08-code-execution", RiskCategory.Execute, RiskLevel.High,
            "The name says it executes, runs, or uses SQL/SSH/a shell/git, or an input carries code or a command line (command, sql, script, code outside authentication tools).",
            e => e.FirstNameToken(RiskVocabulary.CodeNameTokens) is { } t
                ? Say("The name contains '{0}', which runs code or commands.", t)
                : CodeParameter(e) is { } p ? Say("The input '{0}' carries code or a command line.", p) : null),

        new("R09-messaging", RiskCategory.Execute, RiskLevel.High,
            "The name sends something to people: send, notify, broadcast, publish, reply, forward, invite, or post together with message/comment/note.",
            e => e.FirstNameToken(RiskVocabulary.MessagingVerbs) is { } t
                ? Say("The name contains '{0}', which sends something to people.", t)
                : e.NameHas("post") && e.FirstNameToken(RiskVocabulary.MessageNouns) is { } n
                    ? Say("The name posts a '{0}', which reaches other people.", n) : null),

        new("R10-deployment", RiskCategory.Execute, RiskLevel.High,
            "The name deploys, installs, upgrades, migrates, onboards, opens or launches software.",
            e => e.FirstNameToken(RiskVocabulary.DeploymentVerbs) is { } t
                ? Say("The name contains '{0}', which deploys or launches software.", t) : null),

        new("R11-remote-call", RiskCategory.Execute, RiskLevel.High,
            "The tool calls an arbitrary endpoint, method or remote procedure: call/invoke/rpc in the name, a name ending in api/request, an endpoint/path/url input next to a method input, or model and method inputs together.",
            e => RemoteCall(e)),

        new("R12-execute-description", RiskCategory.Execute, RiskLevel.High,
            "The description's first sentence says the tool runs, executes, sends, deploys, invokes, calls or forwards something, or works through raw SQL.",
            e => e.FirstSentenceWord(RiskVocabulary.ExecuteSentenceWords) is { } w
                ? Say("The description's first sentence contains '{0}'.", w) : null),

        new("R13-open-world-hint", RiskCategory.Execute, RiskLevel.High,
            "The annotations declare openWorldHint: true and the tool is not declared read-only: it acts on systems outside the server.",
            e => e.OpenWorldHint == true && e.ReadOnlyHint != true && !IsReadName(e)
                ? "The annotations declare openWorldHint: true without readOnlyHint: true." : null),

        new("R14-credential-change", RiskCategory.Write, RiskLevel.High,
            "The tool grants identity or privileges (auth, login, identify, verify, elevate, issue, provision, ...) or writes with a credential among its name or inputs.",
            e => GrantOrCredentialWrite(e)),

        new("R15-guarded-write", RiskCategory.Write, RiskLevel.High,
            "A write verb in the name and a boolean force/confirm flag among the inputs: the flag unlocks more than the verb says.",
            e => e.LastVerb is { } v && RiskVocabulary.WriteVerbs.Contains(v) && GuardFlag(e) is { } f
                ? Say("The write verb '{0}' comes with the guard flag '{1}'.", v, f) : null),

        new("R16-write-verb", RiskCategory.Write, RiskLevel.Medium,
            "The name's last verb creates or changes state (create, add, update, write, set, link, import, clone, ...).",
            e => e.LastVerb is { } v && RiskVocabulary.WriteVerbs.Contains(v)
                ? Say("The name's last verb '{0}' changes state.", v) : null),

        new("R17-read-verb", RiskCategory.Read, RiskLevel.Low,
            "The name's last verb only reads (get, list, read, search, count, export, download, ...).",
            e => e.LastVerb is { } v && RiskVocabulary.ReadVerbs.Contains(v)
                ? Say("The name's last verb '{0}' only reads.", v) : null),

        new("R18-read-hint", RiskCategory.Read, RiskLevel.Low,
            "The name has no verb the rules know and the annotations declare readOnlyHint: true.",
            e => e.ReadOnlyHint == true ? "The annotations declare readOnlyHint: true and nothing in the name contradicts it." : null),

        new("R19-read-description", RiskCategory.Read, RiskLevel.Low,
            "The name has no verb the rules know and the description starts with a reading verb (Lists, Returns, Reads, Shows, Fetches, Downloads, Renders, ...).",
            e => RiskVocabulary.ReadSentenceVerbs.Contains(e.FirstWord)
                ? Say("The description starts with the reading verb '{0}'.", e.FirstWord) : null),

        new("R20-default-write", RiskCategory.Write, RiskLevel.Medium,
            "Nothing above matched: a tool is assumed to change state until something shows it only reads.",
            e => "No rule recognised the tool, so it is assumed to change state."),
    };

    /// <summary>The ordered rule table; the first matching rule decides. The last rule always matches.</summary>
    public static IReadOnlyList<RiskRule> Rules { get; } = Array.AsReadOnly(Table);

    /// <summary>Classifies one tool.</summary>
    /// <param name="toolName">The tool's wire name, e.g. <c>odoo_unlink</c>.</param>
    /// <param name="description">The tool's description; only its first sentence is read.</param>
    /// <param name="inputSchema">The tool's input schema (an object schema), or null.</param>
    /// <param name="annotations">The tool's MCP annotations object, or null.</param>
    /// <returns>The verdict of the first matching rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="toolName"/> is null.</exception>
    public static RiskAssessment Classify(string toolName, string? description, LocatedJsonNode? inputSchema, LocatedJsonNode? annotations)
    {
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        var evidence = RiskEvidence.From(toolName, description, inputSchema, annotations);
        foreach (var rule in Table)
        {
            if (rule.Match(evidence) is { } explanation)
            {
                return new RiskAssessment(rule.Category, rule.Level, rule.Id, explanation);
            }
        }

        throw new InvalidOperationException("The last risk rule always matches; the table is broken.");
    }

    /// <summary>The default level of each category, before any rule raises it.</summary>
    public static RiskLevel DefaultLevel(RiskCategory category) => category switch
    {
        RiskCategory.Read => RiskLevel.Low,
        RiskCategory.Write => RiskLevel.Medium,
        RiskCategory.Execute => RiskLevel.High,
        _ => RiskLevel.Critical,
    };

    private static string Say(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    private static bool IsReadName(RiskEvidence e)
        => RiskVocabulary.ReportNouns.Contains(e.LastToken)
        || (e.LastVerb is { } v && RiskVocabulary.ReadVerbs.Contains(v));

    private static bool HasExecuteOrFinancialToken(RiskEvidence e)
        => e.FirstNameToken(RiskVocabulary.CodeNameTokens) is not null
        || e.FirstNameToken(RiskVocabulary.MessagingVerbs) is not null
        || e.FirstNameToken(RiskVocabulary.DeploymentVerbs) is not null
        || e.FirstNameToken(RiskVocabulary.RemoteCallTokens) is not null
        || e.FirstNameToken(RiskVocabulary.FinancialNameTokens) is not null
        || CodeParameter(e) is not null;

    private static string? CredentialMarker(RiskEvidence e)
    {
        if (e.FirstNameToken(RiskVocabulary.CredentialNameTokens) is { } t) { return t; }
        for (var i = 1; i < e.NameTokens.Count; i++)
        {
            var tok = e.NameTokens[i];
            if ((tok == "key" || tok == "keys") && RiskVocabulary.KeyQualifiers.Contains(e.NameTokens[i - 1]))
            {
                return e.NameTokens[i - 1] + "_" + tok;
            }
        }

        foreach (var p in e.ParameterNames)
        {
            var words = RiskEvidence.SplitWords(p, camelCase: false);
            for (var i = 0; i < words.Count; i++)
            {
                if (RiskVocabulary.CredentialParameterWords.Contains(words[i])) { return p; }
                if ((words[i] == "key" || words[i] == "hash") && i > 0 && RiskVocabulary.KeyQualifiers.Contains(words[i - 1])) { return p; }
            }
        }

        return null;
    }

    private static string? CodeParameter(RiskEvidence e)
    {
        foreach (var p in e.ParameterNames)
        {
            if (!RiskVocabulary.CodeParameters.Contains(p)) { continue; }
            // A "code" next to auth/totp/verify is a one-time login code, not source code.
            if (p == "code" && e.FirstNameToken(RiskVocabulary.AuthenticationTokens) is not null) { continue; }
            return p;
        }

        return null;
    }

    private static string? GuardFlag(RiskEvidence e)
    {
        foreach (var p in e.ParameterNames)
        {
            if (RiskVocabulary.GuardFlags.Contains(p) && e.ParameterTypes.TryGetValue(p, out var type) && type == "boolean")
            {
                return p;
            }
        }

        return null;
    }

    private static string? RemoteCall(RiskEvidence e)
    {
        if (e.FirstNameToken(RiskVocabulary.RemoteCallTokens) is { } t)
        {
            return Say("The name contains '{0}', which calls an arbitrary method or endpoint.", t);
        }

        if (RiskVocabulary.RemoteCallSuffixes.Contains(e.LastToken))
        {
            return Say("The name ends in '{0}', a raw pass-through to an API.", e.LastToken);
        }

        if (e.HasParameter("method"))
        {
            foreach (var p in e.ParameterNames)
            {
                if (RiskVocabulary.EndpointParameters.Contains(p))
                {
                    return Say("The inputs 'method' and '{0}' let the caller choose any endpoint.", p);
                }
            }

            if (e.HasParameter("model"))
            {
                return "The inputs 'model' and 'method' let the caller run any model method.";
            }
        }

        return null;
    }

    private static string? GrantOrCredentialWrite(RiskEvidence e)
    {
        var verb = e.LastVerb;
        if (verb is not null && RiskVocabulary.GrantVerbs.Contains(verb))
        {
            return Say("The name's verb '{0}' grants identity, privileges or credentials.", verb);
        }

        if (verb is not null && RiskVocabulary.ReadVerbs.Contains(verb)) { return null; }
        return CredentialMarker(e) is { } c
            ? Say("The tool changes state and handles the credential '{0}'.", c)
            : null;
    }
}

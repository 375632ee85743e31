using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Json;

namespace TypedMcp.Risk;

/// <summary>
/// Classifies an MCP tool into PolicyLayer's taxonomy — a <see cref="RiskCategory"/> (Read, Write, Execute,
/// Destructive, Financial, Other) and the <see cref="RiskLevel"/> that category carries — from its name, description,
/// input schema and MCP annotations. Deterministic: no network, no model, no culture-dependent text handling; the
/// same inputs give the same verdict on every machine.
/// </summary>
/// <remarks>
/// <para>
/// The rules form an ordered table (<see cref="Rules"/>); the first one that matches decides. The name is read as a
/// phrase (<see cref="ToolNameGrammar"/>): words that are also nouns (issue, request, pull, post, run, order,
/// charge, ...) are verbs only when nothing else in the name is, so <c>get_issue</c> reads and
/// <c>list_payment_intents</c> lists.
/// </para>
/// <para>
/// Annotations are hints from the server, not facts: <c>readOnlyHint: true</c> makes a tool Read unless its name says
/// it destroys, pays, runs code or messages people (rules 1–5 come first); <c>destructiveHint</c> counts only when
/// <c>readOnlyHint</c> is not true and nothing in the name or description says what the tool does.
/// <c>idempotentHint</c> and <c>openWorldHint</c> are shown but never decide. Every rule is documented, with real
/// tool names, in <c>docs/risk-classes.md</c>.
/// </para>
/// </remarks>
internal static class RiskClassifier
{
    private static readonly RiskRule[] Table =
    {
        new("R01-destructive-verb", RiskCategory.Destructive,
            "A verb in the name deletes, removes, drops, revokes, disconnects, uninstalls, rolls back, restores over, rotates or logs out: it takes something away for good.",
            e => DestructiveNameVerb(e) is { } v ? Say("The name contains the destructive verb '{0}'.", v) : null),

        new("R02-money-verb", RiskCategory.Financial,
            "A verb in the name moves money whatever its object: pay, refund, payout, charge, reconcile, purchase, settle, ...",
            e => MoneyNameVerb(e) is { } v ? Say("The name contains the verb '{0}', which moves money.", v) : null),

        new("R03-money-object", RiskCategory.Financial,
            "The name's verb creates, changes, posts, sends, pauses or cancels a money object: an invoice, bill, payment, refund, payout, charge, subscription, transaction, transfer, journal entry or quotation.",
            e => MoneyObject(e) is { } n ? Say("The name's verb '{0}' acts on '{1}', a money object.", e.Name.Verb!, n) : null),

        new("R04-runs-code", RiskCategory.Execute,
            "A verb in the name runs code or calls a method (execute, exec, eval, evaluate, invoke, run, call), or the name's verb deploys, installs, upgrades or migrates software.",
            e => CodeNameVerb(e) is { } v ? Say("The name contains '{0}', which runs code or calls a method.", v)
                : e.Name.Verb is { } d && RiskVocabulary.DeployVerbs.Contains(d) && ReportNoun(e) is null ? Say("The name's verb '{0}' deploys or installs software.", d) : null),

        new("R05-messages-people", RiskCategory.Execute,
            "The name's verb delivers a message to people: send, email, notify, broadcast, reply, forward, post (a message).",
            e => MessagingNameVerb(e) is { } v ? Say("The name's verb '{0}' delivers a message to people.", v) : null),

        new("R06-supporting-operation", RiskCategory.Other,
            "The name's verb is a supporting operation that reads, writes and runs nothing: think, echo, wait, sleep.",
            e => e.Name.Class == VerbClass.Other
                ? Say("The name's verb '{0}' is a supporting operation.", e.Name.Verb!)
                : ThinkingWord(e) is { } w ? Say("The name word '{0}' is a reasoning scratchpad.", w) : null),

        new("R07-declared-read-only", RiskCategory.Read,
            "The server declares the tool read-only (readOnlyHint: true, or 'read-only' in the description's first sentence) and rules 1-6 found no contrary evidence in the name.",
            e => e.ReadOnlyHint == true
                ? "The annotations declare readOnlyHint: true and the name says nothing stronger."
                : e.SentencePhrase(RiskVocabulary.ReadOnlyPhrases) is { } p ? Say("The description's first sentence says '{0}'.", p) : null),

        new("R08-report-noun", RiskCategory.Read,
            "The name ends in a report noun (status, history, list, logs, details, snapshot, screenshot, ...): it reports on the words before it, unless the name starts with a plain verb that the description does not contradict (create_commit_status writes one).",
            e => ReportNoun(e) is { } n ? Say("The name ends in the report noun '{0}'.", n) : null),

        new("R09-noun-like-verb-read", RiskCategory.Read,
            "The name's only verb is a write verb that is usually a noun (record, backup, note, log, ...) and the description leads with a reading verb.",
            e => e.Name.Governing is { Ambiguous: true, Class: VerbClass.Write } g && e.LeadVerbClass == VerbClass.Read && !RiskVocabulary.AmbiguousVerbs.Contains(e.LeadVerb!)
                ? Say("'{0}' is read as a noun here: the description leads with '{1}'.", g.Word, e.LeadVerb!) : null),

        new("R10-code-noun", RiskCategory.Execute,
            "The name speaks of a code runner (sql, shell, ssh, bash, cmd, powershell) and the server does not declare the tool read-only.",
            e => e.NameNoun(RiskVocabulary.CodeNouns) is { } n ? Say("The name contains '{0}', a code runner.", n) : null),

        new("R11-drives-job", RiskCategory.Execute,
            "The name's verb starts, stops, retries, builds, deploys, installs, migrates, reloads or refreshes a job, a service or software.",
            e => e.Name.Class == VerbClass.Job && !RenewsStoredItem(e)
                ? Say("The name's verb '{0}' drives a job, a service or software.", e.Name.Verb!) : null),

        new("R12-fetches-code", RiskCategory.Execute,
            "The name's verb clones, pulls or links, and the name or description is about repositories, git, branches or modules.",
            e => e.Name.Class == VerbClass.CodeFetch && e.NameOrSentenceWord(RiskVocabulary.CodeObjectNouns) is { } o
                ? Say("The name's verb '{0}' fetches code ('{1}').", e.Name.Verb!, o) : null),

        new("R13-acts-in-ui", RiskCategory.Execute,
            "The name's verb acts in a browser or user interface on the agent's behalf (click, navigate, type, press, fill, select, ...), or opens a browser, window, application or URL.",
            e => e.Name.Class == VerbClass.Interaction
                ? Say("The name's verb '{0}' acts in a user interface.", e.Name.Verb!)
                : e.Name.Verb == "open" && e.NameNoun(RiskVocabulary.LaunchableNouns) is { } n
                    ? Say("The name opens a '{0}', which launches something.", n) : null),

        new("R14-controls-running-work", RiskCategory.Execute,
            "The name creates, cancels or aborts a pipeline, job, build or run: that starts or stops running work.",
            e => e.Name.Verb is { } v && RiskVocabulary.JobControlVerbs.Contains(v) && HeadNoun(e) is { } h && RiskVocabulary.RunnableNouns.Contains(h)
                ? Say("The name's verb '{0}' acts on running work ('{1}').", v, h) : null),

        new("R15-code-input", RiskCategory.Execute,
            "The name has no verb and an input carries code, SQL or a command line (command, custom_command, script, sql, shell, javascript, ...).",
            e => e.Name.Class == VerbClass.None && CodeParameter(e) is { } p
                ? Say("The input '{0}' carries code or a command line.", p) : null),

        new("R16-remote-call", RiskCategory.Execute,
            "The tool calls an arbitrary endpoint or method: a method input next to an endpoint/path/url input, model and method inputs together, or a name ending in api/rpc/http/webhook/request with no other verb.",
            e => RemoteCall(e)),

        new("R17-money-description", RiskCategory.Financial,
            "The name writes or has no verb, and the description's first sentence books or moves money (journal entries, posting bills, refunds, payouts) or leads with a money verb.",
            e => e.Name.Class is VerbClass.Write or VerbClass.None or VerbClass.CodeFetch
                ? e.SentencePhrase(RiskVocabulary.FinancialPhrases) is { } p
                    ? Say("The description's first sentence speaks of '{0}'.", p)
                    : e.Name.Class == VerbClass.None && e.LeadVerbClass == VerbClass.Money ? Say("The description leads with '{0}', which moves money.", e.LeadVerb!) : null
                : null),

        new("R18-description-runs", RiskCategory.Execute,
            "The name's verb is a plain write (update, create, ...) or missing, but the description leads with a verb that runs, deploys, clones or pulls code or acts in a user interface (or, for a name without a verb, sends a message).",
            e => e.Name.Class is VerbClass.Write or VerbClass.None && DescriptionRuns(e)
                ? Say("The description leads with '{0}'.", e.LeadVerb!) : null),

        new("R19-description-destroys", RiskCategory.Destructive,
            "The name switches something off (disable, deactivate) and the description's first sentence says that also deletes, removes, revokes, destroys, purges, erases, wipes or drops something.",
            e => e.Name.Verbs.FirstOrDefault(v => v.Word is "disable" or "deactivate") is { } off && e.Name.Class == VerbClass.Write && e.SentenceWord(RiskVocabulary.StrongDestructiveWords) is { } w
                ? Say("The name's verb '{0}' switches something off, and the description says it '{1}'.", off.Word, w) : null),

        new("R20-write-verb", RiskCategory.Write,
            "The name's verb creates or changes state: create, add, update, set, edit, move, merge, close, upload, import, connect, generate, or copies without fetching code.",
            e => e.Name.Class is VerbClass.Write or VerbClass.CodeFetch or VerbClass.Job && e.Name.Verb != "open"
                ? Say("The name's verb '{0}' changes state.", e.Name.Verb!) : null),

        new("R21-read-verb", RiskCategory.Read,
            "The name's verb only reads: get, list, read, search, find, query, fetch, show, describe, export, download, check, validate, ... (and open, when it opens nothing that launches).",
            e => e.Name.Class == VerbClass.Read || e.Name.Verb == "open"
                ? Say("The name's verb '{0}' only reads.", e.Name.Verb!) : null),

        new("R22-description-destructive", RiskCategory.Destructive,
            "The name has no verb and the description leads with a destructive verb (deletes, removes, revokes, ...).",
            e => e.Name.Class == VerbClass.None && e.LeadVerbClass == VerbClass.Destructive
                ? Say("The description leads with '{0}', which destroys.", e.LeadVerb!) : null),

        new("R23-description-writes", RiskCategory.Write,
            "The name has no verb and the description leads with a verb that creates or changes state.",
            e => e.Name.Class == VerbClass.None && e.LeadVerbClass is VerbClass.Write or VerbClass.CodeFetch
                ? Say("The description leads with '{0}', which changes state.", e.LeadVerb!) : null),

        new("R24-description-reads", RiskCategory.Read,
            "The name has no verb and the description leads with a reading verb (Lists, Returns, Reads, Shows, Searches, Fetches, ...).",
            e => e.Name.Class == VerbClass.None && e.LeadVerbClass == VerbClass.Read
                ? Say("The description leads with '{0}', which only reads.", e.LeadVerb!) : null),

        new("R25-description-supporting", RiskCategory.Other,
            "The name has no verb and the description leads with a supporting verb (echoes, waits, thinks).",
            e => e.Name.Class == VerbClass.None && e.LeadVerbClass == VerbClass.Other
                ? Say("The description leads with '{0}', a supporting operation.", e.LeadVerb!) : null),

        new("R26-destructive-hint", RiskCategory.Destructive,
            "Nothing in the name or description says what the tool does, and the annotations declare destructiveHint: true without readOnlyHint: true.",
            e => e.DestructiveHint == true && e.ReadOnlyHint != true
                ? "Only the annotations speak: destructiveHint: true, readOnlyHint not true." : null),

        new("R27-default-write", RiskCategory.Write,
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
        => Explain(toolName, description, inputSchema, annotations).Assessment;

    /// <summary>Classifies one tool and keeps the evidence: the facts read and every rule checked up to the deciding one.</summary>
    /// <inheritdoc cref="Classify"/>
    public static RiskExplanation Explain(string toolName, string? description, LocatedJsonNode? inputSchema, LocatedJsonNode? annotations)
    {
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        var evidence = RiskEvidence.From(toolName, description, inputSchema, annotations);
        var passed = new List<string>();
        foreach (var rule in Table)
        {
            if (rule.Test(evidence) is { } explanation)
            {
                return new RiskExplanation(new RiskAssessment(rule.Category, rule.Level, rule.Id, explanation), evidence.Describe(), passed);
            }

            passed.Add(rule.Id);
        }

        throw new InvalidOperationException("The last risk rule always matches; the table is broken.");
    }

    /// <summary>The level each category carries in PolicyLayer's taxonomy; a catalog override with a reason may differ.</summary>
    public static RiskLevel DefaultLevel(RiskCategory category) => category switch
    {
        RiskCategory.Read => RiskLevel.Low,
        RiskCategory.Other => RiskLevel.Low,
        RiskCategory.Write => RiskLevel.Medium,
        RiskCategory.Execute => RiskLevel.High,
        _ => RiskLevel.Critical,
    };

    private static string Say(string format, params object[] args) => RiskEvidence.Say(format, args);

    private static string? DestructiveNameVerb(RiskEvidence e)
    {
        if (e.Name.Any(VerbClass.Destructive)?.Word is { } plain) { return plain; }
        if (e.Name.Class == VerbClass.Destructive) { return e.Name.Verb; }
        // Restoring puts an older copy over the current data when it restores a backup, dump or snapshot
        // (tenant_restore); restore_project only brings a paused project back.
        foreach (var v in e.Name.Verbs)
        {
            if (v.Word == "restore" && e.NameOrSentenceWord(RiskVocabulary.BackupNouns) is { } b) { return "restore (" + b + ")"; }
        }

        return null;
    }

    private static string? MoneyNameVerb(RiskEvidence e)
        => e.Name.Any(VerbClass.Money)?.Word ?? (e.Name.Class == VerbClass.Money ? e.Name.Verb : null);

    private static string? CodeNameVerb(RiskEvidence e)
        => e.Name.Any(VerbClass.Code)?.Word ?? (e.Name.Class == VerbClass.Code ? e.Name.Verb : null);

    private static string? MessagingNameVerb(RiskEvidence e)
    {
        if (e.Name.Class == VerbClass.Messaging) { return e.Name.Verb; }
        var plain = e.Name.Any(VerbClass.Messaging);
        return plain is not null && e.Name.Class is not VerbClass.Read ? plain.Word : null;
    }

    private static string? ThinkingWord(RiskEvidence e)
    {
        foreach (var t in e.NameTokens)
        {
            if (t.EndsWith("thinking", StringComparison.Ordinal) || t == "think") { return t; }
        }

        return null;
    }

    private static string? ReportNoun(RiskEvidence e)
    {
        if (e.NameTokens.Count < 2) { return null; }
        var last = e.NameTokens[e.NameTokens.Count - 1];
        if (!RiskVocabulary.ReportNouns.Contains(last) && !last.EndsWith("snapshot", StringComparison.Ordinal) && !last.EndsWith("screenshot", StringComparison.Ordinal)) { return null; }
        // A name that starts with a plain verb names what it does to the noun (create_commit_status writes one),
        // unless the description says it reads: identify_totp_status is the identify family's status report.
        // The same holds for a plain write verb after a prefix (atlas_create_access_list creates a list).
        if (e.LeadVerbClass == VerbClass.Read) { return last; }
        var first = e.NameTokens[0];
        var cls = RiskVocabulary.ClassOf(first);
        if (cls is not (VerbClass.None or VerbClass.Read or VerbClass.Other) && !RiskVocabulary.AmbiguousVerbs.Contains(first)) { return null; }
        foreach (var v in e.Name.Verbs)
        {
            if (v.Index > 0 && !v.Ambiguous && v.Class == VerbClass.Write) { return null; }
        }

        return last;
    }

    private static bool RenewsStoredItem(RiskEvidence e)
        => e.Name.Verb == "refresh" && e.NameNoun(RiskVocabulary.RenewableNouns) is not null;

    private static string? HeadNoun(RiskEvidence e)
    {
        for (var i = e.NameTokens.Count - 1; i > e.Name.VerbIndex; i--)
        {
            if (!RiskVocabulary.IsVerb(e.NameTokens[i]) || RiskVocabulary.AmbiguousVerbs.Contains(e.NameTokens[i])) { return e.NameTokens[i]; }
        }

        return null;
    }

    private static string? CodeParameter(RiskEvidence e)
    {
        // "code" is left out on purpose: it is a discount code, a country code or a one-time login code far more often than source.
        foreach (var p in e.ParameterNames)
        {
            if (RiskVocabulary.CodeParameters.Contains(p)) { return p; }
        }

        return null;
    }

    private static string? MoneyObject(RiskEvidence e)
    {
        switch (e.Name.Class)
        {
            case VerbClass.Write:
            case VerbClass.Messaging:
                return e.MoneyNoun();
            case VerbClass.Job:
                // Pausing or resuming a subscription changes what is billed; reloading invoice plugins does not.
                return HeadNoun(e) is { } h && RiskVocabulary.MoneyNouns.Contains(h) && e.MoneyNoun() == h ? h : null;
            default:
                return null;
        }
    }

    private static bool DescriptionRuns(RiskEvidence e) => e.LeadVerbClass switch
    {
        // A message verb raises only a name without a verb: "add_reply_to_..." stays the comment it adds.
        VerbClass.Messaging => e.Name.Class == VerbClass.None,
        VerbClass.Code or VerbClass.Job or VerbClass.Interaction => true,
        VerbClass.CodeFetch => e.NameOrSentenceWord(RiskVocabulary.CodeObjectNouns) is not null,
        _ => e.LeadVerb == "open" && e.NameOrSentenceWord(RiskVocabulary.LaunchableNouns) is not null,
    };

    private static string? RemoteCall(RiskEvidence e)
    {
        if (e.Name.Class is VerbClass.Read or VerbClass.Other) { return null; }
        if (e.HasParameter("method"))
        {
            foreach (var p in e.ParameterNames)
            {
                if (RiskVocabulary.EndpointParameters.Contains(p)) { return Say("The inputs 'method' and '{0}' call an arbitrary endpoint.", p); }
            }

            if (e.HasParameter("model")) { return "The inputs 'model' and 'method' call an arbitrary method of a model."; }
        }

        if (e.Name.Any(VerbClass.Write) is null && e.NameTokens.Count > 0 && RiskVocabulary.RemoteCallSuffixes.Contains(e.NameTokens[e.NameTokens.Count - 1]))
        {
            return Say("The name ends in '{0}': it calls an arbitrary endpoint.", e.NameTokens[e.NameTokens.Count - 1]);
        }

        return null;
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using TypedMcp.Json;

namespace TypedMcp.Risk;

/// <summary>
/// The facts the rules look at, extracted once (<see cref="From"/>) from a tool's name, description, input schema
/// and annotations. Everything is lower-cased with the invariant culture so the verdict never depends on the machine.
/// </summary>
/// <param name="NameTokens">The tool name split into lower-case words (at <c>_ - . space</c> and lower→upper boundaries).</param>
/// <param name="Name">How the name reads: its verbs, which one governs it, its nouns.</param>
/// <param name="SentenceText">The description's first sentence (after a leading <c>ADMIN:</c>-style tag), lower-cased, words separated by single spaces.</param>
/// <param name="SentenceWords">The lower-case words of the description's first sentence.</param>
/// <param name="ParameterNames">The top-level input property names, lower-cased, in schema order.</param>
/// <param name="ReadOnlyHint">The <c>readOnlyHint</c> annotation, if given as a boolean.</param>
/// <param name="DestructiveHint">The <c>destructiveHint</c> annotation, if given as a boolean.</param>
/// <param name="IdempotentHint">The <c>idempotentHint</c> annotation, if given as a boolean (noted, never decisive).</param>
/// <param name="OpenWorldHint">The <c>openWorldHint</c> annotation, if given as a boolean (noted, never decisive).</param>
internal sealed record RiskEvidence(
    IReadOnlyList<string> NameTokens,
    ToolNameGrammar.Reading Name,
    string SentenceText,
    IReadOnlyList<string> SentenceWords,
    IReadOnlyList<string> ParameterNames,
    bool? ReadOnlyHint,
    bool? DestructiveHint,
    bool? IdempotentHint,
    bool? OpenWorldHint)
{
    /// <summary>The first verb of the description's first sentence (base form), or null.</summary>
    public string? LeadVerb { get; } = FindLeadVerb(SentenceWords);

    /// <summary>The class of the description's lead verb, or <see cref="VerbClass.None"/>.</summary>
    public VerbClass LeadVerbClass => LeadVerb is null ? VerbClass.None : RiskVocabulary.DescriptionClassOf(LeadVerb);

    /// <summary>Whether the name or the description's first sentence contains one of <paramref name="words"/>.</summary>
    public string? NameOrSentenceWord(ICollection<string> words) => FirstOf(NameTokens, words) ?? FirstOf(SentenceWords, words);

    /// <summary>The first word of the description's first sentence found in <paramref name="words"/>, or null.</summary>
    public string? SentenceWord(ICollection<string> words) => FirstOf(SentenceWords, words);

    /// <summary>The first name noun that is a money object, unless a qualifier before it makes it something else (<c>notification_subscription</c>), or null.</summary>
    public string? MoneyNoun()
    {
        for (var i = 0; i < NameTokens.Count; i++)
        {
            if (i == Name.VerbIndex || !RiskVocabulary.MoneyNouns.Contains(NameTokens[i])) { continue; }
            if (i > 0 && RiskVocabulary.NonMoneyQualifiers.Contains(NameTokens[i - 1])) { continue; }
            return NameTokens[i];
        }

        return null;
    }

    /// <summary>The first name noun (a name word that is not the governing verb) found in <paramref name="words"/>, or null.</summary>
    public string? NameNoun(ICollection<string> words)
    {
        for (var i = 0; i < NameTokens.Count; i++)
        {
            if (i == Name.VerbIndex) { continue; }
            if (words.Contains(NameTokens[i])) { return NameTokens[i]; }
        }

        return null;
    }

    /// <summary>The first phrase of <paramref name="phrases"/> that occurs in the first sentence as whole words, or null.</summary>
    public string? SentencePhrase(IEnumerable<string> phrases)
    {
        var padded = " " + SentenceText + " ";
        foreach (var p in phrases)
        {
            if (padded.IndexOf(" " + p + " ", StringComparison.Ordinal) >= 0) { return p; }
        }

        return null;
    }

    /// <summary>Whether a top-level parameter has exactly this (lower-case) name.</summary>
    public bool HasParameter(string name)
    {
        foreach (var p in ParameterNames)
        {
            if (string.Equals(p, name, StringComparison.Ordinal)) { return true; }
        }

        return false;
    }

    /// <summary>Builds the evidence for one tool.</summary>
    public static RiskEvidence From(string toolName, string? description, LocatedJsonNode? inputSchema, LocatedJsonNode? annotations)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = inputSchema?["properties"];
        if (properties is { IsObject: true })
        {
            foreach (var p in properties.Properties)
            {
                var lower = p.Name.ToLowerInvariant();
                if (seen.Add(lower)) { names.Add(lower); }
            }
        }

        var tokens = SplitWords(toolName, camelCase: true);
        var sentence = WithoutTag(FirstSentence(description ?? string.Empty));
        var words = SplitWords(sentence, camelCase: false);
        var lead = FindLeadVerb(words);
        var inUserInterface = false;
        foreach (var t in tokens) { inUserInterface |= RiskVocabulary.UiWords.Contains(t); }
        foreach (var n in names) { inUserInterface |= RiskVocabulary.UiWords.Contains(n); }
        return new RiskEvidence(
            tokens,
            ToolNameGrammar.Read(tokens, lead is null ? VerbClass.None : RiskVocabulary.DescriptionClassOf(lead), inUserInterface),
            string.Join(" ", words),
            words,
            names,
            Hint(annotations, "readOnlyHint"),
            Hint(annotations, "destructiveHint"),
            Hint(annotations, "idempotentHint"),
            Hint(annotations, "openWorldHint"));
    }

    /// <summary>The facts, one per line, for <c>typedmcp classify --explain</c>.</summary>
    public IReadOnlyList<string> Describe()
    {
        var facts = new List<string>
        {
            "name words: " + (NameTokens.Count == 0 ? "(none)" : string.Join(" ", NameTokens)),
        };
        if (Name.Compounds.Count > 0) { facts.Add("nouns made of two words (not verbs here): " + string.Join(", ", Name.Compounds)); }
        if (Name.Verbs.Count == 0)
        {
            facts.Add("verbs in the name: none");
        }
        else
        {
            var parts = new List<string>();
            foreach (var v in Name.Verbs)
            {
                parts.Add(v.Word + " (" + Lower(v.Class) + (v.Ambiguous ? ", also a noun" : string.Empty) + ")");
            }

            facts.Add("verbs in the name: " + string.Join(", ", parts));
            facts.Add("the name's verb: " + Name.Verb + " — " + Name.VerbPosition);
        }

        facts.Add(SentenceText.Length == 0
            ? "description: none"
            : "description, first sentence: \"" + SentenceText + "\"" + (LeadVerb is null ? "; no leading verb" : "; leading verb " + LeadVerb + " (" + Lower(LeadVerbClass) + ")"));
        facts.Add("input properties: " + (ParameterNames.Count == 0 ? "(none)" : string.Join(", ", ParameterNames)));
        facts.Add("annotations (hints from the server, not trusted on their own): "
            + HintText("readOnlyHint", ReadOnlyHint) + ", " + HintText("destructiveHint", DestructiveHint) + ", "
            + HintText("idempotentHint", IdempotentHint) + ", " + HintText("openWorldHint", OpenWorldHint));
        return facts;
    }

    private static string Lower(VerbClass c) => c switch
    {
        VerbClass.Read => "reads",
        VerbClass.Other => "supporting",
        VerbClass.Write => "writes",
        VerbClass.Interaction => "acts in a user interface",
        VerbClass.Messaging => "messages people",
        VerbClass.CodeFetch => "fetches code or copies",
        VerbClass.Job => "drives a job or service",
        VerbClass.Code => "runs code",
        VerbClass.Money => "moves money",
        VerbClass.Destructive => "destroys",
        _ => "unknown",
    };

    private static string HintText(string name, bool? value) => name + "=" + (value is null ? "absent" : value.Value ? "true" : "false");

    private static string? FindLeadVerb(IReadOnlyList<string> words)
    {
        // "List, create, close, or select a browser tab": a sentence that opens with a list of verbs does all of them,
        // so the most dangerous one leads.
        var listed = new List<string>();
        var joined = false;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "or" || words[i] == "and") { joined = true; continue; }
            var v = RiskVocabulary.BaseForm(words[i]);
            if (v is null) { break; }
            listed.Add(v);
        }

        // "Type text using ..." is a verb and its object, not a list: a list joins its verbs with and/or.
        if (listed.Count > 1 && joined)
        {
            var worst = listed[0];
            foreach (var v in listed)
            {
                if (RiskVocabulary.DescriptionClassOf(v) > RiskVocabulary.DescriptionClassOf(worst)) { worst = v; }
            }

            return worst;
        }

        // The first verb among the first three words that say what (adverbs and filler are skipped); a word that is
        // also a noun counts only when no plain verb follows in that window ("Raw HTTP request to ..." has none).
        string? ambiguous = null;
        var seen = 0;
        foreach (var w in words)
        {
            if (RiskVocabulary.Adverbs.Contains(w)) { continue; }
            if (++seen > 3) { break; }
            var verb = RiskVocabulary.BaseForm(w);
            if (verb is null) { continue; }
            if (!RiskVocabulary.AmbiguousVerbs.Contains(verb) || seen == 1) { return verb; }
            ambiguous ??= verb;
        }

        return ambiguous;
    }

    private static string? FirstOf(IReadOnlyList<string> tokens, ICollection<string> words)
    {
        foreach (var t in tokens)
        {
            if (words.Contains(t)) { return t; }
        }

        return null;
    }

    private static bool? Hint(LocatedJsonNode? annotations, string name)
        => annotations is { IsObject: true } ? annotations[name]?.AsBoolean() : null;

    /// <summary>The text up to the first sentence end (a period, ! or ? followed by white space or the end) or line break.</summary>
    internal static string FirstSentence(string text)
    {
        text = text.TrimStart();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || c == '\r') { return text.Substring(0, i); }
            if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                return text.Substring(0, i);
            }
        }

        return text;
    }

    /// <summary>The sentence without a leading upper-case tag such as <c>ADMIN:</c> or <c>ADMIN ONLY:</c>.</summary>
    internal static string WithoutTag(string sentence)
    {
        var colon = sentence.IndexOf(':');
        if (colon <= 0 || colon > 20) { return sentence; }
        var tag = sentence.Substring(0, colon);
        var letters = 0;
        foreach (var c in tag)
        {
            if (char.IsLetter(c))
            {
                if (!char.IsUpper(c)) { return sentence; }
                letters++;
            }
            else if (c != ' ' && c != '-' && c != '_')
            {
                return sentence;
            }
        }

        return letters >= 2 ? sentence.Substring(colon + 1).TrimStart() : sentence;
    }

    /// <summary>Lower-case words of letters and digits; with <paramref name="camelCase"/> also split at lower→upper.</summary>
    internal static IReadOnlyList<string> SplitWords(string text, bool camelCase)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                // "read-only" and "don't" stay recognisable as phrases: the hyphen and apostrophe separate words.
                Flush();
                continue;
            }

            if (camelCase && sb.Length > 0 && char.IsUpper(c) && char.IsLower(text[i - 1])) { Flush(); }
            sb.Append(char.ToLowerInvariant(c));
        }

        Flush();
        return words;

        void Flush()
        {
            if (sb.Length > 0) { words.Add(sb.ToString()); sb.Clear(); }
        }
    }

    /// <summary>Formats with the invariant culture.</summary>
    internal static string Say(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}

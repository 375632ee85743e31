using System;
using System.Collections.Generic;
using System.Text;
using TypedMcp.Json;

namespace TypedMcp.Risk;

/// <summary>
/// The facts the rules look at, extracted once from a tool's name, description, input schema and annotations.
/// Everything is lower-cased with the invariant culture so the verdict never depends on the machine.
/// </summary>
internal sealed class RiskEvidence
{
    private RiskEvidence(
        IReadOnlyList<string> nameTokens,
        IReadOnlyList<string> sentenceWords,
        string sentenceText,
        IReadOnlyList<string> parameterNames,
        IReadOnlyDictionary<string, string> parameterTypes,
        bool? readOnlyHint,
        bool? destructiveHint,
        bool? idempotentHint,
        bool? openWorldHint)
    {
        NameTokens = nameTokens;
        SentenceWords = sentenceWords;
        SentenceText = sentenceText;
        ParameterNames = parameterNames;
        ParameterTypes = parameterTypes;
        ReadOnlyHint = readOnlyHint;
        DestructiveHint = destructiveHint;
        IdempotentHint = idempotentHint;
        OpenWorldHint = openWorldHint;
    }

    /// <summary>The tool name split into lower-case words (at <c>_ - . space</c> and lower→upper boundaries).</summary>
    public IReadOnlyList<string> NameTokens { get; }

    /// <summary>The lower-case words of the description's first sentence.</summary>
    public IReadOnlyList<string> SentenceWords { get; }

    /// <summary>The description's first sentence, lower-cased, words separated by single spaces.</summary>
    public string SentenceText { get; }

    /// <summary>The top-level input property names, lower-cased, in schema order.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The declared <c>type</c> of each top-level input property (first type when it is an array), or empty.</summary>
    public IReadOnlyDictionary<string, string> ParameterTypes { get; }

    /// <summary>The <c>readOnlyHint</c> annotation, if given as a boolean.</summary>
    public bool? ReadOnlyHint { get; }

    /// <summary>The <c>destructiveHint</c> annotation, if given as a boolean.</summary>
    public bool? DestructiveHint { get; }

    /// <summary>The <c>idempotentHint</c> annotation, if given as a boolean (noted, never decisive).</summary>
    public bool? IdempotentHint { get; }

    /// <summary>The <c>openWorldHint</c> annotation, if given as a boolean.</summary>
    public bool? OpenWorldHint { get; }

    /// <summary>The last name token, or empty.</summary>
    public string LastToken => NameTokens.Count == 0 ? string.Empty : NameTokens[NameTokens.Count - 1];

    /// <summary>The first description word, or empty.</summary>
    public string FirstWord => SentenceWords.Count == 0 ? string.Empty : SentenceWords[0];

    /// <summary>The last name token that is a known verb of any kind, or null when the name has none.</summary>
    public string? LastVerb
    {
        get
        {
            for (var i = NameTokens.Count - 1; i >= 0; i--)
            {
                if (RiskVocabulary.IsAnyVerb(NameTokens[i])) { return NameTokens[i]; }
            }

            return null;
        }
    }

    /// <summary>The first name token found in <paramref name="words"/>, or null.</summary>
    public string? FirstNameToken(ICollection<string> words)
    {
        foreach (var t in NameTokens)
        {
            if (words.Contains(t)) { return t; }
        }

        return null;
    }

    /// <summary>The first first-sentence word found in <paramref name="words"/>, or null.</summary>
    public string? FirstSentenceWord(ICollection<string> words)
    {
        foreach (var w in SentenceWords)
        {
            if (words.Contains(w)) { return w; }
        }

        return null;
    }

    /// <summary>The first phrase of <paramref name="phrases"/> that occurs in the first sentence as whole words, or null.</summary>
    public string? FirstSentencePhrase(IEnumerable<string> phrases)
    {
        var padded = " " + SentenceText + " ";
        foreach (var p in phrases)
        {
            if (padded.IndexOf(" " + p + " ", StringComparison.Ordinal) >= 0) { return p; }
        }

        return null;
    }

    /// <summary>Whether the name contains both tokens (in any order).</summary>
    public bool NameHas(string token) => Contains(NameTokens, token);

    /// <summary>Whether a top-level parameter has exactly this (lower-case) name.</summary>
    public bool HasParameter(string name) => Contains(ParameterNames, name);

    /// <summary>Builds the evidence for one tool.</summary>
    public static RiskEvidence From(string toolName, string? description, LocatedJsonNode? inputSchema, LocatedJsonNode? annotations)
    {
        var names = new List<string>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var properties = inputSchema?["properties"];
        if (properties is { IsObject: true })
        {
            foreach (var p in properties.Properties)
            {
                var lower = p.Name.ToLowerInvariant();
                if (types.ContainsKey(lower)) { continue; }
                names.Add(lower);
                var type = p.Value["type"];
                var typeText = type?.AsString()
                    ?? (type is { IsArray: true } && type.Items.Count > 0 ? type.Items[0].AsString() : null);
                types[lower] = typeText ?? string.Empty;
            }
        }

        var sentence = FirstSentence(description ?? string.Empty);
        var words = SplitWords(sentence, camelCase: false);
        return new RiskEvidence(
            SplitWords(toolName, camelCase: true),
            words,
            string.Join(" ", words),
            names,
            types,
            Hint(annotations, "readOnlyHint"),
            Hint(annotations, "destructiveHint"),
            Hint(annotations, "idempotentHint"),
            Hint(annotations, "openWorldHint"));
    }

    private static bool? Hint(LocatedJsonNode? annotations, string name)
        => annotations is { IsObject: true } ? annotations[name]?.AsBoolean() : null;

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var s in list)
        {
            if (string.Equals(s, value, StringComparison.Ordinal)) { return true; }
        }

        return false;
    }

    /// <summary>The text up to the first sentence end (a period, ! or ? followed by white space or the end) or line break.</summary>
    internal static string FirstSentence(string text)
    {
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
}

using System.Collections.Generic;

namespace TypedMcp.Risk;

/// <summary>
/// Reads a tool name as a short phrase: which words are verbs there, and which verb governs it. Tool names put their
/// verb first (<c>create_issue</c>), last (<c>memory_delete</c>) or after a namespace (<c>google_calendar_create_event</c>),
/// and many words are verbs in one name and nouns in another (<c>get_issue</c> vs <c>provision_issue_api_key</c>).
/// </summary>
/// <remarks>
/// The reading, in order: words inside a known two-word noun (<c>pull request</c>, <c>workflow run</c>) are nouns;
/// words that are also common nouns (issue, request, post, run, order, charge, ...) are verbs only when no other
/// verb is in the name; among the remaining verbs the first word governs if it is one, else the last word, else the
/// first verb from the left. When the name joins verbs with <c>and</c>/<c>or</c> (<c>get_or_create_user</c>) the
/// most dangerous of them governs. When the name has verbs of different kinds and no conjunction
/// (<c>provision_list_api_keys</c>, a tool family and its verb), the one of the kind the description leads with
/// governs ("Lists the provisioning API keys").
/// </remarks>
internal static class ToolNameGrammar
{
    /// <summary>One verb of the name.</summary>
    /// <param name="Index">Its position among the name words.</param>
    /// <param name="Word">The word.</param>
    /// <param name="Class">What it does.</param>
    /// <param name="Ambiguous">Whether the word is also a common noun.</param>
    internal sealed record NameVerb(int Index, string Word, VerbClass Class, bool Ambiguous);

    /// <summary>How a name reads.</summary>
    internal sealed class Reading
    {
        internal Reading(IReadOnlyList<NameVerb> verbs, NameVerb? governing, string position, IReadOnlyList<string> compounds)
        {
            Verbs = verbs;
            Governing = governing;
            VerbPosition = position;
            Compounds = compounds;
        }

        /// <summary>Every word that can be a verb here (outside two-word nouns), in name order.</summary>
        public IReadOnlyList<NameVerb> Verbs { get; }

        /// <summary>The verb that says what the tool does, or null when the name has none.</summary>
        public NameVerb? Governing { get; }

        /// <summary>The governing verb's word, or null.</summary>
        public string? Verb => Governing?.Word;

        /// <summary>The governing verb's class, or <see cref="VerbClass.None"/>.</summary>
        public VerbClass Class => Governing?.Class ?? VerbClass.None;

        /// <summary>The governing verb's position among the name words, or -1.</summary>
        public int VerbIndex => Governing?.Index ?? -1;

        /// <summary>Why that verb governs, in words.</summary>
        public string VerbPosition { get; }

        /// <summary>The two-word nouns found, e.g. <c>pull request</c>.</summary>
        public IReadOnlyList<string> Compounds { get; }

        /// <summary>The first unambiguous verb of <paramref name="cls"/> anywhere in the name, or null.</summary>
        public NameVerb? Any(VerbClass cls)
        {
            foreach (var v in Verbs)
            {
                if (v.Class == cls && !v.Ambiguous) { return v; }
            }

            return null;
        }
    }

    /// <summary>Reads the name words.</summary>
    /// <param name="tokens">The name words.</param>
    /// <param name="descriptionVerb">The class of the description's leading verb (or <see cref="VerbClass.None"/>), used only to choose between name verbs of different kinds.</param>
    /// <param name="inUserInterface">Whether the tool acts in a browser or page (a name word or input such as browser, page, selector): there close, select, upload and drop are UI actions.</param>
    public static Reading Read(IReadOnlyList<string> tokens, VerbClass descriptionVerb = VerbClass.None, bool inUserInterface = false)
    {
        var inCompound = new bool[tokens.Count];
        var compounds = new List<string>();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            foreach (var (first, second) in RiskVocabulary.NounCompounds)
            {
                if (tokens[i] == first && tokens[i + 1] == second)
                {
                    inCompound[i] = inCompound[i + 1] = true;
                    compounds.Add(first + " " + second);
                    break;
                }
            }
        }

        var all = new List<NameVerb>();
        var hasConjunction = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t == "and" || t == "or" || t == "then") { hasConjunction = true; }
            if (inCompound[i]) { continue; }
            var cls = ClassInName(t, tokens, inUserInterface);
            if (cls == VerbClass.None) { continue; }
            all.Add(new NameVerb(i, t, cls, RiskVocabulary.AmbiguousVerbs.Contains(t)));
        }

        var plain = all.FindAll(v => !v.Ambiguous);
        var pool = plain.Count > 0 ? plain : all;
        if (pool.Count == 0) { return new Reading(all, null, "the name has no verb", compounds); }

        if (hasConjunction && pool.Count > 1)
        {
            var worst = pool[0];
            foreach (var v in pool)
            {
                if (v.Class > worst.Class) { worst = v; }
            }

            return new Reading(all, worst, "the most dangerous of the verbs the name joins with and/or", compounds);
        }

        if (descriptionVerb != VerbClass.None && pool.Count > 1 && !pool.TrueForAll(v => v.Class == pool[0].Class))
        {
            var match = pool.Find(v => v.Class == descriptionVerb);
            if (match is not null) { return new Reading(all, match, "of the name's verbs, the kind the description leads with", compounds); }
        }

        if (pool[0].Index == 0) { return new Reading(all, pool[0], "it starts the name", compounds); }
        var last = pool[pool.Count - 1];
        if (last.Index == tokens.Count - 1) { return new Reading(all, last, "it ends the name", compounds); }
        return new Reading(all, pool[0], pool.Count == 1 ? "the only verb in the name" : "the first verb after the name's prefix", compounds);
    }

    /// <summary>The class of a name word in its name: <c>post</c> messages people only next to a message noun, and in a browser or page the verbs that also mean UI actions are UI actions.</summary>
    internal static VerbClass ClassInName(string word, IReadOnlyList<string> tokens, bool inUserInterface)
    {
        var cls = RiskVocabulary.ClassOf(word);
        if (word == "post")
        {
            var toPeople = false;
            foreach (var t in tokens) { toPeople |= RiskVocabulary.MessageNouns.Contains(t); }
            return toPeople ? VerbClass.Messaging : VerbClass.Write;
        }

        return inUserInterface && RiskVocabulary.UiActionVerbs.Contains(word) ? VerbClass.Interaction : cls;
    }
}

using System;
using System.Collections.Generic;

namespace TypedMcp.Naming;

/// <summary>
/// Finds the closest name among known names, for "did you mean ...?" suggestions. Distance is the optimal string
/// alignment variant of Damerau-Levenshtein: insertions, deletions, substitutions and swaps of two neighbouring
/// characters each cost one.
/// </summary>
internal static class NearestName
{
    /// <summary>
    /// The largest distance that still counts as a likely typo for a name of <paramref name="length"/> characters:
    /// one edit up to 4 characters, then one more per 4 characters, at most 3.
    /// </summary>
    public static int DefaultMaxDistance(int length) => Math.Max(1, Math.Min(3, length / 4));

    /// <summary>
    /// The candidate closest to <paramref name="name"/>, or null when none is within <paramref name="maxDistance"/>
    /// (default <see cref="DefaultMaxDistance"/>). A candidate that differs only in letter case always wins. Ties
    /// go to the candidate that sorts first ordinally, so the answer does not depend on the order of the input.
    /// </summary>
    public static string? Find(string name, IEnumerable<string> candidates, int? maxDistance = null)
    {
        if (name is null) { throw new ArgumentNullException(nameof(name)); }
        if (candidates is null) { throw new ArgumentNullException(nameof(candidates)); }
        var limit = maxDistance ?? DefaultMaxDistance(name.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (candidate is null || string.Equals(candidate, name, StringComparison.Ordinal)) { continue; }
            int distance;
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                distance = 0;
            }
            else
            {
                if (Math.Abs(candidate.Length - name.Length) > limit) { continue; }
                distance = Distance(name, candidate);
                if (distance > limit) { continue; }
            }

            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The optimal-string-alignment distance between two strings (ordinal, case-sensitive).</summary>
    public static int Distance(string a, string b)
    {
        if (a is null) { throw new ArgumentNullException(nameof(a)); }
        if (b is null) { throw new ArgumentNullException(nameof(b)); }
        if (a.Length == 0) { return b.Length; }
        if (b.Length == 0) { return a.Length; }

        // Three rolling rows: two back (for swaps), previous, current.
        var twoBack = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) { previous[j] = j; }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, twoBack[j - 2] + 1);
                }

                current[j] = value;
            }

            var recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }
}

using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.TestSupport;

/// <summary>
/// Counts the JSON parses of given texts while it is alive (full parses and pruned scans apart), through the
/// reader's test hook. Texts are told apart by a marker only they contain, so tests running in parallel do not
/// count each other's parses.
/// </summary>
public sealed class ParseCounter : IDisposable
{
    private readonly string[] _markers;
    private readonly Dictionary<string, (int Full, int Pruned)> _counts = new(StringComparer.Ordinal);

    /// <summary>Starts counting the parses of texts containing any of <paramref name="markers"/>.</summary>
    public ParseCounter(params string[] markers)
    {
        _markers = markers;
        LocatedJsonReader.Parsed += OnParsed;
    }

    /// <summary>How many full parses and pruned scans of the text containing <paramref name="marker"/> were seen.</summary>
    public (int Full, int Pruned) this[string marker]
    {
        get { lock (_counts) { return _counts.TryGetValue(marker, out var c) ? c : (0, 0); } }
    }

    /// <summary>Forgets the counts so far.</summary>
    public void Reset()
    {
        lock (_counts) { _counts.Clear(); }
    }

    /// <inheritdoc />
    public void Dispose() => LocatedJsonReader.Parsed -= OnParsed;

    private void OnParsed(string text, bool full)
    {
        foreach (var marker in _markers)
        {
            if (!text.Contains(marker, StringComparison.Ordinal)) { continue; }
            lock (_counts)
            {
                var c = _counts.TryGetValue(marker, out var v) ? v : (0, 0);
                _counts[marker] = full ? (c.Item1 + 1, c.Item2) : (c.Item1, c.Item2 + 1);
            }
        }
    }
}

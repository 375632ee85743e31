using System;
using System.IO;
using System.Text;

namespace TypedMcp.TestSupport;

/// <summary>
/// Compares text with a checked-in <c>name.verified.cs</c> file, byte for byte. On a mismatch it writes
/// <c>name.received.cs</c> next to it and fails with the first differing lines; set <c>TYPEDMCP_ACCEPT_SNAPSHOTS=1</c>
/// to accept the new text.
/// </summary>
public static class Snapshot
{
    /// <summary>Fails unless <paramref name="actual"/> equals the snapshot <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static void Match(string directory, string name, string actual)
    {
        var expectedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        if (Environment.GetEnvironmentVariable("TYPEDMCP_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual, new UTF8Encoding(false));
            if (File.Exists(receivedPath)) { File.Delete(receivedPath); }
            return;
        }

        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null;
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) { File.Delete(receivedPath); }
            return;
        }

        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        if (expected is null)
        {
            throw new SnapshotMismatchException($"No snapshot {expectedPath} yet; the output was written to {receivedPath}. Review it and rename it, or run with TYPEDMCP_ACCEPT_SNAPSHOTS=1.");
        }

        throw new SnapshotMismatchException($"Snapshot {name} differs; the output was written to {receivedPath}.\n{FirstDifference(expected, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el == al) { continue; }
            var sb = new StringBuilder().AppendLine($"First difference at line {i + 1}:");
            for (var j = Math.Max(0, i - 2); j < i; j++) { sb.AppendLine("  " + e[j]); }
            return sb.AppendLine("- " + el).AppendLine("+ " + al).ToString();
        }

        return "The texts differ only in line endings or trailing characters.";
    }
}

/// <summary>A generated text that does not match its checked-in snapshot.</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);

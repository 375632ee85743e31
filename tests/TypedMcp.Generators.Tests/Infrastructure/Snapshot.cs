using System;
using System.IO;
using System.Text;

namespace TypedMcp.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a checked-in file under Snapshots/, byte for byte. On a mismatch it writes
/// <c>name.received.cs</c> next to it and fails with the first differing lines; set
/// <c>TYPEDMCP_ACCEPT_SNAPSHOTS=1</c> to accept the new text.
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var dir = Path.Combine(RepoPaths.ProjectDir, "Snapshots");
        var expectedPath = Path.Combine(dir, name + ".verified.cs");
        var receivedPath = Path.Combine(dir, name + ".received.cs");
        if (Environment.GetEnvironmentVariable("TYPEDMCP_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(dir);
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
            Assert.Fail($"No snapshot {expectedPath} yet; the output was written to {receivedPath}. Review it and rename it, or run with TYPEDMCP_ACCEPT_SNAPSHOTS=1.");
        }

        Assert.Fail($"Snapshot {name} differs; the output was written to {receivedPath}.\n{FirstDifference(expected!, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al)
            {
                var sb = new StringBuilder();
                sb.AppendLine($"First difference at line {i + 1}:");
                for (var j = Math.Max(0, i - 2); j < i; j++) { sb.AppendLine("  " + e[j]); }
                sb.AppendLine("- " + el);
                sb.AppendLine("+ " + al);
                return sb.ToString();
            }
        }

        return "The texts differ only in line endings or trailing characters.";
    }
}

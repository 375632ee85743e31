using System;

namespace TypedMcp.Generators;

/// <summary>
/// The one rule for which AdditionalFiles are policy files, shared by the analyzer (compile time), the
/// policy-embedding generator (run time) and the catalog lookup (which skips them), so the two enforcement points
/// always read the same file: <c>policy.json</c> for every server, <c>&lt;server&gt;.policy.json</c> for one server.
/// File names compare ordinally.
/// </summary>
internal static class PolicyFileNames
{
    /// <summary>The policy file for every server.</summary>
    public const string DefaultFileName = "policy.json";

    /// <summary>The suffix of a server's own policy file.</summary>
    public const string ServerSuffix = ".policy.json";

    /// <summary>Whether <paramref name="path"/> names a policy file; <paramref name="server"/> is its server, or null for <c>policy.json</c>.</summary>
    public static bool IsPolicyPath(string path, out string? server)
    {
        var name = FileName(path);
        server = null;
        if (string.Equals(name, DefaultFileName, StringComparison.Ordinal)) { return true; }
        if (name.Length > ServerSuffix.Length && name.EndsWith(ServerSuffix, StringComparison.Ordinal))
        {
            server = name.Substring(0, name.Length - ServerSuffix.Length);
            return true;
        }

        return false;
    }

    /// <summary>The file name of <paramref name="path"/>, for either separator.</summary>
    public static string FileName(string path)
    {
        var i = path.LastIndexOfAny(new[] { '/', '\\' });
        return i < 0 ? path : path.Substring(i + 1);
    }
}

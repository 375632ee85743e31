using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace TypedMcp.TestSupport;

/// <summary>Paths in the repository, found from this file's location at build time.</summary>
public static class RepoPaths
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Here())!, "..", ".."));

    /// <summary>The shipped Odoo catalog.</summary>
    public static string OdooCatalog { get; } = File("catalog/odoo-claude-mcp.json");

    /// <summary>A file by its repository-relative path.</summary>
    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string Here([CallerFilePath] string path = "") => path;
}

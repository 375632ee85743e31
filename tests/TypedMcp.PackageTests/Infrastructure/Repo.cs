using System;
using System.IO;

namespace TypedMcp.PackageTests.Infrastructure;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) { return dir.FullName; }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}: the tests must run from the repository.");
    });

    /// <summary>The repository root (the folder of Generators.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below the repository root, given with forward slashes.</summary>
    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
}

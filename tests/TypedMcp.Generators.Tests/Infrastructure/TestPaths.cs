using System.IO;
using TypedMcp.TestSupport;

namespace TypedMcp.Generators.Tests.Infrastructure;

/// <summary>This project's own inputs: the focused catalogs and the snapshots.</summary>
public static class TestPaths
{
    public static string ProjectDir { get; } = RepoPaths.File("tests/TypedMcp.Generators.Tests");

    public static string Snapshots { get; } = Path.Combine(ProjectDir, "Snapshots");

    public static string FocusedCatalog(string name) => Path.Combine(ProjectDir, "Catalogs", name);
}

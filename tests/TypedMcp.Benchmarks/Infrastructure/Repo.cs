using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>Paths recorded at build time (the repository root and Refit's restored package folder).</summary>
public static class Repo
{
    public static string Root { get; } = Metadata("RepoRoot");

    public static string OdooCatalogPath { get; } = Path.Combine(Root, "catalog", "odoo-claude-mcp.json");

    public static string RefitPackageDir { get; } = Metadata("RefitPackageDir");

    /// <summary>Refit's incremental generator assembly (<c>InterfaceStubGeneratorV2</c>) in the restored package.</summary>
    public static string RefitGeneratorPath
    {
        get
        {
            var analyzers = Path.Combine(RefitPackageDir, "analyzers", "dotnet");
            var found = Directory.Exists(analyzers)
                ? Directory.GetFiles(analyzers, "InterfaceStubGenerator*.dll", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
                : null;
            return found ?? throw new InvalidOperationException($"Refit's source generator was not found under '{analyzers}'. Run 'dotnet restore tests/TypedMcp.Benchmarks' first.");
        }
    }

    private static string Metadata(string key)
    {
        var value = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(value)) { throw new InvalidOperationException($"The benchmark assembly has no '{key}' metadata; build it with dotnet build."); }
        return value;
    }
}

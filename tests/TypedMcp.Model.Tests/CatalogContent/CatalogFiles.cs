using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TypedMcp.Json;

namespace TypedMcp.Model.Tests.CatalogContent;

/// <summary>Finds the shipped catalogs: copies in the test output, and the sources in the repository.</summary>
internal static class CatalogFiles
{
    public const string OdooCatalog = "odoo-claude-mcp.json";

    public static string OutputCatalogDirectory => Path.Combine(AppContext.BaseDirectory, "catalog");

    public static string OutputPath(string fileName) => Path.Combine(OutputCatalogDirectory, fileName);

    public static IReadOnlyList<string> ShippedCatalogs()
        => Directory.GetFiles(OutputCatalogDirectory, "*.json", SearchOption.TopDirectoryOnly)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    public static string SchemaPath => Path.Combine(OutputCatalogDirectory, "schema", "catalog.schema.json");

    public static LocatedJsonNode Load(string path) => LocatedJsonReader.Parse(File.ReadAllText(path));

    /// <summary>The repository root (the folder holding Generators.sln), or null when the tests run outside a checkout.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln"))) { return dir.FullName; }
        }

        return null;
    }
}

using System;
using System.Collections.Generic;

namespace TypedMcp.Files;

/// <summary>What an additional file is to TypedMcp.</summary>
internal enum ProjectFileKind
{
    /// <summary>Neither a catalog nor a policy: TypedMcp does not read it.</summary>
    Other,

    /// <summary>A tool catalog: clients are generated from it, and its tool names are what policies may name.</summary>
    Catalog,

    /// <summary>A policy file: <c>policy.json</c> for every server, or <c>&lt;server&gt;.policy.json</c> for one.</summary>
    Policy,
}

/// <summary>An additional file classified by <see cref="FileConventions.Classify"/>.</summary>
/// <param name="Kind">What the file is.</param>
/// <param name="Server">For a <c>&lt;server&gt;.policy.json</c>, the server it is for; null otherwise (and for <c>policy.json</c>).</param>
internal readonly record struct ProjectFile(ProjectFileKind Kind, string? Server)
{
    /// <summary>Whether the file is a catalog.</summary>
    public bool IsCatalog => Kind == ProjectFileKind.Catalog;

    /// <summary>Whether the file is a policy file.</summary>
    public bool IsPolicy => Kind == ProjectFileKind.Policy;
}

/// <summary>
/// The one rule for which additional files are catalogs and which are policies, used by the generator, the policy
/// analyzer, the code fix and the CLI, and mirrored by the package's MSBuild targets (which add exactly the files
/// this rule names, see <c>buildTransitive/TypedMcp.targets</c>). By path only, never by content, so MSBuild can
/// apply it too. Fixed name parts compare case-insensitively; the server part of a policy file name keeps its case.
/// </summary>
/// <remarks>
/// In order, for a file's name and its path below the project folder:
/// <list type="number">
/// <item>not <c>*.json</c>, or <c>*.schema.json</c> (a JSON Schema): other;</item>
/// <item><c>policy.json</c>: the policy for every server; <c>&lt;server&gt;.policy.json</c>: the policy for that server;</item>
/// <item><c>*.mcp.json</c> anywhere: a catalog;</item>
/// <item>any other <c>*.json</c> in the catalog folder (<c>TypedMcpCatalogFolder</c>, default <c>catalog</c>) or a
/// folder below it, wherever that folder stands below the project folder: a catalog;</item>
/// <item>anything else: other.</item>
/// </list>
/// Folders above the project folder (<c>ProjectDir</c>) never count, so a project that itself lives in a folder named
/// <c>catalog</c> does not make every JSON file a catalog. Without a project folder the whole path is used.
/// This record is value-equatable: the generator's pipeline caches on it.
/// </remarks>
/// <param name="CatalogFolder">The catalog folder, relative to the project (MSBuild <c>TypedMcpCatalogFolder</c>); <c>/</c> or <c>\</c> separate folders.</param>
/// <param name="ProjectDirectory">The project folder (MSBuild <c>ProjectDir</c>), or null when unknown.</param>
internal sealed record FileConventions(string CatalogFolder, string? ProjectDirectory)
{
    /// <summary>The default catalog folder.</summary>
    public const string DefaultCatalogFolder = "catalog";

    /// <summary>The policy file for every server.</summary>
    public const string DefaultPolicyFileName = "policy.json";

    /// <summary>The suffix of a server's own policy file.</summary>
    public const string ServerPolicySuffix = ".policy.json";

    /// <summary>The suffix that makes a file a catalog wherever it is.</summary>
    public const string CatalogSuffix = ".mcp.json";

    /// <summary>The suffix of JSON Schema files, which are never catalogs or policies.</summary>
    public const string SchemaSuffix = ".schema.json";

    /// <summary>The MSBuild property of the catalog folder, as analyzers see it.</summary>
    public const string CatalogFolderOption = "build_property.TypedMcpCatalogFolder";

    /// <summary>The MSBuild property of the project folder, as analyzers see it (compiler-visible in every SDK project).</summary>
    public const string ProjectDirectoryOption = "build_property.ProjectDir";

    /// <summary>The conventions with the default catalog folder and no project folder.</summary>
    public static FileConventions Default { get; } = new(DefaultCatalogFolder, null);

    /// <summary>The conventions from the two MSBuild properties (null or empty: the defaults).</summary>
    public static FileConventions FromBuildProperties(string? catalogFolder, string? projectDirectory)
        => new(string.IsNullOrWhiteSpace(catalogFolder) ? DefaultCatalogFolder : catalogFolder!.Trim(),
            string.IsNullOrWhiteSpace(projectDirectory) ? null : projectDirectory!.Trim());

    /// <summary>What the file at <paramref name="path"/> is.</summary>
    public ProjectFile Classify(string path)
    {
        if (path is null) { throw new ArgumentNullException(nameof(path)); }
        var relative = Relative(Normalize(path));
        var slash = relative.LastIndexOf('/');
        var name = relative.Substring(slash + 1);
        if (!EndsWith(name, ".json") || EndsWith(name, SchemaSuffix)) { return default; }
        if (string.Equals(name, DefaultPolicyFileName, StringComparison.OrdinalIgnoreCase)) { return new ProjectFile(ProjectFileKind.Policy, null); }
        if (name.Length > ServerPolicySuffix.Length && EndsWith(name, ServerPolicySuffix))
        {
            return new ProjectFile(ProjectFileKind.Policy, name.Substring(0, name.Length - ServerPolicySuffix.Length));
        }

        if (EndsWith(name, CatalogSuffix)) { return new ProjectFile(ProjectFileKind.Catalog, null); }
        var folders = slash < 0 ? Array.Empty<string>() : relative.Substring(0, slash).Split('/');
        return ContainsRun(folders, FolderSegments(CatalogFolder)) ? new ProjectFile(ProjectFileKind.Catalog, null) : default;
    }

    /// <summary>The policy file's server from its name alone (<c>&lt;server&gt;.policy.json</c>), or null for <c>policy.json</c> and other files.</summary>
    public static string? PolicyServer(string path) => Default.Classify(path) is { IsPolicy: true, Server: var server } ? server : null;

    private string Relative(string path)
    {
        if (ProjectDirectory is null) { return path; }
        var root = Normalize(ProjectDirectory).TrimEnd('/') + "/";
        return path.Length > root.Length && path.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? path.Substring(root.Length) : path;
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static bool EndsWith(string name, string suffix) => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);

    private static string[] FolderSegments(string folder)
    {
        var segments = new List<string>();
        foreach (var s in Normalize(folder).Split('/'))
        {
            if (s.Length > 0 && s != ".") { segments.Add(s); }
        }

        return segments.ToArray();
    }

    // Whether the folder names contain the catalog folder's segments as a consecutive run (an empty folder never matches).
    private static bool ContainsRun(string[] folders, string[] run)
    {
        if (run.Length == 0) { return false; }
        for (var start = 0; start + run.Length <= folders.Length; start++)
        {
            var i = 0;
            while (i < run.Length && string.Equals(folders[start + i], run[i], StringComparison.OrdinalIgnoreCase)) { i++; }
            if (i == run.Length) { return true; }
        }

        return false;
    }
}

using Microsoft.CodeAnalysis.Diagnostics;
using TypedMcp.Files;

namespace TypedMcp.Generators;

/// <summary>The project's MSBuild options as the generator, the analyzer and the code fix read them.</summary>
internal static class ProjectOptions
{
    /// <summary>
    /// The file conventions from <c>build_property.TypedMcpCatalogFolder</c> (declared compiler-visible by the package's
    /// props) and <c>build_property.ProjectDir</c> (compiler-visible in every SDK project).
    /// </summary>
    public static FileConventions ReadConventions(AnalyzerConfigOptions globalOptions)
    {
        globalOptions.TryGetValue(FileConventions.CatalogFolderOption, out var catalogFolder);
        globalOptions.TryGetValue(FileConventions.ProjectDirectoryOption, out var projectDirectory);
        return FileConventions.FromBuildProperties(catalogFolder, projectDirectory);
    }
}

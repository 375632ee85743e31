using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedMcp.TestSupport;

/// <summary>The references of in-test compilations: the .NET 10 reference assemblies (offline) and TypedMcp with its dependencies.</summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Default = new(() => Create());

    /// <summary>.NET 10 + TypedMcp, TypedMcp.Model, the MCP SDK and Microsoft.Extensions.*, from the test's output folder.</summary>
    public static ImmutableArray<MetadataReference> TypedMcp => Default.Value;

    /// <summary>The same, plus the assemblies named <paramref name="extra"/> (file names without .dll) from the output folder.</summary>
    public static ImmutableArray<MetadataReference> Create(params string[] extra)
    {
        var refs = new List<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var wanted = name is "TypedMcp" or "TypedMcp.Model"
                || name.StartsWith("ModelContextProtocol", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || extra.Contains(name, StringComparer.Ordinal);
            if (wanted) { refs.Add(MetadataReference.CreateFromFile(file)); }
        }

        return refs.ToImmutableArray();
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Generators.Generation;

/// <summary>
/// A position in a file as plain values (0-based lines and columns), so models never hold a Roslyn
/// <see cref="Location"/> (which would root syntax trees and defeat caching).
/// </summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>A position in a catalog file from the model's 1-based <see cref="SourceSpan"/>.</summary>
    public static LocationInfo? FromSpan(string? path, SourceSpan span)
    {
        if (path is null || !span.IsKnown) { return null; }
        return new LocationInfo(path, span.Start, span.Length, span.StartLine - 1, span.StartColumn - 1, span.EndLine - 1, span.EndColumn - 1);
    }

    /// <summary>A position in source code.</summary>
    public static LocationInfo? FromLocation(Location? location)
    {
        if (location is null || location.SourceTree is null) { return null; }
        var line = location.GetLineSpan();
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan.Start, location.SourceSpan.Length,
            line.StartLinePosition.Line, line.StartLinePosition.Character, line.EndLinePosition.Line, line.EndLinePosition.Character);
    }

    /// <summary>The Roslyn location.</summary>
    public Location ToLocation()
        => Location.Create(FilePath, new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}

/// <summary>A diagnostic to report, as plain values; its severity is its descriptor's (one severity per id).</summary>
/// <param name="Id">A <see cref="DiagnosticIds"/> id.</param>
/// <param name="Location">Where, or null for no location.</param>
/// <param name="Arguments">The arguments of the descriptor's message format (for a model diagnostic, its one sentence).</param>
internal sealed record DiagnosticSpec(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticSpec From(ModelDiagnostic d) => new(d.Id, LocationInfo.FromSpan(d.FilePath, d.Span), new[] { d.Message }.ToEquatableArray());

    public static DiagnosticSpec Create(string id, LocationInfo? location, params string[] arguments) => new(id, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var arguments = new object[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++) { arguments[i] = Arguments[i]; }
        return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ForId(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, arguments);
    }
}

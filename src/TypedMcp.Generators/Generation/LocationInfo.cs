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
/// <param name="Message">The full message (the argument of a descriptor whose format is the message).</param>
/// <param name="Location">Where, or null for no location.</param>
internal sealed record DiagnosticSpec(string Id, string Message, LocationInfo? Location)
{
    public static DiagnosticSpec From(ModelDiagnostic d) => new(d.Id, d.Message, LocationInfo.FromSpan(d.FilePath, d.Span));

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ForId(Id), Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Message);
}

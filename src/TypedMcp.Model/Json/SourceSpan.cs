namespace TypedMcp.Json;

/// <summary>
/// A located range of text inside a JSON file: the offset and length in characters, and the 1-based
/// line and column of its start and end. Value-equatable, so it can travel inside cached generator models.
/// </summary>
/// <param name="Start">Zero-based character offset of the first character.</param>
/// <param name="Length">Number of characters covered.</param>
/// <param name="StartLine">1-based line of the first character.</param>
/// <param name="StartColumn">1-based column of the first character.</param>
/// <param name="EndLine">1-based line just after the last character.</param>
/// <param name="EndColumn">1-based column just after the last character.</param>
public readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>A span that points nowhere (used for nodes built in code rather than parsed).</summary>
    public static SourceSpan None => default;

    /// <summary>Whether this span came from parsed text.</summary>
    public bool IsKnown => StartLine > 0;

    /// <summary>Zero-based offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Formats the start as <c>line:column</c>, the form used in every message.</summary>
    public override string ToString() => IsKnown ? $"{StartLine}:{StartColumn}" : "?:?";

    /// <summary>Formats a location as <c>path(line,col)</c>, the form compilers use.</summary>
    public string Format(string? path) => string.IsNullOrEmpty(path) ? ToString() : $"{path}({StartLine},{StartColumn})";
}

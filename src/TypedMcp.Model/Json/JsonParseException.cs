using System;

namespace TypedMcp.Json;

/// <summary>
/// Thrown by <see cref="LocatedJsonReader"/> when text is not valid JSON or breaks a reader limit.
/// The message names the line and column; <see cref="Span"/> locates the offending character.
/// </summary>
internal sealed class JsonParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsonParseException(string reason, SourceSpan span)
        : base($"{reason} (line {span.StartLine}, column {span.StartColumn})")
    {
        Reason = reason;
        Span = span;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>Where it is wrong.</summary>
    public SourceSpan Span { get; }

    /// <summary>1-based line.</summary>
    public int Line => Span.StartLine;

    /// <summary>1-based column.</summary>
    public int Column => Span.StartColumn;
}

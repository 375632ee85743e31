namespace TypedMcp.Json;

/// <summary>Limits that keep a hostile or broken file from exhausting memory or the stack.</summary>
internal sealed record LocatedJsonReaderOptions
{
    /// <summary>The defaults: 128 levels of nesting, 32 Mi characters of text, strings of at most 1 Mi characters.</summary>
    public static LocatedJsonReaderOptions Default { get; } = new();

    /// <summary>Deepest nesting of objects and arrays accepted. Default 128.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Largest text accepted, in characters. Default 32 Mi characters.</summary>
    public int MaxLength { get; init; } = 32 * 1024 * 1024;

    /// <summary>Longest single string (member name or value) accepted, in characters after unescaping. Default 1 Mi characters.</summary>
    /// <remarks>A real tool description is a few kilobytes; a multi-megabyte string is hostile and would be copied into generated code.</remarks>
    public int MaxStringLength { get; init; } = 1024 * 1024;
}

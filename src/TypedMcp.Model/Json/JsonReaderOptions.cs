namespace TypedMcp.Model.Json;

/// <summary>Limits that keep a hostile or broken file from exhausting memory or the stack.</summary>
public sealed record JsonReaderOptions
{
    /// <summary>The defaults: 128 levels of nesting and 32 MiB of text.</summary>
    public static JsonReaderOptions Default { get; } = new();

    /// <summary>Deepest nesting of objects and arrays accepted. Default 128.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Largest text accepted, in characters. Default 32 Mi characters.</summary>
    public int MaxLength { get; init; } = 32 * 1024 * 1024;
}

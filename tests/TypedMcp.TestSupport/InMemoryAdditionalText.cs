using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TypedMcp.TestSupport;

/// <summary>An additional file held in memory, as the compiler host hands it to generators and analyzers (one <see cref="SourceText"/> per instance, like an unchanged file).</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _sourceText = SourceText.From(text);

    /// <inheritdoc />
    public override string Path { get; } = path;

    /// <summary>The file's text.</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public override SourceText GetText(CancellationToken cancellationToken = default) => _sourceText;

    /// <summary>The same file with new text (for incremental edits).</summary>
    public InMemoryAdditionalText WithText(string newText) => new(Path, newText);
}

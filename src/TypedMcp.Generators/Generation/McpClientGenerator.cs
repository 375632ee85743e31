using Microsoft.CodeAnalysis;

namespace TypedMcp.Generators.Generation;

/// <summary>Generates a typed MCP client for every <c>[McpClient("catalog")] partial class</c>.</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class McpClientGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}

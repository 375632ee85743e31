using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TypedMcp.Generators.Analyzers;

/// <summary>The TypedMcp and MCP SDK symbols the analyzer looks for, resolved once per compilation (null where the compilation lacks one).</summary>
/// <param name="McpTool"><c>TypedMcp.McpToolAttribute</c>: marks a generated tool method.</param>
/// <param name="McpServer"><c>TypedMcp.McpServerAttribute</c>: the server of a generated client's tool methods.</param>
/// <param name="McpArgument"><c>TypedMcp.McpArgumentAttribute</c>: a parameter's wire name.</param>
/// <param name="McpClientAttribute"><c>TypedMcp.McpClientAttribute</c>: marks a typed client class.</param>
/// <param name="ClientBase"><c>TypedMcp.McpClientBase</c>: its <c>CallToolAsync</c> is the untyped escape hatch.</param>
/// <param name="SdkClient"><c>ModelContextProtocol.Client.McpClient</c> of the MCP SDK.</param>
/// <param name="CallToolParams"><c>ModelContextProtocol.Protocol.CallToolRequestParams</c>: its <c>Name</c> names the tool a raw call reaches.</param>
internal sealed record MarkerSymbols(
    INamedTypeSymbol? McpTool,
    INamedTypeSymbol? McpServer,
    INamedTypeSymbol? McpArgument,
    INamedTypeSymbol? McpClientAttribute,
    INamedTypeSymbol? ClientBase,
    INamedTypeSymbol? SdkClient,
    INamedTypeSymbol? CallToolParams)
{
    /// <summary>Whether the compilation references TypedMcp at all.</summary>
    public bool UsesTypedMcp => McpTool is not null || McpClientAttribute is not null || ClientBase is not null;

    /// <summary>Resolves the symbols in <paramref name="compilation"/>.</summary>
    public static MarkerSymbols Resolve(Compilation compilation) => new(
        compilation.GetTypeByMetadataName("TypedMcp.McpToolAttribute"),
        compilation.GetTypeByMetadataName("TypedMcp.McpServerAttribute"),
        compilation.GetTypeByMetadataName("TypedMcp.McpArgumentAttribute"),
        compilation.GetTypeByMetadataName("TypedMcp.McpClientAttribute"),
        compilation.GetTypeByMetadataName("TypedMcp.McpClientBase"),
        compilation.GetTypeByMetadataName("ModelContextProtocol.Client.McpClient"),
        compilation.GetTypeByMetadataName("ModelContextProtocol.Protocol.CallToolRequestParams"));

    /// <summary>Whether <paramref name="type"/> is or derives from <paramref name="baseType"/>.</summary>
    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) { return false; }
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType)) { return true; }
        }

        return false;
    }

    /// <summary>The first string argument of <paramref name="attributeType"/> on <paramref name="type"/> or the nearest base type carrying it, or null.</summary>
    public static string? FindName(ITypeSymbol? type, INamedTypeSymbol? attributeType)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (Find(t, attributeType) is { ConstructorArguments.Length: > 0 } attribute && attribute.ConstructorArguments[0].Value is string name) { return name; }
        }

        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> carries <paramref name="attributeType"/>.</summary>
    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null) { return null; }
        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) { return attribute; }
        }

        return null;
    }
}

/// <summary>A generated tool method as the analyzer sees it: the tool, its server and each parameter's wire name.</summary>
internal sealed class ToolMethod
{
    public ToolMethod(string toolName, string? server, Dictionary<int, string> wireNames)
    {
        ToolName = toolName;
        Server = server;
        WireNames = wireNames;
    }

    /// <summary>The tool name on the wire.</summary>
    public string ToolName { get; }

    /// <summary>The catalog server (<c>[McpServer]</c> of the class; selects <c>&lt;server&gt;.policy.json</c>), or null.</summary>
    public string? Server { get; }

    /// <summary>Wire name by parameter ordinal, for the parameters that carry <c>[McpArgument]</c>.</summary>
    public Dictionary<int, string> WireNames { get; }
}

using System;
using System.Collections.Generic;
using System.Linq;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>The server a catalog describes.</summary>
/// <param name="Name">The server's name; <c>[McpClient("name")]</c> refers to it.</param>
/// <param name="Title">A display title, or null.</param>
/// <param name="Version">The server version the catalog was taken from, or null.</param>
internal sealed record ServerInfo(string Name, string? Title, string? Version);

/// <summary>Catalog-wide C# naming rules (the catalog's <c>naming</c> object).</summary>
/// <param name="StripPrefixes">Prefixes removed from tool names before they become method names (first match wins), e.g. <c>odoo_</c>.</param>
internal sealed record NamingRules(IReadOnlyList<string> StripPrefixes)
{
    /// <summary>No rules.</summary>
    public static NamingRules Default { get; } = new(Array.Empty<string>());
}

/// <summary>A C# name given in the catalog's <c>csharp</c> overrides, with where it stands.</summary>
/// <param name="Name">The C# identifier.</param>
/// <param name="Span">Its position in the catalog file.</param>
internal readonly record struct NameOverride(string Name, SourceSpan Span);

/// <summary>A tool's <c>csharp</c> overrides: method name, parameter names, parameters required in C#.</summary>
/// <param name="MethodName">The method name without the <c>Async</c> suffix, or null for the naming rules' choice.</param>
/// <param name="Parameters">Wire parameter name → C# parameter name.</param>
/// <param name="Required">Wire parameter names that are required in C# though optional on the wire.</param>
internal sealed record CSharpOverrides(NameOverride? MethodName, IReadOnlyDictionary<string, NameOverride> Parameters, IReadOnlyList<string> Required);

/// <summary>How a tool may be called with respect to MCP tasks (<c>execution.taskSupport</c>).</summary>
internal enum TaskSupport
{
    /// <summary>Not as a task (the default when the tool says nothing): a plain <c>tools/call</c>.</summary>
    Forbidden,
    /// <summary>Either way; TypedMcp calls it directly.</summary>
    Optional,
    /// <summary>Only as a task: a plain <c>tools/call</c> fails, so the call is task-augmented.</summary>
    Required,
}

/// <summary>One tool of a catalog.</summary>
/// <param name="Name">The tool name on the wire (what <c>tools/call</c> sends).</param>
/// <param name="NameSpan">Where the name value stands in the file.</param>
/// <param name="Source">The tool's JSON object as written.</param>
/// <param name="InputSchema">The schema of the tool's arguments (always an object schema).</param>
internal sealed record CatalogTool(string Name, SourceSpan NameSpan, LocatedJsonNode Source, SchemaNode InputSchema)
{
    /// <summary>A display title, or null.</summary>
    public string? Title { get; init; }

    /// <summary>What the tool does, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The schema of the tool's structured result, or null.</summary>
    public SchemaNode? OutputSchema { get; init; }

    /// <summary>The MCP annotations object (readOnlyHint, destructiveHint, ...), or null.</summary>
    public LocatedJsonNode? Annotations { get; init; }

    /// <summary>The risk class the catalog states, or null when it states none.</summary>
    public RiskClass? Risk { get; init; }

    /// <summary>The tool's C# overrides, or null.</summary>
    public CSharpOverrides? CSharp { get; init; }

    /// <summary>Whether the tool must, may or must not be called as a task (<c>execution.taskSupport</c>).</summary>
    public TaskSupport TaskSupport { get; init; }
}

/// <summary>A parsed catalog: the server, its naming rules and its tools in file order.</summary>
/// <param name="FilePath">The file the catalog was read from, or null.</param>
/// <param name="Root">The whole JSON document.</param>
/// <param name="Server">The server described.</param>
/// <param name="Naming">Catalog-wide naming rules.</param>
/// <param name="Tools">The tools, in file order (valid ones only; invalid ones were reported).</param>
internal sealed record CatalogDocument(string? FilePath, LocatedJsonNode Root, ServerInfo Server, NamingRules Naming, IReadOnlyList<CatalogTool> Tools)
{
    /// <summary>The tool named <paramref name="name"/> (ordinal), or null.</summary>
    public CatalogTool? GetTool(string name) => Tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}

/// <summary>What <see cref="CatalogParser.Parse"/> returns: the catalog (null when unusable) and every problem found.</summary>
/// <param name="Catalog">The catalog, or null when the file could not be read at all.</param>
/// <param name="Diagnostics">Every problem found, each located in the file.</param>
internal sealed record CatalogParseResult(CatalogDocument? Catalog, IReadOnlyList<ModelDiagnostic> Diagnostics)
{
    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors => ModelDiagnostic.AnyError(Diagnostics);
}

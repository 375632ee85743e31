using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>The server a catalog describes.</summary>
/// <param name="Name">The server's name; <c>[McpClient("name")]</c> refers to it.</param>
/// <param name="Title">A display title, or null.</param>
/// <param name="Version">The server version the catalog was taken from, or null.</param>
internal sealed record ServerInfo(string Name, string? Title, string? Version);

/// <summary>Catalog-wide C# naming rules (the catalog's <c>naming</c> object).</summary>
internal sealed class NamingRules
{
    /// <summary>No rules.</summary>
    public static NamingRules Default { get; } = new(System.Array.Empty<string>());

    /// <summary>Creates rules.</summary>
    public NamingRules(IReadOnlyList<string> stripPrefixes) => StripPrefixes = stripPrefixes;

    /// <summary>Prefixes removed from tool names before they become method names (first match wins), e.g. <c>odoo_</c>.</summary>
    public IReadOnlyList<string> StripPrefixes { get; }
}

/// <summary>A C# name given in the catalog's <c>csharp</c> overrides, with where it stands.</summary>
/// <param name="Name">The C# identifier.</param>
/// <param name="Span">Its position in the catalog file.</param>
internal readonly record struct NameOverride(string Name, SourceSpan Span);

/// <summary>A tool's <c>csharp</c> overrides: method name, parameter names, parameters required in C#.</summary>
internal sealed class CSharpOverrides
{
    /// <summary>Creates overrides.</summary>
    public CSharpOverrides(NameOverride? methodName, IReadOnlyDictionary<string, NameOverride> parameters, IReadOnlyList<string> required)
    {
        MethodName = methodName;
        Parameters = parameters;
        Required = required;
    }

    /// <summary>The method name without the <c>Async</c> suffix, or null for the naming rules' choice.</summary>
    public NameOverride? MethodName { get; }

    /// <summary>Wire parameter name → C# parameter name.</summary>
    public IReadOnlyDictionary<string, NameOverride> Parameters { get; }

    /// <summary>Wire parameter names that are required in C# though optional on the wire.</summary>
    public IReadOnlyList<string> Required { get; }
}

/// <summary>One tool of a catalog.</summary>
internal sealed class CatalogTool
{
    internal CatalogTool(string name, SourceSpan nameSpan, LocatedJsonNode source, SchemaNode inputSchema)
    {
        Name = name;
        NameSpan = nameSpan;
        Source = source;
        InputSchema = inputSchema;
    }

    /// <summary>The tool name on the wire (what <c>tools/call</c> sends).</summary>
    public string Name { get; }

    /// <summary>Where the name value stands in the file.</summary>
    public SourceSpan NameSpan { get; }

    /// <summary>The tool's JSON object as written.</summary>
    public LocatedJsonNode Source { get; }

    /// <summary>A display title, or null.</summary>
    public string? Title { get; internal set; }

    /// <summary>What the tool does, or null.</summary>
    public string? Description { get; internal set; }

    /// <summary>The schema of the tool's arguments (always an object schema).</summary>
    public SchemaNode InputSchema { get; }

    /// <summary>The schema of the tool's structured result, or null.</summary>
    public SchemaNode? OutputSchema { get; internal set; }

    /// <summary>The MCP annotations object (readOnlyHint, destructiveHint, ...), or null.</summary>
    public LocatedJsonNode? Annotations { get; internal set; }

    /// <summary>The risk class the catalog states, or null when it states none.</summary>
    public RiskClass? Risk { get; internal set; }

    /// <summary>The tool's C# overrides, or null.</summary>
    public CSharpOverrides? CSharp { get; internal set; }
}

/// <summary>A parsed catalog: the server, its naming rules and its tools in file order.</summary>
internal sealed class CatalogDocument
{
    internal CatalogDocument(string? filePath, LocatedJsonNode root, ServerInfo server, NamingRules naming, IReadOnlyList<CatalogTool> tools)
    {
        FilePath = filePath;
        Root = root;
        Server = server;
        Naming = naming;
        Tools = tools;
    }

    /// <summary>The file the catalog was read from, or null.</summary>
    public string? FilePath { get; }

    /// <summary>The whole JSON document.</summary>
    public LocatedJsonNode Root { get; }

    /// <summary>The server described.</summary>
    public ServerInfo Server { get; }

    /// <summary>Catalog-wide naming rules.</summary>
    public NamingRules Naming { get; }

    /// <summary>The tools, in file order (valid ones only; invalid ones were reported).</summary>
    public IReadOnlyList<CatalogTool> Tools { get; }

    /// <summary>The tool named <paramref name="name"/> (ordinal), or null.</summary>
    public CatalogTool? GetTool(string name)
    {
        foreach (var t in Tools)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal)) { return t; }
        }

        return null;
    }
}

/// <summary>What <see cref="CatalogParser.Parse"/> returns: the catalog (null when unusable) and every problem found.</summary>
internal sealed class CatalogParseResult
{
    internal CatalogParseResult(CatalogDocument? catalog, IReadOnlyList<Diagnostics.ModelDiagnostic> diagnostics)
    {
        Catalog = catalog;
        Diagnostics = diagnostics;
    }

    /// <summary>The catalog, or null when the file could not be read at all.</summary>
    public CatalogDocument? Catalog { get; }

    /// <summary>Every problem found, each located in the file.</summary>
    public IReadOnlyList<Diagnostics.ModelDiagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
            {
                if (d.Severity == TypedMcp.Diagnostics.ModelSeverity.Error) { return true; }
            }

            return false;
        }
    }
}

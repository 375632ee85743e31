using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>
/// Reads one element of <c>tools</c>: name, input and output schemas, annotations, <c>risk</c> and <c>csharp</c>.
/// A tool with an error is left out (the error says why) rather than generated from a guess.
/// </summary>
/// <param name="file">The file being read.</param>
internal sealed class CatalogToolReader(CatalogFileReader file)
{
    private static readonly string[] ToolKeys = { "name", "title", "description", "inputSchema", "outputSchema", "annotations", "risk", "csharp", "_meta", "icons", "execution" };

    private readonly SchemaReader _schemas = new(file);
    private readonly RiskReader _risk = new(file);
    private readonly CSharpOverridesReader _overrides = new(file);

    /// <summary>Reads the tool <paramref name="node"/>; null when it has an error.</summary>
    public CatalogTool? Read(LocatedJsonNode node)
    {
        if (!file.Expect(node, JsonKind.Object, DiagnosticIds.CatalogInvalidStructure, kind => $"Each element of \"tools\" must be a tool object, not {kind}.")) { return null; }
        file.CheckDuplicateKeys(node);
        var nameNode = node["name"];
        if (nameNode?.AsString() is not { Length: > 0 } name)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, nameNode?.Span ?? node.Span, "A tool needs a non-empty string \"name\".");
            return null;
        }

        file.WarnUnknownKeys(node, ToolKeys, DiagnosticIds.CatalogUnknownKey, key => $"Unknown key \"{key}\" in tool \"{name}\" is ignored.");
        var errorsBefore = file.ErrorCount;
        if (ReadInputSchema(node, nameNode, name) is not { } input) { return null; }
        var tool = new CatalogTool(name, nameNode.Span, node, input)
        {
            Title = file.OptionalString(node, "title"),
            Description = file.OptionalString(node, "description"),
            OutputSchema = ReadOutputSchema(node["outputSchema"], name),
            Annotations = ReadAnnotations(node["annotations"], name),
            Risk = node["risk"] is { } risk ? _risk.Read(risk, name) : null,
            CSharp = node["csharp"] is { } cs ? _overrides.Read(cs, name) : null,
            TaskSupport = ReadTaskSupport(node["execution"], name),
        };
        return file.ErrorCount == errorsBefore ? tool : null;
    }

    private SchemaNode? ReadInputSchema(LocatedJsonNode tool, LocatedJsonNode nameNode, string name)
    {
        var node = tool["inputSchema"];
        if (node is null)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, nameNode.Span, $"Tool \"{name}\" has no \"inputSchema\"; every MCP tool declares one (use {{ \"type\": \"object\" }} for a tool without arguments).");
            return null;
        }

        if (!file.Expect(node, JsonKind.Object, DiagnosticIds.CatalogInvalidStructure, kind => $"\"inputSchema\" of tool \"{name}\" must be a JSON Schema object, not {kind}.")) { return null; }
        var input = _schemas.ReadDocument(node, $"inputSchema of tool \"{name}\"");
        if (input.Types != SchemaTypes.None && input.Types != SchemaTypes.Object)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"inputSchema\" of tool \"{name}\" must have \"type\": \"object\" (MCP tool arguments are an object).");
        }

        return input;
    }

    private SchemaNode? ReadOutputSchema(LocatedJsonNode? node, string name)
    {
        if (node is null) { return null; }
        if (!file.Expect(node, JsonKind.Object, DiagnosticIds.CatalogInvalidStructure, kind => $"\"outputSchema\" of tool \"{name}\" must be a JSON Schema object, not {kind}.")) { return null; }
        return _schemas.ReadDocument(node, $"outputSchema of tool \"{name}\"");
    }

    // "execution": { "taskSupport": "forbidden" | "optional" | "required" }; anything else is the default, with a warning.
    private TaskSupport ReadTaskSupport(LocatedJsonNode? execution, string name)
    {
        if (execution?["taskSupport"] is not { } support) { return TaskSupport.Forbidden; }
        switch (support.AsString())
        {
            case "forbidden": return TaskSupport.Forbidden;
            case "optional": return TaskSupport.Optional;
            case "required": return TaskSupport.Required;
            default:
                file.Warning(DiagnosticIds.CatalogUnknownKey, support.Span, $"\"execution.taskSupport\" of tool \"{name}\" is {support}, not one of \"forbidden\", \"optional\", \"required\"; the tool is called without a task.");
                return TaskSupport.Forbidden;
        }
    }

    private LocatedJsonNode? ReadAnnotations(LocatedJsonNode? node, string name)
    {
        if (node is null || node.IsObject) { return node; }
        file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"annotations\" of tool \"{name}\" must be an object.");
        return null;
    }
}

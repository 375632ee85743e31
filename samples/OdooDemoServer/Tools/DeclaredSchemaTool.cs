using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace OdooDemoServer.Tools;

/// <summary>
/// A tool whose input schema is the one the real Odoo Claude MCP server declares (from tool-schemas.json),
/// not the one the SDK would infer from the C# parameters, so clients see exactly the upstream interface.
/// </summary>
internal sealed class DeclaredSchemaTool : DelegatingMcpServerTool
{
    private readonly Tool _protocolTool;

    private DeclaredSchemaTool(McpServerTool inner, JsonElement inputSchema)
        : base(inner)
    {
        var inferred = inner.ProtocolTool;
        _protocolTool = new Tool
        {
            Name = inferred.Name,
            Title = inferred.Title,
            Description = inferred.Description,
            Annotations = inferred.Annotations,
            InputSchema = inputSchema,
        };
    }

    /// <inheritdoc />
    public override Tool ProtocolTool => _protocolTool;

    /// <summary>
    /// Creates one tool per <see cref="McpServerToolAttribute"/> method of the given types, resolving the
    /// instance from the request's services, and checks that each method's parameters are exactly the
    /// properties of the declared schema (a mismatch is a bug in this sample: fail at start-up, loudly).
    /// </summary>
    public static IReadOnlyList<McpServerTool> CreateAll(params Type[] toolTypes)
    {
        var schemas = LoadSchemas();
        var tools = new List<McpServerTool>();
        foreach (var type in toolTypes)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var attribute = method.GetCustomAttribute<McpServerToolAttribute>();
                if (attribute is null) { continue; }
                var name = attribute.Name ?? throw new InvalidOperationException($"{type.Name}.{method.Name} must name its tool.");
                if (!schemas.TryGetValue(name, out var schema))
                {
                    throw new InvalidOperationException($"Tool '{name}' ({type.Name}.{method.Name}) has no entry in tool-schemas.json.");
                }

                CheckParameters(name, method, schema);
                var toolType = type;
                var inner = McpServerTool.Create(method, context => context.Services!.GetRequiredService(toolType), new McpServerToolCreateOptions { Name = name });
                tools.Add(new DeclaredSchemaTool(inner, schema));
            }
        }

        var missing = schemas.Keys.Except(tools.Select(t => t.ProtocolTool.Name), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"tool-schemas.json declares tools with no implementation: {string.Join(", ", missing)}.");
        }

        return tools;
    }

    private static void CheckParameters(string toolName, MethodInfo method, JsonElement schema)
    {
        var declared = schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList()
            : new List<string>();
        var implemented = method.GetParameters()
            .Where(p => p.ParameterType != typeof(System.Threading.CancellationToken))
            .Select(p => p.Name!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (!declared.SequenceEqual(implemented, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"Tool '{toolName}': the schema declares [{string.Join(", ", declared)}] but {method.DeclaringType!.Name}.{method.Name} takes [{string.Join(", ", implemented)}].");
        }
    }

    private static Dictionary<string, JsonElement> LoadSchemas()
    {
        using var stream = typeof(DeclaredSchemaTool).Assembly.GetManifestResourceStream("OdooDemoServer.tool-schemas.json")
            ?? throw new InvalidOperationException("The embedded resource tool-schemas.json is missing.");
        using var document = JsonDocument.Parse(stream);
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            schemas[property.Name] = property.Value.Clone();
        }

        return schemas;
    }
}

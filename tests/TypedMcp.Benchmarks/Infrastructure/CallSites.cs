using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>Writes consumer code that calls generated tool methods, and a policy.json that allows exactly those tools.</summary>
public static class CallSites
{
    /// <summary>A generated tool method: its C# name, its wire tool name and the argument list of a call with only the required arguments.</summary>
    public sealed record ToolCall(string Method, string Tool, string Arguments);

    /// <summary>The tool methods of a generated client (methods with <c>[McpTool]</c>), in declaration order.</summary>
    public static IReadOnlyList<ToolCall> ToolCalls(Compilation generated, string clientMetadataName)
    {
        var client = generated.GetTypeByMetadataName(clientMetadataName) ?? throw new InvalidOperationException($"No type {clientMetadataName} in the compilation.");
        var calls = new List<ToolCall>();
        foreach (var method in client.GetMembers().OfType<IMethodSymbol>())
        {
            var tool = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "TypedMcp.McpToolAttribute");
            if (tool?.ConstructorArguments.FirstOrDefault().Value is not string toolName) { continue; }
            var args = method.Parameters
                .Where(p => !p.HasExplicitDefaultValue && !p.IsOptional && p.Type.ToDisplayString() != "System.Threading.CancellationToken")
                .Select(p => p.Name + ": " + Value(p.Type));
            calls.Add(new ToolCall(method.Name, toolName, string.Join(", ", args)));
        }

        if (calls.Count == 0) { throw new InvalidOperationException($"{clientMetadataName} has no [McpTool] methods."); }
        return calls;
    }

    /// <summary>A source file with <paramref name="count"/> awaited tool calls, spread over methods of 20 calls each, cycling through the tools.</summary>
    public static string Source(IReadOnlyList<ToolCall> tools, int count, string clientType, string ns = "Consumer")
    {
        var sb = new StringBuilder();
        sb.AppendLine("using System.Threading.Tasks;");
        sb.AppendLine();
        sb.AppendLine("namespace " + ns + ";");
        sb.AppendLine();
        sb.AppendLine("/// <summary>Generated call sites for the analyzer benchmarks.</summary>");
        sb.AppendLine("public static class CallSites");
        sb.AppendLine("{");
        for (var i = 0; i < count; i++)
        {
            if (i % 20 == 0)
            {
                if (i > 0) { sb.AppendLine("    }").AppendLine(); }
                sb.AppendLine($"    /// <summary>Calls batch {(i / 20).ToString(CultureInfo.InvariantCulture)}.</summary>");
                sb.AppendLine($"    public static async Task Batch{(i / 20).ToString(CultureInfo.InvariantCulture)}Async({clientType} client)");
                sb.AppendLine("    {");
            }

            var t = tools[i % tools.Count];
            sb.AppendLine($"        await client.{t.Method}({t.Arguments}).ConfigureAwait(false);");
        }

        if (count > 0) { sb.AppendLine("    }"); }
        sb.AppendLine("}");
        return sb.ToString();
    }

    /// <summary>A policy.json (default deny) that allows exactly the called tools, as a project would write it.</summary>
    public static string Policy(IEnumerable<string> allowedTools)
    {
        var tools = new JsonObject();
        foreach (var name in allowedTools.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal)) { tools[name] = new JsonObject(); }
        var root = new JsonObject { ["version"] = "1", ["default"] = "deny", ["tools"] = tools };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The tools the first <paramref name="count"/> call sites use.</summary>
    public static IEnumerable<string> UsedTools(IReadOnlyList<ToolCall> tools, int count) => tools.Take(Math.Min(count, tools.Count)).Select(t => t.Tool);

    private static string Value(ITypeSymbol type)
    {
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;
        return underlying.SpecialType switch
        {
            SpecialType.System_String => "\"x\"",
            SpecialType.System_Int64 or SpecialType.System_Int32 => "1",
            SpecialType.System_Double => "1.5",
            SpecialType.System_Boolean => "false",
            _ when underlying.ToDisplayString() == "System.DateTimeOffset" => "System.DateTimeOffset.UnixEpoch",
            _ when underlying.TypeKind == TypeKind.Enum => "default(" + underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")",
            _ => "default(" + underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")!",
        };
    }
}

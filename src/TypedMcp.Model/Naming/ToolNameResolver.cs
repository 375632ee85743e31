using System;
using System.Collections.Generic;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Typing;

namespace TypedMcp.Naming;

/// <summary>The C# name of one tool argument.</summary>
/// <param name="WireName">The argument name on the wire.</param>
/// <param name="CSharpName">The C# parameter name (a valid identifier; keywords already escaped with <c>@</c>).</param>
/// <param name="IsRequired">Whether the C# parameter is required (required on the wire, or forced by <c>csharp.required</c>).</param>
/// <param name="Member">The argument as typed: its shape, and whether the schema requires it.</param>
internal sealed record ResolvedParameter(string WireName, string CSharpName, bool IsRequired, ShapeMember Member)
{
    /// <summary>The argument's C# shape.</summary>
    public Shape Shape => Member.Shape;
}

/// <summary>The C# names of one tool: its method and its parameters in C# order (required first, then optional, each in schema order).</summary>
/// <param name="Tool">The catalog tool.</param>
/// <param name="BaseName">The PascalCase name without suffix, e.g. <c>UsageLogExport</c>.</param>
/// <param name="Parameters">The parameters in C# order.</param>
internal sealed record ResolvedTool(CatalogTool Tool, string BaseName, IReadOnlyList<ResolvedParameter> Parameters)
{
    /// <summary>The generated method name, e.g. <c>UsageLogExportAsync</c>.</summary>
    public string MethodName => BaseName + "Async";
}

/// <summary>A name an import writes as a <c>csharp</c> override so that a catalog's names are unique.</summary>
/// <param name="Tool">The tool's wire name.</param>
/// <param name="Argument">The argument's wire name, or null for the tool's method name.</param>
/// <param name="Name">The name to write: a method base name (<c>csharp.methodName</c>) or a parameter name (<c>csharp.parameters</c>).</param>
/// <param name="Reason">Which name it would have collided with.</param>
internal sealed record NameOverride(string Tool, string? Argument, string Name, string Reason);

/// <summary>
/// Applies a catalog's naming rules and <c>csharp</c> overrides. A collision is a located error, never a silent
/// rename: two tools with one method name, two arguments with one parameter name, or an argument named like the
/// generated <c>cancellationToken</c> parameter.
/// </summary>
internal static class ToolNameResolver
{
    /// <summary>The name of the trailing cancellation parameter every generated method has.</summary>
    public const string CancellationTokenName = "cancellationToken";

    /// <summary>The method base name for a tool name under the given rules (without overrides).</summary>
    public static string DefaultBaseName(string toolName, NamingRules naming)
    {
        var name = toolName;
        foreach (var prefix in naming.StripPrefixes)
        {
            if (prefix.Length > 0 && name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
                break;
            }
        }

        return CSharpNames.ToPascalCase(name);
    }

    /// <summary>Resolves every tool's names; tools with naming errors are left out of the result and reported.</summary>
    public static IReadOnlyList<ResolvedTool> Resolve(CatalogDocument catalog, List<ModelDiagnostic> diagnostics)
        => Resolve(catalog, new SchemaShapes(catalog.FilePath), diagnostics);

    /// <summary>
    /// Resolves every tool's names, its arguments being the members of its input schema as <paramref name="shapes"/>
    /// types it (so arguments reached through <c>$ref</c> or <c>allOf</c> count); tools with naming errors are left out
    /// and reported.
    /// </summary>
    public static IReadOnlyList<ResolvedTool> Resolve(CatalogDocument catalog, SchemaShapes shapes, List<ModelDiagnostic> diagnostics)
    {
        var result = new List<ResolvedTool>(catalog.Tools.Count);
        var byMethod = new Dictionary<string, CatalogTool>(StringComparer.Ordinal);
        foreach (var tool in catalog.Tools)
        {
            var baseName = DefaultBaseName(tool.Name, catalog.Naming);
            var nameSpan = tool.NameSpan;
            if (tool.CSharp?.MethodName is { } over)
            {
                if (!CSharpNames.IsValidIdentifier(over.Name))
                {
                    diagnostics.Add(Error(DiagnosticIds.CatalogInvalidIdentifier, catalog, over.Span,
                        $"The method name '{over.Name}' given for tool '{tool.Name}' is not a valid C# identifier{(CSharpNames.IsKeyword(over.Name) ? " (it is a C# keyword)" : string.Empty)}; choose another name in csharp.methodName."));
                    continue;
                }

                baseName = over.Name;
                nameSpan = over.Span;
            }

            if (byMethod.TryGetValue(baseName, out var other))
            {
                diagnostics.Add(Error(DiagnosticIds.CatalogNameCollision, catalog, nameSpan,
                    $"Tools '{other.Name}' (line {other.NameSpan.StartLine}) and '{tool.Name}' would both generate the method '{baseName}Async'; give one of them a \"csharp\": {{ \"methodName\": \"...\" }} override."));
                continue;
            }

            byMethod.Add(baseName, tool);
            var parameters = ResolveParameters(catalog, tool, shapes.Parameters(tool.InputSchema), diagnostics);
            if (parameters is not null) { result.Add(new ResolvedTool(tool, baseName, parameters)); }
        }

        return result;
    }

    /// <summary>
    /// The overrides that make every name of a catalog unique, for a tool list written by a program (<c>typedmcp
    /// import</c>): the second and later tools that would get one method name, and the second and later arguments of a
    /// tool that would get one parameter name (or <c>cancellationToken</c>), get the first free name with a number
    /// (<c>GetUser2</c>, <c>userId2</c>), in catalog and schema order. The names are read as <see cref="Resolve(CatalogDocument, SchemaShapes, List{ModelDiagnostic})"/>
    /// reads them; existing overrides count as taken names. Empty when nothing collides.
    /// </summary>
    public static IReadOnlyList<NameOverride> UniqueNameOverrides(CatalogDocument catalog, SchemaShapes shapes)
    {
        var overrides = new List<NameOverride>();
        var methods = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tool in catalog.Tools)
        {
            var baseName = tool.CSharp?.MethodName is { } over && CSharpNames.IsValidIdentifier(over.Name) ? over.Name : DefaultBaseName(tool.Name, catalog.Naming);
            if (methods.TryGetValue(baseName, out var first))
            {
                var unique = FirstFree(baseName, methods.ContainsKey);
                overrides.Add(new NameOverride(tool.Name, null, unique, $"'{first}' already becomes {baseName}Async"));
                baseName = unique;
            }

            methods.Add(baseName, tool.Name);
            var parameters = new Dictionary<string, string?>(StringComparer.Ordinal) { [CancellationTokenName] = null };
            foreach (var member in shapes.Parameters(tool.InputSchema))
            {
                var name = tool.CSharp is { } cs && cs.Parameters.TryGetValue(member.Name, out var rename) && CSharpNames.IsValidIdentifier(rename.Name)
                    ? rename.Name
                    : DefaultParameterName(member.Name);
                var key = name.TrimStart('@');
                if (parameters.TryGetValue(key, out var clash))
                {
                    var unique = FirstFree(key, parameters.ContainsKey);
                    overrides.Add(new NameOverride(tool.Name, member.Name, unique,
                        clash is null ? $"'{key}' is the generated CancellationToken parameter" : $"argument '{clash}' already becomes '{key}'"));
                    key = unique;
                }

                parameters.Add(key, member.Name);
            }
        }

        return overrides;
    }

    // The default C# parameter name of an argument: camelCase, a keyword escaped with @.
    private static string DefaultParameterName(string wireName) => CSharpNames.Escape(CSharpNames.ToCamelCase(wireName));

    private static string FirstFree(string name, Func<string, bool> taken)
    {
        for (var n = 2; ; n++)
        {
            var candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken(candidate)) { return candidate; }
        }
    }

    private static IReadOnlyList<ResolvedParameter>? ResolveParameters(CatalogDocument catalog, CatalogTool tool, IReadOnlyList<ShapeMember> members, List<ModelDiagnostic> diagnostics)
    {
        var ok = true;
        var required = new List<ResolvedParameter>();
        var optional = new List<ResolvedParameter>();
        // C# name → the argument that took it (null: the generated CancellationToken parameter); the message is built only on a clash.
        var seen = new Dictionary<string, string?>(StringComparer.Ordinal) { [CancellationTokenName] = null };
        var forced = tool.CSharp?.Required ?? (IReadOnlyList<string>)Array.Empty<string>();
        foreach (var name in forced)
        {
            if (!Has(members, name))
            {
                diagnostics.Add(Error(DiagnosticIds.CatalogInvalidStructure, catalog, tool.NameSpan,
                    $"csharp.required of tool '{tool.Name}' names '{name}', which is not an argument of the tool; remove it or fix the spelling."));
                ok = false;
            }
        }

        if (tool.CSharp is { } cs)
        {
            foreach (var kv in cs.Parameters)
            {
                if (!Has(members, kv.Key))
                {
                    diagnostics.Add(Error(DiagnosticIds.CatalogInvalidStructure, catalog, kv.Value.Span,
                        $"csharp.parameters of tool '{tool.Name}' renames '{kv.Key}', which is not an argument of the tool; remove it or fix the spelling."));
                    ok = false;
                }
            }
        }

        foreach (var p in members)
        {
            string csName;
            var span = p.NameSpan;
            if (tool.CSharp is { } o && o.Parameters.TryGetValue(p.Name, out var rename))
            {
                if (!CSharpNames.IsValidIdentifier(rename.Name))
                {
                    diagnostics.Add(Error(DiagnosticIds.CatalogInvalidIdentifier, catalog, rename.Span,
                        $"The parameter name '{rename.Name}' given for argument '{p.Name}' of tool '{tool.Name}' is not a valid C# identifier{(CSharpNames.IsKeyword(rename.Name) ? " (it is a C# keyword)" : string.Empty)}; choose another name."));
                    ok = false;
                    continue;
                }

                csName = rename.Name;
                span = rename.Span;
            }
            else
            {
                csName = DefaultParameterName(p.Name);
            }

            var key = csName.TrimStart('@');
            if (seen.TryGetValue(key, out var clash))
            {
                diagnostics.Add(Error(DiagnosticIds.CatalogNameCollision, catalog, span,
                    $"Argument '{p.Name}' of tool '{tool.Name}' would get the C# parameter name '{key}', already used by {(clash is null ? "(the generated CancellationToken parameter)" : $"argument '{clash}'")}; rename it with \"csharp\": {{ \"parameters\": {{ \"{p.Name}\": \"...\" }} }}."));
                ok = false;
                continue;
            }

            seen.Add(key, p.Name);
            var isRequired = p.IsRequired || Contains(forced, p.Name);
            (isRequired ? required : optional).Add(new ResolvedParameter(p.Name, csName, isRequired, p));
        }

        if (!ok) { return null; }
        required.AddRange(optional);
        return required;
    }

    private static bool Has(IReadOnlyList<ShapeMember> members, string name)
    {
        foreach (var m in members)
        {
            if (string.Equals(m.Name, name, StringComparison.Ordinal)) { return true; }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var s in list)
        {
            if (string.Equals(s, value, StringComparison.Ordinal)) { return true; }
        }

        return false;
    }

    private static ModelDiagnostic Error(string id, CatalogDocument catalog, SourceSpan span, string message)
        => new(id, ModelSeverity.Error, message, catalog.FilePath, span);
}

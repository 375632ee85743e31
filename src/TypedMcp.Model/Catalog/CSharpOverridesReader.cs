using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>Reads a tool's <c>csharp</c> overrides: <c>methodName</c>, <c>parameters</c> and <c>required</c>.</summary>
/// <param name="file">The file being read.</param>
internal sealed class CSharpOverridesReader(CatalogFileReader file)
{
    /// <summary>Reads the overrides <paramref name="node"/> of <paramref name="tool"/>; null when it is not an object.</summary>
    public CSharpOverrides? Read(LocatedJsonNode node, string tool)
    {
        if (!node.IsObject)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"\"csharp\" of tool \"{tool}\" must be an object.");
            return null;
        }

        NameOverride? method = null;
        var parameters = new Dictionary<string, NameOverride>(StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var p in node.Properties)
        {
            switch (p.Name)
            {
                case "methodName": method = ReadMethodName(p.Value, tool) ?? method; break;
                case "parameters": ReadParameters(p.Value, tool, parameters); break;
                case "required": ReadRequired(p.Value, tool, required); break;
                default:
                    file.Warning(DiagnosticIds.CatalogUnknownKey, p.NameSpan, $"Unknown key \"{p.Name}\" in csharp overrides of tool \"{tool}\" is ignored; known keys are methodName, parameters and required.");
                    break;
            }
        }

        return new CSharpOverrides(method, parameters, required);
    }

    private NameOverride? ReadMethodName(LocatedJsonNode node, string tool)
    {
        if (node.AsString() is { } name) { return new NameOverride(name, node.Span); }
        file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"csharp.methodName of tool \"{tool}\" must be a string.");
        return null;
    }

    private void ReadParameters(LocatedJsonNode node, string tool, Dictionary<string, NameOverride> into)
    {
        if (!node.IsObject)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"csharp.parameters of tool \"{tool}\" must be an object of argument name → C# name.");
            return;
        }

        foreach (var p in node.Properties)
        {
            if (p.Value.AsString() is { } name) { into[p.Name] = new NameOverride(name, p.Value.Span); }
            else { file.Error(DiagnosticIds.CatalogInvalidStructure, p.Value.Span, $"csharp.parameters.{p.Name} of tool \"{tool}\" must be a string (the C# parameter name)."); }
        }
    }

    private void ReadRequired(LocatedJsonNode node, string tool, List<string> into)
    {
        if (!node.IsArray)
        {
            file.Error(DiagnosticIds.CatalogInvalidStructure, node.Span, $"csharp.required of tool \"{tool}\" must be an array of argument names.");
            return;
        }

        foreach (var item in node.Items)
        {
            if (item.AsString() is { } name) { into.Add(name); }
            else { file.Error(DiagnosticIds.CatalogInvalidStructure, item.Span, $"csharp.required of tool \"{tool}\" must hold strings only."); }
        }
    }
}

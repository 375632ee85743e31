using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Catalog;

/// <summary>Reads a tool's <c>risk</c>: <c>{ "category": ..., "level": ..., "reason": ... }</c>.</summary>
/// <param name="file">The file being read.</param>
internal sealed class RiskReader(CatalogFileReader file)
{
    private static readonly string[] RiskKeys = { "category", "level", "reason" };

    /// <summary>Reads the risk <paramref name="node"/> of <paramref name="tool"/>; null when it is not a valid risk class.</summary>
    public RiskClass? Read(LocatedJsonNode node, string tool)
    {
        if (!node.IsObject)
        {
            file.Error(DiagnosticIds.CatalogInvalidRisk, node.Span, $"\"risk\" of tool \"{tool}\" must be an object {{ \"category\": ..., \"level\": ... }}.");
            return null;
        }

        var cat = node["category"];
        if (!RiskClass.TryParseCategory(cat?.AsString(), out var category))
        {
            file.Error(DiagnosticIds.CatalogInvalidRisk, cat?.Span ?? node.Span, $"Risk category of tool \"{tool}\" must be one of Read, Write, Execute, Destructive, Financial, Other{Got(cat)}.");
            return null;
        }

        var lvl = node["level"];
        if (!RiskClass.TryParseLevel(lvl?.AsString(), out var level))
        {
            file.Error(DiagnosticIds.CatalogInvalidRisk, lvl?.Span ?? node.Span, $"Risk level of tool \"{tool}\" must be one of low, medium, high, critical{Got(lvl)}.");
            return null;
        }

        file.WarnUnknownKeys(node, RiskKeys, DiagnosticIds.CatalogUnknownKey, key => $"Unknown key \"{key}\" in the risk of tool \"{tool}\" is ignored.");
        return new RiskClass(category, level, file.OptionalString(node, "reason"));
    }

    private static string Got(LocatedJsonNode? value) => value is null ? " (it is missing)" : $", not {value}";
}

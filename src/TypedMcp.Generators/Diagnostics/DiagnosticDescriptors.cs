using Microsoft.CodeAnalysis;
using TypedMcp.Model.Diagnostics;

namespace TypedMcp.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the TypedMcp Roslyn component reports, in one place. Ids come from
/// <see cref="DiagnosticIds"/> (ranges: 0001–0099 catalog and generation, 0100–0199 call sites, 0200–0299
/// policy.json, 0900–0999 internal); an id is never reused. Each help link is built from the id and points
/// to <c>docs/diagnostics/&lt;ID&gt;.md</c>. The message format is <c>{0}</c>: the full message comes from the
/// model (what is wrong, where, and what to do).
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The base of every help link; the id and <c>.md</c> are appended.</summary>
    public const string HelpLinkBase = "https://github.com/typedmcp/typedmcp/blob/main/docs/diagnostics/";

    private const string CatalogCategory = "TypedMcp.Catalog";
    private const string GenerationCategory = "TypedMcp.Generation";
    private const string InternalCategory = "TypedMcp.Internal";

    // ---- Catalog and generation: TMCP0001–0099 ----

    public static readonly DiagnosticDescriptor CatalogInvalidJson = Create(DiagnosticIds.CatalogInvalidJson, "Catalog file is not valid JSON", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogInvalidStructure = Create(DiagnosticIds.CatalogInvalidStructure, "Catalog element missing or of the wrong type", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogUnsupportedSchema = Create(DiagnosticIds.CatalogUnsupportedSchema, "JSON Schema construct that cannot be mapped to C#", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogNameCollision = Create(DiagnosticIds.CatalogNameCollision, "Two tools, parameters or generated types get the same C# name", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogInvalidIdentifier = Create(DiagnosticIds.CatalogInvalidIdentifier, "Name in the csharp overrides is not a valid C# identifier", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogNotFound = Create(DiagnosticIds.CatalogNotFound, "[McpClient] names no catalog among the AdditionalFiles", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogDuplicateTool = Create(DiagnosticIds.CatalogDuplicateTool, "Two tools in one catalog have the same name", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogInvalidRisk = Create(DiagnosticIds.CatalogInvalidRisk, "Risk class with an unknown category or level", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogTooLarge = Create(DiagnosticIds.CatalogTooLarge, "Catalog larger or deeper than the documented limits", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CatalogUnknownKey = Create(DiagnosticIds.CatalogUnknownKey, "Catalog key that TypedMcp does not know", CatalogCategory, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor CatalogAmbiguous = Create(DiagnosticIds.CatalogAmbiguous, "Two catalogs claim the same server name", CatalogCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor ClientClassNotPartial = Create(DiagnosticIds.ClientClassNotPartial, "[McpClient] class is not partial, is nested or is generic", GenerationCategory, DiagnosticSeverity.Error);

    // ---- Internal: TMCP0900–0999 ----

    public static readonly DiagnosticDescriptor InternalError = Create(DiagnosticIds.InternalError, "Unexpected exception inside TypedMcp", InternalCategory, DiagnosticSeverity.Error);

    /// <summary>The descriptor for a model diagnostic id, or <see cref="InternalError"/> for an id this component does not know.</summary>
    public static DiagnosticDescriptor ForId(string id) => id switch
    {
        DiagnosticIds.CatalogInvalidJson => CatalogInvalidJson,
        DiagnosticIds.CatalogInvalidStructure => CatalogInvalidStructure,
        DiagnosticIds.CatalogUnsupportedSchema => CatalogUnsupportedSchema,
        DiagnosticIds.CatalogNameCollision => CatalogNameCollision,
        DiagnosticIds.CatalogInvalidIdentifier => CatalogInvalidIdentifier,
        DiagnosticIds.CatalogNotFound => CatalogNotFound,
        DiagnosticIds.CatalogDuplicateTool => CatalogDuplicateTool,
        DiagnosticIds.CatalogInvalidRisk => CatalogInvalidRisk,
        DiagnosticIds.CatalogTooLarge => CatalogTooLarge,
        DiagnosticIds.CatalogUnknownKey => CatalogUnknownKey,
        DiagnosticIds.CatalogAmbiguous => CatalogAmbiguous,
        DiagnosticIds.ClientClassNotPartial => ClientClassNotPartial,
        _ => InternalError,
    };

    /// <summary>The help link of an id.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string category, DiagnosticSeverity severity)
        => new(id, title, "{0}", category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}

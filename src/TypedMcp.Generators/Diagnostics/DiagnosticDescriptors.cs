using Microsoft.CodeAnalysis;
using TypedMcp.Diagnostics;

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
    private const string CallCategory = "TypedMcp.Policy";
    private const string PolicyFileCategory = "TypedMcp.PolicyFile";

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

    // ---- Call sites checked against policy.json: TMCP0100–0199 (reported by the policy analyzer) ----

    public static readonly DiagnosticDescriptor CallHiddenTool = Create(DiagnosticIds.CallHiddenTool, "Call to a tool that policy.json hides", CallCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CallUnlistedTool = Create(DiagnosticIds.CallUnlistedTool, "Call to a tool that policy.json does not list under default deny", CallCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CallDeniedTool = Create(DiagnosticIds.CallDeniedTool, "Call to a tool whose policy rule has action deny", CallCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CallDeniedByPredicate = Create(DiagnosticIds.CallDeniedByPredicate, "Constant arguments fail a require or meet a deny_if predicate", CallCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor CallRequiresApproval = Create(DiagnosticIds.CallRequiresApproval, "Call to a tool that needs a person's approval", CallCategory, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor CallCheckedAtRunTime = Create(DiagnosticIds.CallCheckedAtRunTime, "Policy predicate over a non-constant argument is checked at run time", CallCategory, DiagnosticSeverity.Info);
    public static readonly DiagnosticDescriptor CallHasLimits = Create(DiagnosticIds.CallHasLimits, "Call to a tool with quota limits enforced at run time", CallCategory, DiagnosticSeverity.Info);
    public static readonly DiagnosticDescriptor NoPolicy = Create(DiagnosticIds.NoPolicy, "No policy.json among the AdditionalFiles: tool calls are not checked", CallCategory, DiagnosticSeverity.Warning, WellKnownDiagnosticTags.CompilationEnd);
    public static readonly DiagnosticDescriptor CallDeniedPolicyUnreadable = Create(DiagnosticIds.CallDeniedPolicyUnreadable, "policy.json cannot be read, so every call is denied", CallCategory, DiagnosticSeverity.Error);

    // ---- policy.json: TMCP0200–0299 (reported by the policy analyzer, located inside policy.json) ----

    public static readonly DiagnosticDescriptor PolicyInvalidJson = Create(DiagnosticIds.PolicyInvalidJson, "policy.json is not valid JSON", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyBadVersion = Create(DiagnosticIds.PolicyBadVersion, "policy.json version missing or not \"1\"", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyBadDefault = Create(DiagnosticIds.PolicyBadDefault, "policy.json default missing or neither allow nor deny", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyUnknownOperator = Create(DiagnosticIds.PolicyUnknownOperator, "Predicate operator the policy language does not have", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyBadRegex = Create(DiagnosticIds.PolicyBadRegex, "Regex predicate whose pattern does not compile", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyValueTypeMismatch = Create(DiagnosticIds.PolicyValueTypeMismatch, "Predicate value of the wrong type for its operator", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyDuplicateEntry = Create(DiagnosticIds.PolicyDuplicateEntry, "Tool, hide entry, key or policy file given twice", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyUnknownTool = Create(DiagnosticIds.PolicyUnknownTool, "Tool name in policy.json that no catalog has", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyUnknownKey = Create(DiagnosticIds.PolicyUnknownKey, "Key in policy.json that the policy language does not define", PolicyFileCategory, DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor PolicyBadLimit = Create(DiagnosticIds.PolicyBadLimit, "Malformed limit or rate_limit in policy.json", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyInvalidStructure = Create(DiagnosticIds.PolicyInvalidStructure, "policy.json element of the wrong JSON type, or a bad action", PolicyFileCategory, DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor PolicyBadPath = Create(DiagnosticIds.PolicyBadPath, "Predicate path that does not start with args", PolicyFileCategory, DiagnosticSeverity.Error);

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
        DiagnosticIds.PolicyInvalidJson => PolicyInvalidJson,
        DiagnosticIds.PolicyBadVersion => PolicyBadVersion,
        DiagnosticIds.PolicyBadDefault => PolicyBadDefault,
        DiagnosticIds.PolicyUnknownOperator => PolicyUnknownOperator,
        DiagnosticIds.PolicyBadRegex => PolicyBadRegex,
        DiagnosticIds.PolicyValueTypeMismatch => PolicyValueTypeMismatch,
        DiagnosticIds.PolicyDuplicateEntry => PolicyDuplicateEntry,
        DiagnosticIds.PolicyUnknownTool => PolicyUnknownTool,
        DiagnosticIds.PolicyUnknownKey => PolicyUnknownKey,
        DiagnosticIds.PolicyBadLimit => PolicyBadLimit,
        DiagnosticIds.PolicyInvalidStructure => PolicyInvalidStructure,
        DiagnosticIds.PolicyBadPath => PolicyBadPath,
        _ => InternalError,
    };

    /// <summary>The help link of an id.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string category, DiagnosticSeverity severity, params string[] customTags)
        => new(id, title, "{0}", category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id), customTags: customTags);
}

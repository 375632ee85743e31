namespace TypedMcp.Diagnostics;

/// <summary>
/// Every diagnostic id TypedMcp reports. The Roslyn descriptors (one file in TypedMcp.Generators) and the CLI
/// use these constants; each id has a page at <c>docs/diagnostics/&lt;ID&gt;.md</c>.
/// </summary>
/// <remarks>
/// Ranges (an id is never reused; a retired id stays here as a comment):
/// <list type="bullet">
/// <item><c>TMCP0001–0099</c>: catalog files and code generation.</item>
/// <item><c>TMCP0100–0199</c>: calls checked against the policy at the call site.</item>
/// <item><c>TMCP0200–0299</c>: mistakes inside policy.json.</item>
/// <item><c>TMCP0900–0999</c>: internal errors (a bug in TypedMcp, reported instead of crashing the compiler).</item>
/// </list>
/// </remarks>
internal static class DiagnosticIds
{
    // ---- Catalog and generation: TMCP0001–0099 ----

    /// <summary>The catalog file is not valid JSON.</summary>
    public const string CatalogInvalidJson = "TMCP0001";
    /// <summary>A catalog element is missing or has the wrong type.</summary>
    public const string CatalogInvalidStructure = "TMCP0002";
    /// <summary>A JSON Schema construct that cannot be mapped to C# (it falls back to a JSON value, or is an error).</summary>
    public const string CatalogUnsupportedSchema = "TMCP0003";
    /// <summary>Two tools, parameters or generated types get the same C# name.</summary>
    public const string CatalogNameCollision = "TMCP0004";
    /// <summary>A name given in the catalog's csharp overrides is not a valid C# identifier.</summary>
    public const string CatalogInvalidIdentifier = "TMCP0005";
    /// <summary>An [McpClient] attribute names no catalog among the AdditionalFiles.</summary>
    public const string CatalogNotFound = "TMCP0006";
    /// <summary>Two tools in one catalog have the same name.</summary>
    public const string CatalogDuplicateTool = "TMCP0007";
    /// <summary>A risk class has an unknown category or level.</summary>
    public const string CatalogInvalidRisk = "TMCP0008";
    /// <summary>A catalog is larger or deeper than the documented limits.</summary>
    public const string CatalogTooLarge = "TMCP0009";
    /// <summary>A catalog key that TypedMcp does not know (tolerated).</summary>
    public const string CatalogUnknownKey = "TMCP0010";
    /// <summary>Two catalogs among the AdditionalFiles claim the same server name.</summary>
    public const string CatalogAmbiguous = "TMCP0011";
    /// <summary>The class carrying [McpClient] is not partial, is nested or is generic.</summary>
    public const string ClientClassNotPartial = "TMCP0012";
    /// <summary>A JSON Schema construct TypedMcp does not follow (a remote or dangling <c>$ref</c>, an <c>allOf</c> that contradicts itself): typed more loosely (JSON).</summary>
    public const string CatalogSchemaFallback = "TMCP0013";
    /// <summary>A value typed as free-form JSON (<c>JsonElement</c>) because its schema allows any JSON there (informational: says where and why).</summary>
    public const string CatalogFreeForm = "TMCP0014";

    // ---- Call sites: TMCP0100–0199 ----

    /// <summary>A call to a tool that policy.json hides.</summary>
    public const string CallHiddenTool = "TMCP0101";
    /// <summary>A call to a tool that policy.json does not list while its default is deny.</summary>
    public const string CallUnlistedTool = "TMCP0102";
    /// <summary>A call to a tool whose rule has action deny.</summary>
    public const string CallDeniedTool = "TMCP0103";
    /// <summary>A call whose constant arguments fail a require predicate or meet a deny_if predicate.</summary>
    public const string CallDeniedByPredicate = "TMCP0104";
    /// <summary>A call to a tool that needs a person's approval.</summary>
    public const string CallRequiresApproval = "TMCP0105";
    /// <summary>A predicate that reads an argument that is not a compile-time constant: checked at run time.</summary>
    public const string CallCheckedAtRunTime = "TMCP0106";
    /// <summary>A call to a tool that has quota limits (enforced at run time).</summary>
    public const string CallHasLimits = "TMCP0107";
    /// <summary>No policy file among the AdditionalFiles: calls are not checked at compile time (informational; the project has not opted into a policy).</summary>
    public const string NoPolicy = "TMCP0108";
    /// <summary>policy.json cannot be read, so every call is denied (fail closed).</summary>
    public const string CallDeniedPolicyUnreadable = "TMCP0109";
    /// <summary>The project has policy files, but none applies to the server of some calls: those are not checked.</summary>
    public const string CallUncoveredByPolicy = "TMCP0110";

    // ---- policy.json: TMCP0200–0299 ----

    /// <summary>policy.json is not valid JSON.</summary>
    public const string PolicyInvalidJson = "TMCP0201";
    /// <summary>The version is missing or not "1".</summary>
    public const string PolicyBadVersion = "TMCP0202";
    /// <summary>The default is missing or neither "allow" nor "deny".</summary>
    public const string PolicyBadDefault = "TMCP0203";
    /// <summary>A predicate names an operator the language does not have.</summary>
    public const string PolicyUnknownOperator = "TMCP0204";
    /// <summary>A regex predicate whose pattern does not compile.</summary>
    public const string PolicyBadRegex = "TMCP0205";
    /// <summary>A predicate value of the wrong type for its operator.</summary>
    public const string PolicyValueTypeMismatch = "TMCP0206";
    /// <summary>The same tool, hide entry or key appears twice.</summary>
    public const string PolicyDuplicateEntry = "TMCP0207";
    /// <summary>A tool name that no catalog has.</summary>
    public const string PolicyUnknownTool = "TMCP0208";
    /// <summary>A key the language does not define (tolerated: gateways add fields).</summary>
    public const string PolicyUnknownKey = "TMCP0209";
    /// <summary>A limit or rate_limit that is malformed.</summary>
    public const string PolicyBadLimit = "TMCP0210";
    /// <summary>An element with the wrong JSON type (e.g. a string where an object belongs), or a bad action.</summary>
    public const string PolicyInvalidStructure = "TMCP0211";
    /// <summary>A predicate path that does not start with "args.".</summary>
    public const string PolicyBadPath = "TMCP0212";

    // ---- Internal: TMCP0900–0999 ----

    /// <summary>TypedMcp hit an unexpected exception; it reports it instead of crashing the build.</summary>
    public const string InternalError = "TMCP0901";
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedMcp.Diagnostics;

namespace TypedMcp.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the TypedMcp Roslyn component reports, in one place, one descriptor (and so one severity) per id.
/// Ids come from <see cref="DiagnosticIds"/>; each help link is built from the id and points to
/// <c>docs/diagnostics/&lt;ID&gt;.md</c>.
/// </summary>
/// <remarks>
/// <para>Ranges: 0001–0099 catalog files and generation, 0100–0199 call sites, 0200–0299 policy files, 0900–0999
/// internal. An id is never reused; a retired id stays below as a comment.</para>
/// <para>Message formats: where this component words the message, the format names its arguments in its text. Where
/// the shared model words it (the catalog and policy parsers, the policy evaluator: the CLI and the run-time guard
/// print the very same sentence), the format is that sentence, <c>{0}</c>, so the three never drift apart.</para>
/// <para>Retired ids: none yet.</para>
/// </remarks>
internal static class DiagnosticDescriptors
{
    /// <summary>The base of every help link; the id and <c>.md</c> are appended.</summary>
    public const string HelpLinkBase = "https://github.com/typedmcp/typedmcp/blob/main/docs/diagnostics/";

    private const string CatalogCategory = "TypedMcp.Catalog";
    private const string GenerationCategory = "TypedMcp.Generation";
    private const string CallCategory = "TypedMcp.Policy";
    private const string PolicyFileCategory = "TypedMcp.PolicyFile";
    private const string InternalCategory = "TypedMcp.Internal";

    // The sentence the shared model wrote (see remarks).
    private const string ModelMessage = "{0}";

    // ---- Catalog files and generation: TMCP0001–0099 ----

    public static readonly DiagnosticDescriptor CatalogInvalidJson = Create(DiagnosticIds.CatalogInvalidJson, CatalogCategory, DiagnosticSeverity.Error,
        "Catalog file is not valid JSON", ModelMessage,
        "A catalog among the AdditionalFiles cannot be read as JSON; nothing is generated from it.");

    public static readonly DiagnosticDescriptor CatalogInvalidStructure = Create(DiagnosticIds.CatalogInvalidStructure, CatalogCategory, DiagnosticSeverity.Error,
        "Catalog element missing or of the wrong type", ModelMessage,
        "A part of a catalog that TypedMcp needs is missing or has the wrong JSON type; a broken tool is left out of the client.");

    public static readonly DiagnosticDescriptor CatalogUnsupportedSchema = Create(DiagnosticIds.CatalogUnsupportedSchema, CatalogCategory, DiagnosticSeverity.Error,
        "JSON Schema construct that cannot be mapped to C#", ModelMessage,
        "A schema is malformed (a type JSON Schema does not have, a non-object schema, a malformed enum or required list); the tool is left out.");

    public static readonly DiagnosticDescriptor CatalogNameCollision = Create(DiagnosticIds.CatalogNameCollision, CatalogCategory, DiagnosticSeverity.Error,
        "Two tools, parameters or generated types get the same C# name", ModelMessage,
        "Two names of a catalog map to the same C# name; the second is left out rather than renamed silently.");

    public static readonly DiagnosticDescriptor CatalogInvalidIdentifier = Create(DiagnosticIds.CatalogInvalidIdentifier, CatalogCategory, DiagnosticSeverity.Error,
        "Name in the csharp overrides is not a valid C# identifier", ModelMessage,
        "A name given in a tool's csharp overrides is a keyword or not an identifier.");

    public static readonly DiagnosticDescriptor CatalogNotFound = Create(DiagnosticIds.CatalogNotFound, CatalogCategory, DiagnosticSeverity.Error,
        "[McpClient] names no catalog among the AdditionalFiles",
        "No catalog named '{0}' was found ({1}); add the catalog JSON as <AdditionalFiles Include=\"...\" /> or fix the name in [McpClient(\"...\")]",
        "The attribute's argument matches neither the server.name nor the file name of any catalog among the project's AdditionalFiles.");

    public static readonly DiagnosticDescriptor CatalogDuplicateTool = Create(DiagnosticIds.CatalogDuplicateTool, CatalogCategory, DiagnosticSeverity.Error,
        "Two tools in one catalog have the same name", ModelMessage,
        "A tool name appears twice in one catalog; the second is left out.");

    public static readonly DiagnosticDescriptor CatalogInvalidRisk = Create(DiagnosticIds.CatalogInvalidRisk, CatalogCategory, DiagnosticSeverity.Error,
        "Risk class with an unknown category or level", ModelMessage,
        "A tool's risk names a category or level that TypedMcp does not know.");

    public static readonly DiagnosticDescriptor CatalogTooLarge = Create(DiagnosticIds.CatalogTooLarge, CatalogCategory, DiagnosticSeverity.Error,
        "Catalog larger or deeper than the documented limits", ModelMessage,
        "A catalog breaks one of the reader's limits (size, nesting, string length, tool count); nothing is generated from it.");

    public static readonly DiagnosticDescriptor CatalogUnknownKey = Create(DiagnosticIds.CatalogUnknownKey, CatalogCategory, DiagnosticSeverity.Warning,
        "Catalog key that TypedMcp does not know", ModelMessage,
        "A catalog key TypedMcp does not know is ignored; it may be a typo of one it does.");

    public static readonly DiagnosticDescriptor CatalogAmbiguous = Create(DiagnosticIds.CatalogAmbiguous, CatalogCategory, DiagnosticSeverity.Error,
        "Two catalogs claim the same server name",
        "Several catalogs claim the name '{0}' ({1}); keep one of them among the AdditionalFiles or give them different server names",
        "More than one catalog among the AdditionalFiles answers to the name an [McpClient] attribute gives.");

    public static readonly DiagnosticDescriptor ClientClassNotPartial = Create(DiagnosticIds.ClientClassNotPartial, GenerationCategory, DiagnosticSeverity.Error,
        "[McpClient] class is not partial, is nested or is generic",
        "The class '{0}' carries [McpClient] but {1}; declare it as a top-level, non-generic 'partial class {0}' so the generator can add the tool methods",
        "The generator adds the tool methods as another part of the class, which needs a top-level, non-generic, non-static partial class.");

    public static readonly DiagnosticDescriptor CatalogSchemaFallback = Create(DiagnosticIds.CatalogSchemaFallback, CatalogCategory, DiagnosticSeverity.Warning,
        "JSON Schema construct typed more loosely than written", ModelMessage,
        "A schema construct TypedMcp does not follow (a remote or dangling $ref, an allOf that contradicts itself, a malformed anyOf, a required name that is no property); the value gets a looser C# type.");

    public static readonly DiagnosticDescriptor CatalogFreeForm = Create(DiagnosticIds.CatalogFreeForm, CatalogCategory, DiagnosticSeverity.Info,
        "Value typed as free-form JSON", ModelMessage,
        "The schema allows any JSON at this place (no type, an object without properties, array items not described), so the value is a JsonElement; the message says which of these.");

    // ---- Call sites checked against the policy: TMCP0100–0199 (the policy analyzer) ----

    public static readonly DiagnosticDescriptor CallHiddenTool = Create(DiagnosticIds.CallHiddenTool, CallCategory, DiagnosticSeverity.Error,
        "Call to a tool that policy.json hides", ModelMessage,
        "The policy lists the tool under hide: the call would be refused at run time, so it does not compile.");

    public static readonly DiagnosticDescriptor CallUnlistedTool = Create(DiagnosticIds.CallUnlistedTool, CallCategory, DiagnosticSeverity.Error,
        "Call to a tool that policy.json does not list under default deny", ModelMessage,
        "The policy's default is deny and the tool has no rule under tools.");

    public static readonly DiagnosticDescriptor CallDeniedTool = Create(DiagnosticIds.CallDeniedTool, CallCategory, DiagnosticSeverity.Error,
        "Call to a tool whose policy rule has action deny", ModelMessage,
        "The tool's rule says action deny (or cannot be read, and so denies).");

    public static readonly DiagnosticDescriptor CallDeniedByPredicate = Create(DiagnosticIds.CallDeniedByPredicate, CallCategory, DiagnosticSeverity.Error,
        "Constant arguments fail a require or meet a deny_if predicate", ModelMessage,
        "The call's compile-time constant arguments already decide a require or deny_if predicate against it.");

    public static readonly DiagnosticDescriptor CallRequiresApproval = Create(DiagnosticIds.CallRequiresApproval, CallCategory, DiagnosticSeverity.Warning,
        "Call to a tool that needs a person's approval", ModelMessage,
        "The tool's rule says require_approval: each call waits for the approval hook at run time.");

    public static readonly DiagnosticDescriptor CallCheckedAtRunTime = Create(DiagnosticIds.CallCheckedAtRunTime, CallCategory, DiagnosticSeverity.Info,
        "Policy predicate over a non-constant argument is checked at run time",
        "The call of tool '{0}' is checked at run time against policy rule {1} ({2}) in {3}:{4}, because argument '{5}' is not a compile-time constant here",
        "A require or deny_if predicate reads an argument whose value is only known at run time; the guard decides it then.");

    public static readonly DiagnosticDescriptor CallHasLimits = Create(DiagnosticIds.CallHasLimits, CallCategory, DiagnosticSeverity.Info,
        "Call to a tool with quota limits enforced at run time",
        "Tool '{0}' has quota limits in {1}: {2}. They are counted and enforced at run time; a call over the limit is refused.",
        "The tool's rule (or all_tools) has limit or rate_limit entries; calls are counted at run time.");

    // Info, not Warning: a project that has not written a policy yet has nothing wrong with it, and a warning would fail
    // every TreatWarningsAsErrors build before the user decided on one. Once a policy exists, TMCP0110 warns.
    public static readonly DiagnosticDescriptor NoPolicy = Create(DiagnosticIds.NoPolicy, CallCategory, DiagnosticSeverity.Info,
        "No policy file among the AdditionalFiles: tool calls are not checked at compile time",
        "Calls to tools of {0} are not checked at compile time: {1}. At run time every call is allowed unless TypedMcpClientOptions give a policy. Add policy.json (typedmcp policy init writes one) to check them.",
        "The compilation calls MCP tools but the project has no policy file, so TypedMcp cannot check them at compile time; the generated clients allow every call unless a run-time policy is given.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CallUncoveredByPolicy = Create(DiagnosticIds.CallUncoveredByPolicy, CallCategory, DiagnosticSeverity.Warning,
        "Policy files exist, but none applies to these tool calls",
        "Calls to tools of {0} are not checked: {1}. Add policy.json or <server>.policy.json for them, or silence this warning with dotnet_diagnostic.TMCP0110.severity = none in .editorconfig or <NoWarn>TMCP0110</NoWarn>.",
        "The project has opted into policies, but no policy file applies to the server of some calls (no policy.json, and no <server>.policy.json for that server), so they go unchecked.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CallDeniedPolicyUnreadable = Create(DiagnosticIds.CallDeniedPolicyUnreadable, CallCategory, DiagnosticSeverity.Error,
        "policy.json cannot be read, so every call is denied", ModelMessage,
        "The policy that applies to the call cannot be read; it fails closed, at compile time as at run time.");

    // ---- Policy files: TMCP0200–0299 (the policy analyzer, located inside the file) ----

    public static readonly DiagnosticDescriptor PolicyInvalidJson = Create(DiagnosticIds.PolicyInvalidJson, PolicyFileCategory, DiagnosticSeverity.Error,
        "policy.json is not valid JSON", ModelMessage,
        "The policy file cannot be read as JSON (or at all); every call it governs is denied until it can.");

    public static readonly DiagnosticDescriptor PolicyBadVersion = Create(DiagnosticIds.PolicyBadVersion, PolicyFileCategory, DiagnosticSeverity.Error,
        "policy.json version missing or not \"1\"", ModelMessage,
        "The policy language has one version, \"1\".");

    public static readonly DiagnosticDescriptor PolicyBadDefault = Create(DiagnosticIds.PolicyBadDefault, PolicyFileCategory, DiagnosticSeverity.Error,
        "policy.json default missing or neither allow nor deny", ModelMessage,
        "The default decides every tool without a rule; it must be \"allow\" or \"deny\".");

    public static readonly DiagnosticDescriptor PolicyUnknownOperator = Create(DiagnosticIds.PolicyUnknownOperator, PolicyFileCategory, DiagnosticSeverity.Error,
        "Predicate operator the policy language does not have", ModelMessage,
        "A require or deny_if predicate names an operator the policy language does not define.");

    public static readonly DiagnosticDescriptor PolicyBadRegex = Create(DiagnosticIds.PolicyBadRegex, PolicyFileCategory, DiagnosticSeverity.Error,
        "Regex predicate whose pattern does not compile", ModelMessage,
        "A regex predicate's pattern is not a valid regular expression.");

    public static readonly DiagnosticDescriptor PolicyValueTypeMismatch = Create(DiagnosticIds.PolicyValueTypeMismatch, PolicyFileCategory, DiagnosticSeverity.Error,
        "Predicate value of the wrong type for its operator", ModelMessage,
        "A predicate's value has a JSON type its operator cannot compare with.");

    public static readonly DiagnosticDescriptor PolicyDuplicateEntry = Create(DiagnosticIds.PolicyDuplicateEntry, PolicyFileCategory, DiagnosticSeverity.Error,
        "Tool, hide entry, key or policy file given twice", ModelMessage,
        "Something is given twice (a tool, a hide entry, a key, or a second policy file for the same servers); gateways disagree on which wins.");

    public static readonly DiagnosticDescriptor PolicyUnknownTool = Create(DiagnosticIds.PolicyUnknownTool, PolicyFileCategory, DiagnosticSeverity.Error,
        "Tool name in policy.json that no catalog has", ModelMessage,
        "A tool name under tools or hide is not a tool of the catalogs the file applies to (its server's for <server>.policy.json).");

    public static readonly DiagnosticDescriptor PolicyUnknownKey = Create(DiagnosticIds.PolicyUnknownKey, PolicyFileCategory, DiagnosticSeverity.Warning,
        "Key in policy.json that the policy language does not define", ModelMessage,
        "An unknown key is ignored (gateways add fields); it may be a typo of a key that matters.");

    public static readonly DiagnosticDescriptor PolicyBadLimit = Create(DiagnosticIds.PolicyBadLimit, PolicyFileCategory, DiagnosticSeverity.Error,
        "Malformed limit, rate_limit or spend_limit in policy.json", ModelMessage,
        "A limit, rate_limit or spend_limit entry is malformed; the calls it covers are refused until it is fixed.");

    public static readonly DiagnosticDescriptor PolicyInvalidStructure = Create(DiagnosticIds.PolicyInvalidStructure, PolicyFileCategory, DiagnosticSeverity.Error,
        "policy.json element of the wrong JSON type, or a bad action", ModelMessage,
        "A policy element has the wrong JSON type or an action the language does not have; what it governs fails closed.");

    public static readonly DiagnosticDescriptor PolicyBadPath = Create(DiagnosticIds.PolicyBadPath, PolicyFileCategory, DiagnosticSeverity.Error,
        "Predicate path that does not start with args", ModelMessage,
        "A predicate's path must name an argument: args.<name>[.<name>...].");

    // ---- Internal: TMCP0900–0999 ----

    public static readonly DiagnosticDescriptor InternalError = Create(DiagnosticIds.InternalError, InternalCategory, DiagnosticSeverity.Error,
        "Unexpected exception inside TypedMcp",
        "TypedMcp hit an unexpected {0} while {1}: {2}. Please report it.",
        "A bug in TypedMcp, reported instead of crashing the compiler; a call that could not be checked is treated as denied, and a client that could not be generated is left out.");

    /// <summary>Every descriptor, in id order.</summary>
    public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
    {
        CatalogInvalidJson, CatalogInvalidStructure, CatalogUnsupportedSchema, CatalogNameCollision, CatalogInvalidIdentifier,
        CatalogNotFound, CatalogDuplicateTool, CatalogInvalidRisk, CatalogTooLarge, CatalogUnknownKey, CatalogAmbiguous,
        ClientClassNotPartial, CatalogSchemaFallback, CatalogFreeForm,
        CallHiddenTool, CallUnlistedTool, CallDeniedTool, CallDeniedByPredicate, CallRequiresApproval, CallCheckedAtRunTime,
        CallHasLimits, NoPolicy, CallDeniedPolicyUnreadable, CallUncoveredByPolicy,
        PolicyInvalidJson, PolicyBadVersion, PolicyBadDefault, PolicyUnknownOperator, PolicyBadRegex, PolicyValueTypeMismatch,
        PolicyDuplicateEntry, PolicyUnknownTool, PolicyUnknownKey, PolicyBadLimit, PolicyInvalidStructure, PolicyBadPath,
        InternalError,
    };

    /// <summary>What the policy analyzer reports: call sites, policy files and internal errors.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> Analyzer = All.Where(d => d.Category is CallCategory or PolicyFileCategory or InternalCategory).ToImmutableArray();

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Index();

    /// <summary>The descriptor of an id, or <see cref="InternalError"/> for an id this component does not know.</summary>
    public static DiagnosticDescriptor ForId(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : InternalError;

    /// <summary>The help link of an id.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static Dictionary<string, DiagnosticDescriptor> Index()
    {
        var byId = new Dictionary<string, DiagnosticDescriptor>(System.StringComparer.Ordinal);
        foreach (var d in All) { byId.Add(d.Id, d); }
        return byId;
    }

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string messageFormat, string description, params string[] customTags)
        => new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id), customTags: customTags);
}

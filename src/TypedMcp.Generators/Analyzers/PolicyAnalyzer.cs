using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedMcp.Generators.Diagnostics;

namespace TypedMcp.Generators.Analyzers;

/// <summary>
/// Enforces the project's policy.json at compile time: a call to a tool that the policy denies is an error at the
/// call site, through a generated tool method (found by <c>[McpTool]</c>), through <c>CallToolAsync</c> with a
/// constant tool name, or through the SDK's <c>CallToolRequestParams</c> whose <c>Name</c> is set to a constant. Mistakes inside policy.json are reported at their line and column in the file.
/// </summary>
/// <remarks>
/// The decision comes from <c>TypedMcp.Policy.PolicyEvaluator</c>, the same code the run-time guard uses, fed
/// with what the call site knows: constants are present, omitted optional arguments absent, the rest unknown.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PolicyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property that carries the tool name (read by the code fix).</summary>
    public const string ToolNameProperty = "ToolName";

    /// <summary>The diagnostic property that carries the path of the policy file that decided (read by the code fix).</summary>
    public const string PolicyPathProperty = "PolicyPath";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.Analyzer;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Generated files are checked too (user code can live in them, e.g. other generators' output or files marked
        // generated); the generated tool methods themselves ([McpTool]) call their tool by name and stay exempt.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        // 1. Resolve the marker attributes and client types once; a compilation without TypedMcp has nothing to check.
        var symbols = MarkerSymbols.Resolve(context.Compilation);
        if (!symbols.UsesTypedMcp) { return; }

        // 2. Read policy.json / <server>.policy.json (and the catalogs, for the tool-name check) once.
        PolicyFiles files;
        try
        {
            var conventions = ProjectOptions.ReadConventions(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            files = PolicyFiles.Read(context.Options.AdditionalFiles, conventions, context.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug here must not open the policy: every call is denied (TMCP0109) with the reason.
            files = PolicyFiles.Broken($"TypedMcp could not read the policy files ({e.GetType().Name}: {e.Message}). Please report this.");
        }

        // 3. Report the policy files' own diagnostics, inside each file.
        if (!files.IsEmpty) { context.RegisterAdditionalFileAction(fileContext => ReportFileDiagnostics(fileContext, files)); }

        // 4. Check every call of a tool method, every method group of one, and every CallToolAsync with a constant name.
        var checker = new CallChecker(symbols, files);
        context.RegisterOperationAction(checker.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(checker.AnalyzeMethodReference, OperationKind.MethodReference);
        if (symbols.CallToolParams is not null) { context.RegisterOperationAction(checker.AnalyzeCallToolParamsName, OperationKind.SimpleAssignment); }

        // 5. A typed client that maps a denied tool method onto an interface member opens a path call sites cannot see.
        if (!files.IsEmpty) { context.RegisterSymbolAction(checker.AnalyzeInterfaceMappings, SymbolKind.NamedType); }

        // 6. No policy for some calls: one Info for the compilation without any policy (TMCP0108), one warning when policies exist but miss a server (TMCP0110).
        if (symbols.McpClientAttribute is not null) { context.RegisterSymbolAction(checker.AnalyzeNamedType, SymbolKind.NamedType); }
        context.RegisterCompilationEndAction(checker.ReportUncheckedCalls);
    }

    private static void ReportFileDiagnostics(AdditionalFileAnalysisContext context, PolicyFiles files)
    {
        var path = context.AdditionalFile.Path;
        foreach (var file in files.All)
        {
            if (!string.Equals(file.Path, path, StringComparison.Ordinal)) { continue; }
            foreach (var diagnostic in file.Diagnostics) { context.ReportDiagnostic(diagnostic); }
        }

        foreach (var diagnostic in files.ExtraDiagnostics)
        {
            if (string.Equals(diagnostic.Location.GetLineSpan().Path, path, StringComparison.Ordinal)) { context.ReportDiagnostic(diagnostic); }
        }
    }
}

using System;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using TypedMcp.Diagnostics;
using TypedMcp.Generators;
using TypedMcp.Generators.Analyzers;

namespace TypedMcp.CodeFixes;

/// <summary>
/// "Allow '&lt;tool&gt;' in policy.json" for a call the policy denies because the tool is hidden (TMCP0101), not
/// listed under default deny (TMCP0102) or has <c>action: deny</c> (TMCP0103). It edits the policy file, an
/// additional document, in place (see <see cref="PolicyTextEditor"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AllowToolInPolicyCodeFixProvider)), Shared]
public sealed class AllowToolInPolicyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.CallHiddenTool, DiagnosticIds.CallUnlistedTool, DiagnosticIds.CallDeniedTool);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(PolicyAnalyzer.ToolNameProperty, out var tool) || string.IsNullOrEmpty(tool)) { continue; }
            if (!diagnostic.Properties.TryGetValue(PolicyAnalyzer.PolicyPathProperty, out var path) || string.IsNullOrEmpty(path)) { continue; }
            var document = FindPolicy(context.Document.Project, path!);
            if (document is null) { continue; }
            var text = await document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
            if (!PolicyTextEditor.CanAllow(text.ToString(), tool!)) { continue; }

            var title = $"Allow '{tool}' in {Path.GetFileName(path)}";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => AllowAsync(document, tool!, ct), equivalenceKey: "TypedMcp.AllowTool:" + tool),
                diagnostic);
        }
    }

    // The file the analyzer decided with, and only if the shared file rule still calls it a policy file.
    private static TextDocument? FindPolicy(Project project, string path)
    {
        var conventions = ProjectOptions.ReadConventions(project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions);
        if (!conventions.Classify(path).IsPolicy) { return null; }
        foreach (var document in project.AdditionalDocuments)
        {
            if (string.Equals(document.FilePath, path, StringComparison.Ordinal)) { return document; }
        }

        return null;
    }

    private static async Task<Solution> AllowAsync(TextDocument document, string tool, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var edited = PolicyTextEditor.AllowTool(text.ToString(), tool);
        if (edited is null) { return document.Project.Solution; }
        return document.Project.Solution.WithAdditionalDocumentText(document.Id, SourceText.From(edited, text.Encoding, text.ChecksumAlgorithm));
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using System.Runtime.CompilerServices;
using TypedMcp.Catalog;
using TypedMcp.Files;
using TypedMcp.Generators.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Generators.Analyzers;

/// <summary>One policy file read for a compilation: its path, the server it is for (null for policy.json) and what the parser made of it.</summary>
internal sealed class PolicyFile
{
    public PolicyFile(string path, string? server, PolicyDocument policy, IReadOnlyList<Diagnostic> diagnostics)
    {
        Path = path;
        Server = server;
        Policy = policy;
        Diagnostics = diagnostics;
    }

    /// <summary>The additional file's path.</summary>
    public string Path { get; }

    /// <summary>The server of <c>&lt;server&gt;.policy.json</c>, or null for <c>policy.json</c>.</summary>
    public string? Server { get; }

    /// <summary>The parsed policy (fail closed when unreadable).</summary>
    public PolicyDocument Policy { get; }

    /// <summary>The parser's diagnostics as Roslyn diagnostics located inside the file.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

/// <summary>
/// The policy files of one compilation, read once in the compilation start action. <c>policy.json</c> applies to
/// every server; <c>&lt;server&gt;.policy.json</c> replaces it for that server's tools. Files are taken in ordinal path
/// order; a second file with the same role is reported (TMCP0207) and ignored.
/// </summary>
internal sealed class PolicyFiles
{
    // A catalog's names per text: the IDE hands the same SourceText to every compilation until the file changes,
    // so a catalog is scanned once per edit, not once per keystroke in C#.
    private static readonly ConditionalWeakTable<SourceText, CatalogNames> NamesByText = new();

    private readonly Dictionary<string, PolicyFile> _byServer;

    private PolicyFiles(PolicyFile? @default, Dictionary<string, PolicyFile> byServer, IReadOnlyList<PolicyFile> all, IReadOnlyList<Diagnostic> extra)
    {
        Default = @default;
        _byServer = byServer;
        All = all;
        ExtraDiagnostics = extra;
    }

    /// <summary>The <c>policy.json</c>, or null.</summary>
    public PolicyFile? Default { get; }

    /// <summary>Every policy file read, in path order.</summary>
    public IReadOnlyList<PolicyFile> All { get; }

    /// <summary>Diagnostics about the set of files (a duplicate policy file), reported with the file they point at.</summary>
    public IReadOnlyList<Diagnostic> ExtraDiagnostics { get; }

    /// <summary>Whether no policy file is present at all.</summary>
    public bool IsEmpty => All.Count == 0;

    /// <summary>The policy for a call to a tool of <paramref name="server"/>: its own file when present, else policy.json, else null.</summary>
    public PolicyFile? For(string? server)
        => server is not null && _byServer.TryGetValue(server, out var own) ? own : Default;

    /// <summary>
    /// Policy files that deny every call, for when reading them failed unexpectedly: a bug must close the policy, not open it.
    /// </summary>
    public static PolicyFiles Broken(string reason)
    {
        var path = FileConventions.DefaultPolicyFileName;
        var file = new PolicyFile(path, null, PolicyDocument.DenyAll(reason, path), Array.Empty<Diagnostic>());
        return new PolicyFiles(file, new Dictionary<string, PolicyFile>(StringComparer.Ordinal), new[] { file }, Array.Empty<Diagnostic>());
    }

    /// <summary>
    /// Reads the policy files among <paramref name="additionalFiles"/> and, for the unknown-tool check (TMCP0208), the
    /// tool names of the catalogs: both told apart by <paramref name="conventions"/>, the generator's rule.
    /// </summary>
    public static PolicyFiles Read(IEnumerable<AdditionalText> additionalFiles, FileConventions conventions, CancellationToken cancellationToken)
    {
        var policies = new List<(AdditionalText File, string? Server)>();
        var catalogs = new List<AdditionalText>();
        foreach (var file in additionalFiles)
        {
            var kind = conventions.Classify(file.Path);
            if (kind.IsPolicy) { policies.Add((file, kind.Server)); }
            else if (kind.IsCatalog) { catalogs.Add(file); }
        }

        if (policies.Count == 0) { return new PolicyFiles(null, new Dictionary<string, PolicyFile>(StringComparer.Ordinal), Array.Empty<PolicyFile>(), Array.Empty<Diagnostic>()); }

        policies.Sort((a, b) => string.CompareOrdinal(a.File.Path, b.File.Path));
        var known = ReadToolNames(catalogs, cancellationToken);

        PolicyFile? @default = null;
        var byServer = new Dictionary<string, PolicyFile>(StringComparer.Ordinal);
        var all = new List<PolicyFile>();
        var extra = new List<Diagnostic>();
        foreach (var (file, server) in policies)
        {
            var existing = server is null ? @default : (byServer.TryGetValue(server, out var s) ? s : null);
            if (existing is not null)
            {
                var message = $"A second {System.IO.Path.GetFileName(file.Path)} is ignored: TypedMcp uses {existing.Path}, the first by path. Keep one file per server.";
                extra.Add(Diagnostic.Create(DiagnosticDescriptors.PolicyDuplicateEntry, Location.Create(file.Path, default, default), message));
                continue;
            }

            var read = Parse(file, server, known, cancellationToken);
            all.Add(read);
            if (server is null) { @default = read; } else { byServer.Add(server, read); }
        }

        return new PolicyFiles(@default, byServer, all, extra);
    }

    private static PolicyFile Parse(AdditionalText file, string? server, PolicyToolNames known, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            // The file is listed but cannot be read: fail closed, and say so at the file.
            var reason = $"{file.Path} is listed among the AdditionalFiles but cannot be read.";
            var policy = PolicyDocument.DenyAll(reason, file.Path);
            var diagnostic = Diagnostic.Create(DiagnosticDescriptors.PolicyInvalidJson, Location.Create(file.Path, default, default), reason + " Every tool call is denied until it can be read.");
            return new PolicyFile(file.Path, server, policy, new[] { diagnostic });
        }

        var result = PolicyParser.Parse(text.ToString(), file.Path, known.For(server));
        var diagnostics = new List<Diagnostic>(result.Diagnostics.Count);
        foreach (var d in result.Diagnostics)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ForId(d.Id), ToLocation(file.Path, text, d.Span), d.Message));
        }

        return new PolicyFile(file.Path, server, result.Policy, diagnostics);
    }

    /// <summary>A location inside a JSON file from a model span (an unknown span gives the file's start).</summary>
    public static Location ToLocation(string path, SourceText text, SourceSpan span)
    {
        if (!span.IsKnown) { return Location.Create(path, default, default); }
        var start = Math.Min(Math.Max(span.Start, 0), text.Length);
        var end = Math.Min(Math.Max(span.End, start), text.Length);
        var textSpan = TextSpan.FromBounds(start, end);
        return Location.Create(path, textSpan, text.Lines.GetLinePositionSpan(textSpan));
    }

    // Names only, through the cheap pruned scan (no schemas): a catalog that cannot be read switches the check off.
    private static PolicyToolNames ReadToolNames(List<AdditionalText> catalogs, CancellationToken cancellationToken)
    {
        catalogs.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var names = new PolicyToolNames();
        foreach (var file in catalogs)
        {
            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                names.Add(CatalogNames.Read(file.Path, string.Empty));
                continue;
            }

            // The cached names are keyed by text; the server may come from the file's name, so the path must match too.
            var cached = NamesByText.GetValue(text, t => CatalogNames.Read(file.Path, t.ToString()));
            names.Add(cached.Path == file.Path ? cached : CatalogNames.Read(file.Path, text.ToString()));
        }

        return names;
    }
}

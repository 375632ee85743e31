using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
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
    /// <summary>The policy file for every server.</summary>
    public const string DefaultFileName = PolicyFileNames.DefaultFileName;

    /// <summary>The suffix of a server's own policy file.</summary>
    public const string ServerSuffix = PolicyFileNames.ServerSuffix;

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
        var file = new PolicyFile(DefaultFileName, null, PolicyDocument.DenyAll(reason, DefaultFileName), Array.Empty<Diagnostic>());
        return new PolicyFiles(file, new Dictionary<string, PolicyFile>(StringComparer.Ordinal), new[] { file }, Array.Empty<Diagnostic>());
    }

    /// <summary>Whether <paramref name="path"/> names a policy file (the shared <see cref="PolicyFileNames"/> rule).</summary>
    public static bool IsPolicyPath(string path, out string? server) => PolicyFileNames.IsPolicyPath(path, out server);

    /// <summary>
    /// Whether <paramref name="path"/> is read as a catalog for the tool-name check (TMCP0208): a <c>*.mcp.json</c>
    /// file, or a <c>*.json</c> file in a folder named <c>catalog</c>, <c>catalogs</c> or <paramref name="catalogFolder"/>
    /// (the MSBuild property <c>TypedMcpCatalogFolder</c>); never a policy file.
    /// </summary>
    public static bool IsCatalogPath(string path, string? catalogFolder = null)
    {
        if (IsPolicyPath(path, out _)) { return false; }
        var name = System.IO.Path.GetFileName(path);
        if (name.EndsWith(".mcp.json", StringComparison.OrdinalIgnoreCase)) { return true; }
        if (!name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)) { return false; }
        var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path) ?? string.Empty);
        if (string.Equals(folder, "catalog", StringComparison.OrdinalIgnoreCase) || string.Equals(folder, "catalogs", StringComparison.OrdinalIgnoreCase)) { return true; }
        var custom = catalogFolder is null ? null : System.IO.Path.GetFileName(catalogFolder.TrimEnd('/', '\\'));
        return !string.IsNullOrEmpty(custom) && string.Equals(folder, custom, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the policy files (and, for the tool-name check, the catalogs) among <paramref name="additionalFiles"/>.</summary>
    public static PolicyFiles Read(IEnumerable<AdditionalText> additionalFiles, string? catalogFolder, CancellationToken cancellationToken)
    {
        var policies = new List<(AdditionalText File, string? Server)>();
        var catalogs = new List<AdditionalText>();
        foreach (var file in additionalFiles)
        {
            if (IsPolicyPath(file.Path, out var server)) { policies.Add((file, server)); }
            else if (IsCatalogPath(file.Path, catalogFolder)) { catalogs.Add(file); }
        }

        if (policies.Count == 0) { return new PolicyFiles(null, new Dictionary<string, PolicyFile>(StringComparer.Ordinal), Array.Empty<PolicyFile>(), Array.Empty<Diagnostic>()); }

        policies.Sort((a, b) => string.CompareOrdinal(a.File.Path, b.File.Path));
        var known = ReadCatalogToolNames(catalogs, cancellationToken);

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
                extra.Add(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.PolicyDuplicateEntry, Location.Create(file.Path, default, default), message));
                continue;
            }

            var read = Parse(file, server, known, cancellationToken);
            all.Add(read);
            if (server is null) { @default = read; } else { byServer.Add(server, read); }
        }

        return new PolicyFiles(@default, byServer, all, extra);
    }

    private static PolicyFile Parse(AdditionalText file, string? server, CatalogToolNames known, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            // The file is listed but cannot be read: fail closed, and say so at the file.
            var reason = $"{file.Path} is listed among the AdditionalFiles but cannot be read.";
            var policy = PolicyDocument.DenyAll(reason, file.Path);
            var diagnostic = Diagnostic.Create(Diagnostics.DiagnosticDescriptors.PolicyInvalidJson, Location.Create(file.Path, default, default), reason + " Every tool call is denied until it can be read.");
            return new PolicyFile(file.Path, server, policy, new[] { diagnostic });
        }

        var result = PolicyParser.Parse(text.ToString(), file.Path, known.For(server));
        var diagnostics = new List<Diagnostic>(result.Diagnostics.Count);
        foreach (var d in result.Diagnostics)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ForId(d.Id), ToLocation(file.Path, text, d.Span), d.Message));
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

    private static CatalogToolNames ReadCatalogToolNames(List<AdditionalText> catalogs, CancellationToken cancellationToken)
    {
        catalogs.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var names = new CatalogToolNames();
        foreach (var file in catalogs)
        {
            var text = file.GetText(cancellationToken)?.ToString();
            if (text is null) { continue; }
            var result = CatalogParser.Parse(text, file.Path);
            if (result.Catalog is null)
            {
                // A JSON file that is no catalog (a schema, a settings file) is skipped; one that claims to be a
                // catalog but is broken makes the tool list incomplete, so the tool-name check is switched off.
                if (LooksLikeCatalog(text)) { names.Incomplete = true; }
                continue;
            }

            foreach (var d in result.Diagnostics)
            {
                if (d.Severity == ModelSeverity.Error) { names.Incomplete = true; }
            }

            names.Add(result.Catalog.Server.Name, result.Catalog.Tools);
        }

        return names;
    }

    private static bool LooksLikeCatalog(string text)
    {
        try
        {
            var root = LocatedJsonReader.Parse(text);
            return root.IsObject && root["tools"] is not null;
        }
        catch (JsonParseException)
        {
            return false;
        }
    }

    /// <summary>The tool names of the catalogs, all together and per server; null sets switch the check off.</summary>
    private sealed class CatalogToolNames
    {
        private readonly HashSet<string> _all = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _byServer = new(StringComparer.Ordinal);

        public bool Incomplete { get; set; }

        public void Add(string server, IReadOnlyList<CatalogTool> tools)
        {
            if (!_byServer.TryGetValue(server, out var set)) { _byServer[server] = set = new HashSet<string>(StringComparer.Ordinal); }
            foreach (var tool in tools)
            {
                set.Add(tool.Name);
                _all.Add(tool.Name);
            }
        }

        /// <summary>
        /// The names a policy may use: its server's catalog for <c>&lt;server&gt;.policy.json</c> when that catalog is
        /// present, else every catalog's; null (no check) when no catalog was read or one was broken.
        /// </summary>
        public IReadOnlyCollection<string>? For(string? server)
        {
            if (Incomplete || _byServer.Count == 0) { return null; }
            if (server is not null && _byServer.TryGetValue(server, out var own)) { return SortedList(own); }
            return SortedList(_all);
        }

        private static IReadOnlyCollection<string> SortedList(HashSet<string> set)
        {
            var list = new List<string>(set);
            list.Sort(StringComparer.Ordinal);
            return list;
        }
    }
}

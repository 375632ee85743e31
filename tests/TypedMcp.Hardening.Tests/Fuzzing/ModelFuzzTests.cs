using System.IO;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using TypedMcp.Hardening.Tests.Infrastructure;
using TypedMcp.TestSupport;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Naming;
using TypedMcp.Policy;
using Xunit.Abstractions;
using StjDocument = System.Text.Json.JsonDocument;
using StjElement = System.Text.Json.JsonElement;
using StjKind = System.Text.Json.JsonValueKind;

namespace TypedMcp.Hardening.Tests.Fuzzing;

/// <summary>
/// Seeded fuzzing of the Model parsers: the JSON reader (checked against System.Text.Json as an oracle), the catalog
/// parser with the name resolver, and the policy parser with the evaluator on random arguments.
/// Every failure names the seed, the case and the mutation so it can be replayed and turned into a regression test.
/// </summary>
public sealed class ModelFuzzTests(ITestOutputHelper output)
{
    // The large real catalog (180 KB) is one pick in about forty: enough to reach deep offsets, cheap enough for the suite.
    private static readonly string[] Corpus = new[] { Seeds.Catalog, Seeds.Policy, "[]", "{}", "\"\"", "0", "[1,{\"a\":[null,true,false,-1.5e3,\"\\u00e9\\n\"]}]" }
        .SelectMany(s => Enumerable.Repeat(s, 6)).Append(File.ReadAllText(RepoPaths.OdooCatalog)).Append(Seeds.ManyTools(3)).ToArray();

    [Fact]
    public void The_json_reader_only_throws_its_located_exception_and_agrees_with_System_Text_Json()
    {
        var failures = Run("json", (mutator, caseNo) =>
        {
            var text = mutator.Mutate(mutator.Pick(Corpus));
            LocatedJsonNode? ours = null;
            JsonParseException? error = null;
            try { ours = LocatedJsonReader.Parse(text); }
            catch (JsonParseException e) { error = e; }

            if (error is not null && (error.Line < 1 || error.Column < 1 || !error.Span.IsKnown))
            {
                return $"JsonParseException without a position: {error.Message}";
            }

            if (error is not null && error.Span.Start > text.Length)
            {
                return $"JsonParseException points past the end of the text ({error.Span.Start} > {text.Length})";
            }

            // Oracle: System.Text.Json, strict, same depth limit. Raw lone surrogates cannot be transcoded to UTF-8 for it.
            if (text.Any(char.IsSurrogate)) { return null; }
            var stjText = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            string? theirs;
            var comparable = true;
            try
            {
                using var doc = StjDocument.Parse(stjText, new System.Text.Json.JsonDocumentOptions { MaxDepth = 128 });
                theirs = Canonical(doc.RootElement, out comparable);
            }
            catch (System.Text.Json.JsonException) { theirs = null; }

            if ((ours is null) != (theirs is null))
            {
                return ours is null
                    ? $"rejected valid JSON: {error!.Message}"
                    : "accepted JSON that System.Text.Json rejects";
            }

            if (ours is not null && comparable && Canonical(ours) != theirs)
            {
                return "parsed to a different tree than System.Text.Json";
            }

            return null;
        });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_catalog_parser_never_throws_locates_every_problem_and_resolves_only_valid_names()
    {
        var catalogs = Enumerable.Repeat(Seeds.Catalog, 40).Append(Seeds.ManyTools(5)).Append(File.ReadAllText(RepoPaths.OdooCatalog)).ToArray();
        var failures = Run("catalog", (mutator, caseNo) =>
        {
            var text = mutator.Mutate(mutator.Pick(catalogs));
            var result = CatalogParser.Parse(text, Seeds.CatalogPath);
            if (CheckLocated(result.Diagnostics, text, Seeds.CatalogPath) is { } bad) { return bad; }
            if (LocatedJsonReader.TryParse(text, out _) is null
                && !result.Diagnostics.Any(d => d.Severity == ModelSeverity.Error && d.Id is DiagnosticIds.CatalogInvalidJson or DiagnosticIds.CatalogTooLarge))
            {
                return "invalid JSON without TMCP0001/TMCP0009";
            }

            if (result.Catalog is null)
            {
                return result.HasErrors ? null : "no catalog and no error";
            }

            var resolveDiagnostics = new List<ModelDiagnostic>();
            var resolved = ToolNameResolver.Resolve(result.Catalog, resolveDiagnostics);
            if (CheckLocated(resolveDiagnostics, text, Seeds.CatalogPath) is { } bad2) { return "resolver: " + bad2; }
            var methods = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in resolved)
            {
                if (!CSharpNames.IsValidIdentifier(tool.MethodName)) { return $"invalid method name '{JsonMutator.Visible(tool.MethodName)}'"; }
                if (!methods.Add(tool.MethodName)) { return $"two tools resolve to '{tool.MethodName}'"; }
                var parameters = new HashSet<string>(StringComparer.Ordinal) { ToolNameResolver.CancellationTokenName };
                foreach (var p in tool.Parameters)
                {
                    var bare = p.CSharpName.StartsWith('@') ? p.CSharpName.Substring(1) : p.CSharpName;
                    if (!CSharpNames.IsValidIdentifier(bare) && !CSharpNames.IsKeyword(bare)) { return $"invalid parameter name '{JsonMutator.Visible(p.CSharpName)}'"; }
                    if (CSharpNames.IsKeyword(bare) && !p.CSharpName.StartsWith('@')) { return $"unescaped keyword parameter '{bare}'"; }
                    if (!parameters.Add(bare)) { return $"two parameters of '{tool.Tool.Name}' resolve to '{bare}'"; }
                }
            }

            return null;
        });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_policy_parser_never_throws_locates_every_problem_and_the_evaluator_fails_closed()
    {
        var toolNames = new[] { "fz_search", "fz_delete", "fz-export.csv", "ping", "fz_other", "unlisted", "", "\uD800", "FZ_SEARCH", "fz_search " };
        var known = new[] { "fz_search", "fz_delete", "fz-export.csv", "ping" };
        var failures = Run("policy", (mutator, caseNo) =>
        {
            var text = mutator.Mutate(Seeds.Policy);
            var result = PolicyParser.Parse(text, Seeds.PolicyPath, caseNo % 2 == 0 ? known : null);
            if (result.Diagnostics.FirstOrDefault(d => d.Id == DiagnosticIds.InternalError) is { } internalError)
            {
                return "internal error: " + internalError.Message;
            }

            if (CheckLocated(result.Diagnostics, text, Seeds.PolicyPath) is { } bad) { return bad; }
            var jsonValid = LocatedJsonReader.TryParse(text, out _) is not null;
            if (!jsonValid && !result.Diagnostics.Any(d => d.Id == DiagnosticIds.PolicyInvalidJson)) { return "invalid JSON without TMCP0201"; }

            for (var i = 0; i < 6; i++)
            {
                var tool = mutator.Pick(toolNames);
                var args = RandomArguments(mutator);
                PolicyDecision decision;
                try { decision = PolicyEvaluator.Evaluate(result.Policy, tool, args); }
                catch (Exception e) { return $"Evaluate('{JsonMutator.Visible(tool)}') threw {e.GetType().Name}: {e.Message}"; }

                if (string.IsNullOrEmpty(decision.Message)) { return "a decision without a message"; }
                if (!jsonValid && decision.Verdict != PolicyVerdict.Deny) { return $"unreadable policy gave {decision.Verdict} for '{tool}'"; }
                if (result.Policy.IsFailClosed && decision.Verdict != PolicyVerdict.Deny) { return $"fail-closed policy gave {decision.Verdict}"; }
                if (!result.Policy.IsFailClosed && result.Policy.Default == PolicyDefault.Deny && result.Policy.GetRule(tool) is null && decision.Verdict != PolicyVerdict.Deny)
                {
                    return $"unlisted tool '{tool}' under default deny gave {decision.Verdict}";
                }

                if (result.Policy.IsHidden(tool) && decision.Verdict != PolicyVerdict.Deny) { return $"hidden tool '{tool}' gave {decision.Verdict}"; }
            }

            return null;
        });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IPolicyArguments RandomArguments(JsonMutator mutator)
    {
        var names = new[] { "query", "limit", "order", "filter", "tags", "ratio", "id", "format", "x" };
        if (mutator.Next(3) == 0)
        {
            return PolicyArguments.Create(names.Where(_ => mutator.Next(2) == 0).Select(n => new KeyValuePair<string, ArgumentValue>(n, mutator.Next(4) switch
            {
                0 => ArgumentValue.Unknown,
                1 => ArgumentValue.Absent,
                _ => ArgumentValue.Present(mutator.RandomValue(2)),
            })).ToList());
        }

        return PolicyArguments.FromJson(LocatedJsonNode.Object(names.Where(_ => mutator.Next(2) == 0).Select(n => new LocatedJsonProperty(n, mutator.RandomValue(2))).ToList()));
    }

    /// <summary>Runs <paramref name="body"/> for the configured number of cases; returns failures (at most 20), each replayable.</summary>
    private List<string> Run(string target, Func<JsonMutator, int, string?> body)
    {
        var seed = FuzzSettings.Seed;
        var cases = FuzzSettings.ModelCases;
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < cases && failures.Count < 20; i++)
        {
            // One Random per case: a failing case replays alone from (seed, target, case).
            var mutator = new JsonMutator(new Random(HashCode(seed, target, i)), Seeds.KnownKeys);
            string? failure;
            try { failure = body(mutator, i); }
            catch (Exception e) { failure = $"{e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}"; }

            if (failure is not null) { failures.Add($"[{target} seed={seed} case={i} mutation={mutator.LastMutation}] {failure}"); }
        }

        output.WriteLine($"FUZZ target={target} seed={seed} cases={cases} failures={failures.Count} ms={watch.ElapsedMilliseconds}");
        return failures;
    }

    internal static int HashCode(int seed, string target, int caseNo)
    {
        // Stable across processes (string.GetHashCode is randomized).
        unchecked
        {
            var h = (uint)seed * 2654435761u;
            foreach (var c in target) { h = (h ^ c) * 16777619u; }
            h = (h ^ (uint)caseNo) * 2246822519u;
            return (int)(h ^ (h >> 15));
        }
    }

    internal static string? CheckLocated(IReadOnlyList<ModelDiagnostic> diagnostics, string text, string path)
    {
        foreach (var d in diagnostics)
        {
            if (!d.Span.IsKnown || d.Span.StartColumn < 1) { return $"diagnostic without a position: {d}"; }
            if (d.Span.Start < 0 || d.Span.Start > text.Length || d.Span.End > text.Length) { return $"diagnostic span outside the text ({d.Span.Start}+{d.Span.Length} of {text.Length}): {d}"; }
            if (!string.Equals(d.FilePath, path, StringComparison.Ordinal)) { return $"diagnostic in the wrong file '{d.FilePath}': {d}"; }
            if (string.IsNullOrWhiteSpace(d.Message)) { return $"diagnostic {d.Id} without a message"; }
        }

        return null;
    }

    private static string Canonical(LocatedJsonNode node)
    {
        var sb = new StringBuilder();
        Write(node);
        return sb.ToString();

        void Write(LocatedJsonNode n)
        {
            switch (n.Kind)
            {
                case JsonKind.Object:
                    sb.Append('{');
                    foreach (var p in n.Properties) { sb.Append(Quote(p.Name)).Append(':'); Write(p.Value); sb.Append(','); }
                    sb.Append('}');
                    break;
                case JsonKind.Array:
                    sb.Append('[');
                    foreach (var i in n.Items) { Write(i); sb.Append(','); }
                    sb.Append(']');
                    break;
                case JsonKind.String: sb.Append(Quote(n.Text!)); break;
                case JsonKind.Number: sb.Append(n.Text); break;
                case JsonKind.True: sb.Append("true"); break;
                case JsonKind.False: sb.Append("false"); break;
                default: sb.Append("null"); break;
            }
        }
    }

    private static string Canonical(StjElement element, out bool comparable)
    {
        // System.Text.Json will not decode an escaped lone surrogate ("\uD800"); such trees are compared by accept/reject only.
        var sb = new StringBuilder();
        var ok = true;
        Write(element);
        comparable = ok;
        return sb.ToString();

        void Write(StjElement e)
        {
            switch (e.ValueKind)
            {
                case StjKind.Object:
                    sb.Append('{');
                    foreach (var p in e.EnumerateObject())
                    {
                        try { sb.Append(Quote(p.Name)); }
                        catch (InvalidOperationException) { ok = false; }
                        sb.Append(':');
                        Write(p.Value);
                        sb.Append(',');
                    }

                    sb.Append('}');
                    break;
                case StjKind.Array:
                    sb.Append('[');
                    foreach (var i in e.EnumerateArray()) { Write(i); sb.Append(','); }
                    sb.Append(']');
                    break;
                case StjKind.String:
                    try { sb.Append(Quote(e.GetString()!)); }
                    catch (InvalidOperationException) { ok = false; }
                    break;
                case StjKind.Number: sb.Append(e.GetRawText()); break;
                case StjKind.True: sb.Append("true"); break;
                case StjKind.False: sb.Append("false"); break;
                default: sb.Append("null"); break;
            }
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s) { sb.Append(c < ' ' || c == '"' || c == '\\' || char.IsSurrogate(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString()); }
        return sb.Append('"').ToString();
    }
}

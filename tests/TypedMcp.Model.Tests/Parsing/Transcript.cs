using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Model.Tests.Parsing;

/// <summary>
/// Writes what a parser made of a file as plain text: every diagnostic (id, severity, full span, message, in
/// order) and the model it built. Compared with a checked-in file, it pins the readers' behaviour exactly, so a
/// restructuring of the readers cannot change a message, a span or an order unnoticed.
/// </summary>
internal static class Transcript
{
    public static string Of(PolicyParseResult result)
    {
        var sb = new StringBuilder();
        Diagnostics(sb, result.Diagnostics);
        var p = result.Policy;
        if (p.IsFailClosed)
        {
            sb.Append("policy: fail closed: ").Append(p.FailClosedReason).Append('\n');
            return sb.ToString();
        }

        sb.Append("policy: default ").Append(p.Default).Append(", hideAll ").Append(p.HideAll)
            .Append(p.HideAll ? " at " + p.HideAllPointer + " " + Span(p.HideAllSpan) : string.Empty).Append('\n');
        foreach (var h in p.Hidden) { sb.Append("  hide ").Append(h.Name).Append(' ').Append(h.Pointer).Append(' ').Append(Span(h.Span)).Append('\n'); }
        foreach (var l in p.AllToolsLimits) { Limit(sb, "  ", l); }
        foreach (var rule in p.Tools.Values.OrderBy(r => r.ToolName, StringComparer.Ordinal))
        {
            sb.Append("  tool ").Append(rule.ToolName).Append(' ').Append(rule.Pointer).Append(' ').Append(Span(rule.Span))
                .Append(": ").Append(rule.Action).Append(", reason ").Append(rule.Reason ?? "-")
                .Append(", fail closed ").Append(rule.FailClosedReason ?? "-").Append('\n');
            foreach (var pr in rule.Require) { Predicate(sb, "require", pr); }
            foreach (var pr in rule.DenyIf) { Predicate(sb, "deny_if", pr); }
            foreach (var l in rule.Limits) { Limit(sb, "    ", l); }
        }

        return sb.ToString();
    }

    public static string Of(CatalogParseResult result)
    {
        var sb = new StringBuilder();
        Diagnostics(sb, result.Diagnostics);
        if (result.Catalog is not { } c)
        {
            sb.Append("catalog: none\n");
            return sb.ToString();
        }

        sb.Append("catalog: server ").Append(c.Server.Name).Append(" / ").Append(c.Server.Title ?? "-").Append(" / ").Append(c.Server.Version ?? "-")
            .Append(", strip [").Append(string.Join(", ", c.Naming.StripPrefixes)).Append("]\n");
        foreach (var t in c.Tools)
        {
            sb.Append("  tool ").Append(t.Name).Append(' ').Append(Span(t.NameSpan)).Append(", title ").Append(t.Title ?? "-")
                .Append(", description ").Append(t.Description ?? "-").Append(", annotations ").Append(t.Annotations?.ToString() ?? "-")
                .Append(t.TaskSupport == TaskSupport.Forbidden ? string.Empty : ", task " + t.TaskSupport).Append('\n');
            if (t.Risk is { } r) { sb.Append("    risk ").Append(r.Category).Append(' ').Append(r.Level).Append(' ').Append(r.Reason ?? "-").Append('\n'); }
            if (t.CSharp is { } o)
            {
                sb.Append("    csharp method ").Append(o.MethodName is { } m ? m.Name + " " + Span(m.Span) : "-")
                    .Append(", parameters [").Append(string.Join(", ", o.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value.Name + " " + Span(kv.Value.Span))))
                    .Append("], required [").Append(string.Join(", ", o.Required)).Append("]\n");
            }

            Schema(sb, "    input ", t.InputSchema, 6);
            if (t.OutputSchema is { } output) { Schema(sb, "    output ", output, 6); }
        }

        return sb.ToString();
    }

    /// <summary>Compares <paramref name="actual"/> with <c>Transcripts/&lt;name&gt;.txt</c>; <c>TYPEDMCP_ACCEPT_SNAPSHOTS=1</c> rewrites it.</summary>
    public static void Match(string name, string actual, [CallerFilePath] string sourcePath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(sourcePath)!, "Transcripts", name + ".txt");
        if (Environment.GetEnvironmentVariable("TYPEDMCP_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"No transcript {path} yet; run with TYPEDMCP_ACCEPT_SNAPSHOTS=1 and review it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }

    private static void Diagnostics(StringBuilder sb, IReadOnlyList<ModelDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            sb.Append(d.Id).Append(' ').Append(d.Severity).Append(' ').Append(Span(d.Span)).Append(' ').Append(d.Message).Append('\n');
        }
    }

    private static void Predicate(StringBuilder sb, string kind, PolicyPredicate p)
        => sb.Append("    ").Append(kind).Append(' ').Append(p.Pointer).Append(' ').Append(Span(p.Span)).Append(": ")
            .Append(p.Path).Append(" [").Append(string.Join(".", p.ArgumentPath)).Append("] ").Append(p.Operator).Append('/').Append(p.OperatorText)
            .Append(" value ").Append(p.Value?.ToString() ?? "-").Append(", on_deny ").Append(p.OnDeny ?? "-")
            .Append(", error ").Append(p.Error ?? "-").Append('\n');

    private static void Limit(StringBuilder sb, string indent, PolicyLimit l)
        => sb.Append(indent).Append("limit ").Append(l).Append(" id ").Append(l.Id).Append(l.HasExplicitId ? " (explicit)" : string.Empty)
            .Append(' ').Append(Span(l.Span)).Append(", window ticks ").Append(l.Window.Ticks.ToString(CultureInfo.InvariantCulture))
            .Append(", error ").Append(l.Error ?? "-").Append('\n');

    private static void Schema(StringBuilder sb, string prefix, SchemaNode s, int depth)
    {
        sb.Append(prefix).Append(s.Describe()).Append(' ').Append(Span(s.Span)).Append(" types ").Append(s.Types)
            .Append(", format ").Append(s.Format ?? "-").Append(", title ").Append(s.Title ?? "-").Append(", description ").Append(s.Description ?? "-")
            .Append(", default ").Append(s.Default?.ToString() ?? "-").Append(", enum ").Append(s.Enum is null ? "-" : string.Join(",", s.Enum))
            .Append(", media ").Append(s.ContentMediaType ?? "-").Append(", additional ").Append(s.AllowsAdditionalProperties);
        if (s.Ref is { } target) { sb.Append(", ref -> ").Append(Span(target.Span)).Append(target.DefinitionName is { } def ? " def " + def : string.Empty); }
        if (s.UnresolvedRef is { } unresolved) { sb.Append(", unresolved ").Append(unresolved); }
        if (s.Const is { } constant) { sb.Append(", const ").Append(constant); }
        if (s.Minimum is not null || s.Maximum is not null || s.ExclusiveMinimum is not null || s.ExclusiveMaximum is not null)
        {
            sb.Append(", bounds ").Append(s.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('/').Append(s.ExclusiveMinimum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")
                .Append("..").Append(s.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('/').Append(s.ExclusiveMaximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        }

        if (s.ExtraRequired is { } extra) { sb.Append(", extra required ").Append(string.Join(",", extra)); }
        sb.Append('\n');
        if (depth == 0) { return; }
        var indent = new string(' ', prefix.Length - prefix.TrimStart().Length + 2);
        if (s.Items is { } items) { Schema(sb, indent + "items ", items, depth - 1); }
        Branches(sb, indent + "prefixItems ", s.PrefixItems, depth);
        Branches(sb, indent + "allOf ", s.AllOf, depth);
        Branches(sb, indent + "anyOf ", s.AnyOf, depth);
        Branches(sb, indent + "oneOf ", s.OneOf, depth);
        if (s.Not is { } not) { Schema(sb, indent + "not ", not, depth - 1); }
        if (s.AdditionalProperties is { } additional) { Schema(sb, indent + "additionalProperties ", additional, depth - 1); }
        if (s.ContentSchema is { } content) { Schema(sb, indent + "content ", content, depth - 1); }
        foreach (var p in s.Properties)
        {
            Schema(sb, indent + "." + p.Name + (p.IsRequired ? "! " : " ") + Span(p.NameSpan) + " ", p.Schema, depth - 1);
        }
    }

    private static void Branches(StringBuilder sb, string prefix, IReadOnlyList<SchemaNode>? branches, int depth)
    {
        if (branches is null) { return; }
        foreach (var b in branches) { Schema(sb, prefix, b, depth - 1); }
    }

    private static string Span(SourceSpan s)
        => string.Format(CultureInfo.InvariantCulture, "({0}:{1}-{2}:{3}@{4}+{5})", s.StartLine, s.StartColumn, s.EndLine, s.EndColumn, s.Start, s.Length);
}

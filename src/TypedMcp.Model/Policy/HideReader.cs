using System;
using System.Collections.Generic;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>What policy.json's <c>hide</c> says.</summary>
/// <param name="HideAll">Whether every tool is hidden (<c>"*"</c>, or a <c>hide</c> that could not be read).</param>
/// <param name="HideAllPointer">JSON Pointer of what hides every tool, or null.</param>
/// <param name="HideAllSpan">Where what hides every tool stands.</param>
/// <param name="Entries">The entries in file order, each name once.</param>
internal readonly record struct HiddenTools(bool HideAll, string? HideAllPointer, SourceSpan HideAllSpan, IReadOnlyList<PolicyName> Entries);

/// <summary>
/// Reads <c>hide</c>: <c>"*"</c> or an array of tool names. What it cannot read hides every tool (fail closed: a
/// tool meant to be hidden must not stay visible).
/// </summary>
/// <param name="file">The file being read.</param>
internal sealed class HideReader(PolicyFileReader file)
{
    private readonly List<PolicyName> _entries = new();
    private bool _hideAll;
    private string? _hideAllPointer;
    private SourceSpan _hideAllSpan;

    /// <summary>Reads the value of <c>hide</c> (null when the policy has none).</summary>
    public HiddenTools Read(LocatedJsonNode? node)
    {
        if (node is null) { }
        else if (node.AsString() == "*")
        {
            HideAll("/hide", node.Span);
        }
        else if (!node.IsArray)
        {
            file.Error(DiagnosticIds.PolicyInvalidStructure, node.Span, $"\"hide\" must be an array of tool names or \"*\", not {node.KindName}. Until it is fixed every tool is hidden.");
            HideAll("/hide", node.Span);
        }
        else
        {
            ReadEntries(node);
        }

        return new HiddenTools(_hideAll, _hideAllPointer, _hideAllSpan, _entries.AsReadOnly());
    }

    private void ReadEntries(LocatedJsonNode array)
    {
        var seen = new Dictionary<string, PolicyName>(StringComparer.Ordinal);
        for (var i = 0; i < array.Items.Count; i++)
        {
            var item = array.Items[i];
            var pointer = JsonPointer.Item("/hide", i);
            if (item.AsString() is not { } name)
            {
                file.Error(DiagnosticIds.PolicyInvalidStructure, item.Span, $"Each \"hide\" entry must be a tool name string, not {item.KindName}. Since the tool it means is unknown, every tool is hidden until it is fixed.");
                HideAll(pointer, item.Span);
            }
            else if (seen.TryGetValue(name, out var first))
            {
                file.Error(DiagnosticIds.PolicyDuplicateEntry, item.Span, $"\"{name}\" is already hidden at {file.Where(first.Span)}; remove this entry.");
            }
            else
            {
                var entry = new PolicyName(name, pointer, item.Span);
                seen.Add(name, entry);
                _entries.Add(entry);
                if (name == "*") { HideAll(pointer, item.Span); }
                else { file.CheckKnown(name, item.Span, "hide"); }
            }
        }
    }

    // The first thing that hides every tool is the one decisions point to.
    private void HideAll(string pointer, SourceSpan span)
    {
        if (_hideAll) { return; }
        _hideAll = true;
        _hideAllPointer = pointer;
        _hideAllSpan = span;
    }
}

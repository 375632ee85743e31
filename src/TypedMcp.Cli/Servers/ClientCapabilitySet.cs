using System;
using System.Collections.Generic;

namespace TypedMcp.Cli.Servers;

/// <summary>
/// The client capabilities <c>import</c> and <c>diff</c> declare to a server. Some servers list tools only to clients
/// that declare sampling, elicitation or roots (a tool that asks the client for a model completion is useless to a
/// client that cannot answer), so a catalog read without them misses tools.
/// </summary>
/// <param name="Sampling">Declare <c>sampling</c> (the CLI answers every sampling request with an error: it has no model).</param>
/// <param name="Elicitation">Declare <c>elicitation</c> (form mode; the CLI declines every request).</param>
/// <param name="Roots">Declare <c>roots</c> (the CLI answers with an empty list).</param>
internal sealed record ClientCapabilitySet(bool Sampling, bool Elicitation, bool Roots)
{
    /// <summary>The names <c>--client-capabilities</c> accepts, besides <c>none</c>.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "sampling", "elicitation", "roots" };

    /// <summary>Every capability the CLI can answer: the default.</summary>
    public static ClientCapabilitySet All { get; } = new(true, true, true);

    /// <summary>No capability.</summary>
    public static ClientCapabilitySet None { get; } = new(false, false, false);

    /// <summary>Reads <c>--client-capabilities</c>: names separated by commas (or given several times), or <c>none</c>.</summary>
    /// <exception cref="CliException">An unknown name, or <c>none</c> with other names.</exception>
    public static ClientCapabilitySet Parse(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0) { return All; }
        bool sampling = false, elicitation = false, roots = false, none = false, any = false;
        foreach (var value in values)
        {
            foreach (var raw in value.Split(','))
            {
                var name = raw.Trim();
                if (name.Length == 0) { continue; }
                any = true;
                switch (name.ToLowerInvariant())
                {
                    case "sampling": sampling = true; break;
                    case "elicitation": elicitation = true; break;
                    case "roots": roots = true; break;
                    case "none": none = true; break;
                    default: throw new CliException($"--client-capabilities: unknown capability '{name}'; use sampling, elicitation, roots (comma-separated) or none.");
                }
            }
        }

        if (none && (sampling || elicitation || roots)) { throw new CliException("--client-capabilities: 'none' cannot be combined with other capabilities."); }
        return any ? new ClientCapabilitySet(sampling, elicitation, roots) : All;
    }

    /// <summary>E.g. <c>sampling, elicitation, roots</c> or <c>none</c>.</summary>
    public override string ToString()
    {
        var names = new List<string>();
        if (Sampling) { names.Add("sampling"); }
        if (Elicitation) { names.Add("elicitation"); }
        if (Roots) { names.Add("roots"); }
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}

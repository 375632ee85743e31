using System;
using TypedMcp.Catalog;

namespace TypedMcp;

/// <summary>
/// Put by the generator on every generated tool method: names the MCP tool it calls and its risk class.
/// The policy analyzer finds tool calls by this attribute; do not put it on hand-written methods.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class McpToolAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The tool name on the wire.</param>
    public McpToolAttribute(string name) => Name = name;

    /// <summary>The tool name on the wire.</summary>
    public string Name { get; }

    /// <summary>The catalog server the tool belongs to (selects <c>&lt;server&gt;.policy.json</c> when present).</summary>
    public string? Server { get; set; }

    /// <summary>The tool's risk category.</summary>
    public RiskCategory Category { get; set; }

    /// <summary>The tool's risk level.</summary>
    public RiskLevel Level { get; set; }
}

/// <summary>
/// Put by the generator on each parameter of a generated tool method: the argument name it is sent as. The
/// policy analyzer uses it to decide <c>require</c>/<c>deny_if</c> predicates on constant arguments.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class McpArgumentAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The argument name on the wire.</param>
    public McpArgumentAttribute(string name) => Name = name;

    /// <summary>The argument name on the wire.</summary>
    public string Name { get; }
}

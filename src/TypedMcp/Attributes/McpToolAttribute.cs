using System;
using TypedMcp.Catalog;

namespace TypedMcp;

/// <summary>
/// Put by the generator on every generated tool method: names the MCP tool it calls and its risk class. The server
/// it belongs to is named once, by <see cref="McpServerAttribute"/> on the class. The policy analyzer finds tool
/// calls by this attribute; do not put it on hand-written methods.
/// </summary>
/// <param name="name">The tool name on the wire.</param>
/// <param name="category">The tool's risk category.</param>
/// <param name="level">The tool's risk level.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class McpToolAttribute(string name, RiskCategory category, RiskLevel level) : Attribute
{
    /// <summary>Creates the attribute without a risk class.</summary>
    /// <param name="name">The tool name on the wire.</param>
    public McpToolAttribute(string name)
        : this(name, default, default)
    {
    }

    /// <summary>The tool name on the wire.</summary>
    public string Name { get; } = name;

    /// <summary>The tool's risk category.</summary>
    public RiskCategory Category { get; } = category;

    /// <summary>The tool's risk level.</summary>
    public RiskLevel Level { get; } = level;
}

/// <summary>
/// Put by the generator on every generated client: the <c>server.name</c> of its catalog, which the tool methods
/// belong to. The policy analyzer and the generated client choose <c>&lt;server&gt;.policy.json</c> by it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class McpServerAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The server's name.</param>
    public McpServerAttribute(string name) => Name = name;

    /// <summary>The server's name.</summary>
    public string Name { get; }
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

/// <summary>
/// Put by the generator on each member of a generated enum whose values are not all strings (numbers, booleans, a
/// mix): the member's wire value as JSON text (<c>1</c>, <c>-1</c>, <c>"2d"</c>, <c>true</c>). String-only enums carry
/// <c>[EnumMember(Value = "...")]</c> instead. The policy analyzer reads either to decide predicates on enum constants.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class McpJsonValueAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="json">The wire value as JSON text.</param>
    public McpJsonValueAttribute(string json) => Json = json;

    /// <summary>The wire value as JSON text.</summary>
    public string Json { get; }
}

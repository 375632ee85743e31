using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// An MCP tool handed to an AI agent with the policy in front of it: every invocation is decided by a
/// <see cref="PolicyGuard"/> before anything is sent. A refusal does not throw; it comes back as a tool result with
/// <c>isError: true</c> and text starting with <see cref="DeniedPrefix"/>, the answer an MCP gateway gives, so the
/// model can read why and adapt.
/// </summary>
public sealed class GuardedAIFunction : DelegatingAIFunction
{
    /// <summary>The text every refusal starts with.</summary>
    public const string DeniedPrefix = "[POLICY DENIED]";

    private readonly PolicyGuard _guard;

    /// <summary>Wraps a tool.</summary>
    /// <param name="innerFunction">The tool (usually an <see cref="McpClientTool"/>).</param>
    /// <param name="toolName">The tool name on the wire that the policy speaks of (an <see cref="McpClientTool"/>'s <c>ProtocolTool.Name</c>).</param>
    /// <param name="guard">The guard that decides each call.</param>
    public GuardedAIFunction(AIFunction innerFunction, string toolName, PolicyGuard guard)
        : base(innerFunction)
    {
        ToolName = string.IsNullOrEmpty(toolName) ? throw new ArgumentException("A tool name is required.", nameof(toolName)) : toolName;
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
    }

    /// <summary>The tool name on the wire.</summary>
    public string ToolName { get; }

    /// <summary>The text of a refusal: <c>[POLICY DENIED] tool 'x', rule /tools/x/deny_if/0 (DenyIfMatched): message</c>.</summary>
    /// <param name="denial">The refusal.</param>
    public static string FormatDenial(McpPolicyDeniedException denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var rule = denial.RulePointer.Length == 0 ? "(whole policy)" : denial.RulePointer;
        return string.Create(CultureInfo.InvariantCulture, $"{DeniedPrefix} tool '{denial.ToolName}', rule {rule} ({denial.Step}): {denial.Message}");
    }

    /// <summary>The protocol result of a refusal: <c>isError: true</c> and one text block from <see cref="FormatDenial"/>.</summary>
    /// <param name="denial">The refusal.</param>
    public static CallToolResult DeniedResult(McpPolicyDeniedException denial)
        => new() { IsError = true, Content = [new TextContentBlock { Text = FormatDenial(denial) }] };

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var wire = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in arguments) { wire[pair.Key] = pair.Value; }

        PolicyPermit permit;
        try
        {
            permit = await _guard.AuthorizeAsync(ToolName, wire, cancellationToken).ConfigureAwait(false);
        }
        catch (McpPolicyDeniedException denial)
        {
            // The same shape McpClientTool gives for an error result: the serialized CallToolResult.
            return JsonSerializer.SerializeToElement(DeniedResult(denial), McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult)));
        }

        try
        {
            return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Failed in transport: the call did not happen, so it does not count against the limits.
            permit.ReturnQuota();
            throw;
        }
    }
}

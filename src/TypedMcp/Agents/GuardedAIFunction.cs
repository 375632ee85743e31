using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TypedMcp;

/// <summary>
/// An MCP tool handed to an AI agent with the policy in front of it. Every invocation goes through the client's
/// governed session, so it is decided on exactly the JSON sent (input schema, policies, approval, limits). A refusal
/// does not throw: it comes back as a tool result with <c>isError: true</c> and text starting with
/// <see cref="DeniedPrefix"/>, the answer an MCP gateway gives, so the model can read why and adapt.
/// </summary>
/// <remarks>
/// <para>A tool whose rule says <c>"action": "require_approval"</c> presents itself as an
/// <see cref="ApprovalRequiredAIFunction"/> (<see cref="GetService"/>), so <see cref="FunctionInvokingChatClient"/> and
/// the Agent Framework's tool approval ask a person through <see cref="ToolApprovalRequestContent"/> first; a call they
/// invoke after that approval is approved for the policy too. Invoked any other way, the call needs the client's
/// <see cref="IToolApprovalService"/>, or it is refused.</para>
/// <para>It never hands out the SDK tool it calls through: <see cref="GetService"/> answers only with itself and the
/// approval marker.</para>
/// </remarks>
public sealed class GuardedAIFunction : AIFunction
{
    /// <summary>The text every refusal starts with.</summary>
    public const string DeniedPrefix = PolicyDenials.DeniedPrefix;

    private readonly McpClientTool _tool;
    private readonly PolicyGuard _guard;
    private ApprovalRequiredAIFunction? _approvalMarker;

    internal GuardedAIFunction(McpClientTool tool, PolicyGuard guard, bool requiresApproval)
    {
        _tool = tool;
        _guard = guard;
        ToolName = tool.ProtocolTool.Name;
        RequiresApproval = requiresApproval;
    }

    /// <summary>The tool name on the wire.</summary>
    public string ToolName { get; }

    /// <summary>
    /// Whether a policy rule may ask a person to approve a call of this tool: <c>"action": "require_approval"</c>, or
    /// <c>require_approval_if</c> predicates (then <see cref="RequiresApprovalFor"/> tells for given arguments).
    /// </summary>
    public bool RequiresApproval { get; }

    /// <summary>
    /// Whether a call with these arguments needs a person's approval under the policy (decided on the JSON the
    /// arguments serialize to, as the call would be). False when no rule asks for it, and when the call would be
    /// refused anyway. Use it as an auto-approval rule, e.g. the Agent Framework's
    /// <c>ToolApprovalAgentOptions.AutoApprovalRules</c>: <c>ctx =&gt; ValueTask.FromResult(!tool.RequiresApprovalFor(ctx.FunctionCallContent.Arguments))</c>,
    /// so only calls whose <c>require_approval_if</c> predicate holds reach a person.
    /// </summary>
    /// <param name="arguments">The call's arguments (as in <see cref="FunctionCallContent.Arguments"/>), or null for none.</param>
    public bool RequiresApprovalFor(IDictionary<string, object?>? arguments)
    {
        if (!RequiresApproval) { return false; }
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (arguments is not null)
        {
            foreach (var pair in arguments) { copy[pair.Key] = pair.Value; }
        }

        return _guard.Evaluate(ToolName, copy).Verdict == Policy.PolicyVerdict.RequireApproval;
    }

    /// <inheritdoc/>
    public override string Name => _tool.Name;

    /// <inheritdoc/>
    public override string Description => _tool.Description;

    /// <inheritdoc/>
    public override JsonElement JsonSchema => _tool.JsonSchema;

    /// <inheritdoc/>
    public override JsonElement? ReturnJsonSchema => _tool.ReturnJsonSchema;

    /// <inheritdoc/>
    public override JsonSerializerOptions JsonSerializerOptions => _tool.JsonSerializerOptions;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> AdditionalProperties => _tool.AdditionalProperties;

    /// <summary>The text of a refusal: <c>[POLICY DENIED] tool 'x', rule /tools/x/deny_if/0 (DenyIfMatched): message</c>.</summary>
    /// <param name="denial">The refusal.</param>
    public static string FormatDenial(McpPolicyDeniedException denial) => PolicyDenials.FormatDenial(denial);

    /// <summary>The protocol result of a refusal: <c>isError: true</c> and one text block from <see cref="FormatDenial"/>.</summary>
    /// <param name="denial">The refusal.</param>
    public static CallToolResult DeniedResult(McpPolicyDeniedException denial) => PolicyDenials.DeniedResult(denial);

    /// <summary>
    /// Itself (for <see cref="GuardedAIFunction"/>, <see cref="AIFunction"/>, <see cref="AIFunctionDeclaration"/>,
    /// <see cref="AITool"/>), an <see cref="ApprovalRequiredAIFunction"/> around itself when <see cref="RequiresApproval"/>,
    /// otherwise null: never the SDK tool it calls through.
    /// </summary>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) { return null; }
        if (serviceType == typeof(ApprovalRequiredAIFunction))
        {
            return RequiresApproval ? _approvalMarker ??= new ApprovalRequiredAIFunction(this) : null;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var context = PolicyCallContext.Begin(ApprovedByChatClient() ? ToolName : null);
        try
        {
            return await _tool.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (McpPolicyDeniedException denial) when (ReferenceEquals(denial, context.Denial))
        {
            // The same shape McpClientTool gives for an error result: the serialized CallToolResult.
            return JsonSerializer.SerializeToElement(DeniedResult(denial), McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult)));
        }
    }

    // FunctionInvokingChatClient invokes a function it sees as ApprovalRequiredAIFunction only after a person approved
    // the call (ToolApprovalResponseContent); its CurrentContext says which function it is invoking now.
    private bool ApprovedByChatClient()
    {
        if (!RequiresApproval || FunctionInvokingChatClient.CurrentContext is not { Function: { } invoked } context) { return false; }
        var isThis = ReferenceEquals(invoked, this) || ReferenceEquals(invoked.GetService(typeof(GuardedAIFunction)), this);
        return isThis
            && invoked.GetService(typeof(ApprovalRequiredAIFunction)) is not null
            && string.Equals(context.CallContent?.Name, Name, StringComparison.Ordinal);
    }
}

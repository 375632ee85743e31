using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>Hands a typed client's server tools to an AI agent (Microsoft.Extensions.AI), with the policy applied.</summary>
public static class McpAgentTools
{
    /// <summary>
    /// The server's tools as <see cref="AIFunction"/>s for an agent: tools the policy hides or denies outright (steps 1
    /// to 3, or a policy that cannot be read) are left out; every other tool is a <see cref="GuardedAIFunction"/> that
    /// calls through the governed session, so each call is decided by <see cref="McpClientBase.Guard"/> and a refusal
    /// comes back as an error result starting with <c>[POLICY DENIED]</c>. Tools whose rule requires approval present
    /// themselves as <see cref="ApprovalRequiredAIFunction"/> (also those whose rule asks for approval only when a
    /// <c>require_approval_if</c> predicate holds: see <see cref="GuardedAIFunction.RequiresApprovalFor"/>). Tools come in the server's order.
    /// </summary>
    /// <param name="client">The typed client.</param>
    /// <param name="cancellationToken">Cancels the <c>tools/list</c> request.</param>
    public static async Task<IReadOnlyList<AIFunction>> GetAgentToolsAsync(this McpClientBase client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var guard = client.Guard;
        var tools = await client.Client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var offered = new List<AIFunction>(tools.Count);
        foreach (var tool in tools)
        {
            var wireName = tool.ProtocolTool.Name;
            if (!guard.IsOffered(wireName)) { continue; }
            offered.Add(new GuardedAIFunction(tool, guard, NeedsApproval(guard, wireName)));
        }

        return offered.AsReadOnly();
    }

    private static bool NeedsApproval(PolicyGuard guard, string toolName)
    {
        foreach (var policy in new[] { guard.BuiltInPolicy, guard.RuntimePolicy })
        {
            if (policy?.GetRule(toolName) is { } rule && (rule.Action == RuleAction.RequireApproval || rule.ApprovalIf.Count > 0)) { return true; }
        }

        return false;
    }
}

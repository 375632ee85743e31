using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelContextProtocol.Client;
using TypedMcp.Model.Policy;

namespace OdooAgent;

/// <summary>Which of the server's tools an LLM agent would be handed under policy.json.</summary>
internal static class AgentTools
{
    /// <summary>Reads policy.json from the agent's output folder; a policy with errors denies everything.</summary>
    public static PolicyDocument LoadPolicy()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "policy.json");
        var result = PolicyParser.Parse(File.ReadAllText(path), path);
        if (result.HasErrors)
        {
            throw new InvalidOperationException($"{path} has errors: {string.Join("; ", result.Diagnostics.Select(d => d.Message))}");
        }

        return result.Policy;
    }

    /// <summary>Each tool with the policy's decision for a call without arguments, hidden tools included.</summary>
    public static IReadOnlyList<(McpClientTool Tool, PolicyDecision Decision)> Decide(PolicyDocument policy, IEnumerable<McpClientTool> tools)
    {
        return tools
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (t, PolicyEvaluator.Evaluate(policy, t.Name)))
            .ToList();
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace TypedMcp.Runtime.Tests;

// C# blocks of docs/runtime-policy.md that need the Agent Framework, compiled here (TypedMcp.PackageTests checks that
// every csharp block of docs/*.md appears in a compiled file); ConditionalApprovalTests runs the same code.
internal static class AgentFrameworkDocSnippets
{
    public static AIAgent AutoApprove(IChatClient chatClient, IReadOnlyList<AIFunction> tools)
    {
        var sendMail = (GuardedAIFunction)tools.Single(t => t.Name == "google_gmail_send");
        var agent = new ChatClientAgent(chatClient, instructions: null, name: "mailer", description: null, tools: [.. tools])
            .AsBuilder()
            .UseToolApproval(new ToolApprovalAgentOptions
            {
                AutoApprovalRules = [context => ValueTask.FromResult(!sendMail.RequiresApprovalFor(context.FunctionCallContent.Arguments))],
            })
            .Build();
        return agent;
    }
}

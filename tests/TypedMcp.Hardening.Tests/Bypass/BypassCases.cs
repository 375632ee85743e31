using System.Collections.Generic;
using System.Linq;

namespace TypedMcp.Hardening.Tests.Bypass;

/// <summary>One way to reach a denied tool, as the C# a user (or an attacker in a pull request) would write.</summary>
/// <param name="Name">The way, as it appears in docs/hardening.md.</param>
/// <param name="Body">Statements of <c>Case.RunAsync(BypassClient client)</c>.</param>
/// <param name="Members">Members of the <c>Case</c> class.</param>
/// <param name="Declarations">Types next to it in namespace Consumer.</param>
/// <param name="StaticallyDecidable">Whether the tool name is known at compile time, so the analyzer must make it an error.</param>
public sealed record BypassCase(string Name, string Body, string Members, string Declarations, bool StaticallyDecidable)
{
    public override string ToString() => Name;
}

public static class BypassCases
{
    public const string Server = "bypass";

    public const string CatalogPath = "/bypass/catalog/bypass.mcp.json";

    public const string PolicyPath = "/bypass/policy.json";

    public const string Catalog = """
        {
          "server": { "name": "bypass" },
          "tools": [
            { "name": "wipe", "description": "Deletes everything.", "inputSchema": { "type": "object" } },
            { "name": "secret_tool", "description": "Hidden by the policy.", "inputSchema": { "type": "object" } },
            { "name": "read_notes", "description": "Allowed.", "inputSchema": { "type": "object" } }
          ]
        }
        """;

    public const string Policy = """
        {
          "version": "1",
          "default": "deny",
          "hide": ["secret_tool"],
          "tools": {
            "read_notes": {},
            "wipe": { "action": "deny", "reason": "nothing is ever wiped" }
          }
        }
        """;

    /// <summary>Tools that must never be reached.</summary>
    public static readonly string[] DeniedTools = { "wipe", "secret_tool", "not_in_catalog" };

    public static readonly IReadOnlyList<BypassCase> All = new[]
    {
        new BypassCase("typed method", "await client.WipeAsync();", "", "", true),
        new BypassCase("typed method of a hidden tool", "await client.SecretToolAsync();", "", "", true),
        new BypassCase("CallToolAsync with a literal", "await client.CallToolAsync(\"wipe\");", "", "", true),
        new BypassCase("CallToolAsync with a literal, unlisted tool under default deny", "await client.CallToolAsync(\"not_in_catalog\");", "", "", true),
        new BypassCase("CallToolAsync with a const", "await client.CallToolAsync(Name);", "const string Name = \"wipe\";", "", true),
        new BypassCase("CallToolAsync with a static readonly field", "await client.CallToolAsync(Name);", "static readonly string Name = \"wipe\";", "", true),
        new BypassCase("CallToolAsync with nameof", "await client.CallToolAsync(nameof(Tools.wipe));", "", "public enum Tools { wipe }", true),
        new BypassCase("CallToolAsync with constant concatenation", "await client.CallToolAsync(\"wi\" + \"pe\");", "", "", true),
        new BypassCase("CallToolAsync with constant interpolation", "await client.CallToolAsync($\"{Prefix}pe\");", "const string Prefix = \"wi\";", "", true),
        new BypassCase("CallToolAsync with a name built at run time", "var name = new string(new[] { 'w', 'i', 'p', 'e' }); await client.CallToolAsync(name);", "", "", false),
        new BypassCase("through the base class McpClientBase", "TypedMcp.McpClientBase b = client; await b.CallToolAsync(\"wipe\");", "", "", true),
        new BypassCase("through an interface the client implements",
            "IWiper w = client; await w.WipeAsync();", "",
            "public interface IWiper { System.Threading.Tasks.Task<TypedMcp.McpToolResult> WipeAsync(System.Threading.CancellationToken cancellationToken = default); }\n    public partial class BypassClient : IWiper { }",
            true),
        new BypassCase("through a subclass calling the protected CallToolCoreAsync",
            "await new Sub(client.Client).GoAsync();", "",
            "public class Sub : BypassClient { public Sub(ModelContextProtocol.Client.McpClient c) : base(c) { } public System.Threading.Tasks.Task<ModelContextProtocol.Protocol.CallToolResult> GoAsync() => CallToolCoreAsync(\"wipe\", new System.Collections.Generic.Dictionary<string, object?>(), default); }",
            true),
        new BypassCase("a delegate from a method group", "System.Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<TypedMcp.McpToolResult>> f = client.WipeAsync; await f(default);", "", "", true),
        new BypassCase("a lambda", "System.Func<System.Threading.Tasks.Task<TypedMcp.McpToolResult>> f = () => client.WipeAsync(); await f();", "", "", true),
        new BypassCase("an expression tree", "System.Linq.Expressions.Expression<System.Func<BypassClient, System.Threading.Tasks.Task<TypedMcp.McpToolResult>>> e = c => c.WipeAsync(default); await e.Compile()(client);", "", "", true),
        new BypassCase("reflection", "var m = typeof(BypassClient).GetMethod(\"WipeAsync\")!; await (System.Threading.Tasks.Task)m.Invoke(client, new object?[] { default(System.Threading.CancellationToken) })!;", "", "", false),
        new BypassCase("dynamic", "dynamic d = client; await d.WipeAsync(default(System.Threading.CancellationToken));", "", "", false),
        new BypassCase("the agent's AIFunction list",
            "var tools = await client.GetAgentToolsAsync(); foreach (var t in tools) { if (t.Name is \"wipe\" or \"secret_tool\") { await t.InvokeAsync(new Microsoft.Extensions.AI.AIFunctionArguments()); } } return \"offered:\" + string.Join(\",\", System.Linq.Enumerable.Select(tools, t => t.Name));",
            "", "", false),
        new BypassCase("the raw MCP session (client.Client.CallToolAsync)", "await client.Client.CallToolAsync(\"wipe\", new System.Collections.Generic.Dictionary<string, object?>());", "", "", true),
    };

    public static IEnumerable<object[]> Data => All.Select(c => new object[] { c.Name });

    public static BypassCase Get(string name) => All.Single(c => c.Name == name);

    public static string Source(BypassCase c) => $$"""
        #nullable enable
        using TypedMcp;

        namespace Consumer
        {
            [McpClient("bypass")]
            public partial class BypassClient { }

            {{c.Declarations}}

            public static class Case
            {
                {{c.Members}}

                public static async System.Threading.Tasks.Task<string> RunAsync(BypassClient client)
                {
                    {{c.Body}}
        #pragma warning disable CS0162
                    return "reached";
        #pragma warning restore CS0162
                }
            }
        }
        """;
}

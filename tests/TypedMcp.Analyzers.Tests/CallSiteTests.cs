using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace TypedMcp.Analyzers.Tests;

public sealed class CallSiteTests
{
    private static string Calls(string body) => $$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Probe;

        public static class Caller
        {
            public static async Task RunAsync(FakeOdoo odoo, TypedMcp.McpClientBase client, ModelContextProtocol.Client.McpClient sdk, string userInput, int userCount)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public async Task A_call_to_a_tool_not_listed_under_default_deny_is_an_error()
    {
        var source = Calls("""await {|TMCP0102:odoo.UnlinkAsync("res.partner", new[] { 1 })|};""");
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""").RunAsync();
    }

    [Fact]
    public async Task A_call_to_a_listed_tool_under_default_deny_has_no_diagnostic()
    {
        var source = Calls("""await odoo.UsageLogExportAsync();""");
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""").RunAsync();
    }

    [Fact]
    public async Task A_call_to_a_hidden_tool_is_an_error_even_under_default_allow()
    {
        var source = Calls("""await {|TMCP0101:odoo.UnlinkAsync("res.partner", new[] { 1 })|};""");
        await new AnalyzerTest(source, """{"version":"1","default":"allow","hide":["odoo_unlink"]}""").RunAsync();
    }

    [Fact]
    public async Task Hide_star_hides_every_tool()
    {
        var source = Calls("""await {|TMCP0101:odoo.UsageLogExportAsync()|};""");
        await new AnalyzerTest(source, """{"version":"1","default":"allow","hide":"*"}""").RunAsync();
    }

    [Fact]
    public async Task An_action_deny_rule_is_an_error_that_quotes_its_reason()
    {
        var source = Calls("""await {|#0:odoo.SendMailAsync("a@example.com")|};""");
        var test = new AnalyzerTest(source, """{"version":"1","default":"allow","tools":{"google_gmail_send":{"action":"deny","reason":"no mail from agents"}}}""");
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0103", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("Tool 'google_gmail_send' is denied by policy rule /tools/google_gmail_send at /0/policy.json:1:43: no mail from agents"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Odoo_execute_with_constant_method_unlink_is_denied_by_deny_if()
    {
        var policy = """
            {"version":"1","default":"deny","tools":{
              "odoo_execute":{"deny_if":[{"path":"args.method","op":"in","value":["unlink","button_immediate_install"]}],
                              "on_deny":"odoo_execute may not delete records"}}}
            """;
        var source = Calls("""
            const string Method = "unlink";
            await {|#0:odoo.ExecuteAsync("res.partner", Method)|};
            await odoo.ExecuteAsync("res.partner", "read");
            """);
        var test = new AnalyzerTest(source, policy);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0104", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("Tool 'odoo_execute' is denied by policy rule /tools/odoo_execute/deny_if/0 at /0/policy.json:2:30: odoo_execute may not delete records (deny_if args.method in [\"unlink\",\"button_immediate_install\"] holds (args.method is \"unlink\"))"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_require_predicate_that_constant_arguments_fail_is_an_error()
    {
        var policy = """{"version":"1","default":"deny","tools":{"odoo_write":{"require":[{"path":"args.count","op":"lte","value":10}]}}}""";
        var source = Calls("""
            await {|TMCP0104:odoo.WriteAsync("res.partner", 50)|};
            await odoo.WriteAsync("res.partner", 5);
            """);
        await new AnalyzerTest(source, policy).RunAsync();
    }

    [Fact]
    public async Task A_predicate_over_a_non_constant_argument_is_reported_as_checked_at_run_time()
    {
        var policy = """{"version":"1","default":"deny","tools":{"odoo_execute":{"deny_if":[{"path":"args.method","op":"eq","value":"unlink"}]}}}""";
        var source = Calls("""await {|#0:odoo.ExecuteAsync("res.partner", userInput)|};""");
        var test = new AnalyzerTest(source, policy);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0106", DiagnosticSeverity.Info).WithLocation(0)
            .WithMessage("The call of tool 'odoo_execute' is checked at run time against policy rule /tools/odoo_execute/deny_if/0 (deny_if args.method eq \"unlink\") in /0/policy.json:1, because argument 'method' is not a compile-time constant here"));
        await test.RunAsync();
    }

    [Fact]
    public async Task An_omitted_optional_argument_is_absent_so_a_require_exists_fails()
    {
        var policy = """{"version":"1","default":"deny","tools":{"odoo_execute":{"require":[{"path":"args.limit","op":"exists"}]}}}""";
        var source = Calls("""
            await {|TMCP0104:odoo.ExecuteAsync("res.partner", "read")|};
            await odoo.ExecuteAsync("res.partner", "read", 10);
            await {|TMCP0104:odoo.ExecuteAsync("res.partner", "read", null)|};
            """);
        await new AnalyzerTest(source, policy).RunAsync();
    }

    [Fact]
    public async Task An_enum_member_is_matched_by_its_wire_name()
    {
        var policy = """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{"deny_if":[{"path":"args.format","op":"eq","value":"csv"}]}}}""";
        var source = Calls("""
            await {|TMCP0104:odoo.UsageLogExportAsync(ExportFormat.Csv)|};
            await odoo.UsageLogExportAsync(ExportFormat.Json);
            await odoo.UsageLogExportAsync(dryRun: true);
            """);
        await new AnalyzerTest(source, policy).RunAsync();
    }

    [Fact]
    public async Task Require_approval_is_a_warning()
    {
        var source = Calls("""await {|TMCP0105:odoo.SendMailAsync("a@example.com")|};""");
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"google_gmail_send":{"action":"require_approval"}}}""").RunAsync();
    }

    [Fact]
    public async Task A_tool_with_limits_is_reported_as_information()
    {
        var source = Calls("""await {|#0:odoo.WriteAsync("res.partner", 1)|};""");
        var test = new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"odoo_write":{"rate_limit":{"max":30,"window":60}}}}""");
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0107", DiagnosticSeverity.Info).WithLocation(0)
            .WithMessage("Tool 'odoo_write' has quota limits in /0/policy.json: 30 calls per 60 s (/tools/odoo_write/rate_limit). They are counted and enforced at run time; a call over the limit is refused."));
        await test.RunAsync();
    }

    [Fact]
    public async Task An_unreadable_policy_denies_every_call()
    {
        var source = Calls("""await {|TMCP0109:odoo.UsageLogExportAsync()|};""");
        var test = new AnalyzerTest(source, """{"version":"1", {|TMCP0201:|}""");
        await test.RunAsync();
    }

    [Fact]
    public async Task A_method_group_of_a_denied_tool_is_an_error()
    {
        var source = Calls("""System.Func<string, int[], System.Threading.CancellationToken, Task> f = {|TMCP0102:odoo.UnlinkAsync|}; await Task.Yield();""");
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{}}""").RunAsync();
    }

    [Theory]
    [InlineData("\"odoo_unlink\"")]
    [InlineData("Name")]
    [InlineData("\"odoo_\" + \"unlink\"")]
    [InlineData("$\"odoo_{Suffix}\"")]
    [InlineData("nameof(odoo_unlink)")]
    public async Task CallToolAsync_with_a_constant_tool_name_is_checked(string nameExpression)
    {
        var source = $$"""
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public static class Caller
            {
                private const string Name = "odoo_unlink";
                private const string Suffix = "unlink";
                private static readonly int odoo_unlink = 0;

                public static async Task RunAsync(TypedMcp.McpClientBase client, ModelContextProtocol.Client.McpClient sdk)
                {
                    await {|TMCP0102:client.CallToolAsync({{nameExpression}})|};
                    await {|TMCP0102:sdk.CallToolAsync({{nameExpression}}, new Dictionary<string, object?> { ["ids"] = 1 })|};
                    _ = odoo_unlink;
                }
            }
            """;
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""", withClient: false).RunAsync();
    }

    [Fact]
    public async Task CallToolAsync_with_a_non_constant_tool_name_is_left_to_run_time()
    {
        var source = Calls("""await client.CallToolAsync(userInput);""");
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{}}""").RunAsync();
    }

    [Fact]
    public async Task CallToolAsync_reads_constant_entries_of_a_dictionary_initializer()
    {
        var policy = """{"version":"1","default":"deny","tools":{"odoo_execute":{"deny_if":[{"path":"args.method","op":"eq","value":"unlink"}]}}}""";
        var source = Calls("""
            await {|TMCP0104:client.CallToolAsync("odoo_execute", new Dictionary<string, object?> { ["model"] = "res.partner", ["method"] = "unlink" })|};
            await {|TMCP0104:client.CallToolAsync("odoo_execute", new Dictionary<string, object?> { { "method", "unlink" } })|};
            await client.CallToolAsync("odoo_execute", new Dictionary<string, object?> { ["method"] = "read" });
            await client.CallToolAsync("odoo_execute");
            await {|TMCP0106:client.CallToolAsync("odoo_execute", new Dictionary<string, object?> { ["method"] = userInput })|};
            var built = new Dictionary<string, object?>();
            await {|TMCP0106:client.CallToolAsync("odoo_execute", built)|};
            """);
        await new AnalyzerTest(source, policy).RunAsync();
    }

    [Fact]
    public async Task No_policy_file_gives_one_info_for_the_compilation_at_the_first_use()
    {
        var source = Calls("""
            await {|#0:odoo.UnlinkAsync("res.partner", new[] { 1 })|};
            await client.CallToolAsync("odoo_unlink");
            """);
        var test = new AnalyzerTest(source, policy: null);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0108", DiagnosticSeverity.Info).WithLocation(0));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_policy_file_with_only_a_client_class_informs_at_its_McpClient_attribute()
    {
        var source = """
            [{|#0:TypedMcp.McpClient("odoo")|}]
            public partial class OdooClient : TypedMcp.McpClientBase
            {
                public OdooClient(ModelContextProtocol.Client.McpClient client) : base(client) { }
            }
            """;
        var test = new AnalyzerTest(source, policy: null, withClient: false);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0108", DiagnosticSeverity.Info).WithLocation(0));
        await test.RunAsync();
    }

    [Fact]
    public async Task Calls_of_a_server_without_a_policy_file_give_one_warning_at_the_first_such_call()
    {
        var source = Calls("""
            await odoo.UnlinkAsync("res.partner", new[] { 1 });
            await {|#0:odoo.SendMailAsync("a@example.com")|};
            await odoo.SendMailAsync("b@example.com");
            """);
        var test = new AnalyzerTest(source, policy: null);
        test.TestState.AdditionalFiles.Add(("/0/odoo-claude-mcp.policy.json", """{"version":"1","default":"allow"}"""));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0110", DiagnosticSeverity.Warning).WithLocation(0)
            .WithMessage("Calls to tools of (no server) are not checked: there is no policy.json and no <server>.policy.json for them among the AdditionalFiles. Add policy.json or <server>.policy.json for them, or silence this warning with dotnet_diagnostic.TMCP0110.severity = none in .editorconfig or <NoWarn>TMCP0110</NoWarn>."));
        await test.RunAsync();
    }

    [Fact]
    public async Task The_no_policy_info_is_silenced_by_a_cs_section_of_editorconfig()
    {
        var source = Calls("""
            await odoo.UnlinkAsync("res.partner", new[] { 1 });
            await client.CallToolAsync("odoo_unlink");
            """);
        var test = new AnalyzerTest(source, policy: null);
        test.TestState.Sources.Clear();
        test.TestState.Sources.Add(("/0/Test0.cs", source));
        test.TestState.Sources.Add(("/0/FakeOdoo.cs", TestSetup.OdooClient));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.TMCP0108.severity = none
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_policy_file_and_no_TypedMcp_use_gives_no_warning()
    {
        var source = "public static class Nothing { public static int Answer() => 42; }";
        await new AnalyzerTest(source, policy: null, withClient: false).RunAsync();
    }

    [Fact]
    public async Task A_server_policy_file_replaces_policy_json_for_its_servers_tools()
    {
        var source = Calls("""
            await odoo.UnlinkAsync("res.partner", new[] { 1 });
            await {|TMCP0102:odoo.SendMailAsync("a@example.com")|};
            """);
        var test = new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{}}""");
        test.TestState.AdditionalFiles.Add(("/0/odoo-claude-mcp.policy.json", """{"version":"1","default":"allow"}"""));
        await test.RunAsync();
    }

    [Fact]
    public async Task CallToolAsync_with_a_static_readonly_field_initialised_with_a_literal_is_checked_like_a_constant()
    {
        var source = """
            public static class Names
            {
                public static readonly string Unlink = "odoo_" + "unlink";
            }

            public static class Caller
            {
                public static async System.Threading.Tasks.Task RunAsync(TypedMcp.McpClientBase client)
                    => await {|TMCP0102:client.CallToolAsync(Names.Unlink)|};
            }
            """;
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""").RunAsync();
    }

    [Fact]
    public async Task A_static_readonly_field_assigned_in_a_static_constructor_is_left_to_run_time()
    {
        var source = """
            public static class Names
            {
                public static readonly string Tool = "ai_usage_log_export";
                static Names() { Tool = System.Environment.GetEnvironmentVariable("TOOL") ?? "odoo_unlink"; }
            }

            public static class Caller
            {
                public static async System.Threading.Tasks.Task RunAsync(TypedMcp.McpClientBase client)
                    => await client.CallToolAsync(Names.Tool);
            }
            """;
        await new AnalyzerTest(source, """{"version":"1","default":"deny","tools":{"ai_usage_log_export":{}}}""").RunAsync();
    }

    [Fact]
    public async Task A_client_that_implements_an_interface_with_a_denied_tool_method_is_an_error_at_the_interface()
    {
        var source = """
            namespace Probe
            {
                public interface IUnlinker
                {
                    System.Threading.Tasks.Task UnlinkAsync(string model, int[] ids, System.Threading.CancellationToken cancellationToken = default);
                }

                [TypedMcp.McpServer("odoo-claude-mcp")]
                public sealed class Wrapper : {|#0:IUnlinker|}
                {
                    private readonly FakeOdoo _odoo = new();

                    [TypedMcp.McpTool("odoo_unlink")]
                    public System.Threading.Tasks.Task UnlinkAsync([TypedMcp.McpArgument("model")] string model, [TypedMcp.McpArgument("ids")] int[] ids, System.Threading.CancellationToken cancellationToken = default)
                        => System.Threading.Tasks.Task.CompletedTask;
                }
            }
            """;
        var test = new AnalyzerTest(source, """{"version":"1","default":"allow","hide":["odoo_unlink"]}""");
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0101", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("'Wrapper' exposes tool 'odoo_unlink' through 'IUnlinker.UnlinkAsync', where call sites cannot be checked: Tool 'odoo_unlink' is hidden by policy rule /hide/0 at /0/policy.json:1:42; a hidden tool cannot be called."));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_generated_enum_constant_is_mapped_to_its_wire_value_through_EnumMember()
    {
        var source = """
            namespace Probe
            {
                public enum Mode
                {
                    [System.Runtime.Serialization.EnumMember(Value = "hard-delete")] HardDelete,
                    [System.Runtime.Serialization.EnumMember(Value = "archive")] Archive,
                }

                [TypedMcp.McpServer("odoo-claude-mcp")]
                public sealed class Cleaner
                {
                    [TypedMcp.McpTool("odoo_execute")]
                    public System.Threading.Tasks.Task CleanAsync([TypedMcp.McpArgument("mode")] Mode mode) => System.Threading.Tasks.Task.CompletedTask;
                }

                public static class Caller
                {
                    public static async System.Threading.Tasks.Task RunAsync(Cleaner c)
                    {
                        await {|TMCP0104:c.CleanAsync(Mode.HardDelete)|};
                        await c.CleanAsync(Mode.Archive);
                    }
                }
            }
            """;
        await new AnalyzerTest(source, """{"version":"1","default":"allow","tools":{"odoo_execute":{"deny_if":[{"path":"args.mode","op":"eq","value":"hard-delete"}]}}}""").RunAsync();
    }
}

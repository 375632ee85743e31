using System.Threading.Tasks;
using PolicyTextEditor = TypedMcp.CodeFixes.PolicyTextEditor;

namespace TypedMcp.Analyzers.Tests;

/// <summary>"Allow '&lt;tool&gt;' in policy.json" edits the policy file in place and the call then compiles clean.</summary>
public sealed class CodeFixTests
{
    private static string Call(string call) => $$"""
        using System.Threading.Tasks;

        public static class Caller
        {
            public static async Task RunAsync(Probe.FakeOdoo odoo)
            {
                await {{call}};
            }
        }
        """;

    [Fact]
    public async Task An_unlisted_tool_is_added_under_tools_in_the_files_own_layout()
    {
        var policy = "{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n  \"tools\": {\n    \"ai_usage_log_export\": {}\n  }\n}\n";
        var fixedPolicy = "{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n  \"tools\": {\n    \"ai_usage_log_export\": {},\n    \"odoo_unlink\": {}\n  }\n}\n";
        await new CodeFixTest(
            Call("""{|TMCP0102:odoo.UnlinkAsync("res.partner", new[] { 1 })|}"""), policy, fixedPolicy,
            Call("""odoo.UnlinkAsync("res.partner", new[] { 1 })""")).RunAsync();
    }

    [Fact]
    public async Task A_hidden_tool_is_removed_from_hide_and_listed()
    {
        var policy = """{"version":"1","default":"deny","hide":["odoo_write", "odoo_unlink", "odoo_execute"],"tools":{}}""";
        var fixedPolicy = """{"version":"1","default":"deny","hide":["odoo_write", "odoo_execute"],"tools":{"odoo_unlink": {}}}""";
        await new CodeFixTest(
            Call("""{|TMCP0101:odoo.UnlinkAsync("res.partner", new[] { 1 })|}"""), policy, fixedPolicy,
            Call("""odoo.UnlinkAsync("res.partner", new[] { 1 })""")).RunAsync();
    }

    [Fact]
    public async Task An_action_deny_rule_becomes_an_empty_rule()
    {
        var policy = """{"version":"1","default":"deny","tools":{"odoo_unlink":{"action":"deny","reason":"no deletes"},"x_other":{}}}""";
        var fixedPolicy = """{"version":"1","default":"deny","tools":{"odoo_unlink":{},"x_other":{}}}""";
        await new CodeFixTest(
            Call("""{|TMCP0103:odoo.UnlinkAsync("res.partner", new[] { 1 })|}"""), policy, fixedPolicy,
            Call("""odoo.UnlinkAsync("res.partner", new[] { 1 })""")).RunAsync();
    }

    [Fact]
    public async Task A_policy_without_tools_gets_a_tools_object()
    {
        var policy = "{\r\n  \"version\": \"1\",\r\n  \"default\": \"deny\"\r\n}";
        var fixedPolicy = "{\r\n  \"version\": \"1\",\r\n  \"default\": \"deny\",\r\n  \"tools\": { \"odoo_unlink\": {} }\r\n}";
        await new CodeFixTest(
            Call("""{|TMCP0102:odoo.UnlinkAsync("res.partner", new[] { 1 })|}"""), policy, fixedPolicy,
            Call("""odoo.UnlinkAsync("res.partner", new[] { 1 })""")).RunAsync();
    }

    [Fact]
    public void The_only_hide_entry_leaves_an_empty_array()
        => Assert.Equal(
            """{"version":"1","default":"allow","hide":[  ],"tools":{"odoo_unlink": {}}}""",
            PolicyTextEditor.AllowTool("""{"version":"1","default":"allow","hide":[ "odoo_unlink" ],"tools":{}}""", "odoo_unlink"));

    [Fact]
    public void A_hide_string_naming_the_tool_becomes_an_empty_array()
        => Assert.Equal(
            """{"version":"1","default":"allow","hide":[],"tools":{"odoo_unlink":{}}}""",
            PolicyTextEditor.AllowTool("""{"version":"1","default":"allow","hide":"odoo_unlink","tools":{"odoo_unlink":{}}}""", "odoo_unlink"));

    [Fact]
    public void Hide_star_is_not_edited_because_allowing_one_tool_must_not_unhide_all()
    {
        Assert.Null(PolicyTextEditor.AllowTool("""{"version":"1","default":"allow","hide":"*"}""", "odoo_unlink"));
        Assert.Null(PolicyTextEditor.AllowTool("""{"version":"1","default":"allow","hide":["a","*"]}""", "odoo_unlink"));
    }

    [Fact]
    public void Invalid_json_is_not_edited()
        => Assert.Null(PolicyTextEditor.AllowTool("""{"version":"1",""", "odoo_unlink"));

    [Fact]
    public void Text_outside_the_edit_is_kept_byte_for_byte()
    {
        var policy = "{\n\t\"version\" : \"1\" ,\n\t\"default\" : \"deny\",\n\t\"x-gateway\": {\"keep\": [1,2,3]},\n\t\"tools\" : {\n\t\t\"a\" : { \"limits\": [ {\"max\":1,\"window\":60} ] }\n\t}\n}";
        var expected = "{\n\t\"version\" : \"1\" ,\n\t\"default\" : \"deny\",\n\t\"x-gateway\": {\"keep\": [1,2,3]},\n\t\"tools\" : {\n\t\t\"a\" : { \"limits\": [ {\"max\":1,\"window\":60} ] },\n\t\t\"odoo_unlink\": {}\n\t}\n}";
        Assert.Equal(expected, PolicyTextEditor.AllowTool(policy, "odoo_unlink"));
    }
}

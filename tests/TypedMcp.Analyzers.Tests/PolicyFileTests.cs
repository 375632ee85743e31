using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace TypedMcp.Analyzers.Tests;

/// <summary>Mistakes inside policy.json are reported at their line and column in the file.</summary>
public sealed class PolicyFileTests
{
    private const string Source = """
        public static class Caller
        {
            public static System.Threading.Tasks.Task RunAsync(Probe.FakeOdoo odoo) => odoo.UsageLogExportAsync();
        }
        """;

    private const string Catalog = """
        {
          "server": { "name": "odoo-claude-mcp" },
          "tools": [
            { "name": "ai_usage_log_export", "inputSchema": { "type": "object" } },
            { "name": "odoo_unlink", "inputSchema": { "type": "object" } },
            { "name": "odoo_execute", "inputSchema": { "type": "object" } }
          ]
        }
        """;

    /// <summary>The same call, expected to be denied because the policy fails closed.</summary>
    private const string DeniedSource = """
        public static class Caller
        {
            public static System.Threading.Tasks.Task RunAsync(Probe.FakeOdoo odoo) => {|TMCP0109:odoo.UsageLogExportAsync()|};
        }
        """;

    private static Task RunAsync(string policy, bool withCatalog = false, bool failsClosed = false)
    {
        var test = new AnalyzerTest(failsClosed ? DeniedSource : Source, policy);
        if (withCatalog) { test.TestState.AdditionalFiles.Add(("/0/catalog/odoo-claude-mcp.json", Catalog)); }
        return test.RunAsync();
    }

    [Fact]
    public Task Invalid_json_is_reported_where_the_reader_stopped_and_the_call_is_denied()
    {
        var test = new AnalyzerTest("""
            public static class Caller
            {
                public static System.Threading.Tasks.Task RunAsync(Probe.FakeOdoo odoo) => {|TMCP0109:odoo.UsageLogExportAsync()|};
            }
            """, "{\n  \"version\": \"1\",\n  \"default\": {|TMCP0201:d|}eny\n}");
        return test.RunAsync();
    }

    [Fact]
    public Task An_unknown_version_is_reported_at_its_value()
        => RunAsync("""
            {
              "version": {|TMCP0202:"2"|},
              "default": "allow"
            }
            """, failsClosed: true);

    [Fact]
    public Task A_bad_default_is_reported_at_its_value()
        => RunAsync("""{"version":"1","default":{|TMCP0203:"maybe"|},"tools":{"ai_usage_log_export":{}}}""", failsClosed: true);

    [Fact]
    public Task An_unknown_operator_is_reported_at_the_operator()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{"deny_if":[{"path":"args.method","op":{|TMCP0204:"like"|},"value":"x"}]}}}""");

    [Fact]
    public Task A_regex_that_does_not_compile_is_reported_at_the_pattern()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{"deny_if":[{"path":"args.method","op":"regex","value":{|TMCP0205:"(unclosed"|}}]}}}""");

    [Fact]
    public Task A_value_of_the_wrong_type_for_its_operator_is_reported_at_the_value()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{"deny_if":[{"path":"args.limit","op":"lt","value":{|TMCP0206:"ten"|}}]}}}""");

    [Fact]
    public Task A_duplicate_tool_is_reported_at_the_second_one()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{},{|TMCP0207:"odoo_execute"|}:{}}}""");

    [Fact]
    public Task A_tool_no_catalog_has_is_reported_with_the_nearest_name()
    {
        var test = new AnalyzerTest(Source, """{"version":"1","default":"allow","hide":[{|#0:"odoo_unlnk"|}]}""");
        test.TestState.AdditionalFiles.Add(("/0/catalog/odoo-claude-mcp.json", Catalog));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0208", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("Tool \"odoo_unlnk\" under \"hide\" is not in any catalog, so the tool meant to be hidden stays visible. Did you mean 'odoo_unlink'?"));
        return test.RunAsync();
    }

    [Fact]
    public Task Without_a_catalog_tool_names_are_not_checked()
        => RunAsync("""{"version":"1","default":"allow","hide":["odoo_unlnk"]}""");

    [Fact]
    public Task An_unknown_key_is_a_warning_at_the_key()
        => RunAsync("""{"version":"1","default":"allow",{|TMCP0209:"audit"|}:true}""");

    [Fact]
    public Task A_malformed_limit_is_reported()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{"rate_limit":{|TMCP0210:"often"|}}}}""");

    [Fact]
    public Task A_bad_action_is_reported_as_invalid_structure()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{"action":{|TMCP0211:"maybe"|}}}}""");

    [Fact]
    public Task A_predicate_path_outside_args_is_reported()
        => RunAsync("""{"version":"1","default":"allow","tools":{"odoo_execute":{"deny_if":[{"path":{|TMCP0212:"method"|},"op":"eq","value":"x"}]}}}""");

    [Fact]
    public Task A_second_policy_json_is_reported_and_ignored()
    {
        var test = new AnalyzerTest(Source, """{"version":"1","default":"allow"}""");
        test.TestState.AdditionalFiles.Add(("/1/policy.json", """{"version":"1","default":"deny"}"""));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("TMCP0207", DiagnosticSeverity.Error).WithSpan("/1/policy.json", 1, 1, 1, 1)
            .WithMessage("A second policy.json is ignored: TypedMcp uses /0/policy.json, the first by path. Keep one file per server."));
        return test.RunAsync();
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using TypedMcp.Catalog;
using TypedMcp.Json;
using TypedMcp.Risk;

namespace TypedMcp.Model.Tests.Risk;

public class RiskClassifierTests
{
    private static RiskAssessment Classify(string name, string? description = null, string? schema = null, string? annotations = null)
        => RiskClassifier.Classify(
            name,
            description,
            schema is null ? null : LocatedJsonReader.Parse(schema),
            annotations is null ? null : LocatedJsonReader.Parse(annotations));

    // One row per rule, with real Odoo Claude MCP tool names (descriptions are short stand-ins in our words).
    public static TheoryData<string, string?, string?, string?, RiskCategory, RiskLevel, string> RuleTable() => new()
    {
        { "odoo_unlink", "Deletes records of a model by their ids.", null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "ee_unlink", null, null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "tenant_restore", null, null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "fleet_rollback", null, null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "provision_revoke_api_key", null, null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "odoo_disconnect", null, null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "session_link_rotate", null, null, null, RiskCategory.Destructive, RiskLevel.Critical, "R01-destructive-verb" },
        { "odoo_archive_partner", null, null, "{\"destructiveHint\": true}", RiskCategory.Destructive, RiskLevel.Critical, "R02-destructive-hint" },
        { "odoo_cert_refresh", "Fetches the certificate again and overwrites the pinned copy.", null, null, RiskCategory.Destructive, RiskLevel.Critical, "R03-destructive-description" },
        { "secrets_list", "Lists registered secrets.", null, null, RiskCategory.Read, RiskLevel.High, "R04-read-credentials" },
        { "provision_list_api_keys", null, null, null, RiskCategory.Read, RiskLevel.High, "R04-read-credentials" },
        { "ee_license_status", null, "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"},\"api_key\":{\"type\":\"string\"}}}", null, RiskCategory.Read, RiskLevel.High, "R04-read-credentials" },
        { "module_deploy_history", null, null, null, RiskCategory.Read, RiskLevel.Low, "R05-report-suffix" },
        { "fleet_status", null, null, null, RiskCategory.Read, RiskLevel.Low, "R05-report-suffix" },
        { "odoo_stock_initial_opening_journal", null, null, null, RiskCategory.Financial, RiskLevel.Critical, "R06-financial-name" },
        { "telegram_agent_create_quote", null, null, null, RiskCategory.Financial, RiskLevel.Critical, "R06-financial-name" },
        { "odoo_stock_close_unaccounted_value", "Creates the missing inventory-valuation journal entry for a stock movement.", null, null, RiskCategory.Financial, RiskLevel.Critical, "R07-financial-description" },
        { "ssh_execute", null, null, null, RiskCategory.Execute, RiskLevel.High, "R08-code-execution" },
        { "odoo_sql_query", null, null, null, RiskCategory.Execute, RiskLevel.High, "R08-code-execution" },
        { "odoo_execute", null, null, null, RiskCategory.Execute, RiskLevel.High, "R08-code-execution" },
        { "remote_helper", null, "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}", null, RiskCategory.Execute, RiskLevel.High, "R08-code-execution" },
        { "google_gmail_send", null, null, null, RiskCategory.Execute, RiskLevel.High, "R09-messaging" },
        { "telegram_send_message", null, null, null, RiskCategory.Execute, RiskLevel.High, "R09-messaging" },
        { "odoo_message_post", null, null, null, RiskCategory.Execute, RiskLevel.High, "R09-messaging" },
        { "module_deploy", null, null, null, RiskCategory.Execute, RiskLevel.High, "R10-deployment" },
        { "fleet_upgrade", null, null, null, RiskCategory.Execute, RiskLevel.High, "R10-deployment" },
        { "odoo_web_request", null, null, null, RiskCategory.Execute, RiskLevel.High, "R11-remote-call" },
        { "proxy_call", null, null, null, RiskCategory.Execute, RiskLevel.High, "R11-remote-call" },
        { "github_api", null, null, null, RiskCategory.Execute, RiskLevel.High, "R11-remote-call" },
        { "odoo_button", null, "{\"type\":\"object\",\"properties\":{\"model\":{\"type\":\"string\"},\"method\":{\"type\":\"string\"}}}", null, RiskCategory.Execute, RiskLevel.High, "R11-remote-call" },
        { "odoo_stock_initial_import", "Loads opening stock balances with direct SQL inserts.", null, null, RiskCategory.Execute, RiskLevel.High, "R12-execute-description" },
        { "crm_lead_mark", null, null, "{\"openWorldHint\": true}", RiskCategory.Execute, RiskLevel.High, "R13-open-world-hint" },
        { "mcp_elevate", null, null, null, RiskCategory.Write, RiskLevel.High, "R14-credential-change" },
        { "odoo_connect", null, "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"},\"password\":{\"type\":\"string\"}}}", null, RiskCategory.Write, RiskLevel.High, "R14-credential-change" },
        { "identify_verify_totp", null, "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}", null, RiskCategory.Write, RiskLevel.High, "R14-credential-change" },
        { "identify_totp_enroll", null, "{\"type\":\"object\",\"properties\":{\"force\":{\"type\":\"boolean\"}}}", null, RiskCategory.Write, RiskLevel.High, "R14-credential-change" },
        { "odoo_timesheet_set", null, "{\"type\":\"object\",\"properties\":{\"confirm\":{\"type\":\"boolean\"}}}", null, RiskCategory.Write, RiskLevel.High, "R15-guarded-write" },
        { "odoo_create", null, null, null, RiskCategory.Write, RiskLevel.Medium, "R16-write-verb" },
        { "odoo_write", null, null, null, RiskCategory.Write, RiskLevel.Medium, "R16-write-verb" },
        { "odoo_search_read", null, null, null, RiskCategory.Read, RiskLevel.Low, "R17-read-verb" },
        { "ai_usage_log_export", null, null, null, RiskCategory.Read, RiskLevel.Low, "R17-read-verb" },
        { "ee_oca_conflicts", null, null, "{\"readOnlyHint\": true}", RiskCategory.Read, RiskLevel.Low, "R18-read-hint" },
        { "public_access_sitemap", "Downloads the website's sitemap.xml.", null, null, RiskCategory.Read, RiskLevel.Low, "R19-read-description" },
        { "odoo_timesheet_timer", "Controls the timesheet timer.", null, null, RiskCategory.Write, RiskLevel.Medium, "R20-default-write" },
    };

    [Theory]
    [MemberData(nameof(RuleTable))]
    public void Each_rule_classifies_its_real_tool_names(string name, string? description, string? schema, string? annotations,
        RiskCategory category, RiskLevel level, string ruleId)
    {
        var result = Classify(name, description, schema, annotations);
        Assert.Equal((category, level, ruleId), (result.Category, result.Level, result.RuleId));
        Assert.False(string.IsNullOrWhiteSpace(result.Explanation));
    }

    [Fact]
    public void Every_rule_in_the_table_is_covered_by_the_rule_table_test()
    {
        var covered = RuleTable().Select(row => (string)row[6]).ToHashSet(StringComparer.Ordinal);
        var missing = RiskClassifier.Rules.Select(r => r.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "Rules without a test row: " + string.Join(", ", missing));
    }

    [Fact]
    public void Rule_ids_are_unique_numbered_in_order_and_described()
    {
        var ids = RiskClassifier.Rules.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.StartsWith("R" + (i + 1).ToString("00", CultureInfo.InvariantCulture) + "-", ids[i], StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(RiskClassifier.Rules[i].Description));
        }
    }

    [Theory]
    [InlineData("odoo_unlink")]
    [InlineData("memory_delete")]
    [InlineData("user_connection_delete")]
    [InlineData("fleet_rollback")]
    [InlineData("odoo_disconnect")]
    public void A_lying_read_only_annotation_does_not_lower_a_destructive_name(string name)
    {
        var result = Classify(name, "Lists things.", null, "{\"readOnlyHint\": true, \"destructiveHint\": false}");
        Assert.Equal(RiskCategory.Destructive, result.Category);
        Assert.Equal(RiskLevel.Critical, result.Level);
    }

    [Theory]
    [InlineData("odoo_drop_table")]
    [InlineData("addon_uninstall")]
    [InlineData("backup_restore_over")]
    [InlineData("file_overwrite")]
    [InlineData("token_revoke_status")]
    [InlineData("OdooUnlinkRecords")]
    public void Names_with_a_destructive_verb_anywhere_are_never_below_destructive(string name)
        => Assert.Equal(RiskCategory.Destructive, Classify(name, "Reads a list.", null, "{\"readOnlyHint\": true}").Category);

    [Theory]
    [InlineData("mail_send")]
    [InlineData("shell_run")]
    [InlineData("odoo_web_call")]
    [InlineData("stack_deploy")]
    [InlineData("remote_rpc")]
    [InlineData("ssh_execute")]
    public void Running_sending_deploying_and_calling_names_are_at_least_execute(string name)
        => Assert.True(Classify(name, "Lists things.", null, "{\"readOnlyHint\": true}").Category >= RiskCategory.Execute);

    [Fact]
    public void Annotations_raise_but_a_destructive_hint_is_not_needed_for_a_destructive_name()
    {
        Assert.Equal(RiskCategory.Destructive, Classify("odoo_search_read", null, null, "{\"destructiveHint\": true}").Category);
        Assert.Equal(RiskCategory.Destructive, Classify("odoo_unlink", null, null, "{\"destructiveHint\": false}").Category);
    }

    [Fact]
    public void A_one_time_login_code_is_not_mistaken_for_source_code()
    {
        var schema = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}";
        Assert.Equal(RiskCategory.Execute, Classify("snippet_helper", null, schema).Category);
        Assert.NotEqual(RiskCategory.Execute, Classify("identify_verify_totp", null, schema).Category);
    }

    [Fact]
    public void Only_the_first_sentence_of_the_description_is_evidence()
    {
        var result = Classify("odoo_record_backup", "Reads a snapshot of records. Take one before something deletes them.");
        Assert.Equal(RiskCategory.Read, result.Category);
    }

    [Fact]
    public void Levels_follow_categories_unless_a_rule_documents_a_raise()
    {
        Assert.Equal(RiskLevel.Low, RiskClassifier.DefaultLevel(RiskCategory.Read));
        Assert.Equal(RiskLevel.Medium, RiskClassifier.DefaultLevel(RiskCategory.Write));
        Assert.Equal(RiskLevel.High, RiskClassifier.DefaultLevel(RiskCategory.Execute));
        Assert.Equal(RiskLevel.Critical, RiskClassifier.DefaultLevel(RiskCategory.Destructive));
        Assert.Equal(RiskLevel.Critical, RiskClassifier.DefaultLevel(RiskCategory.Financial));
        var raised = RiskClassifier.Rules.Where(r => r.Level != RiskClassifier.DefaultLevel(r.Category)).Select(r => r.Id).ToList();
        Assert.Equal(new[] { "R04-read-credentials", "R14-credential-change", "R15-guarded-write" }, raised);
    }

    [Fact]
    public void A_null_tool_name_is_rejected()
        => Assert.Throws<ArgumentNullException>(() => RiskClassifier.Classify(null!, null, null, null));

    [Fact]
    public void Classification_is_the_same_twice_and_under_a_turkish_culture()
    {
        var cases = RuleTable().Select(r => ((string)r[0], (string?)r[1], (string?)r[2], (string?)r[3])).ToList();
        cases.Add(("IDENTIFY_TOTP_STATUS", "LISTS IT.", null, null));
        cases.Add(("Odoo_Unlink", null, null, null));
        var first = cases.Select(c => Classify(c.Item1, c.Item2, c.Item3, c.Item4)).ToList();
        var second = cases.Select(c => Classify(c.Item1, c.Item2, c.Item3, c.Item4)).ToList();
        Assert.Equal(first, second);

        var previous = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("tr-TR");
            var turkish = cases.Select(c => Classify(c.Item1, c.Item2, c.Item3, c.Item4)).ToList();
            Assert.Equal(first, turkish);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }

        Assert.Equal(RiskCategory.Destructive, first[^1].Category);
        Assert.Equal(RiskCategory.Read, first[^2].Category);
    }
}

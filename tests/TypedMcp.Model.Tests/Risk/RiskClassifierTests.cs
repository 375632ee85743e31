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

    private const string CommandInput = "{\"type\":\"object\",\"properties\":{\"custom_command\":{\"type\":\"string\"},\"repo_path\":{\"type\":\"string\"}}}";
    private const string PathAndMethod = "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"method\":{\"type\":\"string\"}}}";
    private const string BrowserInputs = "{\"type\":\"object\",\"properties\":{\"element\":{\"type\":\"string\"},\"paths\":{\"type\":\"array\"}}}";

    // One row per rule, with real tool names from the labelled corpus (descriptions are short stand-ins in our words).
    // Rules 2, 21, 24 and 25 decide no tool of the corpus; their rows use made-up names, marked as such.
    public static TheoryData<string, string?, string?, string?, RiskCategory, string> RuleTable() => new()
    {
        { "odoo_unlink", "Deletes records of a model by their ids.", null, null, RiskCategory.Destructive, "R01-destructive-verb" },
        { "git_reset", "Resets HEAD to another state.", null, null, RiskCategory.Destructive, "R01-destructive-verb" },
        { "tenant_restore", "Restores a tenant dump, by default into staging.", null, null, RiskCategory.Destructive, "R01-destructive-verb" },
        { "charge_customer", "Charges a saved card.", null, null, RiskCategory.Financial, "R02-money-verb" }, // made up
        { "cancel_subscription", "Cancels a subscription.", null, null, RiskCategory.Financial, "R03-money-object" },
        { "pause_subscription", "Pauses a subscription.", null, null, RiskCategory.Financial, "R03-money-object" },
        { "telegram_agent_create_quote", "Creates a draft quotation.", null, null, RiskCategory.Financial, "R03-money-object" },
        { "odoo_execute", "Executes any model method.", null, null, RiskCategory.Execute, "R04-runs-code" },
        { "browser_run_code_unsafe", "Runs a code snippet.", null, "{\"readOnlyHint\": true}", RiskCategory.Execute, "R04-runs-code" },
        { "module_deploy", null, null, null, RiskCategory.Execute, "R04-runs-code" },
        { "install_helm_chart", null, null, null, RiskCategory.Execute, "R04-runs-code" },
        { "slack_post_message", "Posts a message to a channel.", null, null, RiskCategory.Execute, "R05-messages-people" },
        { "google_gmail_send", null, null, null, RiskCategory.Execute, "R05-messages-people" },
        { "sequentialthinking", "Records one step of a chain of reasoning.", null, "{\"readOnlyHint\": true}", RiskCategory.Other, "R06-supporting-operation" },
        { "browser_wait_for", "Waits for text to appear.", null, null, RiskCategory.Other, "R06-supporting-operation" },
        { "open_nodes", "Returns the nodes with the given names.", null, "{\"readOnlyHint\": true}", RiskCategory.Read, "R07-declared-read-only" },
        { "query", "Runs a read-only SQL query.", "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"}}}", null, RiskCategory.Read, "R07-declared-read-only" },
        { "module_deploy_history", null, null, null, RiskCategory.Read, "R08-report-noun" },
        { "browser_take_screenshot", "Takes a screenshot of the page.", null, null, RiskCategory.Read, "R08-report-noun" },
        { "identify_totp_status", "Says whether two-factor login is set up.", null, null, RiskCategory.Read, "R08-report-noun" },
        { "odoo_record_backup", "Reads a snapshot of records.", null, null, RiskCategory.Read, "R09-noun-like-verb-read" },
        { "odoo_sql_query", "Executes a raw SQL statement.", null, null, RiskCategory.Execute, "R10-code-noun" },
        { "proxy_refresh", "Rediscovers the tools of every internal service.", null, null, RiskCategory.Execute, "R11-drives-job" },
        { "pause_project", "Pauses a project.", null, null, RiskCategory.Execute, "R11-drives-job" },
        { "stop_port_forward", "Stops a port-forwarding process.", null, null, RiskCategory.Execute, "R11-drives-job" },
        { "ee_clone", "Clones the Enterprise repository.", null, null, RiskCategory.Execute, "R12-fetches-code" },
        { "oca_link", "Creates a symbolic link for an addon module.", null, null, RiskCategory.Execute, "R12-fetches-code" },
        { "browser_click", "Clicks an element.", null, null, RiskCategory.Execute, "R13-acts-in-ui" },
        { "browser_drop", "Drops files onto an element.", BrowserInputs, "{\"destructiveHint\": true}", RiskCategory.Execute, "R13-acts-in-ui" },
        { "open_connection_manager", null, null, null, RiskCategory.Execute, "R13-acts-in-ui" },
        { "apply_migration", "Applies a migration to the database.", null, null, RiskCategory.Execute, "R14-controls-running-work" },
        { "create_simulation_run", "Creates a simulation run.", null, null, RiskCategory.Execute, "R14-controls-running-work" },
        { "git_remote", "Works with git on a remote host.", CommandInput, null, RiskCategory.Execute, "R15-code-input" },
        { "github_api", null, null, null, RiskCategory.Execute, "R16-remote-call" },
        { "odoo_web_request", null, PathAndMethod, null, RiskCategory.Execute, "R16-remote-call" },
        { "odoo_stock_close_unaccounted_value", "Creates the missing inventory-valuation journal entry.", null, null, RiskCategory.Financial, "R17-money-description" },
        { "create_adjustment", "Creates an adjustment that refunds part of a transaction.", null, null, RiskCategory.Financial, "R17-money-description" },
        { "ee_update", "Pulls the latest commits into the Enterprise repository.", null, null, RiskCategory.Execute, "R18-description-runs" },
        { "browser_tabs", "Lists, creates, closes or selects a browser tab.", null, null, RiskCategory.Execute, "R18-description-runs" },
        { "identify_totp_disable", "Turns off two-factor login and deletes the stored secret.", null, null, RiskCategory.Destructive, "R19-description-destroys" },
        { "odoo_create", null, null, null, RiskCategory.Write, "R20-write-verb" },
        { "create_issue", "Creates an issue in a repository.", null, null, RiskCategory.Write, "R20-write-verb" },
        { "memory_pull", "Copies shared memory files into the personal store.", null, null, RiskCategory.Write, "R20-write-verb" },
        { "odoo_cert_refresh", "Fetches the certificate again and replaces the stored copy.", null, null, RiskCategory.Write, "R20-write-verb" },
        { "get_issue", "Returns one issue.", null, null, RiskCategory.Read, "R21-read-verb" },
        { "get_pull_request", "Returns one pull request.", null, null, RiskCategory.Read, "R21-read-verb" },
        { "list_payment_intents", "Lists payment intents.", null, null, RiskCategory.Read, "R21-read-verb" },
        { "stale_branches", "Removes branches nobody pushed to for a year.", null, null, RiskCategory.Destructive, "R22-description-destructive" }, // made up
        { "git_branch", "Manages branches: list, create or rename.", null, null, RiskCategory.Write, "R23-description-writes" },
        { "public_access_sitemap", "Downloads the website's sitemap.", null, null, RiskCategory.Read, "R24-description-reads" },
        { "idle", "Waits until the server is idle.", null, null, RiskCategory.Other, "R25-description-supporting" }, // made up
        { "flag_candidates", null, null, "{\"readOnlyHint\": false, \"destructiveHint\": true}", RiskCategory.Destructive, "R26-destructive-hint" }, // made up
        { "odoo_timesheet_timer", "Controls the timesheet timer.", null, null, RiskCategory.Write, "R27-default-write" },
    };

    [Theory]
    [MemberData(nameof(RuleTable))]
    public void Each_rule_classifies_its_real_tool_names(string name, string? description, string? schema, string? annotations,
        RiskCategory category, string ruleId)
    {
        var result = Classify(name, description, schema, annotations);
        Assert.Equal((category, RiskClassifier.DefaultLevel(category), ruleId), (result.Category, result.Level, result.RuleId));
        Assert.False(string.IsNullOrWhiteSpace(result.Explanation));
    }

    [Fact]
    public void Every_rule_in_the_table_is_covered_by_the_rule_table_test()
    {
        var covered = RuleTable().Select(row => (string)row[5]).ToHashSet(StringComparer.Ordinal);
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
    [InlineData("remote_exec")]
    [InlineData("ssh_execute")]
    [InlineData("fleet_upgrade")]
    public void Running_sending_deploying_and_calling_names_are_at_least_execute(string name)
        => Assert.True(Classify(name, "Lists things.", null, "{\"readOnlyHint\": true}").Category >= RiskCategory.Execute);

    [Fact]
    public void A_destructive_hint_alone_does_not_make_a_search_destructive_and_is_not_needed_for_a_destructive_name()
    {
        Assert.Equal(RiskCategory.Read, Classify("odoo_search_read", null, null, "{\"destructiveHint\": true}").Category);
        Assert.Equal(RiskCategory.Read, Classify("brave_web_search", "Searches the web.", null, "{\"readOnlyHint\": false, \"destructiveHint\": true, \"openWorldHint\": true}").Category);
        Assert.Equal(RiskCategory.Write, Classify("write_file", "Writes a file.", null, "{\"destructiveHint\": true}").Category);
        Assert.Equal(RiskCategory.Destructive, Classify("odoo_unlink", null, null, "{\"destructiveHint\": false}").Category);
    }

    [Fact]
    public void A_destructive_hint_counts_only_when_read_only_is_not_declared_and_nothing_else_speaks()
    {
        Assert.Equal(RiskCategory.Destructive, Classify("flag_candidates", null, null, "{\"destructiveHint\": true}").Category);
        Assert.Equal(RiskCategory.Read, Classify("flag_candidates", null, null, "{\"readOnlyHint\": true, \"destructiveHint\": true}").Category);
        Assert.Equal(RiskCategory.Write, Classify("flag_candidates", null, null, null).Category);
    }

    [Fact]
    public void A_read_only_hint_makes_a_tool_read_unless_its_name_destroys_pays_runs_code_messages_or_deploys()
    {
        const string ReadOnly = "{\"readOnlyHint\": true}";
        Assert.Equal(RiskCategory.Read, Classify("connect", "Connects to an instance and returns a connection id.", null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Read, Classify("open_nodes", "Opens nodes by name.", null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Read, Classify("trigger-long-running-operation", "Demonstrates a long operation.", null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Destructive, Classify("disconnect", "Closes a connection and revokes its id.", null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Financial, Classify("refund_payment", null, null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Execute, Classify("execute_sql", null, null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Execute, Classify("send_email", null, null, ReadOnly).Category);
        Assert.Equal(RiskCategory.Execute, Classify("stack_deploy", null, null, ReadOnly).Category);
    }

    [Fact]
    public void Idempotent_and_open_world_hints_never_decide()
    {
        Assert.Equal(RiskCategory.Read, Classify("brave_web_search", null, null, "{\"openWorldHint\": true, \"idempotentHint\": false}").Category);
        Assert.Equal(RiskCategory.Write, Classify("create_label", null, null, "{\"openWorldHint\": true, \"idempotentHint\": true}").Category);
    }

    [Fact]
    public void A_code_input_counts_only_when_the_name_says_nothing_and_a_plain_code_is_not_source()
    {
        var command = "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}}}";
        var code = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}";
        Assert.Equal(RiskCategory.Execute, Classify("remote_helper", null, command).Category);
        Assert.Equal(RiskCategory.Write, Classify("create_discount", "Creates a discount.", code).Category);
        Assert.Equal(RiskCategory.Write, Classify("identify_verify_totp", "Completes a login with a one-time code.", code).Category);
    }

    [Fact]
    public void A_name_with_verbs_of_different_kinds_follows_the_description()
    {
        Assert.Equal(RiskCategory.Read, Classify("provision_list_api_keys", "Lists the provisioning API keys.").Category);
        Assert.Equal(RiskCategory.Read, Classify("preview_transaction_create", "Previews a transaction without creating one.").Category);
        Assert.Equal(RiskCategory.Write, Classify("get_or_create_user", "Returns a user.").Category);
    }

    [Fact]
    public void Only_the_first_sentence_of_the_description_is_evidence()
    {
        var result = Classify("odoo_record_backup", "Reads a snapshot of records. Take one before something deletes them.");
        Assert.Equal(RiskCategory.Read, result.Category);
    }

    [Fact]
    public void Every_rule_gives_the_level_its_category_carries()
    {
        Assert.Equal(RiskLevel.Low, RiskClassifier.DefaultLevel(RiskCategory.Read));
        Assert.Equal(RiskLevel.Medium, RiskClassifier.DefaultLevel(RiskCategory.Write));
        Assert.Equal(RiskLevel.High, RiskClassifier.DefaultLevel(RiskCategory.Execute));
        Assert.Equal(RiskLevel.Critical, RiskClassifier.DefaultLevel(RiskCategory.Destructive));
        Assert.Equal(RiskLevel.Critical, RiskClassifier.DefaultLevel(RiskCategory.Financial));
        Assert.Equal(RiskLevel.Low, RiskClassifier.DefaultLevel(RiskCategory.Other));
        Assert.All(RiskClassifier.Rules, r => Assert.Equal(RiskClassifier.DefaultLevel(r.Category), r.Level));
    }

    [Fact]
    public void The_explanation_lists_the_facts_read_and_the_rules_checked_before_the_deciding_one()
    {
        var e = RiskClassifier.Explain("get_pull_request", "Returns one pull request.", LocatedJsonReader.Parse("{\"type\":\"object\",\"properties\":{\"owner\":{\"type\":\"string\"}}}"), LocatedJsonReader.Parse("{\"readOnlyHint\": false}"));
        Assert.Equal("R21-read-verb", e.Assessment.RuleId);
        Assert.Contains(e.Facts, f => f.Contains("pull request", StringComparison.Ordinal));
        Assert.Contains(e.Facts, f => f.StartsWith("the name's verb: get", StringComparison.Ordinal));
        Assert.Contains(e.Facts, f => f.Contains("readOnlyHint=false", StringComparison.Ordinal));
        Assert.Contains(e.Facts, f => f.Contains("owner", StringComparison.Ordinal));
        Assert.Equal(RiskClassifier.Rules.Take(20).Select(r => r.Id), e.RulesNotMatched);
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

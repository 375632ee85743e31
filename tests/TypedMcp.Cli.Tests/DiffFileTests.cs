using System.Linq;
using System.Threading.Tasks;
using TypedMcp.Json;

namespace TypedMcp.Cli.Tests;

public class DiffFileTests
{
    private static async Task<(CliRun Run, LocatedJsonNode Changes)> DiffJsonAsync(string before, string after)
    {
        using var dir = new TempDir();
        var a = dir.Write("old.json", before);
        var b = dir.Write("new.json", after);
        var run = await Cli.RunAsync("diff", a, b, "--json");
        run.AssertNoStackTrace();
        return (run, LocatedJsonReader.Parse(run.Out)["changes"]!);
    }

    private static LocatedJsonNode Change(LocatedJsonNode changes, string tool, string kind)
        => changes.Items.Single(c => c["tool"]!.AsString() == tool && c["kind"]!.AsString() == kind);

    [Fact]
    public async Task Identical_catalogs_have_no_changes_and_exit_0()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.json", SampleCatalogs.Shop);
        var run = await Cli.RunAsync("diff", a, a);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no changes", run.Out);
    }

    [Fact]
    public async Task Compatible_changes_exit_0_and_are_marked_compatible()
    {
        var after = SampleCatalogs.Shop
            .Replace("\"description\": \"Looks up one order.\"", "\"description\": \"Finds an order by id.\"")
            .Replace("\"note\": { \"type\": \"string\" } }", "\"note\": { \"type\": \"string\" }, \"tag\": { \"type\": \"string\" } }")
            .Replace("\"tools\": [", "\"tools\": [\n { \"name\": \"count_orders\", \"inputSchema\": { \"type\": \"object\" } },");
        var (run, changes) = await DiffJsonAsync(SampleCatalogs.Shop, after);
        Assert.Equal(0, run.ExitCode);
        Assert.False(Change(changes, "count_orders", "tool-added")["breaking"]!.AsBoolean());
        Assert.False(Change(changes, "get_order", "description-changed")["breaking"]!.AsBoolean());
        var tag = Change(changes, "update_order", "parameter-added");
        Assert.False(tag["breaking"]!.AsBoolean());
        Assert.Equal("tag", tag["path"]!.AsString());
    }

    [Fact]
    public async Task A_removed_tool_is_breaking_and_exits_1()
    {
        var after = SampleCatalogs.Shop.Replace("\"name\": \"delete_order\"", "\"name\": \"archive_order\"");
        var (run, changes) = await DiffJsonAsync(SampleCatalogs.Shop, after);
        Assert.Equal(1, run.ExitCode);
        Assert.True(Change(changes, "delete_order", "tool-removed")["breaking"]!.AsBoolean());
        Assert.False(Change(changes, "archive_order", "tool-added")["breaking"]!.AsBoolean());
    }

    [Fact]
    public async Task Removed_retyped_and_new_required_parameters_are_breaking()
    {
        var after = SampleCatalogs.Shop
            .Replace("\"properties\": { \"id\": { \"type\": \"integer\" }, \"note\": { \"type\": \"string\" } }, \"required\": [\"id\"]",
                     "\"properties\": { \"id\": { \"type\": \"string\" }, \"reason\": { \"type\": \"string\" } }, \"required\": [\"id\", \"reason\"]")
            .Replace("\"depth\": { \"type\": \"integer\" }", "\"depth\": { \"type\": \"boolean\" }");
        var (run, changes) = await DiffJsonAsync(SampleCatalogs.Shop, after);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("integer -> string", Change(changes, "update_order", "type-changed")["detail"]!.AsString());
        Assert.True(Change(changes, "update_order", "parameter-removed")["breaking"]!.AsBoolean());
        var reason = Change(changes, "update_order", "parameter-added");
        Assert.True(reason["breaking"]!.AsBoolean());
        Assert.Contains("new required parameter 'reason'", reason["detail"]!.AsString());
        Assert.Equal("options.depth", Change(changes, "get_order", "type-changed")["path"]!.AsString());
    }

    [Fact]
    public async Task An_optional_parameter_made_required_and_a_removed_enum_value_are_breaking()
    {
        var after = SampleCatalogs.Shop
            .Replace("[ \"id\" ]", "[\"id\", \"status\"]")
            .Replace("[\"open\", \"closed\"]", "[\"open\", \"pending\"]");
        var (run, changes) = await DiffJsonAsync(SampleCatalogs.Shop, after);
        Assert.Equal(1, run.ExitCode);
        Assert.True(Change(changes, "get_order", "requiredness-changed")["breaking"]!.AsBoolean());
        var enums = changes.Items.Where(c => c["kind"]!.AsString() == "enum-changed").ToList();
        Assert.Contains(enums, e => e["breaking"]!.AsBoolean() == true && e["detail"]!.AsString()!.Contains("\"closed\""));
        Assert.Contains(enums, e => e["breaking"]!.AsBoolean() == false && e["detail"]!.AsString()!.Contains("\"pending\""));
    }

    [Fact]
    public async Task Text_output_marks_each_change_breaking_or_compatible()
    {
        using var dir = new TempDir();
        var a = dir.Write("old.json", SampleCatalogs.Shop);
        var b = dir.Write("new.json", SampleCatalogs.Shop.Replace("\"name\": \"refund_payment\"", "\"name\": \"refund_payments\""));
        var run = await Cli.RunAsync("diff", a, b);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1 added, 1 removed, 0 changed; 1 breaking change.", run.Out);
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("refund_payment ") && l.Contains("tool-removed") && l.Contains("BREAKING"));
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("refund_payments") && l.Contains("compatible"));
    }

    [Fact]
    public async Task A_malformed_second_catalog_exits_2_with_its_position()
    {
        using var dir = new TempDir();
        var a = dir.Write("old.json", SampleCatalogs.Shop);
        var b = dir.Write("new.json", "{ \"tools\": [ { \"name\": \"x\", \"inputSchema\": { \"type\": \"strin\" } } ] }");
        var run = await Cli.RunAsync("diff", a, b);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("new.json(1,", run.Err);
        Assert.Contains("TMCP0003", run.Err);
        run.AssertNoStackTrace();
    }

    [Fact]
    public async Task Diff_needs_a_second_catalog_or_a_server()
    {
        using var dir = new TempDir();
        var a = dir.Write("old.json", SampleCatalogs.Shop);
        var run = await Cli.RunAsync("diff", a);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--stdio/--http", run.Err);
    }
}

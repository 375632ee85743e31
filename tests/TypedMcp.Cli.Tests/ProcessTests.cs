using System.IO;
using System.Threading.Tasks;

namespace TypedMcp.Cli.Tests;

/// <summary>The built CLI run as a separate process, the way users and CI run it.</summary>
public class ProcessTests
{
    [Fact]
    public async Task Help_works_as_a_process()
    {
        using var dir = new TempDir();
        var run = await Cli.RunProcessAsync(dir.Path, "--help");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("import", run.Out);
    }

    [Fact]
    public async Task Import_then_classify_as_a_process_prints_plain_text_when_redirected()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("root"));
        var import = await Cli.RunProcessAsync(dir.Path, "import", "--stdio", Cli.FilesystemServer(dir.File("root")), "-o", "fs.json");
        Assert.True(import.ExitCode == 0, import.All);
        Assert.True(File.Exists(dir.File("fs.json")));
        var classify = await Cli.RunProcessAsync(dir.Path, "classify", "fs.json");
        Assert.Equal(0, classify.ExitCode);
        Assert.Contains("read_text_file", classify.Out);
        Assert.DoesNotContain("\u001b[", classify.Out);
        Assert.DoesNotContain("╭", classify.Out);
    }

    [Fact]
    public async Task A_non_MCP_process_fails_with_exit_code_2_and_no_stack_trace()
    {
        using var dir = new TempDir();
        var run = await Cli.RunProcessAsync(dir.Path, "import", "--stdio", "echo hi", "--timeout", "20", "-o", "x.json");
        run.AssertNoStackTrace();
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Err.Substring(run.Err.IndexOf("error: ", System.StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Diff_as_a_process_exits_1_on_breaking_changes()
    {
        using var dir = new TempDir();
        dir.Write("old.json", SampleCatalogs.Shop);
        dir.Write("new.json", SampleCatalogs.Shop.Replace("\"name\": \"delete_order\"", "\"name\": \"purge_order\""));
        var run = await Cli.RunProcessAsync(dir.Path, "diff", "old.json", "new.json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BREAKING", run.Out);
    }
}

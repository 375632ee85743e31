using System.Threading.Tasks;

namespace TypedMcp.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_command_and_the_exit_codes()
    {
        var run = await Cli.RunAsync("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "import", "classify", "diff", "policy" }) { Assert.Contains(command, run.Out); }
        Assert.Contains("Exit codes", run.Out);
    }

    [Fact]
    public async Task Policy_init_help_documents_the_numbers_it_writes()
    {
        var run = await Cli.RunAsync("policy", "init", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("30 calls per 60 s", run.Out);
        Assert.Contains("10 calls per 60 s", run.Out);
        Assert.Contains("600 calls per 3600 s", run.Out);
    }

    [Fact]
    public async Task No_command_is_a_usage_error_with_exit_code_2()
    {
        var run = await Cli.RunAsync();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("typedmcp --help", run.Err);
    }

    [Fact]
    public async Task An_unknown_option_is_named_and_exits_with_2()
    {
        var run = await Cli.RunAsync("classify", "x.json", "--frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--frobnicate", run.Err);
        Assert.Contains("typedmcp classify --help", run.Err);
    }

    [Fact]
    public async Task Import_without_a_server_says_which_options_are_needed()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "-o", dir.File("c.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--stdio", run.Err);
        Assert.Contains("--http", run.Err);
    }

    [Fact]
    public async Task Stdio_and_http_together_are_refused()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", "x", "--http", "http://127.0.0.1:9/mcp", "-o", dir.File("c.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not both", run.Err);
    }

    [Fact]
    public async Task A_header_without_name_value_form_is_refused()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--http", "http://127.0.0.1:9/mcp", "--header", "Authorization", "-o", dir.File("c.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NAME=VALUE", run.Err);
    }

    [Fact]
    public async Task An_unclosed_quote_in_the_stdio_command_line_is_reported()
    {
        using var dir = new TempDir();
        var run = await Cli.RunAsync("import", "--stdio", "node \"server.js", "-o", dir.File("c.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unclosed", run.Err);
        run.AssertNoStackTrace();
    }

    [Fact]
    public void The_stdio_command_line_is_split_like_a_shell_would()
    {
        Assert.Equal(new[] { "npx", "-y", "pkg", "/tmp/a b", "it's" }, Servers.CommandLineSplitter.Split("npx -y pkg \"/tmp/a b\" it\\'s"));
        Assert.Equal(new[] { "a", "b c", "d\"e" }, Servers.CommandLineSplitter.Split("a 'b c' \"d\\\"e\""));
    }
}

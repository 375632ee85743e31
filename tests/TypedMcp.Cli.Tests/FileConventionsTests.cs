using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TypedMcp.TestSupport;

namespace TypedMcp.Cli.Tests;

/// <summary>
/// The CLI's side of the agreement table (TestSupport's <see cref="FileTable"/>): <c>policy check</c> scopes a policy
/// row's tool names per server exactly as the analyzer does (the analyzer tests hold it to the same numbers).
/// </summary>
public sealed class FileConventionsTests
{
    [Theory]
    [MemberData(nameof(FileTable.Ids), MemberType = typeof(FileTable))]
    public async Task Policy_check_scopes_a_policy_rows_tool_names_per_server_like_the_analyzer(string id)
    {
        var row = FileTable.Row(id);
        if (row.Kind != FileKind.Policy) { return; }
        using var dir = new TempDir();
        // The file keeps its name and folder: the server a policy is for comes from its name.
        var folder = Path.GetDirectoryName(row.RelativePath)!;
        if (folder.Length > 0) { Directory.CreateDirectory(dir.File(folder)); }
        var policy = dir.Write(row.RelativePath, FileTable.PolicyText);

        var governed = dir.Write("odoo.mcp.json", FileTable.GovernedCatalog.Text);
        var other = dir.Write("other.mcp.json", FileTable.OtherCatalog.Text);

        var run = await Cli.RunAsync("policy", "check", policy, "--catalog", governed, "--catalog", other);

        var unknown = run.Out.Split('\n').Count(l => l.Contains("error TMCP0208", System.StringComparison.Ordinal));
        Assert.True(FileTable.UnknownTools(row) == unknown, run.All);
        Assert.Equal(unknown > 0 ? 1 : 0, run.ExitCode);
    }
}

using System.Collections.Generic;
using System.Linq;
using TypedMcp.Files;

namespace TypedMcp.TestSupport;

/// <summary>What a file is to TypedMcp (the test's own copy of the model's kinds, so tests can name them publicly).</summary>
public enum FileKind
{
    /// <summary>Not read by TypedMcp.</summary>
    Other,

    /// <summary>A catalog.</summary>
    Catalog,

    /// <summary>A policy file.</summary>
    Policy,
}

/// <summary>What a row's file holds.</summary>
public enum RowContent
{
    /// <summary>A valid catalog of server <see cref="FileRow.CatalogServer"/> with one tool, <see cref="FileRow.ToolName"/>.</summary>
    Catalog,

    /// <summary>A JSON object without a <c>tools</c> array.</summary>
    NoTools,

    /// <summary>A policy (the test writes it).</summary>
    Policy,
}

/// <summary>
/// One path of the agreement table: what every part of TypedMcp must take the file to be.
/// </summary>
/// <param name="Id">A short name for test output, also the row's server and tool names.</param>
/// <param name="RelativePath">The path below the project folder, with <c>/</c> (or <c>\</c> for the Windows row).</param>
/// <param name="Kind">What the file is.</param>
/// <param name="PolicyServer">For a policy, the server it is for (null: every server).</param>
/// <param name="AddedByConvention">Whether the package's MSBuild targets add it to AdditionalFiles; null when MSBuild on this machine cannot lay the path out (Windows separators).</param>
/// <param name="Content">What the file holds.</param>
/// <param name="CatalogFolder">The project's <c>TypedMcpCatalogFolder</c>, or null for the default.</param>
public sealed record FileRow(string Id, string RelativePath, FileKind Kind, string? PolicyServer, bool? AddedByConvention, RowContent Content, string? CatalogFolder = null)
{
    /// <summary>The server of the catalog the row's file holds (when it holds one).</summary>
    public string CatalogServer => "srv-" + Id;

    /// <summary>The one tool of the catalog the row's file holds.</summary>
    public string ToolName => Id.Replace('-', '_') + "_tool";

    /// <summary>The row's file text (policy rows get theirs from the test).</summary>
    public string Text(string? policy = null) => Content switch
    {
        RowContent.Catalog => FileTable.CatalogText(CatalogServer, ToolName),
        RowContent.NoTools => """{ "title": "settings, not a catalog" }""",
        _ => policy ?? "{}",
    };

    /// <inheritdoc />
    public override string ToString() => Id + ": " + RelativePath;
}

/// <summary>
/// The one table of paths that the generator, the analyzer, the code fix, the CLI and the MSBuild targets must all
/// classify alike (see <c>TypedMcp.Files.FileConventions</c>). Every row's project folder lies inside a folder named
/// <c>catalog</c>, so every row also shows that folders above the project never count.
/// </summary>
public static class FileTable
{
    /// <summary>The project folder of in-memory runs (inside a folder named <c>catalog</c> on purpose).</summary>
    public const string ProjectDirectory = "/work/catalog/app/";

    /// <summary>The project folder of the Windows row.</summary>
    public const string WindowsProjectDirectory = @"C:\work\catalog\app\";

    /// <summary>Every row.</summary>
    public static IReadOnlyList<FileRow> Rows { get; } = new FileRow[]
    {
        new("catalog-file", "catalog/odoo.json", FileKind.Catalog, null, true, RowContent.Catalog),
        new("schema", "catalog/x.schema.json", FileKind.Other, null, false, RowContent.Catalog),
        new("vendor", "catalog/vendor/y.json", FileKind.Catalog, null, true, RowContent.Catalog),
        new("mcp-json", "catalogs/z.mcp.json", FileKind.Catalog, null, true, RowContent.Catalog),
        new("plural-folder", "catalogs/z.json", FileKind.Other, null, false, RowContent.Catalog),
        new("nested-folder", "src/catalog/n.json", FileKind.Catalog, null, true, RowContent.Catalog),
        new("no-tools", "catalog/notes.json", FileKind.Catalog, null, true, RowContent.NoTools),
        new("tools-elsewhere", "data/tools.json", FileKind.Other, null, false, RowContent.Catalog),
        new("settings", "appsettings.json", FileKind.Other, null, false, RowContent.NoTools),
        new("upper-case", "Catalog/Upper.MCP.JSON", FileKind.Catalog, null, true, RowContent.Catalog),
        new("node-modules", "node_modules/pkg/catalog/m.json", FileKind.Catalog, null, false, RowContent.Catalog),
        new("bin", "bin/catalog/b.json", FileKind.Catalog, null, false, RowContent.Catalog),
        new("windows", @"catalog\win\w.json", FileKind.Catalog, null, null, RowContent.Catalog),
        new("custom-folder", "mcp/servers/c.json", FileKind.Catalog, null, true, RowContent.Catalog, CatalogFolder: "mcp/servers"),
        new("default-folder-off", "catalog/d.json", FileKind.Other, null, false, RowContent.Catalog, CatalogFolder: "mcp/servers"),
        new("policy", "policy.json", FileKind.Policy, null, true, RowContent.Policy),
        new("policy-case", "Policy.json", FileKind.Policy, null, true, RowContent.Policy),
        new("server-policy", "srv-catalog-file.policy.json", FileKind.Policy, "srv-catalog-file", true, RowContent.Policy),
        new("odoo-policy", "odoo-claude-mcp.policy.json", FileKind.Policy, "odoo-claude-mcp", true, RowContent.Policy),
        new("unmatched-policy", "x.policy.json", FileKind.Policy, "x", true, RowContent.Policy),
        new("sub-policy", "sub/policy.json", FileKind.Policy, null, false, RowContent.Policy),
        new("catalog-policy", "catalog/policy.json", FileKind.Policy, null, false, RowContent.Policy),
        new("markdown", "catalog/readme.md", FileKind.Other, null, false, RowContent.NoTools),
    };

    /// <summary>The rows as xunit theory data (by id).</summary>
    public static IEnumerable<object[]> Ids => Rows.Select(r => new object[] { r.Id });

    /// <summary>The row with id <paramref name="id"/>.</summary>
    public static FileRow Row(string id) => Rows.Single(r => r.Id == id);

    /// <summary>The row's absolute path in an in-memory project.</summary>
    public static string AbsolutePath(FileRow row)
        => row.RelativePath.Contains('\\') ? WindowsProjectDirectory + row.RelativePath : ProjectDirectory + row.RelativePath;

    /// <summary>The row's project folder in an in-memory project.</summary>
    public static string ProjectDirectoryOf(FileRow row) => row.RelativePath.Contains('\\') ? WindowsProjectDirectory : ProjectDirectory;

    /// <summary>The options an in-memory project of the row has (its project folder and catalog folder).</summary>
    public static TestOptionsProvider Options(FileRow row) => TestOptionsProvider.ForProject(row.CatalogFolder, ProjectDirectoryOf(row));

    /// <summary>The rule's answer for the row, in the test's terms.</summary>
    public static (FileKind Kind, string? Server) Classify(FileRow row)
    {
        var file = FileConventions.FromBuildProperties(row.CatalogFolder, ProjectDirectoryOf(row)).Classify(AbsolutePath(row));
        return ((FileKind)(int)file.Kind, file.Server);
    }

    /// <summary>The server whose calls the policy rows are checked with (the analyzer tests' hand-written client is of it).</summary>
    public const string GovernedServer = "odoo-claude-mcp";

    /// <summary>A tool of <see cref="GovernedServer"/>; the policy rows deny it.</summary>
    public const string GovernedTool = "odoo_unlink";

    /// <summary>A tool of another server, <c>srv-other</c>; the policy rows name it too.</summary>
    public const string OtherTool = "other_tool";

    /// <summary>The catalog of <see cref="GovernedServer"/> next to every row (so the unknown-tool check is on).</summary>
    public static (string Path, string Text) GovernedCatalog { get; } = (ProjectDirectory + "catalog/odoo-claude-mcp.mcp.json", CatalogText(GovernedServer, GovernedTool));

    /// <summary>The catalog of the other server next to every policy row.</summary>
    public static (string Path, string Text) OtherCatalog { get; } = (ProjectDirectory + "catalog/other.mcp.json", CatalogText("srv-other", OtherTool));

    /// <summary>The text of every policy row: default deny, <see cref="GovernedTool"/> denied, <see cref="OtherTool"/> allowed.</summary>
    public static string PolicyText { get; } = "{\n  \"version\": \"1\",\n  \"default\": \"deny\",\n  \"tools\": {\n    \"" + GovernedTool + "\": { \"action\": \"deny\" },\n    \"" + OtherTool + "\": {}\n  }\n}\n";

    /// <summary>Whether a row's file governs calls to <see cref="GovernedServer"/>'s tools (a policy for every server or for that one).</summary>
    public static bool Governs(FileRow row) => row.Kind == FileKind.Policy && (row.PolicyServer is null || row.PolicyServer == GovernedServer);

    /// <summary>
    /// How many tool names of <see cref="PolicyText"/> a policy row's file is told are unknown (TMCP0208), with both
    /// catalogs present: names are scoped per server, so a server's own file may not name the other server's tool,
    /// and a file for a server no catalog describes is not checked.
    /// </summary>
    public static int UnknownTools(FileRow row) => row.PolicyServer == GovernedServer ? 1 : 0;

    /// <summary>A catalog of <paramref name="server"/> with one tool taking one string.</summary>
    public static string CatalogText(string server, string tool) => $$"""
        {
          "server": { "name": "{{server}}" },
          "tools": [
            { "name": "{{tool}}", "description": "A tool.", "inputSchema": { "type": "object", "properties": { "id": { "type": "string" } }, "required": ["id"] } }
          ]
        }
        """;
}

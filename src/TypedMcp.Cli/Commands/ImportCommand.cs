using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Cli.Servers;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Cli.Commands;

/// <summary><c>typedmcp import</c>: a live server's tools into a catalog, keeping the hand-made parts of an existing one.</summary>
internal static class ImportCommand
{
    public static Command Create(CommandContext context)
    {
        var server = new ServerOptions();
        var output = new Option<string>("--output", "-o")
        {
            Description = "The catalog file to write. If it exists, its hand-made parts are kept (descriptions, csharp overrides, risk overrides with a reason, outputSchema the server lacks) and the changes are reported.",
            HelpName = "catalog.json",
            Required = true,
        };
        var refresh = new Option<bool>("--refresh-descriptions") { Description = "Take every tool description from the server, replacing descriptions kept in the existing catalog." };
        var name = new Option<string?>("--server-name") { Description = "The server.name to write (what [McpClient(\"name\")] refers to). Default: the existing catalog's, else the name the server reports.", HelpName = "name" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of text." };
        var command = new Command("import", "Connect to a live MCP server, list all its tools and write a catalog with risk classes from the classifier.");
        server.AddTo(command);
        command.Add(output);
        command.Add(refresh);
        command.Add(name);
        command.Add(json);
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o => RunAsync(
            o, server.Read(parse), parse.GetValue(output)!, parse.GetValue(refresh), parse.GetValue(name), ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, ServerEndpoint? endpoint, string path, bool refreshDescriptions, string? serverName, CancellationToken ct)
    {
        if (endpoint is null) { throw new CliException("import needs a server: --stdio \"<command line>\" or --http <url>."); }
        if (serverName is { Length: 0 }) { throw new CliException("--server-name must not be empty."); }

        // Read the existing catalog first: a broken one must stop the import before it is overwritten.
        CatalogDocument? existing = null;
        string? existingText = null;
        if (File.Exists(path))
        {
            existing = CatalogFiles.Load(path, output);
            existingText = CatalogFiles.ReadText(path, "catalog");
        }

        var snapshot = await output.WithStatusAsync($"Connecting to {endpoint.Display} ...", status => McpServerReader.ReadAsync(endpoint, status, ct)).ConfigureAwait(false);
        var built = CatalogBuilder.Build(snapshot, existing, refreshDescriptions, serverName);
        var text = LocatedJsonWriter.Write(built.Catalog);
        var parsed = CatalogParser.Parse(text, path);
        var written = existingText != text;
        if (written) { CatalogFiles.Write(path, built.Catalog); }

        var changes = existing is not null && parsed.Catalog is not null
            ? CatalogDiff.Compare(existing, parsed.Catalog)
            : AllAdded(built.Catalog);
        var toolCount = built.Catalog["tools"]!.Items.Count;
        if (output.Json)
        {
            var notes = new List<LocatedJsonNode>();
            foreach (var n in built.Notes)
            {
                notes.Add(LocatedJsonNode.Object(("tool", n.Tool is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(n.Tool)), ("message", LocatedJsonNode.String(n.Message))));
            }

            output.WriteJson(LocatedJsonNode.Object(
                ("catalog", LocatedJsonNode.String(path)),
                ("server", LocatedJsonNode.Object(("name", LocatedJsonNode.String(snapshot.Name)), ("version", snapshot.Version is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(snapshot.Version)))),
                ("tools", LocatedJsonNode.Number(toolCount)),
                ("written", LocatedJsonNode.Boolean(written)),
                ("reimport", LocatedJsonNode.Boolean(existing is not null)),
                ("changes", ChangeReport.Json(changes)),
                ("notes", LocatedJsonNode.Array(notes))));
        }
        else
        {
            var from = snapshot.Version is null ? snapshot.Name : snapshot.Name + " " + snapshot.Version;
            output.Line($"Imported {CatalogFiles.Count(toolCount, "tool")} from {from} into {path}{(written ? string.Empty : " (unchanged)")}.");
            if (existing is null && parsed.Catalog is not null)
            {
                ClassifyCommand.PrintTable(output, parsed.Catalog);
            }
            else
            {
                output.Line(changes.Count == 0 ? "No changes since the last import." : "Changes: " + ChangeReport.Summary(changes));
                ChangeReport.Table(output, changes);
            }

            foreach (var n in built.Notes)
            {
                output.Line(n.Tool is null ? "note: " + n.Message : $"note: {n.Tool}: {n.Message}");
            }
        }

        // The server may publish something the catalog format rejects: the file is written so the user can see and fix it.
        var errors = CatalogFiles.PrintDiagnostics(parsed.Diagnostics, output);
        if (errors > 0)
        {
            output.Error.WriteLine($"error: {path} was written but has {CatalogFiles.Count(errors, "error")} (listed above) that the generator will report; fix them in the catalog.");
            return ExitCodes.Findings;
        }

        return ExitCodes.Success;
    }

    private static List<CatalogChange> AllAdded(LocatedJsonNode catalog)
    {
        var list = new List<CatalogChange>();
        foreach (var t in catalog["tools"]!.Items)
        {
            list.Add(new CatalogChange(t["name"]!.AsString()!, ChangeKind.ToolAdded, false, null, "new tool"));
        }

        return list;
    }
}

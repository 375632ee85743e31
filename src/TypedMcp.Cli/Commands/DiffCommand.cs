using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Cli.Servers;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Cli.Commands;

/// <summary><c>typedmcp diff</c>: changes between two catalogs, or between a catalog and the live server; exit 1 on breaking changes.</summary>
internal static class DiffCommand
{
    public static Command Create(CommandContext context)
    {
        var before = new Argument<string>("catalog") { Description = "The catalog to compare from (the old one)." };
        var after = new Argument<string?>("new-catalog") { Description = "The catalog to compare to. Leave out and give --stdio or --http to compare with the live server.", Arity = ArgumentArity.ZeroOrOne };
        var server = new ServerOptions();
        var json = new Option<bool>("--json") { Description = "Print the changes as JSON instead of a table." };
        var command = new Command("diff", "List added, removed and changed tools, each marked breaking or compatible. Exit code 1 when any change is breaking (for CI).")
        {
            before, after,
        };
        server.AddTo(command);
        command.Add(json);
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o => RunAsync(
            o, parse.GetValue(before)!, parse.GetValue(after), server.Read(parse), ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string beforePath, string? afterPath, ServerEndpoint? endpoint, CancellationToken ct)
    {
        if (afterPath is null && endpoint is null) { throw new CliException("diff needs a second catalog, or --stdio/--http to compare with the live server."); }
        if (afterPath is not null && endpoint is not null) { throw new CliException("Give either a second catalog or --stdio/--http, not both."); }
        var before = CatalogFiles.Load(beforePath, output);
        CatalogDocument after;
        string afterName;
        if (afterPath is not null)
        {
            after = CatalogFiles.Load(afterPath, output);
            afterName = afterPath;
        }
        else
        {
            var snapshot = await output.WithStatusAsync($"Connecting to {endpoint!.Display} ...", status => McpServerReader.ReadAsync(endpoint, status, ct)).ConfigureAwait(false);

            // Compare with what an import would write, descriptions refreshed, so hand-made parts are not reported as changes.
            var built = CatalogBuilder.Build(snapshot, before, refreshDescriptions: true);
            afterName = endpoint.Display;
            var parsed = CatalogParser.Parse(LocatedJsonWriter.Write(built.Catalog), afterName);
            if (parsed.Catalog is null || parsed.HasErrors)
            {
                CatalogFiles.PrintDiagnostics(parsed.Diagnostics, output);
                throw new CliException($"The tools {endpoint.Display} lists do not form a valid catalog (see above); import them to a file with 'typedmcp import' and fix it.");
            }

            after = parsed.Catalog;
        }

        var changes = CatalogDiff.Compare(before, after);
        var breaking = CatalogDiff.HasBreaking(changes);
        if (output.Json)
        {
            output.WriteJson(LocatedJsonNode.Object(
                ("from", LocatedJsonNode.String(beforePath)),
                ("to", LocatedJsonNode.String(afterName)),
                ("breaking", LocatedJsonNode.Boolean(breaking)),
                ("changes", ChangeReport.Json(changes))));
        }
        else if (changes.Count == 0)
        {
            output.Line($"{beforePath} -> {afterName}: no changes.");
        }
        else
        {
            output.Line($"{beforePath} -> {afterName}: {ChangeReport.Summary(changes)}");
            ChangeReport.Table(output, changes);
        }

        return breaking ? ExitCodes.Findings : ExitCodes.Success;
    }
}

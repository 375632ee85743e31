using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedMcp.Cli.Catalogs;
using TypedMcp.Cli.Output;
using TypedMcp.Cli.Servers;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Json;

namespace TypedMcp.Cli.Commands;

/// <summary>
/// <c>typedmcp import</c>: live servers' tools into catalogs, keeping the hand-made parts of existing ones. One server
/// (<c>--stdio</c>/<c>--http</c>, <c>-o file</c>) or every server of an MCP configuration file (<c>--config</c>,
/// <c>--output-dir</c>), read side by side.
/// </summary>
internal static class ImportCommand
{
    /// <summary>How many servers of a configuration file are read at the same time.</summary>
    private const int Parallelism = 4;

    public static Command Create(CommandContext context)
    {
        var server = new ServerOptions();
        var config = new Option<string?>("--config")
        {
            Description = "Import every server of an MCP configuration file (\"mcpServers\" as in Claude Desktop, Cursor and Claude Code, or VS Code's \"servers\"): each stdio server's command, args, env and cwd, or each HTTP server's url and headers. Catalogs are written to --output-dir as <name>.json.",
            HelpName = "mcp.json",
        };
        var only = new Option<string[]>("--server")
        {
            Description = "With --config: import only the server of this name (repeatable).",
            HelpName = "name",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The catalog file to write (one server). If it exists, its hand-made parts are kept (descriptions, csharp overrides, risk overrides with a reason, outputSchema the server lacks) and the changes are reported.",
            HelpName = "catalog.json",
        };
        var outputDir = new Option<string?>("--output-dir")
        {
            Description = "With --config: the folder the catalogs are written to, one <name>.json per server (default: the current folder). Existing catalogs are re-imported over, as with -o.",
            HelpName = "folder",
        };
        var refresh = new Option<bool>("--refresh-descriptions") { Description = "Take every tool description from the server, replacing descriptions kept in the existing catalog." };
        var name = new Option<string?>("--server-name") { Description = "The server.name to write (what [McpClient(\"name\")] refers to). Default: the existing catalog's, else the name the server reports (with --config: the server's name in the file).", HelpName = "name" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of text." };
        var command = new Command("import", "Connect to live MCP servers, list all their tools and write catalogs with risk classes from the classifier.");
        server.AddTo(command);
        command.Add(config);
        command.Add(only);
        command.Add(output);
        command.Add(outputDir);
        command.Add(refresh);
        command.Add(name);
        command.Add(json);
        command.SetAction((parse, ct) => context.RunAsync(parse.GetValue(json), o =>
        {
            var request = new ImportRequest(parse.GetValue(refresh), parse.GetValue(name));
            if (parse.GetValue(config) is { } configPath)
            {
                if (server.Read(parse) is not null) { throw new CliException("Give either --config or --stdio/--http, not both."); }
                if (parse.GetValue(output) is not null) { throw new CliException("With --config, catalogs are written as <name>.json into --output-dir; -o names the file of a single server."); }
                if (request.ServerName is not null) { throw new CliException("--server-name applies to a single server; with --config each catalog is named after its server in the file."); }
                var endpoints = Select(McpConfigFile.Read(configPath, CatalogFiles.ReadText(configPath, "MCP configuration"), server.ReadTimeout(parse)), parse.GetValue(only), configPath);
                var capabilities = server.ReadCapabilities(parse);
                var dir = parse.GetValue(outputDir) ?? ".";
                return RunManyAsync(o, endpoints.Select(e => e.WithCapabilities(capabilities)).ToList(), dir, request, ct);
            }

            if (parse.GetValue(only) is { Length: > 0 }) { throw new CliException("--server selects servers of a --config file."); }
            if (parse.GetValue(outputDir) is not null) { throw new CliException("--output-dir applies to --config; give a single server's catalog file with -o."); }
            var endpoint = server.Read(parse) ?? throw new CliException("import needs a server: --stdio \"<command line>\", --http <url>, or --config <mcp.json>.");
            var path = parse.GetValue(output) ?? throw new CliException("import needs -o <catalog.json>, the catalog file to write.");
            return RunOneAsync(o, endpoint, path, request, ct);
        }, ct));
        return command;
    }

    private static IReadOnlyList<ServerEndpoint> Select(IReadOnlyList<ServerEndpoint> all, string[]? names, string configPath)
    {
        if (names is not { Length: > 0 }) { return all; }
        var known = all.Select(e => e.Name!).ToList();
        foreach (var n in names)
        {
            if (!known.Contains(n, StringComparer.Ordinal)) { throw new CliException($"--server {n}: {configPath} has no server of that name; it has {string.Join(", ", known)}."); }
        }

        return all.Where(e => names.Contains(e.Name!, StringComparer.Ordinal)).ToList();
    }

    private static async Task<int> RunOneAsync(CliOutput output, ServerEndpoint endpoint, string path, ImportRequest request, CancellationToken ct)
    {
        if (request.ServerName is { Length: 0 }) { throw new CliException("--server-name must not be empty."); }

        // Read the existing catalog first: a broken one must stop the import before it is overwritten.
        var existing = ReadExisting(path, output);
        var snapshot = await output.WithStatusAsync($"Connecting to {endpoint.Display} ...", status => McpServerReader.ReadAsync(endpoint, status, ct)).ConfigureAwait(false);
        var outcome = Write(endpoint, path, existing, snapshot, request, request.ServerName);
        if (output.Json) { output.WriteJson(outcome.Json()); }
        else { outcome.Print(output); }
        return outcome.Finish(output);
    }

    private static async Task<int> RunManyAsync(CliOutput output, IReadOnlyList<ServerEndpoint> endpoints, string dir, ImportRequest request, CancellationToken ct)
    {
        // Existing catalogs are checked before any server is started: one broken file stops the whole run untouched.
        var existing = endpoints.Select(e => ReadExisting(Path.Combine(dir, e.Name + ".json"), output)).ToList();
        using var gate = new SemaphoreSlim(Parallelism);
        var tasks = endpoints.Select(async (endpoint, i) =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                output.Error.WriteLine($"{endpoint.Name}: connecting to {endpoint.Display} ...");
                var snapshot = await McpServerReader.ReadAsync(endpoint, _ => { }, ct).ConfigureAwait(false);
                lock (output) { return Write(endpoint, Path.Combine(dir, endpoint.Name + ".json"), existing[i], snapshot, request, existing[i].Catalog?.Server.Name ?? endpoint.Name); }
            }
            catch (CliException e)
            {
                return ImportOutcome.Failed(endpoint, Path.Combine(dir, endpoint.Name + ".json"), e.Message);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);

        if (output.Json)
        {
            output.WriteJson(LocatedJsonNode.Object(("servers", LocatedJsonNode.Array(outcomes.Select(o => o.Json()).ToList()))));
        }
        else
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (i > 0) { output.Line(); }
                outcomes[i].Print(output);
            }

            var failed = outcomes.Count(o => o.Failure is not null);
            output.Line();
            output.Line($"Imported {CatalogFiles.Count(outcomes.Length - failed, "server")} of {outcomes.Length} into {dir}.");
        }

        var code = ExitCodes.Success;
        foreach (var o in outcomes) { code = Math.Max(code, o.Finish(output)); }
        return code;
    }

    private static (CatalogDocument? Catalog, string? Text) ReadExisting(string path, CliOutput output)
        => File.Exists(path) ? (CatalogFiles.Load(path, output), CatalogFiles.ReadText(path, "catalog")) : (null, null);

    private static ImportOutcome Write(ServerEndpoint endpoint, string path, (CatalogDocument? Catalog, string? Text) existing, ServerSnapshot snapshot, ImportRequest request, string? serverName)
    {
        var built = CatalogBuilder.Build(snapshot, existing.Catalog, request.RefreshDescriptions, serverName);
        var text = LocatedJsonWriter.Write(built.Catalog);
        var parsed = TypingReport.WithTyping(CatalogParser.Parse(text, path), path);
        var written = existing.Text != text;
        if (written) { CatalogFiles.Write(path, built.Catalog); }
        var changes = existing.Catalog is not null && parsed.Catalog is not null
            ? CatalogDiff.Compare(existing.Catalog, parsed.Catalog)
            : AllAdded(built.Catalog);
        return new ImportOutcome(endpoint, path, snapshot, built, parsed, written, existing.Catalog is not null, changes, null);
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

    /// <summary>What the user asked the import to do with existing catalogs.</summary>
    private sealed record ImportRequest(bool RefreshDescriptions, string? ServerName);

    /// <summary>One server's import: what was written and what changed, or why it failed.</summary>
    private sealed record ImportOutcome(
        ServerEndpoint Endpoint,
        string Path,
        ServerSnapshot? Snapshot,
        CatalogBuildResult? Built,
        CatalogParseResult? Parsed,
        bool Written,
        bool Reimport,
        IReadOnlyList<CatalogChange> Changes,
        string? Failure)
    {
        public static ImportOutcome Failed(ServerEndpoint endpoint, string path, string message)
            => new(endpoint, path, null, null, null, false, false, Array.Empty<CatalogChange>(), message);

        private int ToolCount => Built?.Catalog["tools"]!.Items.Count ?? 0;

        public LocatedJsonNode Json()
        {
            var props = new List<LocatedJsonProperty>();
            if (Endpoint.Name is { } name) { props.Add(new("name", LocatedJsonNode.String(name))); }
            props.Add(new("catalog", LocatedJsonNode.String(Path)));
            if (Failure is not null || Snapshot is null || Built is null)
            {
                props.Add(new("error", LocatedJsonNode.String(Failure ?? "not imported")));
                return LocatedJsonNode.Object(props);
            }

            var notes = Built.Notes.Select(n => LocatedJsonNode.Object(("tool", n.Tool is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(n.Tool)), ("message", LocatedJsonNode.String(n.Message)))).ToList();
            props.Add(new("server", LocatedJsonNode.Object(("name", LocatedJsonNode.String(Snapshot.Name)), ("version", Snapshot.Version is null ? LocatedJsonNode.Null() : LocatedJsonNode.String(Snapshot.Version)))));
            props.Add(new("capabilities", LocatedJsonNode.String(Endpoint.Capabilities.ToString())));
            props.Add(new("tools", LocatedJsonNode.Number(ToolCount)));
            props.Add(new("written", LocatedJsonNode.Boolean(Written)));
            props.Add(new("reimport", LocatedJsonNode.Boolean(Reimport)));
            props.Add(new("changes", ChangeReport.Json(Changes)));
            props.Add(new("notes", LocatedJsonNode.Array(notes)));
            props.Add(new("typing", TypingReport.Json(Parsed!)));
            props.Add(new("diagnostics", LocatedJsonNode.Array(Parsed!.Diagnostics.Select(DiagnosticJson).ToList())));
            return LocatedJsonNode.Object(props);
        }

        public void Print(CliOutput output)
        {
            var label = Endpoint.Name is { } n ? n + ": " : string.Empty;
            if (Failure is not null || Snapshot is null || Built is null)
            {
                output.Line($"{label}not imported (see the error below).");
                return;
            }

            var from = Snapshot.Version is null ? Snapshot.Name : Snapshot.Name + " " + Snapshot.Version;
            output.Line($"{label}Imported {CatalogFiles.Count(ToolCount, "tool")} from {from} into {Path}{(Written ? string.Empty : " (unchanged)")}.");
            if (!Reimport && Parsed!.Catalog is not null)
            {
                ClassifyCommand.PrintTable(output, Parsed.Catalog);
            }
            else
            {
                output.Line(Changes.Count == 0 ? "No changes since the last import." : "Changes: " + ChangeReport.Summary(Changes));
                ChangeReport.Table(output, Changes);
            }

            foreach (var note in Built.Notes)
            {
                output.Line(note.Tool is null ? "note: " + note.Message : $"note: {note.Tool}: {note.Message}");
            }

            TypingReport.Summary(output, Parsed!);
        }

        /// <summary>Prints what went wrong on stderr and returns this server's exit code.</summary>
        public int Finish(CliOutput output)
        {
            if (Failure is not null)
            {
                output.Error.WriteLine("error: " + (Endpoint.Name is { } n ? n + ": " : string.Empty) + Failure);
                return ExitCodes.Failure;
            }

            // The server may publish something the catalog format rejects: the file is written so the user can see and fix it.
            var errors = CatalogFiles.PrintDiagnostics(Parsed!.Diagnostics, output);
            if (errors > 0)
            {
                output.Error.WriteLine($"error: {Path} was written but has {CatalogFiles.Count(errors, "error")} (listed above) that the generator will report; fix them in the catalog.");
                return ExitCodes.Findings;
            }

            return ExitCodes.Success;
        }

        private static LocatedJsonNode DiagnosticJson(ModelDiagnostic d) => LocatedJsonNode.Object(
            ("id", LocatedJsonNode.String(d.Id)),
            ("severity", LocatedJsonNode.String(d.Severity.ToString().ToLowerInvariant())),
            ("line", LocatedJsonNode.Number(d.Span.StartLine)),
            ("column", LocatedJsonNode.Number(d.Span.StartColumn)),
            ("message", LocatedJsonNode.String(d.Message)));
    }
}

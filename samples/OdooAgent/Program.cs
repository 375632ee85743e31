using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Spectre.Console;
using TypedMcp;
using TypedMcp.Policy;
using OdooAgent;

// Usage: OdooAgent [--server <path to OdooDemoServer.dll>]
//        OdooAgent scale-out --url <demo server's HTTP endpoint> ... (one agent of scripts/scale-out-demo.sh; see ScaleOut.cs)
if (args.Length > 0 && args[0] == "scale-out")
{
    using var scaleOut = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    return await ScaleOut.RunAsync(args, scaleOut.Token);
}

var serverDll = args.Length == 2 && args[0] == "--server" ? args[1] : DemoServer.FindDll();
if (Console.IsOutputRedirected) { AnsiConsole.Profile.Width = 140; }
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = cancellation.Token;

// 1. Start the demo server (stdio) and wrap the session in the generated, typed client.
await using var session = await DemoServer.ConnectAsync(serverDll, ct);
var odoo = new OdooClient(session);
AnsiConsole.MarkupLineInterpolated($"[bold]Connected to {session.ServerInfo?.Name} {session.ServerInfo?.Version}[/]");

var me = await odoo.WhoAmIAsync(ct);
AnsiConsole.MarkupLineInterpolated($"Signed in as {me.Json!.Value.GetProperty("name").GetString()} on tenant {me.Json!.Value.GetProperty("tenant_code").GetString()}");

// 2. Allowed calls through the typed client: a search with a domain, and the usage-ledger export.
var companies = await odoo.SearchReadAsync(
    "res.partner",
    domain: [JsonSerializer.SerializeToElement(new object[] { "is_company", "=", true })],
    fields: ["name", "city", "country_code"],
    limit: 5,
    cancellationToken: ct);
var partners = new Table().Title("Companies (odoo_search_read)").AddColumns("id", "name", "city", "country");
foreach (var c in companies.Json!.Value.EnumerateArray())
{
    partners.AddRow(c.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), Markup.Escape(c.GetProperty("name").GetString()!),
        c.GetProperty("city").GetString()!, c.GetProperty("country_code").GetString()!);
}

AnsiConsole.Write(partners);

var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
var to = new DateTimeOffset(2026, 11, 7, 23, 59, 59, TimeSpan.Zero);
UsageLogExportResult export = await odoo.UsageLogExportAsync("acme", from, to, cancellationToken: ct);

var ledger = new Table()
    .Title($"Usage ledger export for {export.TenantCode}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: {export.Rows} rows (ai_usage_log_export)")
    .AddColumns("id", "created_at", "source", "model", "input", "output", "cost (EUR mc)", "state", "billed");
foreach (var row in export.Csv)
{
    ledger.AddRow(
        row.Id.ToString(CultureInfo.InvariantCulture),
        row.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        row.Source,
        row.Model,
        row.InputTokens.ToString("N0", CultureInfo.InvariantCulture),
        row.OutputTokens.ToString("N0", CultureInfo.InvariantCulture),
        row.CostMillicents.ToString("N0", CultureInfo.InvariantCulture),
        row.State,
        row.Billed == 1 ? "yes" : "no");
}

AnsiConsole.Write(ledger);
AnsiConsole.MarkupLineInterpolated($"Billed cost: {export.Csv.Where(r => r.Billed == 1).Sum(r => r.CostMillicents) / 100_000.0:F2} EUR");

// 3. A call that only run time can judge: the method name comes from data (here an agent's plan), so the analyzer
//    leaves the deny_if on args.method to the guard, which refuses it before anything is sent.
string[] plan = ["unlink"];
foreach (var method in plan)
{
    try
    {
        await odoo.ExecuteAsync("res.partner", method, cancellationToken: ct);
    }
    catch (McpPolicyDeniedException denied)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]Refused at run time[/]: {denied.ToolName} with method '{method}' by rule {denied.RulePointer} ({denied.Reason}); nothing was sent.");
    }
}

// 4. The tools an LLM agent would be given: GetAgentToolsAsync leaves out what the policy hides or denies, and every
//    tool it returns is guarded (a refusal comes back to the model as an isError result starting [POLICY DENIED]).
var given = (await odoo.GetAgentToolsAsync(ct)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
var serverTools = (await session.ListToolsAsync(cancellationToken: ct)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
var tools = new Table().Title("Tools an agent would be given (policy.json)").AddColumns("tool", "decision", "limits");
foreach (var tool in serverTools)
{
    var decision = odoo.Guard.Evaluate(tool.Name, new Dictionary<string, object?>());
    var verdict = !given.Contains(tool.Name)
        ? "[red]withheld[/]: " + Markup.Escape(decision.Step.ToString())
        : decision.Verdict == PolicyVerdict.RequireApproval ? "[yellow]given, needs approval[/]" : "[green]given[/]";
    var limits = string.Join(", ", decision.Limits.Select(l => $"{l.Max} per {l.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"));
    tools.AddRow(tool.Name, verdict, given.Contains(tool.Name) ? limits : string.Empty);
}

AnsiConsole.Write(tools);
AnsiConsole.MarkupLineInterpolated($"{given.Count} of {serverTools.Count} tools given to the agent.");

// 5. The same policy governs clients TypedMcp did not generate: a raw McpClient over the guarded transport, and an
//    M.E.AI agent whose call needs approval (FunctionInvokingChatClient asks; the operator declines).
await GovernedClients.RawClientAsync(serverDll, ct);
await GovernedClients.AgentWithApprovalAsync(serverDll, ct);

// 6. A call to a hidden tool does not compile: see DeniedCall.cs (dotnet build samples/OdooAgent -p:ShowPolicyError=true).
AnsiConsole.MarkupLine("Calls to odoo_unlink are rejected at compile time (TMCP0101); build with -p:ShowPolicyError=true to see it.");
return 0;

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using OdooDemoServer.Data;

namespace OdooDemoServer.Tools;

/// <summary>Odoo's generic record tools: search, read, count, create, write, delete, call a method, list models.</summary>
/// <remarks>Parameter names are the wire names of the real server (snake_case), checked against tool-schemas.json at start-up.</remarks>
internal sealed class OdooRecordTools(DemoDatabase database)
{
    private readonly RecordStore _records = new(database);

    [McpServerTool(Name = "odoo_search_read", ReadOnly = true), Description("Finds records of a model that match a domain and returns the requested fields.")]
    public string SearchRead(string model, string connection = "default", JsonElement? domain = null, string[]? fields = null, long limit = 80, long offset = 0, string order = "")
    {
        Tenants.Resolve(connection);
        return ToolJson.Answer(_records.SearchRead(OdooModels.Get(model), domain, ToolJson.Fields(fields), limit, offset, order));
    }

    [McpServerTool(Name = "odoo_read", ReadOnly = true), Description("Returns the requested fields of the records with the given ids.")]
    public string Read(string model, long[] ids, string connection = "default", string[]? fields = null)
    {
        Tenants.Resolve(connection);
        return ToolJson.Answer(_records.Read(OdooModels.Get(model), ToolJson.Ids(ids), ToolJson.Fields(fields)));
    }

    [McpServerTool(Name = "odoo_search_count", ReadOnly = true), Description("Returns how many records of a model match a domain.")]
    public string SearchCount(string model, string connection = "default", JsonElement? domain = null)
    {
        Tenants.Resolve(connection);
        return ToolJson.Answer(new JsonObject { ["count"] = _records.Count(OdooModels.Get(model), domain) });
    }

    [McpServerTool(Name = "odoo_create"), Description("Inserts one record (values is an object) or several (values is a list of objects).")]
    public string Create(string model, JsonElement values, string connection = "default")
    {
        Tenants.Resolve(connection);
        var target = OdooModels.Get(model);
        if (values.ValueKind == JsonValueKind.Array)
        {
            var ids = _records.Create(target, values.EnumerateArray().ToList());
            return ToolJson.Answer(new JsonObject { ["ids"] = ToolJson.IdArray(ids) });
        }

        var id = _records.Create(target, new[] { values })[0];
        return ToolJson.Answer(new JsonObject { ["id"] = id });
    }

    [McpServerTool(Name = "odoo_write", Idempotent = true), Description("Changes field values on existing records.")]
    public string Write(string model, long[] ids, JsonElement values, string connection = "default")
    {
        Tenants.Resolve(connection);
        var targetIds = ToolJson.Ids(ids);
        _records.Write(OdooModels.Get(model), targetIds, values);
        return ToolJson.Answer(new JsonObject { ["success"] = true, ["ids"] = ToolJson.IdArray(targetIds) });
    }

    [McpServerTool(Name = "odoo_unlink", Destructive = true), Description("Permanently removes records.")]
    public string Unlink(string model, long[] ids, string connection = "default")
    {
        Tenants.Resolve(connection);
        var targetIds = ToolJson.Ids(ids);
        _records.Unlink(OdooModels.Get(model), targetIds);
        return ToolJson.Answer(new JsonObject { ["success"] = true, ["deleted"] = ToolJson.IdArray(targetIds) });
    }

    [McpServerTool(Name = "odoo_execute"), Description("Calls a model method by name with positional and keyword arguments. The demo server knows search, search_count, name_search, read, unlink, and on account.move action_post, button_draft and button_cancel.")]
    public string Execute(string model, string method, string connection = "default", JsonElement? args = null, JsonElement? kwargs = null)
    {
        Tenants.Resolve(connection);
        var target = OdooModels.Get(model);
        var positional = args is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().ToList() : new List<JsonElement>();
        var named = kwargs is { ValueKind: JsonValueKind.Object } k ? k : default;
        JsonElement? Argument(int index, string name) =>
            index < positional.Count ? positional[index]
            : named.ValueKind == JsonValueKind.Object && named.TryGetProperty(name, out var value) ? value
            : null;
        IReadOnlyList<long> IdsArgument() =>
            Argument(0, "ids") is { ValueKind: JsonValueKind.Array } ids ? ids.EnumerateArray().Select(i => i.GetInt64()).ToList()
            : throw new McpException($"{model}.{method} needs a list of record ids as its first argument.");

        switch (method)
        {
            case "search":
                var found = _records.SearchRead(target, Argument(0, "domain"), new[] { "id" }, 0, 0, string.Empty);
                return ToolJson.Answer(new JsonArray(found.Select(r => (JsonNode)JsonValue.Create(r!["id"]!.GetValue<long>())).ToArray()));
            case "search_count":
                return ToolJson.Answer(JsonValue.Create(_records.Count(target, Argument(0, "domain"))));
            case "name_search":
                var name = Argument(0, "name") is { ValueKind: JsonValueKind.String } n ? n.GetString()! : string.Empty;
                var limit = Argument(4, "limit") is { ValueKind: JsonValueKind.Number } l ? l.GetInt64() : 100;
                using (var domain = JsonDocument.Parse(JsonSerializer.Serialize(new object[] { new object[] { "name", "ilike", name } })))
                {
                    var matches = _records.SearchRead(target, domain.RootElement, new[] { "name" }, limit, 0, "name");
                    return ToolJson.Answer(new JsonArray(matches.Select(m => (JsonNode)new JsonArray(m!["id"]!.DeepClone(), m["name"]!.DeepClone())).ToArray()));
                }

            case "read":
                var fields = Argument(1, "fields") is { ValueKind: JsonValueKind.Array } f ? f.EnumerateArray().Select(x => x.GetString()!).ToList() : new List<string>();
                return ToolJson.Answer(_records.Read(target, IdsArgument(), fields));
            case "unlink":
                _records.Unlink(target, IdsArgument());
                return ToolJson.Answer(JsonValue.Create(true));
            case "action_post" or "button_draft" or "button_cancel" when target == OdooModels.Invoice:
                return ToolJson.Answer(ChangeInvoiceState(IdsArgument(), method));
            default:
                throw new McpException($"The demo server does not implement {model}.{method}; it knows search, search_count, name_search, read, unlink, and on account.move action_post, button_draft and button_cancel.");
        }
    }

    [McpServerTool(Name = "odoo_list_models", ReadOnly = true), Description("Lists the models of the database whose technical name contains the pattern.")]
    public string ListModels(string connection = "default", string pattern = "", long limit = 100)
    {
        Tenants.Resolve(connection);
        var models = OdooModels.All
            .Where(m => string.IsNullOrEmpty(pattern) || m.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Take(limit <= 0 ? int.MaxValue : (int)Math.Min(limit, int.MaxValue))
            .Select(m => (JsonNode)new JsonObject { ["model"] = m.Name, ["name"] = m.Description });
        return ToolJson.Answer(new JsonArray(models.ToArray()));
    }

    [McpServerTool(Name = "odoo_version", ReadOnly = true), Description("Reports the Odoo version behind the connection.")]
    public string Version(string connection = "default")
    {
        Tenants.Resolve(connection);
        return ToolJson.Answer(new JsonObject
        {
            ["server_version"] = "18.0",
            ["server_version_info"] = new JsonArray(18, 0, 0, "final", 0, ""),
            ["server_serie"] = "18.0",
            ["protocol_version"] = 1,
        });
    }

    [McpServerTool(Name = "who_am_i", ReadOnly = true), Description("Tells which user and connection the calls run as.")]
    public string WhoAmI()
    {
        var current = Tenants.Resolve("default");
        return ToolJson.Answer(new JsonObject
        {
            ["connection"] = current.Alias,
            ["uid"] = current.Uid,
            ["name"] = current.UserName,
            ["login"] = current.Login,
            ["url"] = current.OdooUrl,
            ["db"] = current.OdooDb,
            ["tenant_code"] = current.TenantCode,
        });
    }

    private JsonNode ChangeInvoiceState(IReadOnlyList<long> ids, string method)
    {
        var invoices = _records.Read(OdooModels.Invoice, ids, new[] { "state", "name", "invoice_date" });
        foreach (var invoice in invoices)
        {
            var id = invoice!["id"]!.GetValue<long>();
            var state = invoice["state"]!.GetValue<string>();
            var (allowedFrom, next) = method switch
            {
                "action_post" => ("draft", "posted"),
                "button_draft" => ("posted|cancel", "draft"),
                _ => ("draft|posted", "cancel"),
            };
            if (!allowedFrom.Split('|').Contains(state, StringComparer.Ordinal))
            {
                throw new McpException($"account.move {id} is '{state}'; {method} needs it to be {allowedFrom.Replace("|", " or ", StringComparison.Ordinal)}.");
            }

            var values = new JsonObject { ["state"] = next };
            if (method == "action_post" && invoice["name"]!.GetValue<string>() == "/")
            {
                values["name"] = $"INV/{DemoDatabase.Now.Year}/{id:00000}";
            }

            using var document = JsonDocument.Parse(values.ToJsonString());
            _records.Write(OdooModels.Invoice, new[] { id }, document.RootElement);
        }

        return JsonValue.Create(true);
    }
}

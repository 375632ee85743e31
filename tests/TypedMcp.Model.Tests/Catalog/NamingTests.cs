using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using TypedMcp.Catalog;
using TypedMcp.Diagnostics;
using TypedMcp.Naming;

namespace TypedMcp.Model.Tests.Catalog;

public class NamingTests
{
    [Theory]
    [InlineData("odoo_search_read", "OdooSearchRead")]
    [InlineData("ai_usage_log_export", "AiUsageLogExport")]
    [InlineData("read-graph", "ReadGraph")]
    [InlineData("getHTTPResponse", "GetHttpResponse")]
    [InlineData("list.items", "ListItems")]
    [InlineData("2fa_enroll", "_2faEnroll")]
    [InlineData("___", "_")]
    [InlineData("identify_totp_enroll", "IdentifyTotpEnroll")]
    public void Wire_names_become_pascal_case(string wire, string expected)
        => Assert.Equal(expected, CSharpNames.ToPascalCase(wire));

    [Theory]
    [InlineData("tenant_code", "tenantCode")]
    [InlineData("ref", "ref")]
    [InlineData("ID", "id")]
    public void Wire_names_become_camel_case(string wire, string expected)
        => Assert.Equal(expected, CSharpNames.ToCamelCase(wire));

    [Fact]
    public void Naming_is_the_same_under_a_turkish_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            Assert.Equal("IdentifyWithToken", CSharpNames.ToPascalCase("identify_with_token"));
            Assert.Equal("infoId", CSharpNames.ToCamelCase("INFO_ID"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static (IReadOnlyList<ResolvedTool> Tools, List<ModelDiagnostic> Diagnostics) Resolve(string json)
    {
        var parsed = CatalogParser.Parse(json, "n.json");
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics));
        var diags = new List<ModelDiagnostic>();
        return (ToolNameResolver.Resolve(parsed.Catalog!, diags), diags);
    }

    [Fact]
    public void Prefixes_are_stripped_overrides_apply_and_required_parameters_come_first()
    {
        var (tools, diags) = Resolve("""
            { "server": { "name": "s" }, "naming": { "stripPrefixes": ["odoo_"] }, "tools": [
              { "name": "odoo_unlink", "inputSchema": { "properties": { "ids": { "type": "array" }, "model": { "type": "string" }, "ref": {} }, "required": ["model"] } },
              { "name": "ai_usage_log_export", "inputSchema": { "properties": { "connection": {}, "tenant_code": {}, "date_from": {} } },
                "csharp": { "methodName": "UsageLogExport", "parameters": { "tenant_code": "tenant", "date_from": "from" }, "required": ["tenant_code", "date_from"] } } ] }
            """);

        Assert.Empty(diags);
        Assert.Equal(["UnlinkAsync", "UsageLogExportAsync"], tools.Select(t => t.MethodName));
        Assert.Equal(["model", "ids", "@ref"], tools[0].Parameters.Select(p => p.CSharpName));
        Assert.Equal(["tenant", "from", "connection"], tools[1].Parameters.Select(p => p.CSharpName));
        Assert.Equal([true, true, false], tools[1].Parameters.Select(p => p.IsRequired));
    }

    [Fact]
    public void Two_tools_with_one_method_name_are_a_located_error_not_a_rename()
    {
        var (tools, diags) = Resolve("""
            { "server": { "name": "s" }, "naming": { "stripPrefixes": ["a_", "b_"] }, "tools": [
              { "name": "a_search", "inputSchema": {} },
              { "name": "b_search", "inputSchema": {} } ] }
            """);

        var d = Assert.Single(diags);
        Assert.Equal(DiagnosticIds.CatalogNameCollision, d.Id);
        Assert.Equal(3, d.Span.StartLine);
        Assert.Contains("a_search", d.Message);
        Assert.Single(tools);
    }

    [Fact]
    public void Parameters_that_collide_or_shadow_the_cancellation_token_are_errors()
    {
        var (_, diags) = Resolve("""
            { "server": { "name": "s" }, "tools": [
              { "name": "t", "inputSchema": { "properties": { "user_id": {}, "userId": {}, "cancellation_token": {} } } } ] }
            """);

        Assert.Equal(2, diags.Count(d => d.Id == DiagnosticIds.CatalogNameCollision));
    }

    [Theory]
    [InlineData("\"methodName\": \"class\"")]
    [InlineData("\"methodName\": \"9lives\"")]
    [InlineData("\"parameters\": { \"x\": \"void\" }")]
    public void Overrides_that_are_keywords_or_not_identifiers_are_errors(string overrides)
    {
        var (tools, diags) = Resolve("{ \"server\": { \"name\": \"s\" }, \"tools\": [ { \"name\": \"t\", \"inputSchema\": { \"properties\": { \"x\": {} } }, \"csharp\": { " + overrides + " } } ] }");

        Assert.Equal(DiagnosticIds.CatalogInvalidIdentifier, Assert.Single(diags).Id);
        Assert.Empty(tools);
    }

    [Fact]
    public void Unique_name_overrides_number_the_later_of_two_colliding_names_and_then_resolve_without_errors()
    {
        const string Catalog = """
            { "server": { "name": "s" }, "tools": [
              { "name": "get-user", "inputSchema": { "type": "object", "properties": { "user_id": { "type": "string" }, "userId": { "type": "string" }, "cancellation_token": { "type": "string" } } } },
              { "name": "get_user", "inputSchema": { "type": "object" } },
              { "name": "getUser2", "inputSchema": { "type": "object" } },
              { "name": "list", "inputSchema": { "type": "object" } }
            ] }
            """;
        var parsed = CatalogParser.Parse(Catalog, "n.json").Catalog!;
        var overrides = ToolNameResolver.UniqueNameOverrides(parsed, new TypedMcp.Typing.SchemaShapes("n.json"));
        Assert.Equal(
            new[] { "get-user/userId=userId2", "get-user/cancellation_token=cancellationToken2", "get_user=GetUser2", "getUser2=GetUser22" },
            overrides.Select(o => o.Argument is null ? $"{o.Tool}={o.Name}" : $"{o.Tool}/{o.Argument}={o.Name}"));
        Assert.Contains("'user_id'", overrides[0].Reason);
        Assert.Contains("CancellationToken", overrides[1].Reason);

        // Written back as csharp overrides, the catalog resolves every tool with no diagnostic.
        var node = TypedMcp.Json.LocatedJsonReader.Parse(Catalog);
        var tools = node["tools"]!.Items.Select(t =>
        {
            var mine = overrides.Where(o => o.Tool == t["name"]!.AsString()).ToList();
            if (mine.Count == 0) { return t; }
            var csharp = new List<(string, TypedMcp.Json.LocatedJsonNode?)>();
            if (mine.FirstOrDefault(o => o.Argument is null) is { } method) { csharp.Add(("methodName", TypedMcp.Json.LocatedJsonNode.String(method.Name))); }
            var renames = mine.Where(o => o.Argument is not null).Select(o => (o.Argument!, (TypedMcp.Json.LocatedJsonNode?)TypedMcp.Json.LocatedJsonNode.String(o.Name))).ToArray();
            if (renames.Length > 0) { csharp.Add(("parameters", TypedMcp.Json.LocatedJsonNode.Object(renames))); }
            return TypedMcp.Json.LocatedJsonNode.Object(t.Properties.Select(p => (p.Name, (TypedMcp.Json.LocatedJsonNode?)p.Value)).Append(("csharp", TypedMcp.Json.LocatedJsonNode.Object(csharp.ToArray()))).ToArray());
        }).ToList();
        var fixedText = TypedMcp.Json.LocatedJsonWriter.Write(TypedMcp.Json.LocatedJsonNode.Object(("server", node["server"]), ("tools", TypedMcp.Json.LocatedJsonNode.Array(tools))));
        var (resolved, diags) = Resolve(fixedText);
        Assert.Empty(diags);
        Assert.Equal(new[] { "GetUserAsync", "GetUser2Async", "GetUser22Async", "ListAsync" }, resolved.Select(t => t.MethodName));
        Assert.Equal(new[] { "userId", "userId2", "cancellationToken2" }, resolved[0].Parameters.Select(p => p.CSharpName));
        Assert.Empty(ToolNameResolver.UniqueNameOverrides(CatalogParser.Parse(fixedText, "n.json").Catalog!, new TypedMcp.Typing.SchemaShapes("n.json")));
    }
}

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NJsonSchema;

namespace TypedMcp.Model.Tests.CatalogContent;

public class CatalogSchemaTests
{
    private static Task<JsonSchema> LoadSchemaAsync() => JsonSchema.FromFileAsync(CatalogFiles.SchemaPath);

    [Fact]
    public async Task Every_shipped_catalog_is_valid_against_the_catalog_schema()
    {
        var schema = await LoadSchemaAsync();
        var catalogs = CatalogFiles.ShippedCatalogs();
        Assert.Contains(catalogs, p => Path.GetFileName(p) == CatalogFiles.OdooCatalog);
        foreach (var path in catalogs)
        {
            var errors = schema.Validate(File.ReadAllText(path));
            Assert.True(errors.Count == 0, Path.GetFileName(path) + ":\n" + string.Join("\n", errors.Select(e => $"{e.Path} line {e.LineNumber}: {e.Kind}")));
        }
    }

    [Fact]
    public void The_schema_declares_json_schema_2020_12()
    {
        var root = CatalogFiles.Load(CatalogFiles.SchemaPath);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root["$schema"]!.AsString());
    }

    [Theory]
    [InlineData("{\"tools\": [{\"name\": \"t\", \"inputSchema\": {\"type\": \"object\"}, \"risk\": {\"category\": \"Dangerous\", \"level\": \"low\"}}]}", "category")]
    [InlineData("{\"tools\": [{\"name\": \"t\", \"inputSchema\": {\"type\": \"object\"}, \"risk\": {\"category\": \"Read\", \"level\": \"severe\"}}]}", "level")]
    [InlineData("{\"tools\": [{\"name\": \"t\", \"inputSchema\": {\"type\": \"object\"}, \"risk\": {\"category\": \"Read\"}}]}", "level")]
    [InlineData("{\"tools\": [{\"name\": \"t\", \"inputSchema\": {\"type\": \"string\"}}]}", "type")]
    [InlineData("{\"tools\": [{\"inputSchema\": {\"type\": \"object\"}}]}", "name")]
    [InlineData("{\"tools\": [{\"name\": \"t\", \"inputSchema\": {\"type\": \"object\"}, \"csharp\": {\"methodName\": \"1Bad\"}}]}", "methodName")]
    [InlineData("{\"naming\": {\"stripPrefixes\": [\"odoo_\"], \"stripSuffixes\": []}, \"tools\": []}", "stripSuffixes")]
    public async Task Catalogs_that_break_the_format_are_rejected_at_the_offending_field(string json, string field)
    {
        var errors = await ValidateAsync(json);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_keys_from_a_tools_list_dump_are_accepted()
    {
        const string dump = "{\"_meta\": {}, \"nextCursor\": null, \"tools\": [{\"name\": \"t\", \"_meta\": {\"x\": 1}, \"inputSchema\": {\"type\": \"object\", \"properties\": {}}, \"annotations\": {\"readOnlyHint\": true}}]}";
        Assert.Empty(await ValidateAsync(dump));
    }

    private static async Task<string[]> ValidateAsync(string json)
    {
        var schema = await LoadSchemaAsync();
        return schema.Validate(json).SelectMany(Flatten).ToArray();

        static System.Collections.Generic.IEnumerable<string> Flatten(NJsonSchema.Validation.ValidationError e)
        {
            yield return e.Path + " " + e.Property + " " + e.Kind;
            if (e is NJsonSchema.Validation.ChildSchemaValidationError c)
            {
                foreach (var inner in c.Errors.Values.SelectMany(v => v).SelectMany(Flatten)) { yield return inner; }
            }
        }
    }
}

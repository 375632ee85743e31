using System.IO;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using TypedMcp.Hardening.Tests.Fuzzing;
using TypedMcp.Hardening.Tests.Infrastructure;
using TypedMcp.TestSupport;
using TypedMcp.Json;

namespace TypedMcp.Hardening.Tests.Determinism;

/// <summary>
/// The same catalog gives byte-identical generated source whatever the tool order in the file, the current culture,
/// the catalog's line endings and the machine (paths, time).
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class DeterminismTests
{
    private const string Server = "odoo-claude-mcp";

    public static TheoryData<string> Catalogs => new() { "odoo", "seed" };

    [Theory]
    [MemberData(nameof(Catalogs))]
    public void Tool_order_in_the_catalog_file_does_not_change_the_generated_source(string which)
    {
        var (server, text) = Catalog(which);
        var reversed = WithTools(text, tools => tools.AsEnumerable().Reverse().ToList());
        var shuffled = WithTools(text, tools => tools.OrderBy(t => Hash(t.ToString())).ToList());
        Assert.NotEqual(text, reversed);

        var expected = Generate(server, "/repo/catalog/c.mcp.json", text);
        Assert.Equal(expected, Generate(server, "/repo/catalog/c.mcp.json", reversed));
        Assert.Equal(expected, Generate(server, "/repo/catalog/c.mcp.json", shuffled));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    [InlineData("de-DE")]
    [InlineData("ja-JP")]
    [InlineData("fa-IR")]
    public void The_current_culture_does_not_change_the_generated_source(string culture)
    {
        var (server, text) = Catalog("odoo");
        var expected = WithCulture(CultureInfo.InvariantCulture, () => Generate(server, "/repo/catalog/c.mcp.json", text));

        var actual = WithCulture(CultureInfo.GetCultureInfo(culture), () => Generate(server, "/repo/catalog/c.mcp.json", text));

        Assert.Equal(expected, actual);
        // Turkish casing is the classic trap: "id" must not become "İd" nor "ıd".
        Assert.DoesNotContain("İ", Join(actual), StringComparison.Ordinal);
        Assert.DoesNotContain("ı", Join(actual), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Catalogs))]
    public void Crlf_and_lf_catalogs_give_the_same_generated_source(string which)
    {
        var (server, text) = Catalog(which);
        var lf = text.Replace("\r\n", "\n");
        var crlf = lf.Replace("\n", "\r\n");

        var fromLf = Generate(server, "/repo/catalog/c.mcp.json", lf);
        var fromCrlf = Generate(server, "/repo/catalog/c.mcp.json", crlf);
        var fromBom = Generate(server, "/repo/catalog/c.mcp.json", "\uFEFF" + crlf);

        Assert.Equal(fromLf, fromCrlf);
        Assert.Equal(fromLf, fromBom);
        // The output has one line-ending convention, whatever the input had.
        Assert.DoesNotContain("\r\n", Join(fromLf), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_machine_with_other_paths_and_another_time_gets_the_same_generated_source_with_no_path_or_timestamp_in_it()
    {
        var (server, text) = Catalog("odoo");

        var here = Generate(server, "/home/alice/src/app/catalog/odoo.mcp.json", text);
        Thread.Sleep(1100);
        var there = Generate(server, "/builds/agent-7/w/1/s/catalog/odoo.mcp.json", text);

        Assert.Equal(here, there);
        var all = Join(here);
        Assert.DoesNotContain("/home/alice", all, StringComparison.Ordinal);
        Assert.DoesNotContain("odoo.mcp.json", all, StringComparison.Ordinal);
        foreach (var format in new[] { "yyyy-MM-dd", "M/d/yyyy", "dd.MM.yyyy" })
        {
            Assert.DoesNotContain(DateTime.Now.ToString(format, CultureInfo.InvariantCulture), all, StringComparison.Ordinal);
            Assert.DoesNotContain(DateTime.UtcNow.ToString(format, CultureInfo.InvariantCulture), all, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Environment.MachineName, all, StringComparison.Ordinal);
        // The user's home folder, not the bare user name ("root" is an ordinary word in descriptions).
        Assert.DoesNotContain(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/", all, StringComparison.Ordinal);
    }

    private static (string Server, string Text) Catalog(string which)
        => which == "odoo" ? (Server, File.ReadAllText(RepoPaths.OdooCatalog)) : (Seeds.ServerName, Seeds.Catalog);

    /// <summary>Every generated file, "hint name\n text", in ordinal order of hint names.</summary>
    private static IReadOnlyList<string> Generate(string server, string path, string catalog)
    {
        var run = Pipeline.Run(Pipeline.ClientSource(server, "DeterminismClient"), new[] { (path, catalog) }, analyze: false);
        // Compiling is proven by the fuzz and generator tests; here only the text matters (and binding is slow).
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var sources = run.Sources();
        Assert.NotEmpty(sources);
        return sources.Select(s => s.HintName + "\n" + s.Text).ToList();
    }

    private static string Join(IReadOnlyList<string> files) => string.Join("\n", files);

    private static string WithTools(string catalog, Func<List<LocatedJsonNode>, List<LocatedJsonNode>> reorder)
    {
        var root = LocatedJsonReader.Parse(catalog);
        var props = root.Properties.Select(p => p.Name == "tools" ? new LocatedJsonProperty(p.Name, LocatedJsonNode.Array(reorder(p.Value.Items.ToList()))) : new LocatedJsonProperty(p.Name, p.Value));
        return LocatedJsonWriter.Write(LocatedJsonNode.Object(props.ToList()));
    }

    private static uint Hash(string s)
    {
        unchecked
        {
            var h = 2166136261u;
            foreach (var c in s) { h = (h ^ c) * 16777619u; }
            return h;
        }
    }

    private static T WithCulture<T>(CultureInfo culture, Func<T> body)
    {
        var (culture0, ui0, default0, defaultUi0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture, CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = culture;
            return body();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture0, ui0);
            (CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture) = (default0, defaultUi0);
        }
    }
}

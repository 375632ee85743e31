using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TypedMcp.PackageTests.Infrastructure;

namespace TypedMcp.PackageTests;

/// <summary>docs/getting-started.md shows only code that a test compiles or runs: every block is copied from a tested file.</summary>
public sealed class GettingStartedDocTests
{
    private static readonly Regex Block = new(@"^```(?<lang>[a-z]+)\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    [Fact]
    public void Every_csharp_block_appears_verbatim_in_a_file_under_samples_or_tests()
    {
        var blocks = Blocks("csharp");
        Assert.NotEmpty(blocks);
        var sources = Directory.EnumerateFiles(Repo.File("samples"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repo.File("tests"), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Normalize(File.ReadAllText(p)))
            .ToList();

        foreach (var block in blocks)
        {
            Assert.True(sources.Any(s => s.Contains(block, StringComparison.Ordinal)), "This csharp block of docs/getting-started.md is in no file under samples/ or tests/:" + Environment.NewLine + block);
        }
    }

    [Fact]
    public void Every_csharp_block_of_every_doc_appears_in_a_compiled_file_under_samples_or_tests()
    {
        // Indentation may differ (a snippet sits inside a method there); the lines themselves may not.
        static string Lines(string text) => string.Join("\n", Normalize(text).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        var sources = Directory.EnumerateFiles(Repo.File("samples"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repo.File("tests"), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Lines(File.ReadAllText(p)))
            .ToList();
        // docs/diagnostics/*.md show code that is meant to FAIL with their id; the analyzer tests cover each id instead.
        var docs = Directory.EnumerateFiles(Repo.File("docs"), "*.md", SearchOption.TopDirectoryOnly).Append(Repo.File("README.md")).ToList();

        var missing = new List<string>();
        foreach (var doc in docs)
        {
            foreach (Match m in Block.Matches(File.ReadAllText(doc)))
            {
                if (m.Groups["lang"].Value != "csharp") { continue; }
                var block = Lines(m.Groups["code"].Value);
                if (!sources.Any(s => s.Contains(block, StringComparison.Ordinal))) { missing.Add(Path.GetFileName(doc) + ":\n" + m.Groups["code"].Value); }
            }
        }

        Assert.True(missing.Count == 0, "These csharp blocks are in no compiled file under samples/ or tests/:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_json_and_xml_block_appears_verbatim_in_a_tested_file()
    {
        var files = new[]
        {
            "samples/OdooAgent/OdooAgent.csproj", "samples/OdooAgent/policy.json",
            "tests/TypedMcp.PackageTests/ConsumerTemplate/Consumer.csproj.template", "tests/TypedMcp.PackageTests/ConsumerTemplate/policy.json",
            "src/TypedMcp/buildTransitive/TypedMcp.props",
        }.Select(f => Normalize(File.ReadAllText(Repo.File(f)))).ToList();

        foreach (var block in Blocks("json").Concat(Blocks("xml")))
        {
            Assert.True(files.Any(f => f.Contains(block, StringComparison.Ordinal)), "This block of docs/getting-started.md is in no tested file:" + Environment.NewLine + block);
        }
    }

    [Fact]
    public void Every_file_the_guide_names_exists()
    {
        var text = File.ReadAllText(Repo.File("docs/getting-started.md"));
        var named = Regex.Matches(text, @"`((?:samples|tests|src|catalog|docs)/[A-Za-z0-9_./-]+)`").Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(named);
        Assert.All(named, path => Assert.True(File.Exists(Repo.File(path)) || Directory.Exists(Repo.File(path)), $"docs/getting-started.md names {path}, which does not exist."));
    }

    private static List<string> Blocks(string language)
    {
        var text = File.ReadAllText(Repo.File("docs/getting-started.md"));
        return Block.Matches(text).Where(m => m.Groups["lang"].Value == language).Select(m => Normalize(m.Groups["code"].Value).TrimEnd('\n')).ToList();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}

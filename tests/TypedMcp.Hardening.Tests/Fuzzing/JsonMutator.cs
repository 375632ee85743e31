using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using TypedMcp.Json;

namespace TypedMcp.Hardening.Tests.Fuzzing;

/// <summary>
/// A seeded mutation engine for JSON text. Text mutations break syntax (truncation at every kind of position, char
/// flips, insertions, deletions, deep nesting, huge strings, BOMs, line endings); tree mutations keep the JSON valid
/// but attack meaning (wrong types for known keys, duplicate keys, hostile names, removed and unknown keys).
/// The same seed always gives the same cases.
/// </summary>
internal sealed class JsonMutator(Random random, IReadOnlyList<string> knownKeys)
{
    /// <summary>Names that have broken code generators: C# keywords, contextual keywords, generated names, odd Unicode.</summary>
    public static readonly string[] HostileNames =
    {
        "class", "namespace", "event", "params", "this", "base", "object", "string", "void", "async", "await", "var",
        "dynamic", "record", "value", "global", "__arglist", "cancellationToken", "CancellationToken", "client", "Client",
        "__arguments", "__result", "CallToolAsync", "CallToolCoreAsync", "ToString", "GetHashCode", "Equals", "Finalize",
        "System", "TypedMcp", "Task", "McpClientBase", "1abc", "-", "_", "__", "a-b", "a b", " ", "", "a.b", "a/b",
        "\u202Eevil\u202C", "zero\u200Bwidth", "\u200B", "\uFEFFbom", "\uD800", "\uDC00x", "😀", "e\u0301", "ı", "İ", "Ⅻ",
        "日本語", "\u0000", "a\nb", "\"quote\"", "<xml>", "&amp;", "*/", "/*", "//", "#if", "@class", "\\", "{0}",
        "foo_bar", "fooBar", "FooBar", "foo__bar", "FOO_BAR", "odoo_", "odoo_odoo_x", new string('x', 600),
    };

    private static readonly string[] Interesting =
    {
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\uD800", "\\uDC00", "\\u00", "\\x", "-", "0", "1e400", "-0",
        "1.", ".5", "01", "true", "tru", "null", "NaN", "Infinity", "\u0000", "\u0001", "\t", "\r", "\n", "\r\n", "\u2028",
        "\uFEFF", "\uD800", "\uDFFF", "\u202E", "\u200B", "\u00A0", "/", "//", "/*", "'", "`", "\u0085", "😀",
    };

    private readonly IReadOnlyList<string> _knownKeys = knownKeys;

    /// <summary>Names of the mutations, for failure messages.</summary>
    public string LastMutation { get; private set; } = string.Empty;

    public int Next(int max) => random.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>One to three mutations of <paramref name="text"/>: text-level (mostly breaking) or tree-level (mostly meaning).</summary>
    public string Mutate(string text)
    {
        var log = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var useTree = random.Next(100) < 55;
            if (useTree && LocatedJsonReader.TryParse(text, out _) is { } root)
            {
                text = MutateTree(root, log);
            }
            else
            {
                text = MutateText(text, log);
            }
        }

        LastMutation = string.Join(" + ", log);
        return text;
    }

    private string MutateText(string text, List<string> log)
    {
        switch (random.Next(12))
        {
            case 0:
                {
                    var at = random.Next(text.Length + 1);
                    log.Add($"truncate@{at}");
                    return text.Substring(0, at);
                }
            case 1:
                {
                    // Truncate right after a structural character, or inside a string, escape, number or literal.
                    var kinds = new[] { '{', '[', ':', ',', '"', '\\', 'u', 'e', '.', '-', 't', 'n' };
                    var k = kinds[random.Next(kinds.Length)];
                    var positions = new List<int>();
                    for (var i = 0; i < text.Length; i++) { if (text[i] == k) { positions.Add(i); } }
                    if (positions.Count == 0) { goto case 0; }
                    var at = positions[random.Next(positions.Count)] + random.Next(2);
                    log.Add($"truncate-after-'{k}'@{at}");
                    return text.Substring(0, Math.Min(at, text.Length));
                }
            case 2:
                {
                    if (text.Length == 0) { goto case 3; }
                    var at = random.Next(text.Length);
                    var c = random.Next(4) == 0 ? (char)random.Next(0x10000) : (char)(text[at] ^ (1 << random.Next(8)));
                    log.Add($"flip@{at}=U+{(int)c:X4}");
                    return text.Substring(0, at) + c + text.Substring(at + 1);
                }
            case 3:
                {
                    var at = random.Next(text.Length + 1);
                    var s = Interesting[random.Next(Interesting.Length)];
                    log.Add($"insert@{at}:{Visible(s)}");
                    return text.Insert(at, s);
                }
            case 4:
                {
                    if (text.Length == 0) { goto case 3; }
                    var at = random.Next(text.Length);
                    var len = 1 + random.Next(Math.Min(64, text.Length - at));
                    log.Add($"delete@{at}+{len}");
                    return text.Remove(at, len);
                }
            case 5:
                {
                    if (text.Length == 0) { goto case 3; }
                    var at = random.Next(text.Length);
                    var len = 1 + random.Next(Math.Min(200, text.Length - at));
                    var to = random.Next(text.Length + 1);
                    log.Add($"copy@{at}+{len}->{to}");
                    return text.Insert(to, text.Substring(at, len));
                }
            case 6:
                {
                    // Nesting around the limit (128) or far beyond it.
                    var depths = new[] { 126, 127, 128, 129, 200, 5_000 };
                    var depth = depths[random.Next(depths.Length)];
                    var open = random.Next(2) == 0 ? '[' : '{';
                    var sb = new StringBuilder();
                    for (var i = 0; i < depth; i++) { sb.Append(open == '[' ? "[" : "{\"a\":"); }
                    sb.Append("1");
                    for (var i = 0; i < depth; i++) { sb.Append(open == '[' ? ']' : '}'); }
                    var at = ValueStart(text);
                    log.Add($"nest{open}x{depth}@{at}");
                    return at < 0 ? sb.ToString() : text.Substring(0, at) + sb + SkipValue(text, at);
                }
            case 7:
                {
                    var quote = text.IndexOf('"', random.Next(text.Length + 1));
                    if (quote < 0) { goto case 3; }
                    var size = random.Next(4) == 0 ? 200_000 : 5_000;
                    var fill = (char)(random.Next(2) == 0 ? 'a' : 0x05D0 + random.Next(20));
                    log.Add($"huge-string@{quote}x{size}");
                    return text.Insert(quote + 1, new string(fill, size));
                }
            case 8:
                log.Add("bom");
                return (random.Next(3) == 0 ? "\uFEFF\uFEFF" : "\uFEFF") + text;
            case 9:
                {
                    var mode = random.Next(3);
                    log.Add(mode switch { 0 => "crlf", 1 => "cr-only", _ => "no-newlines" });
                    var lf = text.Replace("\r\n", "\n");
                    return mode switch { 0 => lf.Replace("\n", "\r\n"), 1 => lf.Replace("\n", "\r"), _ => lf.Replace("\n", " ") };
                }
            case 10:
                {
                    // Swap two structural characters.
                    if (text.Length < 2) { goto case 3; }
                    var a = random.Next(text.Length);
                    var b = random.Next(text.Length);
                    var chars = text.ToCharArray();
                    (chars[a], chars[b]) = (chars[b], chars[a]);
                    log.Add($"swap@{a},{b}");
                    return new string(chars);
                }
            default:
                {
                    var garbage = new string(Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray());
                    var atStart = random.Next(2) == 0;
                    log.Add($"garbage-{(atStart ? "before" : "after")}:{garbage}");
                    return atStart ? garbage + text : text + garbage;
                }
        }
    }

    private string MutateTree(LocatedJsonNode root, List<string> log)
    {
        var all = new List<LocatedJsonNode>();
        Collect(root, all);
        var target = all[random.Next(all.Count)];
        LocatedJsonNode Replace(LocatedJsonNode node) => ReferenceEquals(node, target) ? MutateNode(node, log) : Rebuild(node, Replace);
        var mutated = Replace(root);
        return LocatedJsonWriter.Write(mutated, indented: random.Next(2) == 0);
    }

    private LocatedJsonNode MutateNode(LocatedJsonNode node, List<string> log)
    {
        switch (random.Next(8))
        {
            case 0:
                {
                    var v = RandomValue(2);
                    log.Add($"retype:{node.Kind}->{v.Kind}");
                    return v;
                }
            case 1 when node.IsObject && node.Properties.Count > 0:
                {
                    var p = node.Properties[random.Next(node.Properties.Count)];
                    var dup = new LocatedJsonProperty(p.Name, random.Next(2) == 0 ? p.Value : RandomValue(1));
                    log.Add($"duplicate-key:{Visible(p.Name)}");
                    var props = node.Properties.ToList();
                    props.Insert(random.Next(props.Count + 1), dup);
                    return LocatedJsonNode.Object(props);
                }
            case 2 when node.IsObject && node.Properties.Count > 0:
                {
                    var i = random.Next(node.Properties.Count);
                    log.Add($"remove-key:{Visible(node.Properties[i].Name)}");
                    return LocatedJsonNode.Object(node.Properties.Where((_, j) => j != i));
                }
            case 3 when node.IsObject && node.Properties.Count > 0:
                {
                    // Rename a member (a parameter in "properties", a tool rule, ...) to a hostile or known name.
                    var i = random.Next(node.Properties.Count);
                    var name = random.Next(3) == 0 ? _knownKeys[random.Next(_knownKeys.Count)] : HostileNames[random.Next(HostileNames.Length)];
                    log.Add($"rename-key:{Visible(node.Properties[i].Name)}->{Visible(name)}");
                    return LocatedJsonNode.Object(node.Properties.Select((p, j) => j == i ? new LocatedJsonProperty(name, p.Value) : p));
                }
            case 4 when node.IsObject:
                {
                    var name = random.Next(2) == 0 ? _knownKeys[random.Next(_knownKeys.Count)] : "x-" + random.Next(1000);
                    log.Add($"add-key:{Visible(name)}");
                    var props = node.Properties.ToList();
                    props.Insert(random.Next(props.Count + 1), new LocatedJsonProperty(name, RandomValue(2)));
                    return LocatedJsonNode.Object(props);
                }
            case 5 when node.IsArray && node.Items.Count > 0:
                {
                    // Duplicate an element (two tools with one name, a repeated hide entry) or drop one.
                    var i = random.Next(node.Items.Count);
                    var items = node.Items.ToList();
                    if (random.Next(2) == 0) { items.Insert(random.Next(items.Count + 1), items[i]); log.Add($"duplicate-item:{i}"); }
                    else { items.RemoveAt(i); log.Add($"remove-item:{i}"); }
                    return LocatedJsonNode.Array(items);
                }
            case 6 when node.IsString:
                {
                    var name = HostileNames[random.Next(HostileNames.Length)];
                    log.Add($"restring:{Visible(node.Text ?? string.Empty)}->{Visible(name)}");
                    return LocatedJsonNode.String(name);
                }
            default:
                {
                    var v = node.Kind switch
                    {
                        JsonKind.Number => LocatedJsonNode.Number(Pick(new[] { "0", "-1", "1e308", "-1e308", "9223372036854775808", "0.1", "1E-400", "123456789012345678901234567890" })),
                        JsonKind.String => LocatedJsonNode.String(Pick(new[] { "", " ", "x", "\u202E", "deny", "allow", "*", "args.", "args", "Read", "critical", "string", "object", "[", "1/minute" })),
                        _ => RandomValue(1),
                    };
                    log.Add($"edge-value:{node.Kind}->{Visible(v.ToString())}");
                    return v;
                }
        }
    }

    /// <summary>A random JSON value, nested up to <paramref name="depth"/> levels.</summary>
    public LocatedJsonNode RandomValue(int depth)
    {
        switch (random.Next(depth > 0 ? 8 : 6))
        {
            case 0: return LocatedJsonNode.Null();
            case 1: return LocatedJsonNode.Boolean(random.Next(2) == 0);
            case 2: return LocatedJsonNode.Number(Pick(new[] { "0", "1", "-1", "3.5", "1e3", "42", "-0.0", "1e999" }));
            case 3: return LocatedJsonNode.String(HostileNames[random.Next(HostileNames.Length)]);
            case 4: return LocatedJsonNode.String(_knownKeys[random.Next(_knownKeys.Count)]);
            case 5: return LocatedJsonNode.Number(random.Next(-5, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            case 6: return LocatedJsonNode.Array(Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(depth - 1)).ToList());
            default:
                return LocatedJsonNode.Object(Enumerable.Range(0, random.Next(4))
                    .Select(_ => new LocatedJsonProperty(random.Next(2) == 0 ? _knownKeys[random.Next(_knownKeys.Count)] : HostileNames[random.Next(HostileNames.Length)], RandomValue(depth - 1)))
                    .ToList());
        }
    }

    private static void Collect(LocatedJsonNode node, List<LocatedJsonNode> all)
    {
        all.Add(node);
        foreach (var p in node.Properties) { Collect(p.Value, all); }
        foreach (var i in node.Items) { Collect(i, all); }
    }

    private static LocatedJsonNode Rebuild(LocatedJsonNode node, Func<LocatedJsonNode, LocatedJsonNode> child) => node.Kind switch
    {
        JsonKind.Object => LocatedJsonNode.Object(node.Properties.Select(p => new LocatedJsonProperty(p.Name, child(p.Value))).ToList()),
        JsonKind.Array => LocatedJsonNode.Array(node.Items.Select(child).ToList()),
        _ => node,
    };

    private static int ValueStart(string text)
    {
        var colon = text.IndexOf(':');
        return colon < 0 ? -1 : colon + 1;
    }

    private static string SkipValue(string text, int at)
    {
        // Drop the original value only roughly: up to the next ',' or '}' (a broken result is a fine case too).
        var end = text.IndexOfAny(new[] { ',', '}' }, at);
        return end < 0 ? string.Empty : text.Substring(end);
    }

    public static string Visible(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.Length > 40 ? s.Substring(0, 40) + "…" : s)
        {
            if (c < ' ' || (c >= 0x7F && c < 0xA0) || char.IsSurrogate(c) || c is '\u200B' or '\u202E' or '\u202C' or '\uFEFF' or '\u2028')
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else { sb.Append(c); }
        }

        return sb.ToString();
    }
}

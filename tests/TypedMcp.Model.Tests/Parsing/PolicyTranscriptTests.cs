using System.Text;
using TypedMcp.Policy;

namespace TypedMcp.Model.Tests.Parsing;

/// <summary>
/// Pins every branch of the policy readers: each case's diagnostics (id, severity, span, message, order) and the
/// policy built, in <c>Transcripts/policy.txt</c>.
/// </summary>
public class PolicyTranscriptTests
{
    private static readonly string[] Known = { "odoo_unlink", "odoo_write", "odoo_execute", "ssh_execute", "a/b~c" };

    private const string Head = "{ \"version\": \"1\", \"default\": \"deny\",\n";

    private static readonly (string Name, string Text, bool WithCatalog)[] Cases =
    {
        ("not JSON", "{ \"version\": \"1\",, }", false),
        ("empty text", "", false),
        ("root is an array", "[1]", false),
        ("root is a string", "\"policy\"", false),
        ("empty object", "{}", false),
        ("bad version and default", "{ \"version\": \"2\", \"default\": \"maybe\" }", false),
        ("version as numbers", "{ \"version\": 1.0, \"default\": \"allow\" }", false),
        ("version as a wrong number", "{ \"version\": 2, \"default\": 5 }", false),
        ("duplicate and unknown top-level keys", "{ \"version\": \"1\", \"default\": \"deny\", \"version\": \"1\", \"owner\": 1, \"owner\": 2, \"tool\": {}, \"$schema\": \"x\", \"zzzzzzzz\": 0 }", false),
        ("duplicate unknown keys only", "{ \"version\": \"1\", \"default\": \"allow\", \"note\": 1, \"note\": 2 }", false),
        ("tools is an array", "{ \"version\": \"1\", \"default\": \"allow\", \"tools\": [] }", false),
        ("many fatal problems, the first one is the reason", "{ \"tools\": 1, \"default\": \"x\" }", false),
        ("hide star", Head + "\"hide\": \"*\" }", false),
        ("hide a number", Head + "\"hide\": 5 }", false),
        ("hide an object", Head + "\"hide\": { \"a\": 1 } }", false),
        ("hide entries of every kind", Head + "\"hide\": [\"odoo_write\", \"odoo_write\", 5, \"*\", \"odoo_wirte\", true, \"far_away_name\", \"*\"] }", true),
        ("hide entries without a catalog", Head + "\"hide\": [\"x\", \"y\", \"x\"] }", false),
        ("hide star entry after a bad entry", Head + "\"hide\": [null, \"*\"] }", false),
        ("all_tools not an object", Head + "\"all_tools\": [] }", false),
        ("all_tools with a duplicate key", Head + "\"all_tools\": { \"limits\": [], \"limits\": [] } }", false),
        ("all_tools with an unknown key", Head + "\"all_tools\": { \"limit\": [], \"rate_limit\": \"5/minute\" } }", false),
        ("all_tools limits not an array", Head + "\"all_tools\": { \"limits\": { \"max\": 1 } } }", false),
        ("limits of every kind", Head + """
            "all_tools": { "limits": [
              { "max": 600, "window": 3600, "id": "hourly" },
              { "max": 10, "window": 0.5 },
              5,
              { "window": 60 },
              { "max": -1 },
              { "max": 1.5, "window": "60" },
              { "max": 1, "window": 0 },
              { "max": 1, "window": 1e30 },
              { "max": 1, "window": 1e-12 },
              { "max": 1, "window": 1, "id": "" },
              { "max": 1, "window": 1, "id": 7 },
              { "max": 1, "window": 1, "idd": "x", "max": 2 },
              { "max": 1e3, "window": 1 }
            ] } }
            """, false),
        ("rate limits of every kind", Head + """
            "tools": {
              "a": { "rate_limit": "10/minute" },
              "b": { "rate_limit": " 3 / Hours " },
              "c": { "rate_limit": "10/fortnight" },
              "d": { "rate_limit": "ten/minute" },
              "e": { "rate_limit": 10 },
              "f": { "rate_limit": { "max": 1, "window": 2 }, "limits": [ { "max": 5, "window": 60 } ] },
              "g": { "rate_limit": { "max": 1 } },
              "h": { "rate_limit": "99999999999999999999/day" },
              "i": { "rate_limit": "1/s", "limits": 3 }
            } }
            """, false),
        ("tools of every kind", Head + """
            "tools": {
              "odoo_write": {},
              "odoo_write": { "action": "deny" },
              "odoo_write": {},
              "odoo_wirte": {},
              "a/b~c": "allow",
              "odoo_unlink": { "action": "Deny", "action": "deny" },
              "odoo_execute": { "action": 5, "requires": [], "reason": 3, "on_deny": "x" },
              "ssh_execute": { "action": "require_approval", "reason": "a", "on_deny": "b" }
            } }
            """, true),
        ("rule messages", Head + """
            "tools": {
              "a": { "reason": "same", "on_deny": "same" },
              "b": { "on_deny": "only on_deny" },
              "c": { "action": "deny", "reason": "only reason" },
              "d": { "action": "allwo" },
              "e": { "action": "require_approval" }
            } }
            """, false),
        ("predicate lists that are not arrays", Head + """
            "tools": {
              "a": { "require": {}, "deny_if": "x" },
              "b": { "deny_if": null, "require": [] }
            } }
            """, false),
        ("predicates of every shape", Head + """
            "tools": { "t": { "require": [
              5,
              { "path": "args.x", "op": "eq", "value": 1, "path": "args.y" },
              { "path": "args.x", "op": "eq", "value": 1, "valeu": 2 },
              { "path": "args.x", "op": "exists", "on_deny": 5, "reason": "fallback" },
              { "path": "args.x", "op": "exists", "reason": "only reason" },
              { "op": "exists" },
              { "path": 5, "op": "exists" },
              { "path": "x.y", "op": "exists" },
              { "path": "args.a..b", "op": "exists" },
              { "path": "args.a.b", "value": 1 },
              { "path": "args.a", "op": 1 },
              { "path": "args.a", "op": "equals", "value": 1 },
              { "path": "args.a", "op": "not-in", "value": [1] },
              { "path": "args.a", "op": "zzzzzz", "value": [1] },
              { },
              { "path": 1, "op": 2, "value": 3 }
            ] } } }
            """, false),
        ("predicate values against operators", Head + """
            "tools": { "t": { "deny_if": [
              { "path": "args.a", "op": "eq" },
              { "path": "args.a", "op": "neq", "value": null },
              { "path": "args.a", "op": "in", "value": "x" },
              { "path": "args.a", "op": "not_in", "value": ["x", 1] },
              { "path": "args.a", "op": "lt", "value": "1" },
              { "path": "args.a", "op": "lte" },
              { "path": "args.a", "op": "gt", "value": 1.5 },
              { "path": "args.a", "op": "gte", "value": true },
              { "path": "args.a", "op": "contains", "value": null },
              { "path": "args.a", "op": "contains" },
              { "path": "args.a", "op": "contains", "value": { "k": 1 } },
              { "path": "args.a", "op": "exists", "value": 1 },
              { "path": "args.a", "op": "exists", "value": false },
              { "path": "args.a", "op": "regex", "value": 5 },
              { "path": "args.a", "op": "regex", "value": "(unclosed" },
              { "path": "args.a", "op": "regex", "value": "^ok$" },
              { "path": "args.a.b.c", "op": "eq", "value": [1, {"x": "y"}], "on_deny": "msg" }
            ] } } }
            """, false),
        ("a complete valid policy", """
            {
              "$schema": "https://example.com/policy.schema.json",
              "version": "1",
              "default": "allow",
              "hide": ["odoo_unlink"],
              "all_tools": { "rate_limit": "600/hour", "limits": [ { "max": 5, "window": 1, "id": "burst" } ] },
              "tools": {
                "odoo_write": { "action": "require_approval", "reason": "writes", "rate_limit": { "max": 3, "window": 60 } },
                "odoo_execute": {
                  "require": [ { "path": "args.model", "op": "in", "value": ["res.partner"] } ],
                  "deny_if": [ { "path": "args.method", "op": "regex", "value": "unlink|write", "on_deny": "no" } ]
                }
              }
            }
            """, true),
    };

    [Fact]
    public void Every_reader_branch_reports_and_builds_exactly_as_pinned()
    {
        var sb = new StringBuilder();
        foreach (var (name, text, withCatalog) in Cases)
        {
            sb.Append("## ").Append(name).Append('\n');
            sb.Append(Transcript.Of(PolicyParser.Parse(text.Replace("\r\n", "\n"), "policy.json", withCatalog ? Known : null)));
        }

        Transcript.Match("policy", sb.ToString());
    }

    [Fact]
    public void Without_a_file_path_messages_name_policy_json()
        => Transcript.Match("policy-no-path", Transcript.Of(PolicyParser.Parse("{ \"version\": \"1\", \"default\": \"deny\", \"version\": \"1\", \"tools\": { \"t\": { \"require\": 1 } } }", null)));
}

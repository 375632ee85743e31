using System;
using System.Collections.Generic;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Cli.Policies;

/// <summary>
/// The starting policy <c>typedmcp policy init</c> writes: PolicyLayer's recommended rule per risk category — Read
/// allowed; Write and Execute rate-limited (30 and 10 calls a minute); Destructive hidden; Financial behind a person's
/// approval; Other capped at 60 calls a minute — with tools outside the catalogs denied and a shared hourly quota.
/// </summary>
internal static class PolicyTemplate
{
    /// <summary>Calls per window allowed for a Write tool.</summary>
    public const int WriteMax = 30;

    /// <summary>Calls per window allowed for an Execute tool.</summary>
    public const int ExecuteMax = 10;

    /// <summary>Calls per window allowed for an Other tool (a supporting operation).</summary>
    public const int OtherMax = 60;

    /// <summary>The window of the per-tool limits, in seconds.</summary>
    public const int ToolWindowSeconds = 60;

    /// <summary>Calls allowed across all tools per <see cref="AllToolsWindowSeconds"/>.</summary>
    public const int AllToolsMax = 600;

    /// <summary>The window of the shared limit, in seconds.</summary>
    public const int AllToolsWindowSeconds = 3600;

    /// <summary>The rule written for a risk category, in words (for tables and help).</summary>
    public static string Describe(RiskCategory category) => category switch
    {
        RiskCategory.Read => "allowed",
        RiskCategory.Write => $"allowed, {WriteMax} calls per {ToolWindowSeconds} s",
        RiskCategory.Execute => $"allowed, {ExecuteMax} calls per {ToolWindowSeconds} s",
        RiskCategory.Financial => "require_approval",
        RiskCategory.Other => $"allowed, {OtherMax} calls per {ToolWindowSeconds} s",
        _ => "hidden",
    };

    /// <summary>Builds the policy for tools and their risk categories (sorted by name in the output).</summary>
    public static LocatedJsonNode Build(IEnumerable<KeyValuePair<string, RiskCategory>> tools)
    {
        var sorted = new SortedDictionary<string, RiskCategory>(StringComparer.Ordinal);
        foreach (var t in tools) { sorted[t.Key] = t.Value; }
        var hide = new List<LocatedJsonNode>();
        var rules = new List<LocatedJsonProperty>();
        foreach (var t in sorted)
        {
            switch (t.Value)
            {
                case RiskCategory.Read:
                    rules.Add(new LocatedJsonProperty(t.Key, LocatedJsonNode.Object()));
                    break;
                case RiskCategory.Write:
                    rules.Add(new LocatedJsonProperty(t.Key, RateLimit(WriteMax)));
                    break;
                case RiskCategory.Execute:
                    rules.Add(new LocatedJsonProperty(t.Key, RateLimit(ExecuteMax)));
                    break;
                case RiskCategory.Other:
                    rules.Add(new LocatedJsonProperty(t.Key, RateLimit(OtherMax)));
                    break;
                case RiskCategory.Financial:
                    rules.Add(new LocatedJsonProperty(t.Key, LocatedJsonNode.Object(("action", LocatedJsonNode.String("require_approval")))));
                    break;
                default:
                    hide.Add(LocatedJsonNode.String(t.Key));
                    break;
            }
        }

        return LocatedJsonNode.Object(
            ("version", LocatedJsonNode.String("1")),
            ("default", LocatedJsonNode.String("deny")),
            ("hide", LocatedJsonNode.Array(hide)),
            ("all_tools", LocatedJsonNode.Object(("limits", LocatedJsonNode.Array(new[] { Limit(AllToolsMax, AllToolsWindowSeconds) })))),
            ("tools", LocatedJsonNode.Object(rules)));
    }

    private static LocatedJsonNode RateLimit(int max) => LocatedJsonNode.Object(("rate_limit", Limit(max, ToolWindowSeconds)));

    private static LocatedJsonNode Limit(int max, int window) => LocatedJsonNode.Object(("max", LocatedJsonNode.Number(max)), ("window", LocatedJsonNode.Number(window)));
}

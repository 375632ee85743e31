using System;
using System.Collections.Generic;
using TypedMcp.Catalog;
using TypedMcp.Json;

namespace TypedMcp.Cli.Policies;

/// <summary>
/// The starting policy <c>typedmcp policy init</c> writes, following the risk classes: Read allowed, Write and
/// Execute rate-limited, Destructive and Financial hidden, everything else denied, and a shared hourly quota.
/// </summary>
internal static class PolicyTemplate
{
    /// <summary>Calls per window allowed for a Write tool.</summary>
    public const int WriteMax = 30;

    /// <summary>Calls per window allowed for an Execute tool.</summary>
    public const int ExecuteMax = 10;

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

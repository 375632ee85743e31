using System;
using System.Collections.Generic;
using TypedMcp.Model.Catalog;
using TypedMcp.Model.Json;

namespace TypedMcp.Cli.Policies;

/// <summary>
/// The starting policy <c>typedmcp policy init</c> writes, following the risk classes: Read allowed, Write and
/// Execute rate-limited, Destructive and Financial hidden, everything else denied, and a shared hourly quota.
/// </summary>
public static class PolicyTemplate
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
    public static JsonNode Build(IEnumerable<KeyValuePair<string, RiskCategory>> tools)
    {
        var sorted = new SortedDictionary<string, RiskCategory>(StringComparer.Ordinal);
        foreach (var t in tools) { sorted[t.Key] = t.Value; }
        var hide = new List<JsonNode>();
        var rules = new List<JsonProperty>();
        foreach (var t in sorted)
        {
            switch (t.Value)
            {
                case RiskCategory.Read:
                    rules.Add(new JsonProperty(t.Key, JsonNode.Object()));
                    break;
                case RiskCategory.Write:
                    rules.Add(new JsonProperty(t.Key, RateLimit(WriteMax)));
                    break;
                case RiskCategory.Execute:
                    rules.Add(new JsonProperty(t.Key, RateLimit(ExecuteMax)));
                    break;
                default:
                    hide.Add(JsonNode.String(t.Key));
                    break;
            }
        }

        return JsonNode.Object(
            ("version", JsonNode.String("1")),
            ("default", JsonNode.String("deny")),
            ("hide", JsonNode.Array(hide)),
            ("all_tools", JsonNode.Object(("limits", JsonNode.Array(new[] { Limit(AllToolsMax, AllToolsWindowSeconds) })))),
            ("tools", JsonNode.Object(rules)));
    }

    private static JsonNode RateLimit(int max) => JsonNode.Object(("rate_limit", Limit(max, ToolWindowSeconds)));

    private static JsonNode Limit(int max, int window) => JsonNode.Object(("max", JsonNode.Number(max)), ("window", JsonNode.Number(window)));
}

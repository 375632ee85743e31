using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>How a refused <c>tools/call</c> is answered on the wire, the way an MCP gateway answers it.</summary>
public static class PolicyDenials
{
    /// <summary>The text every refusal starts with.</summary>
    public const string DeniedPrefix = "[POLICY DENIED]";

    /// <summary>
    /// The <c>_meta</c> key of a refusal's details: an object with <c>tool</c>, <c>rule</c> (the JSON Pointer into the
    /// policy file, empty when the request itself was rejected), <c>step</c> (the <c>DecisionStep</c> name) and
    /// <c>policyFile</c> when known. Namespaced, as the MCP specification asks of <c>_meta</c> keys.
    /// </summary>
    public const string MetaKey = "io.typedmcp/policy-denied";

    /// <summary>The text of a refusal: <c>[POLICY DENIED] tool 'x', rule /tools/x/deny_if/0 (DenyIfMatched): message</c>.</summary>
    /// <param name="denial">The refusal.</param>
    public static string FormatDenial(McpPolicyDeniedException denial)
    {
        System.ArgumentNullException.ThrowIfNull(denial);
        var rule = denial.RulePointer.Length == 0 ? "(whole policy)" : denial.RulePointer;
        if (denial.Step == DecisionStep.RequestRejected) { rule = "(request)"; }
        return string.Create(CultureInfo.InvariantCulture, $"{DeniedPrefix} tool '{denial.ToolName}', rule {rule} ({denial.Step}): {denial.Message}");
    }

    /// <summary>The protocol result of a refusal: <c>isError: true</c>, one text block from <see cref="FormatDenial"/>, the details under <see cref="MetaKey"/>.</summary>
    /// <param name="denial">The refusal.</param>
    public static CallToolResult DeniedResult(McpPolicyDeniedException denial)
    {
        System.ArgumentNullException.ThrowIfNull(denial);
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = FormatDenial(denial) }],
            Meta = new JsonObject { [MetaKey] = Details(denial) },
        };
    }

    /// <summary>The refusal as the JSON-RPC <c>result</c> node.</summary>
    internal static JsonNode ResultNode(McpPolicyDeniedException denial)
    {
        var content = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = FormatDenial(denial) } };
        return new JsonObject
        {
            ["content"] = content,
            ["isError"] = true,
            ["_meta"] = new JsonObject { [MetaKey] = Details(denial) },
        };
    }

    private static JsonObject Details(McpPolicyDeniedException denial)
    {
        var details = new JsonObject
        {
            ["tool"] = denial.ToolName,
            ["rule"] = denial.RulePointer,
            ["step"] = denial.Step.ToString(),
        };
        if (denial.PolicyFilePath is { } file) { details["policyFile"] = System.IO.Path.GetFileName(file); }
        return details;
    }
}

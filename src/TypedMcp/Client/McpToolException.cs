using System;

namespace TypedMcp;

/// <summary>A tool answered with an error result (<c>isError: true</c>).</summary>
public sealed class McpToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="toolName">The tool that failed.</param>
    /// <param name="serverMessage">The error text the server sent.</param>
    public McpToolException(string toolName, string serverMessage)
        : base($"The MCP tool '{toolName}' reported an error: {(string.IsNullOrEmpty(serverMessage) ? "(no message)" : serverMessage)}")
    {
        ToolName = toolName;
        ServerMessage = serverMessage;
    }

    /// <summary>The tool that failed.</summary>
    public string ToolName { get; }

    /// <summary>The error text the server sent.</summary>
    public string ServerMessage { get; }
}

/// <summary>A tool result does not match the tool's <c>outputSchema</c>: a required field is missing or has the wrong type.</summary>
public sealed class McpResultMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="toolName">The tool whose result did not match.</param>
    /// <param name="fieldPath">Where in the result, e.g. <c>csv[3].cost_millicents</c> (empty for the whole result).</param>
    /// <param name="problem">What is wrong, e.g. <c>expected an integer, got a string</c>.</param>
    /// <param name="innerException">The underlying parse error, if any.</param>
    public McpResultMismatchException(string toolName, string fieldPath, string problem, Exception? innerException = null)
        : base($"The result of MCP tool '{toolName}' does not match its outputSchema at '{(fieldPath.Length == 0 ? "(result)" : fieldPath)}': {problem}. Update the catalog if the server changed.", innerException)
    {
        ToolName = toolName;
        FieldPath = fieldPath;
        Problem = problem;
    }

    /// <summary>The tool whose result did not match.</summary>
    public string ToolName { get; }

    /// <summary>Where in the result (empty for the whole result).</summary>
    public string FieldPath { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}

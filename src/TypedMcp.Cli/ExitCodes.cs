namespace TypedMcp.Cli;

/// <summary>The process exit codes of <c>typedmcp</c> (documented in <c>docs/cli.md</c>).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and found something a CI job should stop on: breaking changes (<c>diff</c>) or policy errors (<c>policy check</c>).</summary>
    public const int Findings = 1;

    /// <summary>The command could not run: bad usage, a missing or malformed file, an unreachable server or a process that is not an MCP server.</summary>
    public const int Failure = 2;

    /// <summary>The command was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

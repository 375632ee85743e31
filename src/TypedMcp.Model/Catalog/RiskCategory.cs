namespace TypedMcp;

// The risk enums are public API in the TypedMcp namespace: generated [McpTool] attributes name them, and the
// analyzer, CLI and run time read them from this one definition.

/// <summary>
/// What a tool does to the world: PolicyLayer's taxonomy. The numeric values are stable identifiers (they appear in
/// compiled attributes), not a danger order: <see cref="Other"/> was added last and is the least dangerous.
/// </summary>
public enum RiskCategory
{
    /// <summary>Reads data and changes nothing.</summary>
    Read = 0,
    /// <summary>Creates or updates data.</summary>
    Write = 1,
    /// <summary>Runs something: code, SQL, a shell, a deployment, a message send, an arbitrary endpoint.</summary>
    Execute = 2,
    /// <summary>Deletes, uninstalls, unlinks, revokes, disconnects or overwrites: hard or impossible to undo.</summary>
    Destructive = 3,
    /// <summary>Moves money or creates financial obligations.</summary>
    Financial = 4,
    /// <summary>A supporting operation that reads, writes, runs, destroys and pays nothing (a reasoning scratchpad, an echo, a wait).</summary>
    Other = 5,
}

/// <summary>How much harm a call can do.</summary>
public enum RiskLevel
{
    /// <summary>low</summary>
    Low = 0,
    /// <summary>medium</summary>
    Medium = 1,
    /// <summary>high</summary>
    High = 2,
    /// <summary>critical</summary>
    Critical = 3,
}

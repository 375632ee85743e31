namespace TypedMcp.Hardening.Tests.Infrastructure;

/// <summary>Tests that change process-wide state (the default thread culture) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "Process-wide state";
}

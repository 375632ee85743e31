using System.Threading;

namespace TypedMcp;

/// <summary>
/// What travels with one tool call down the async flow from a TypedMcp API (typed client, guarded session, agent
/// tool) to the enforcement point (the wire gateway, or the guarded session when there is no gateway): the approval
/// that was already given in the ecosystem's own terms (M.E.AI's approval flow), and back up, the refusal the
/// enforcement point answered with, so the API can throw <see cref="McpPolicyDeniedException"/> instead of reading a
/// result a server could forge. Internal: nothing outside TypedMcp can grant an approval through it.
/// </summary>
internal sealed class PolicyCallContext
{
    private static readonly AsyncLocal<PolicyCallContext?> CurrentSlot = new();
    private string? _preApprovedTool;
    private McpPolicyDeniedException? _denial;

    private PolicyCallContext(string? preApprovedTool) => _preApprovedTool = preApprovedTool;

    /// <summary>The context of the call under way in this async flow, or null.</summary>
    public static PolicyCallContext? Current => CurrentSlot.Value;

    /// <summary>The refusal the enforcement point answered with, or null.</summary>
    public McpPolicyDeniedException? Denial => Volatile.Read(ref _denial);

    /// <summary>Starts a context for one call in the current async flow (it ends when the calling async method returns).</summary>
    public static PolicyCallContext Begin(string? preApprovedTool = null)
    {
        var context = new PolicyCallContext(preApprovedTool);
        CurrentSlot.Value = context;
        return context;
    }

    /// <summary>Whether <paramref name="toolName"/> was approved for this call; the approval is used up by asking.</summary>
    public bool TakeApproval(string toolName)
    {
        var approved = Volatile.Read(ref _preApprovedTool);
        return approved is not null
            && string.Equals(approved, toolName, System.StringComparison.Ordinal)
            && Interlocked.CompareExchange(ref _preApprovedTool, null, approved) == approved;
    }

    /// <summary>Records the refusal (the first one wins).</summary>
    public void SetDenial(McpPolicyDeniedException denial) => Interlocked.CompareExchange(ref _denial, denial, null);
}

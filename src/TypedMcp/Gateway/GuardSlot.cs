using System.Threading;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// The guard of a typed client that is connected before it exists: until the client binds its own guard, every call
/// is denied and every tool hidden (only the <c>initialize</c> handshake goes through).
/// </summary>
internal sealed class GuardSlot
{
    private static readonly PolicyGuard Unbound = new(PolicyDocument.DenyAll("The typed client is still connecting; no tool call can be decided before its policy is bound."));
    private PolicyGuard? _guard;

    public PolicyGuard Get() => Volatile.Read(ref _guard) ?? Unbound;

    public void Bind(PolicyGuard guard) => Interlocked.CompareExchange(ref _guard, guard, null);
}

using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>Live policy: the watched run-time policy file applies to the calls decided after it is read again.</summary>
public sealed partial class PolicyGuard
{
    /// <summary>
    /// Raised after the watched policy file was read again and its policy put in force (also when it is unreadable
    /// and so denies every call). Handlers run on a thread-pool thread and must not throw.
    /// </summary>
    public event EventHandler<PolicyDocument>? RuntimePolicyReloaded;

    /// <summary>Whether the run-time policy file is watched (<see cref="TypedMcpClientOptions.WatchPolicyFile"/>).</summary>
    public bool IsWatchingPolicyFile => _watch is { IsAlive: true };

    /// <summary>Applies the text the watcher read, unless it is the policy already in force.</summary>
    internal void ApplyWatchedPolicy(string text)
    {
        var path = _options.PolicyFilePath ?? "policy.json";
        var current = RuntimePolicy;
        if (current is not null && current.Fingerprint is not null && string.Equals(current.Fingerprint, PolicyParser.Fingerprint(text), StringComparison.Ordinal)) { return; }
        ApplyWatchedPolicy(PolicyParser.Parse(text, path).Policy);
    }

    /// <summary>Puts a policy read by the watcher in force (counters are keyed by limit id, so they carry over).</summary>
    internal void ApplyWatchedPolicy(PolicyDocument policy)
    {
        SetRuntimePolicy(policy);
        if (!policy.IsFailClosed) { LogRuntimePolicyReloaded(_logger, policy.FilePath ?? "policy.json", policy.Fingerprint ?? "-"); }
        RuntimePolicyReloaded?.Invoke(this, policy);
    }

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "The run-time policy {Path} was read again (version {Version}); it applies from the next call.")]
    private static partial void LogRuntimePolicyReloaded(ILogger logger, string path, string version);
}

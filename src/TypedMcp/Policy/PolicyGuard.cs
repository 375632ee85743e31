using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// Decides every tool call of a client before it is sent: the built-in policy (compiled into the client from the
/// project's policy.json) and, when given, a run-time policy, evaluated with the same <see cref="PolicyEvaluator"/> the
/// analyzer uses; the more restrictive verdict wins. Then approval (step 6) and limits (step 7). Thread-safe.
/// </summary>
public sealed partial class PolicyGuard
{
    /// <summary>The scope name of the limits of the built-in policy (see <see cref="PolicyLimitUsage.Scope"/>).</summary>
    public const string BuiltInScope = "built-in";

    /// <summary>The scope name of the limits of the run-time policy.</summary>
    public const string RuntimeScope = "run-time";

    private readonly TypedMcpClientOptions _options;
    private readonly PolicyLimiters _limiters;
    private readonly ILogger _logger;
    private PolicyDocument? _runtime;

    /// <summary>Creates a guard.</summary>
    /// <param name="builtInPolicy">The policy compiled into the client, or null when its project had no policy file.</param>
    /// <param name="options">The run-time policy, approval hook, logging and clock; null for none.</param>
    public PolicyGuard(PolicyDocument? builtInPolicy, TypedMcpClientOptions? options = null)
    {
        _options = options ?? new TypedMcpClientOptions();
        BuiltInPolicy = builtInPolicy;
        _limiters = new PolicyLimiters(_options.TimeProvider ?? TimeProvider.System);
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("TypedMcp.PolicyGuard");
        if (_options.Policy is { } given) { _runtime = given; }
        else if (_options.PolicyFilePath is { } path) { _runtime = LoadPolicyFile(path); }
        if (_runtime?.FailClosedReason is { } reason) { LogRuntimePolicyUnreadable(_logger, reason); }
    }

    /// <summary>The policy compiled into the client, or null.</summary>
    public PolicyDocument? BuiltInPolicy { get; }

    /// <summary>The policy added at run time, or null.</summary>
    public PolicyDocument? RuntimePolicy => Volatile.Read(ref _runtime);

    /// <summary>
    /// Reads a policy.json for use at run time. Never throws: a file that is missing or cannot be read gives a policy
    /// that denies every call and says why (<see cref="PolicyDocument.FailClosedReason"/>), as does a file whose JSON
    /// or top-level structure is broken. Smaller mistakes close only the rule they are in, as at compile time.
    /// </summary>
    /// <param name="path">The file to read.</param>
    public static PolicyDocument LoadPolicyFile(string path)
    {
        if (string.IsNullOrEmpty(path)) { return PolicyDocument.DenyAll("No run-time policy file was named; every tool call is denied."); }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return PolicyDocument.DenyAll($"The run-time policy file '{path}' cannot be read ({e.GetType().Name}: {e.Message}); every tool call is denied until it can be read.", path);
        }

        return PolicyParser.Parse(text, path).Policy;
    }

    /// <summary>Replaces the run-time policy (e.g. from a file watcher); null removes it. Calls already decided are not affected.</summary>
    /// <param name="policy">The new run-time policy.</param>
    public void SetRuntimePolicy(PolicyDocument? policy)
    {
        Volatile.Write(ref _runtime, policy);
        if (policy?.FailClosedReason is { } reason) { LogRuntimePolicyUnreadable(_logger, reason); }
    }

    /// <summary>Reads <see cref="TypedMcpClientOptions.PolicyFilePath"/> again and makes it the run-time policy.</summary>
    /// <returns>The policy now in force, or null when the options name no file.</returns>
    public PolicyDocument? ReloadRuntimePolicy()
    {
        if (_options.PolicyFilePath is not { } path) { return RuntimePolicy; }
        var policy = LoadPolicyFile(path);
        SetRuntimePolicy(policy);
        return policy;
    }

    /// <summary>How much of each limit's current window is used (counters appear on their first call).</summary>
    public IReadOnlyList<PolicyLimitUsage> GetLimitUsage() => _limiters.Usage();

    /// <summary>
    /// Decides a call by the policies alone (steps 1 to 6; limits and approval are not applied): what the call would
    /// get if it were made now.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    public PolicyDecision Evaluate(string toolName, IReadOnlyDictionary<string, object?> arguments)
    {
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        if (arguments is null) { throw new ArgumentNullException(nameof(arguments)); }
        return Decide(toolName, arguments).Decision;
    }

    /// <summary>
    /// Whether a tool may be offered to an agent: false when a policy hides it or denies it without looking at
    /// arguments (steps 1 to 3, or a policy that cannot be read).
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    public bool IsOffered(string toolName)
    {
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        var runtime = RuntimePolicy;
        foreach (var policy in new[] { BuiltInPolicy, runtime })
        {
            if (policy is null) { continue; }
            var decision = PolicyEvaluator.Evaluate(policy, toolName, UnknownArguments.Instance);
            if (decision.IsDenied)
            {
                LogNotOffered(_logger, toolName, decision.Step, decision.RulePointer);
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Decides a call completely before it is sent: policies, approval (asking <see cref="TypedMcpClientOptions.Approvals"/>),
    /// then limits (reserving one call of each). Each decision is logged with the argument names only.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    /// <param name="cancellationToken">Cancels the approval question.</param>
    /// <returns>The permit; call <see cref="PolicyPermit.ReturnQuota"/> if the call then fails in transport.</returns>
    /// <exception cref="McpPolicyDeniedException">The call is refused; nothing must be sent.</exception>
    public async ValueTask<PolicyPermit> AuthorizeAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        if (arguments is null) { throw new ArgumentNullException(nameof(arguments)); }
        var (decision, source, limits) = Decide(toolName, arguments);

        // The argument names are only for logs: joined when a log line is written (denials always are).
        if (decision.IsDenied) { throw Denied(decision, source, PolicyArgumentConverter.KeysOf(arguments)); }

        if (decision.Verdict == PolicyVerdict.RequireApproval)
        {
            // Do not ask a person for a call the limits would refuse anyway.
            var keys = PolicyArgumentConverter.KeysOf(arguments);
            if (!_limiters.HasRoom(limits, out var full, out var wait)) { throw Denied(LimitDenial(toolName, full, wait), FileOf(full.Scope), keys); }
            var approvals = _options.Approvals;
            if (approvals is null)
            {
                var how = new PolicyDecision(PolicyVerdict.Deny, DecisionStep.ApprovalRequired, toolName, decision.RulePointer,
                    decision.Message + " No approval service is configured, so the call is denied: set TypedMcpClientOptions.Approvals to an IToolApprovalService, or register one in dependency injection (services.AddSingleton<IToolApprovalService, YourService>()) before AddMcpClient.",
                    decision.Reason, decision.RuleSpan);
                throw Denied(how, source, keys);
            }

            var approved = await approvals.ApproveAsync(new ToolApprovalRequest(toolName, arguments, decision.RulePointer, decision.Message, decision.Reason), cancellationToken).ConfigureAwait(false);
            if (!approved)
            {
                var rejected = new PolicyDecision(PolicyVerdict.Deny, DecisionStep.ApprovalRequired, toolName, decision.RulePointer,
                    $"Tool '{toolName}' needs approval (policy rule {decision.RulePointer}) and the call was not approved.", decision.Reason, decision.RuleSpan);
                throw Denied(rejected, source, keys);
            }

            LogApproved(_logger, toolName, decision.RulePointer, keys);
        }

        if (!_limiters.TryReserve(limits, out var reservation, out var exhausted, out var retryAfter))
        {
            throw Denied(LimitDenial(toolName, exhausted, retryAfter), FileOf(exhausted.Scope), PolicyArgumentConverter.KeysOf(arguments));
        }

        if (_logger.IsEnabled(LogLevel.Debug)) { LogAllowed(_logger, toolName, decision.Verdict, decision.Step, decision.RulePointer, PolicyArgumentConverter.KeysOf(arguments)); }
        return new PolicyPermit(decision, reservation);
    }

    private (PolicyDecision Decision, string? SourceFile, IReadOnlyList<(string Scope, PolicyLimit Limit)> Limits) Decide(string toolName, IReadOnlyDictionary<string, object?> arguments)
    {
        var builtIn = BuiltInPolicy;
        var runtime = RuntimePolicy;
        var noLimits = Array.Empty<(string, PolicyLimit)>();
        if (builtIn is null && runtime is null)
        {
            return (new PolicyDecision(PolicyVerdict.Allow, DecisionStep.Allowed, toolName, string.Empty,
                $"Tool '{toolName}' is allowed: the client has no built-in policy and no run-time policy."), null, noLimits);
        }

        // Only predicates read arguments: a tool whose rules have none (most) is decided without converting them.
        var args = PolicyArguments.Empty;
        if (ReadsArguments(builtIn, toolName) || ReadsArguments(runtime, toolName))
        {
            try
            {
                args = PolicyArgumentConverter.ToPolicyArguments(arguments);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
            {
                // An argument the policy cannot read must not let the call through.
                return (new PolicyDecision(PolicyVerdict.Deny, DecisionStep.PolicyUnreadable, toolName, string.Empty,
                    $"Tool '{toolName}' is denied because its arguments cannot be turned into JSON for the policy check ({e.GetType().Name}: {e.Message})."), null, noLimits);
            }
        }

        PolicyDecision? a = builtIn is null ? null : Checked(PolicyEvaluator.Evaluate(builtIn, toolName, args));
        PolicyDecision? b = runtime is null ? null : Checked(PolicyEvaluator.Evaluate(runtime, toolName, args));
        PolicyDecision decision;
        string? source;
        if (a is null) { decision = b!; source = runtime!.FilePath; }
        else if (b is null) { decision = a; source = builtIn!.FilePath; }
        else
        {
            decision = PolicyDecision.MostRestrictive(a, b);
            source = Rank(b.Verdict) > Rank(a.Verdict) ? runtime!.FilePath : builtIn!.FilePath;
        }

        var count = decision.IsDenied ? 0 : (a?.Limits.Count ?? 0) + (b?.Limits.Count ?? 0);
        if (count == 0) { return (decision, source, noLimits); }
        var limits = new List<(string, PolicyLimit)>(count);
        if (a is not null) { foreach (var l in a.Limits) { limits.Add((BuiltInScope, l)); } }
        if (b is not null) { foreach (var l in b.Limits) { limits.Add((RuntimeScope, l)); } }
        return (decision, source, limits);
    }

    private static bool ReadsArguments(PolicyDocument? policy, string toolName)
        => policy is not null && policy.GetRule(toolName) is { } rule && (rule.Require.Count > 0 || rule.DenyIf.Count > 0);

    // With every argument known nothing can stay undecided; if it does, refuse rather than guess.
    private static PolicyDecision Checked(PolicyDecision decision)
    {
        if (decision.IsDenied || decision.UndecidedPredicates.Count == 0) { return decision; }
        var p = decision.UndecidedPredicates[0];
        return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.RequireFailed, decision.ToolName, p.Pointer,
            $"Tool '{decision.ToolName}' is denied: policy rule {p.Pointer} could not be decided on the call's arguments.", p.OnDeny, p.Span, p);
    }

    private static int Rank(PolicyVerdict verdict) => verdict == PolicyVerdict.Deny ? 2 : verdict == PolicyVerdict.RequireApproval ? 1 : 0;

    private string? FileOf(string scope) => string.Equals(scope, RuntimeScope, StringComparison.Ordinal) ? RuntimePolicy?.FilePath : BuiltInPolicy?.FilePath;

    private static PolicyDecision LimitDenial(string toolName, (string Scope, PolicyLimit Limit) exhausted, TimeSpan retryAfter)
    {
        var limit = exhausted.Limit;
        var why = limit.IsValid
            ? $"no calls are left in the current window; try again in {Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)} s"
            : $"the limit cannot be read ({limit.Error}), so it allows no calls until it is fixed";
        return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.LimitExhausted, toolName, limit.Pointer,
            $"Tool '{toolName}' is refused by the {exhausted.Scope} policy's limit {limit} : {why}.", null, limit.Span);
    }

    private McpPolicyDeniedException Denied(PolicyDecision decision, string? source, string keys)
    {
        LogDenied(_logger, decision.ToolName, decision.Step, decision.RulePointer, keys);
        return new McpPolicyDeniedException(decision, source);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "MCP tool call allowed: tool {Tool}, verdict {Verdict}, step {Step}, rule {Rule}, argument names {ArgumentNames}")]
    private static partial void LogAllowed(ILogger logger, string tool, PolicyVerdict verdict, DecisionStep step, string rule, string argumentNames);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "MCP tool call denied: tool {Tool}, step {Step}, rule {Rule}, argument names {ArgumentNames}")]
    private static partial void LogDenied(ILogger logger, string tool, DecisionStep step, string rule, string argumentNames);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "MCP tool call approved: tool {Tool}, rule {Rule}, argument names {ArgumentNames}")]
    private static partial void LogApproved(ILogger logger, string tool, string rule, string argumentNames);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "MCP tool not offered to agents: tool {Tool}, step {Step}, rule {Rule}")]
    private static partial void LogNotOffered(ILogger logger, string tool, DecisionStep step, string rule);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The run-time policy cannot be read, so every tool call is denied: {Reason}")]
    private static partial void LogRuntimePolicyUnreadable(ILogger logger, string reason);

    /// <summary>Arguments whose every value is unknown: decides what does not depend on arguments (steps 1 to 3).</summary>
    private sealed class UnknownArguments : IPolicyArguments
    {
        public static readonly UnknownArguments Instance = new();

        public ArgumentValue Get(IReadOnlyList<string> path) => ArgumentValue.Unknown;
    }
}

/// <summary>A call the guard let through. Its reserved quota is kept unless <see cref="ReturnQuota"/> is called.</summary>
public sealed class PolicyPermit
{
    private readonly QuotaReservation _reservation;

    internal PolicyPermit(PolicyDecision decision, QuotaReservation reservation)
    {
        Decision = decision;
        _reservation = reservation;
    }

    /// <summary>The decision that allowed the call (the combined one when two policies apply).</summary>
    public PolicyDecision Decision { get; }

    /// <summary>
    /// Gives the reserved calls back to their limits: call it when the call failed in transport (the SDK threw) and so
    /// did not reach the server, not when the server answered with an error result. Safe to call more than once.
    /// </summary>
    public void ReturnQuota() => _reservation.Return();
}

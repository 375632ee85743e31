using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private readonly LimitStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InputSchemaRegistry _schemas = new();
    private readonly ConditionalWeakTable<PolicyDocument, HashSet<string>> _policyNames = new();
    private readonly PolicyFileSubscription? _watch;
    private PolicyDocument? _runtime;

    /// <summary>Creates a guard.</summary>
    /// <param name="builtInPolicy">The policy compiled into the client, or null when its project had no policy file.</param>
    /// <param name="options">The run-time policy, approval hook, limit store, telemetry, audit, logging and clock; null for none.</param>
    public PolicyGuard(PolicyDocument? builtInPolicy, TypedMcpClientOptions? options = null)
    {
        _options = options ?? new TypedMcpClientOptions();
        BuiltInPolicy = builtInPolicy;
        _time = _options.TimeProvider ?? TimeProvider.System;
        _store = _options.LimitStore ?? new InProcessLimitStore();
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("TypedMcp.PolicyGuard");
        if (_options.Policy is { } given) { _runtime = given; }
        else if (_options.PolicyFilePath is { } path)
        {
            // Watch first, then read: an edit between the two is read again by the watcher.
            if (_options.WatchPolicyFile) { _watch = PolicyFileWatcher.Subscribe(path, this, _options.PolicyReloadDelay); }
            _runtime = LoadPolicyFile(path);
        }

        if (_runtime?.FailClosedReason is { } reason) { ReportUnreadable(reason); }
    }

    /// <summary>The store the limit counters are kept in.</summary>
    public LimitStore LimitStore => _store;

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
        if (policy?.FailClosedReason is { } reason) { ReportUnreadable(reason); }
        else { Volatile.Write(ref _lastUnreadable, null); }
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

    /// <summary>
    /// How much of each limit's current window is used (counters appear once this guard has charged them). With a
    /// remote store this waits for it; prefer <see cref="GetLimitUsageAsync"/> there.
    /// </summary>
    public IReadOnlyList<PolicyLimitUsage> GetLimitUsage()
    {
        var usage = GetLimitUsageAsync(CancellationToken.None);
        return usage.IsCompletedSuccessfully ? usage.Result : usage.AsTask().GetAwaiter().GetResult();
    }

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
        return Decide(toolName, ToolCallReader.Pin(arguments)).Decision;
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
    /// Decides a call completely before it is sent: the arguments are serialized once (as the MCP SDK serializes them)
    /// and everything after looks at that copy: the tool's input schema, the policies, approval (asking
    /// <see cref="TypedMcpClientOptions.Approvals"/>), then limits (reserving one call of each). Each decision is
    /// logged with the argument names only.
    /// </summary>
    /// <param name="toolName">The tool name on the wire.</param>
    /// <param name="arguments">The arguments as they go on the wire.</param>
    /// <param name="cancellationToken">Cancels the approval question.</param>
    /// <returns>
    /// The permit: call <see cref="PolicyPermit.Commit"/> just before the request may be written, or
    /// <see cref="PolicyPermit.ReturnQuota"/> if it is then not sent after all.
    /// </returns>
    /// <exception cref="McpPolicyDeniedException">The call is refused; nothing must be sent.</exception>
    public ValueTask<PolicyPermit> AuthorizeAsync(string toolName, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        if (toolName is null) { throw new ArgumentNullException(nameof(toolName)); }
        if (arguments is null) { throw new ArgumentNullException(nameof(arguments)); }
        JsonElement pinned;
        try
        {
            pinned = ToolCallReader.Pin(arguments);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or JsonException)
        {
            // An argument the guard cannot serialize must not let the call through.
            throw RejectUnreadable(toolName, $"its arguments cannot be turned into JSON for the check ({e.GetType().Name}: {e.Message})");
        }

        return AuthorizeCoreAsync(toolName, pinned, cancellationToken);
    }

    /// <summary>
    /// Decides a call on the exact JSON that will be sent (<paramref name="arguments"/> must be an object that nobody
    /// can change any more). An approval already given for this call in the current <see cref="PolicyCallContext"/>
    /// (M.E.AI's approval flow) stands for step 6. The decision is traced (span, metrics, audit line) when anything listens.
    /// </summary>
    internal ValueTask<PolicyPermit> AuthorizeCoreAsync(string toolName, JsonElement arguments, CancellationToken cancellationToken)
    {
        var trace = DecisionTrace.Start(toolName, IsKnownTool(toolName), arguments, _options);

        // Untraced (the usual case): the decision's own task, without a second async frame around it.
        return trace is null ? DecideCoreAsync(toolName, arguments, null, cancellationToken) : TracedAsync(toolName, arguments, trace, cancellationToken);
    }

    private async ValueTask<PolicyPermit> TracedAsync(string toolName, JsonElement arguments, DecisionTrace trace, CancellationToken cancellationToken)
    {
        try
        {
            var permit = await DecideCoreAsync(toolName, arguments, trace, cancellationToken).ConfigureAwait(false);
            trace.Finish(permit.Decision, permit.PolicyId, permit.PolicyVersion, permit.Verdict);
            return permit;
        }
        catch (McpPolicyDeniedException denied)
        {
            trace.Finish(denied.Decision, denied.PolicyId, denied.PolicyVersion, denied.Decision.Verdict);
            throw;
        }
        catch (Exception e)
        {
            trace.Fail(e);
            throw;
        }
    }

    private async ValueTask<PolicyPermit> DecideCoreAsync(string toolName, JsonElement arguments, DecisionTrace? trace, CancellationToken cancellationToken)
    {
        if (RejectName(toolName) is { } nameProblem) { throw Denied(Rejected(toolName, nameProblem), null, ToolCallReader.KeysOf(arguments)); }
        if (_schemas.Get(toolName) is { } schema && schema.Validate(arguments) is { } invalid)
        {
            // A tool the policy refuses whatever the arguments (hidden, not listed, denied) is reported as such.
            var outright = Decide(toolName, UnknownArguments.Instance);
            if (outright.Decision.IsDenied && outright.Decision.Step <= DecisionStep.ActionDeny) { throw Denied(outright.Decision, outright.Deciding, ToolCallReader.KeysOf(arguments)); }
            throw Denied(Rejected(toolName, invalid), null, ToolCallReader.KeysOf(arguments));
        }

        var decided = Decide(toolName, arguments);
        var decision = decided.Decision;

        // The argument names are only for logs: joined when a log line is written (denials always are).
        if (decision.IsDenied) { throw Denied(decision, decided.Deciding, ToolCallReader.KeysOf(arguments)); }

        // Step 7 needs the charges first: a spend cap reads its amount from the arguments, and fails closed without one.
        var charges = BuildCharges(toolName, decided.Limits, arguments, trace);
        if (decision.Verdict == PolicyVerdict.RequireApproval)
        {
            // Do not ask a person for a call the limits would refuse anyway.
            var keys = ToolCallReader.KeysOf(arguments);
            if (charges.Count > 0)
            {
                var room = await _store.CheckAsync(charges.Charges, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (room.Status != LimitReservationStatus.Reserved && LimitRefusal(toolName, charges, room, trace) is { } full) { throw full; }
            }

            if (PolicyCallContext.Current?.TakeApproval(toolName) == true)
            {
                trace?.Approval("pre_approved", null);
                LogApproved(_logger, toolName, decision.RulePointer, keys);
            }
            else
            {
                await AskApprovalAsync(toolName, arguments, decision, decided.Deciding, keys, trace, cancellationToken).ConfigureAwait(false);
            }
        }

        var reservation = LimitReservation.None;
        if (charges.Count > 0)
        {
            reservation = await _store.ReserveAsync(charges.Charges, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (reservation.Status != LimitReservationStatus.Reserved)
            {
                if (LimitRefusal(toolName, charges, reservation, trace) is { } refusal) { throw refusal; }
                reservation = LimitReservation.None;
            }
            else
            {
                StoreAnswered();
            }
        }

        if (_logger.IsEnabled(LogLevel.Debug)) { LogAllowed(_logger, toolName, decision.Verdict, decision.Step, decision.RulePointer, ToolCallReader.KeysOf(arguments)); }
        return new PolicyPermit(decision, reservation, _store, _logger, PolicyIdOf(decided.Deciding), decided.Deciding?.Fingerprint);
    }

    private async ValueTask AskApprovalAsync(string toolName, JsonElement arguments, PolicyDecision decision, PolicyDocument? source, string keys, DecisionTrace? trace, CancellationToken cancellationToken)
    {
        var approvals = _options.Approvals;
        if (approvals is null)
        {
            var how = new PolicyDecision(PolicyVerdict.Deny, DecisionStep.ApprovalRequired, toolName, decision.RulePointer,
                decision.Message + " No approval service is configured, so the call is denied: set TypedMcpClientOptions.Approvals to an IToolApprovalService, or register one in dependency injection (services.AddSingleton<IToolApprovalService, YourService>()) before AddMcpClient; an agent's tools ask through Microsoft.Extensions.AI's approval flow instead.",
                decision.Reason, decision.RuleSpan);
            trace?.Approval("no_service", null);
            throw Denied(how, source, keys);
        }

        var timeout = ApprovalTimeoutOf(toolName);
        using var timer = timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        using var linked = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var asked = _time.GetTimestamp();
        bool approved;
        try
        {
            // The approver sees plain values copied from the JSON that will be sent: changing them changes nothing.
            approved = await approvals.ApproveAsync(
                new ToolApprovalRequest(toolName, ToolCallReader.ToValues(arguments), decision.RulePointer, decision.Message, decision.Reason),
                linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer is not null && timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            trace?.Approval("timed_out", _time.GetElapsedTime(asked));
            var expired = new PolicyDecision(PolicyVerdict.Deny, DecisionStep.ApprovalRequired, toolName, decision.RulePointer,
                $"Tool '{toolName}' needs approval (policy rule {decision.RulePointer}) and none came within its approval_timeout of {timeout!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s, so the call is denied.",
                decision.Reason, decision.RuleSpan);
            throw Denied(expired, source, keys);
        }

        trace?.Approval(approved ? "approved" : "rejected", _time.GetElapsedTime(asked));
        if (!approved)
        {
            var rejected = new PolicyDecision(PolicyVerdict.Deny, DecisionStep.ApprovalRequired, toolName, decision.RulePointer,
                $"Tool '{toolName}' needs approval (policy rule {decision.RulePointer}) and the call was not approved.", decision.Reason, decision.RuleSpan);
            throw Denied(rejected, source, keys);
        }

        LogApproved(_logger, toolName, decision.RulePointer, keys);
    }

    // The shortest approval_timeout the rules of this tool set (either policy), or null.
    private TimeSpan? ApprovalTimeoutOf(string toolName)
    {
        TimeSpan? shortest = null;
        foreach (var policy in new[] { BuiltInPolicy, RuntimePolicy })
        {
            if (policy?.GetRule(toolName)?.ApprovalTimeout is { } t && (shortest is null || t < shortest)) { shortest = t; }
        }

        return shortest;
    }

    private (PolicyDecision Decision, PolicyDocument? Deciding, IReadOnlyList<(string Scope, PolicyLimit Limit)> Limits) Decide(string toolName, JsonElement arguments)
        => Decide(toolName, arguments, null);

    private (PolicyDecision Decision, PolicyDocument? Deciding, IReadOnlyList<(string Scope, PolicyLimit Limit)> Limits) Decide(string toolName, IPolicyArguments arguments)
        => Decide(toolName, default, arguments);

    private (PolicyDecision Decision, PolicyDocument? Deciding, IReadOnlyList<(string Scope, PolicyLimit Limit)> Limits) Decide(string toolName, JsonElement element, IPolicyArguments? given)
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
        IPolicyArguments args = given ?? PolicyArguments.Empty;
        if (given is null && (ReadsArguments(builtIn, toolName) || ReadsArguments(runtime, toolName)))
        {
            args = PolicyArguments.FromJson(PolicyArgumentConverter.FromElement(element));
        }

        PolicyDecision? a = builtIn is null ? null : Checked(PolicyEvaluator.Evaluate(builtIn, toolName, args));
        PolicyDecision? b = runtime is null ? null : Checked(PolicyEvaluator.Evaluate(runtime, toolName, args));
        PolicyDecision decision;
        PolicyDocument? source;
        if (a is null) { decision = b!; source = runtime; }
        else if (b is null) { decision = a; source = builtIn; }
        else
        {
            decision = PolicyDecision.MostRestrictive(a, b);
            source = Rank(b.Verdict) > Rank(a.Verdict) ? runtime : builtIn;
        }

        var count = decision.IsDenied ? 0 : (a?.Limits.Count ?? 0) + (b?.Limits.Count ?? 0);
        if (count == 0) { return (decision, source, noLimits); }
        var limits = new List<(string, PolicyLimit)>(count);
        if (a is not null) { foreach (var l in a.Limits) { limits.Add((BuiltInScope, l)); } }
        if (b is not null) { foreach (var l in b.Limits) { limits.Add((RuntimeScope, l)); } }
        return (decision, source, limits);
    }

    /// <summary>
    /// Validates every call of these tools against their <c>inputSchema</c> before the policy is applied, e.g. the
    /// tools of a catalog or of a <c>tools/list</c> you trust. A server's later <c>tools/list</c> never replaces them
    /// (the guard otherwise learns the schemas of the tools a server lists through a guarded transport).
    /// </summary>
    /// <param name="tools">The tools, with their input schemas.</param>
    public void AddInputSchemas(IEnumerable<ModelContextProtocol.Protocol.Tool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var entries = new List<(string, JsonElement)>();
        foreach (var tool in tools)
        {
            ArgumentNullException.ThrowIfNull(tool);
            entries.Add((tool.Name, tool.InputSchema.Clone()));
        }

        _schemas.AddTrusted(entries);
    }

    /// <summary>The input schemas calls are validated against (the catalog's, then what servers list).</summary>
    internal InputSchemaRegistry Schemas => _schemas;

    /// <summary>
    /// Removes from a <c>tools/list</c> result every tool a policy hides (and any tool listed under a name that differs
    /// from a hidden one only in case or invisible characters, or listed twice), and remembers the input schemas of
    /// the tools listed. Returns a new result; the given one is not changed.
    /// </summary>
    internal JsonNode? FilterToolList(JsonNode? result)
    {
        if (result is not JsonObject obj || obj["tools"] is not JsonArray tools) { return result; }
        var copy = (JsonObject)obj.DeepClone();
        var kept = new JsonArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var learned = new List<(string, JsonElement)>();
        foreach (var tool in tools)
        {
            if (tool is not JsonObject t || t["name"] is not JsonValue nameNode || !nameNode.TryGetValue<string>(out var name) || name.Length == 0) { continue; }
            if (t["inputSchema"] is { } schema) { learned.Add((name, JsonSerializer.SerializeToElement(schema, McpJsonNodeInfo))); }
            if (!seen.Add(name) || IsListHidden(name))
            {
                LogNotListed(_logger, name);
                continue;
            }

            kept.Add(t.DeepClone());
        }

        _schemas.AddListed(learned);
        copy["tools"] = kept;
        return copy;
    }

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo McpJsonNodeInfo = ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonNode));

    private bool IsListHidden(string name)
    {
        foreach (var policy in new[] { BuiltInPolicy, RuntimePolicy })
        {
            if (policy is null) { continue; }
            if (policy.IsFailClosed || policy.IsHidden(name)) { return true; }
            foreach (var hidden in policy.Hidden)
            {
                if (string.Equals(Canonical(hidden.Name), Canonical(name), StringComparison.OrdinalIgnoreCase)) { return true; }
            }
        }

        return false;
    }

    /// <summary>
    /// Why a tool name cannot be decided unambiguously, or null. A name the catalog, the server's list or a policy
    /// spells exactly is fine. Otherwise it must be plain printable ASCII without spaces, and must not equal such a
    /// name ignoring case: a careless server might fold case or drop invisible characters and run another tool.
    /// </summary>
    private string? RejectName(string name)
    {
        if (_schemas.IsKnown(name) || NamedByPolicy(name)) { return null; }
        if (name.Length > 128) { return "its tool name is longer than 128 characters"; }
        foreach (var c in name)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                return $"its tool name contains the character U+{((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)}, which a server may drop or fold, and no catalog, server list or policy spells the name that way";
            }
        }

        var variant = _schemas.CaseVariantOf(name) ?? PolicyCaseVariantOf(name);
        return variant is null ? null : $"its tool name differs from the tool '{variant}' only in case, and a server may read it as that tool";
    }

    private bool NamedByPolicy(string name)
    {
        foreach (var policy in new[] { BuiltInPolicy, RuntimePolicy })
        {
            if (policy is not null && (policy.GetRule(name) is not null || policy.GetHiddenEntry(name) is not null)) { return true; }
        }

        return false;
    }

    private string? PolicyCaseVariantOf(string name)
    {
        foreach (var policy in new[] { BuiltInPolicy, RuntimePolicy })
        {
            if (policy is null) { continue; }
            var names = _policyNames.GetValue(policy, static p =>
            {
                var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var tool in p.Tools.Keys) { set.Add(tool); }
                foreach (var hidden in p.Hidden) { set.Add(hidden.Name); }
                return set;
            });
            if (names.TryGetValue(name, out var actual)) { return actual; }
        }

        return null;
    }

    // A name without control, format or space characters, for comparing listed names with hidden ones.
    private static string Canonical(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format) { continue; }
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static PolicyDecision Rejected(string toolName, string problem)
        => new(PolicyVerdict.Deny, DecisionStep.RequestRejected, toolName, string.Empty,
            $"The call of tool '{toolName}' is refused before the policy is applied because {problem}; nothing was sent.");

    /// <summary>A refusal of a request that cannot be read at all (no tool name, arguments not an object, not JSON).</summary>
    internal McpPolicyDeniedException RejectUnreadable(string toolName, string problem)
    {
        var denial = Denied(Rejected(toolName, problem), null, "(unreadable)");
        DecisionTrace.Start(toolName, IsKnownTool(toolName), null, _options)?.Finish(denial.Decision, null, null, PolicyVerdict.Deny);
        return denial;
    }

    private static bool ReadsArguments(PolicyDocument? policy, string toolName)
        => policy is not null && policy.GetRule(toolName) is { } rule && (rule.Require.Count > 0 || rule.DenyIf.Count > 0 || rule.ApprovalIf.Count > 0);

    // With every argument known nothing can stay undecided; if it does, refuse rather than guess.
    private static PolicyDecision Checked(PolicyDecision decision)
    {
        if (decision.IsDenied || decision.UndecidedPredicates.Count == 0) { return decision; }
        var p = decision.UndecidedPredicates[0];
        return new PolicyDecision(PolicyVerdict.Deny, DecisionStep.RequireFailed, decision.ToolName, p.Pointer,
            $"Tool '{decision.ToolName}' is denied: policy rule {p.Pointer} could not be decided on the call's arguments.", p.OnDeny, p.Span, p);
    }

    private static int Rank(PolicyVerdict verdict) => verdict == PolicyVerdict.Deny ? 2 : verdict == PolicyVerdict.RequireApproval ? 1 : 0;

    private McpPolicyDeniedException Denied(PolicyDecision decision, PolicyDocument? source, string keys)
    {
        LogDenied(_logger, decision.ToolName, decision.Step, decision.RulePointer, keys);
        return new McpPolicyDeniedException(decision, source?.FilePath) { PolicyId = PolicyIdOf(source), PolicyVersion = source?.Fingerprint };
    }

    // The policy as telemetry and audit name it: scope and file name.
    private string? PolicyIdOf(PolicyDocument? policy)
    {
        if (policy is null) { return null; }
        var scope = ReferenceEquals(policy, BuiltInPolicy) ? BuiltInScope : RuntimeScope;
        return scope + ":" + (string.IsNullOrEmpty(policy.FilePath) ? "policy.json" : System.IO.Path.GetFileName(policy.FilePath));
    }

    // Whether a catalog, server list or policy names the tool: only such names become metric tags.
    private bool IsKnownTool(string name) => _schemas.IsKnown(name) || NamedByPolicy(name);

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

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "MCP tool removed from a tools/list result: tool {Tool}")]
    private static partial void LogNotListed(ILogger logger, string tool);

    /// <summary>Arguments whose every value is unknown: decides what does not depend on arguments (steps 1 to 3).</summary>
    private sealed class UnknownArguments : IPolicyArguments
    {
        public static readonly UnknownArguments Instance = new();

        public ArgumentValue Get(IReadOnlyList<string> path) => ArgumentValue.Unknown;
    }
}

/// <summary>
/// A call the guard let through, with its charge reserved from each limit that applies (two-phase quota): call
/// <see cref="Commit"/> just before the request may be written, after which the quota stays used whatever happens
/// (a cancellation after the write does not give it back); call <see cref="ReturnQuota"/> (or
/// <see cref="ReturnQuotaAsync"/>) when the request was provably not written (refused, cancelled or the connection
/// closed before the write). A reservation that is neither committed nor returned (the process died in between)
/// stays counted until its window ends, never longer.
/// </summary>
public sealed partial class PolicyPermit
{
    private readonly LimitReservation _reservation;
    private readonly LimitStore _store;
    private readonly ILogger _logger;
    private int _state;

    internal PolicyPermit(PolicyDecision decision, LimitReservation reservation, LimitStore store, ILogger logger, string? policyId, string? policyVersion)
    {
        Decision = decision;
        _reservation = reservation;
        _store = store;
        _logger = logger;
        PolicyId = policyId;
        PolicyVersion = policyVersion;
    }

    /// <summary>The decision that allowed the call (the combined one when two policies apply).</summary>
    public PolicyDecision Decision { get; }

    /// <summary>Whether <see cref="Commit"/> was called: the request may have reached the server, so its quota stays used.</summary>
    public bool IsCommitted => Volatile.Read(ref _state) == 1;

    /// <summary>What was reserved (<see cref="LimitReservation.None"/> for a call without limits, or one let through by a store that was down under <see cref="LimitStoreFailMode.Open"/>).</summary>
    public LimitReservation Reservation => _reservation;

    internal string? PolicyId { get; }

    internal string? PolicyVersion { get; }

    internal PolicyVerdict Verdict => Decision.Verdict;

    /// <summary>Marks the request as possibly written: from now on the reserved quota is never given back.</summary>
    public void Commit() => Interlocked.CompareExchange(ref _state, 1, 0);

    /// <summary>
    /// Gives the reserved quota back, unless <see cref="Commit"/> was called first (then it does nothing: the server
    /// may have the request). Safe to call more than once. With a remote store the refund is sent without waiting;
    /// a failure is logged, and the reservation then lapses with its window.
    /// </summary>
    public void ReturnQuota()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) != 0 || _reservation.Charges.Count == 0) { return; }
        var refund = _store.RefundAsync(_reservation, CancellationToken.None);
        if (!refund.IsCompletedSuccessfully) { _ = ObserveAsync(refund); }
    }

    /// <summary>Like <see cref="ReturnQuota"/>, and waits until the store has the refund.</summary>
    /// <param name="cancellationToken">Cancels waiting (the refund may still be made).</param>
    public async ValueTask ReturnQuotaAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) != 0 || _reservation.Charges.Count == 0) { return; }
        await _store.RefundAsync(_reservation, cancellationToken).ConfigureAwait(false);
    }

    private async Task ObserveAsync(ValueTask refund)
    {
        try
        {
            await refund.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogRefundFailed(_logger, _store.Description, e.Message);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "A quota refund to the limit store {Store} failed ({Reason}); the reservation stays counted until its window ends.")]
    private static partial void LogRefundFailed(ILogger logger, string store, string reason);
}

namespace TypedMcp.Policy;

/// <summary>The verdict of policy.json's <c>default</c> for a tool that <c>tools</c> does not list.</summary>
internal enum PolicyDefault
{
    /// <summary><c>"allow"</c>: unlisted tools may be called.</summary>
    Allow,
    /// <summary><c>"deny"</c>: only listed tools may be called.</summary>
    Deny,
}

/// <summary>A tool rule's <c>action</c>.</summary>
internal enum RuleAction
{
    /// <summary><c>"allow"</c> (also what a rule without <c>action</c> means).</summary>
    Allow,
    /// <summary><c>"deny"</c>: the tool stays visible, every call is refused.</summary>
    Deny,
    /// <summary><c>"require_approval"</c>: a person must approve each call.</summary>
    RequireApproval,
}

/// <summary>A predicate's <c>op</c>.</summary>
public enum PredicateOperator
{
    /// <summary><c>eq</c>: the argument equals the value (numbers by numeric value, strings ordinally).</summary>
    Eq,
    /// <summary><c>neq</c>: the argument does not equal the value (an absent argument is not equal).</summary>
    Neq,
    /// <summary><c>in</c>: the argument equals one element of the value array.</summary>
    In,
    /// <summary><c>not_in</c>: the argument equals no element of the value array (an absent argument is in none).</summary>
    NotIn,
    /// <summary><c>lt</c>: the numeric argument is less than the value.</summary>
    Lt,
    /// <summary><c>lte</c>: the numeric argument is less than or equal to the value.</summary>
    Lte,
    /// <summary><c>gt</c>: the numeric argument is greater than the value.</summary>
    Gt,
    /// <summary><c>gte</c>: the numeric argument is greater than or equal to the value.</summary>
    Gte,
    /// <summary><c>regex</c>: the string argument matches the pattern somewhere (not anchored; <c>$</c> is the end of the value, never before a trailing newline).</summary>
    Regex,
    /// <summary><c>contains</c>: the string argument contains the value as a substring, or the array argument has an element equal to it.</summary>
    Contains,
    /// <summary><c>exists</c>: the argument is present (value <c>true</c> or no value) or absent (value <c>false</c>).</summary>
    Exists,
}

/// <summary>What is known about one argument when a policy is evaluated.</summary>
internal enum ArgumentState
{
    /// <summary>The argument has a known value (possibly JSON null).</summary>
    Present,
    /// <summary>The argument is not given.</summary>
    Absent,
    /// <summary>The argument's value is not known yet (at compile time: not a constant); only run time can decide.</summary>
    Unknown,
}

/// <summary>The result of evaluating one predicate against arguments.</summary>
internal enum PredicateOutcome
{
    /// <summary>The predicate holds.</summary>
    True,
    /// <summary>The predicate does not hold.</summary>
    False,
    /// <summary>The argument it reads is <see cref="ArgumentState.Unknown"/>: only run time can decide.</summary>
    Unknown,
    /// <summary>
    /// The predicate cannot be evaluated (it is invalid in policy.json, the argument has a type the operator cannot
    /// compare, or the regex timed out). The evaluator fails closed: the call is denied in <c>require</c> and in <c>deny_if</c>.
    /// </summary>
    Error,
}

/// <summary>The verdict for one call.</summary>
public enum PolicyVerdict
{
    /// <summary>The call may go ahead (subject to the run-time limits in <see cref="PolicyDecision.Limits"/>).</summary>
    Allow,
    /// <summary>The call is refused.</summary>
    Deny,
    /// <summary>A person must approve the call first.</summary>
    RequireApproval,
}

/// <summary>Which step of the decision order decided a call (the numbers are the steps of the language spec).</summary>
public enum DecisionStep
{
    /// <summary>The policy cannot be read: every call is denied (fail closed).</summary>
    PolicyUnreadable = 0,
    /// <summary>Step 1: the tool is hidden.</summary>
    Hidden = 1,
    /// <summary>Step 2: the tool is not listed and the default is deny.</summary>
    NotListed = 2,
    /// <summary>Step 3: the rule's action is deny.</summary>
    ActionDeny = 3,
    /// <summary>Step 4: a <c>require</c> predicate does not hold.</summary>
    RequireFailed = 4,
    /// <summary>Step 5: a <c>deny_if</c> predicate holds.</summary>
    DenyIfMatched = 5,
    /// <summary>Step 6: the rule's action is require_approval, or a <c>require_approval_if</c> predicate holds.</summary>
    ApprovalRequired = 6,
    /// <summary>Step 7: a limit is exhausted (decided by the run-time guard, never by <see cref="PolicyEvaluator"/>).</summary>
    LimitExhausted = 7,
    /// <summary>Step 8: allowed.</summary>
    Allowed = 8,
    /// <summary>
    /// The request cannot be read unambiguously, so it is refused before the policy (run time only): a malformed
    /// <c>tools/call</c>, a tool name that differs from a known one only in case or invisible characters, duplicate or
    /// case-colliding keys, or arguments that do not match the tool's <c>inputSchema</c>.
    /// </summary>
    RequestRejected = 9,
}

using System;
using System.Collections.Generic;
using TypedMcp.Json;

namespace TypedMcp.Policy;

/// <summary>One argument as the evaluator sees it: present with a value, absent, or unknown until run time.</summary>
internal readonly struct ArgumentValue : IEquatable<ArgumentValue>
{
    private ArgumentValue(ArgumentState state, LocatedJsonNode? value)
    {
        State = state;
        Value = value;
    }

    /// <summary>Whether the argument is present, absent or unknown.</summary>
    public ArgumentState State { get; }

    /// <summary>The value when <see cref="State"/> is <see cref="ArgumentState.Present"/>; otherwise null.</summary>
    public LocatedJsonNode? Value { get; }

    /// <summary>An argument that is not given.</summary>
    public static ArgumentValue Absent => new(ArgumentState.Absent, null);

    /// <summary>An argument whose value only run time knows.</summary>
    public static ArgumentValue Unknown => new(ArgumentState.Unknown, null);

    /// <summary>A present argument; a null <paramref name="value"/> means JSON <c>null</c>.</summary>
    public static ArgumentValue Present(LocatedJsonNode? value) => new(ArgumentState.Present, value ?? LocatedJsonNode.Null());

    /// <inheritdoc/>
    public bool Equals(ArgumentValue other) => State == other.State && LocatedJsonNode.DeepEquals(Value, other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ArgumentValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)State;

    /// <inheritdoc/>
    public override string ToString() => State == ArgumentState.Present ? (Value?.ToString() ?? "null") : State.ToString();
}

/// <summary>The arguments of one call, read by predicate paths (the segments after <c>args.</c>).</summary>
internal interface IPolicyArguments
{
    /// <summary>The argument at <paramref name="path"/>; a nested path walks into objects.</summary>
    ArgumentValue Get(IReadOnlyList<string> path);
}

/// <summary>Ready-made <see cref="IPolicyArguments"/>: from a JSON arguments object, or built per top-level argument.</summary>
internal sealed class PolicyArguments : IPolicyArguments
{
    private readonly LocatedJsonNode? _json;
    private readonly Dictionary<string, ArgumentValue>? _values;

    private PolicyArguments(LocatedJsonNode? json, Dictionary<string, ArgumentValue>? values)
    {
        _json = json;
        _values = values;
    }

    /// <summary>No arguments: every path is absent.</summary>
    public static PolicyArguments Empty { get; } = new(null, null);

    /// <summary>
    /// Arguments from a JSON object (the <c>arguments</c> of an MCP <c>tools/call</c>). A path that is not there is
    /// absent; a path through a value that is not an object is absent too. Null or a non-object gives no arguments.
    /// </summary>
    public static PolicyArguments FromJson(LocatedJsonNode? argsObject) => new(argsObject is { IsObject: true } ? argsObject : null, null);

    /// <summary>
    /// Arguments built per top-level name, for the analyzer: a constant argument is <see cref="ArgumentValue.Present"/>,
    /// a non-constant one <see cref="ArgumentValue.Unknown"/> (every path under it is unknown too), and a name not
    /// given is absent. A later duplicate name replaces an earlier one.
    /// </summary>
    public static PolicyArguments Create(IEnumerable<KeyValuePair<string, ArgumentValue>> arguments)
    {
        if (arguments is null) { throw new ArgumentNullException(nameof(arguments)); }
        var values = new Dictionary<string, ArgumentValue>(StringComparer.Ordinal);
        foreach (var pair in arguments)
        {
            if (pair.Key is null) { continue; }
            values[pair.Key] = pair.Value.State switch
            {
                ArgumentState.Present => ArgumentValue.Present(pair.Value.Value),
                ArgumentState.Unknown => ArgumentValue.Unknown,
                _ => ArgumentValue.Absent,
            };
        }

        return new PolicyArguments(null, values);
    }

    /// <summary>
    /// The argument at <paramref name="path"/> as a case-insensitive binder finds it: each segment names the member
    /// with exactly that name, else the first whose name equals it ignoring case.
    /// </summary>
    public ArgumentValue GetIgnoringCase(IReadOnlyList<string> path)
    {
        if (path is null || path.Count == 0) { return ArgumentValue.Absent; }
        LocatedJsonNode? node;
        if (_values is not null)
        {
            if (!_values.TryGetValue(path[0], out var top))
            {
                top = ArgumentValue.Absent;
                foreach (var pair in _values)
                {
                    if (string.Equals(pair.Key, path[0], StringComparison.OrdinalIgnoreCase)) { top = pair.Value; break; }
                }
            }

            if (top.State == ArgumentState.Absent) { return ArgumentValue.Absent; }
            if (top.State == ArgumentState.Unknown) { return ArgumentValue.Unknown; }
            node = top.Value;
        }
        else
        {
            node = _json is null ? null : LenientJson.FindIgnoringCase(_json, path[0]);
        }

        for (var i = 1; i < path.Count && node is not null; i++)
        {
            node = node.IsObject ? LenientJson.FindIgnoringCase(node, path[i]) : null;
        }

        return node is null ? ArgumentValue.Absent : ArgumentValue.Present(node);
    }

    /// <inheritdoc/>
    public ArgumentValue Get(IReadOnlyList<string> path)
    {
        if (path is null || path.Count == 0) { return ArgumentValue.Absent; }
        LocatedJsonNode? node;
        if (_values is not null)
        {
            if (!_values.TryGetValue(path[0], out var top) || top.State == ArgumentState.Absent) { return ArgumentValue.Absent; }
            if (top.State == ArgumentState.Unknown) { return ArgumentValue.Unknown; }
            node = top.Value;
        }
        else
        {
            node = _json?[path[0]];
        }

        for (var i = 1; i < path.Count && node is not null; i++)
        {
            node = node.IsObject ? node[path[i]] : null;
        }

        return node is null ? ArgumentValue.Absent : ArgumentValue.Present(node);
    }
}

using System;
using System.ComponentModel;
using System.Globalization;

namespace TypedMcp;

/// <summary>
/// The base of the union types TypedMcp generates for a schema with several alternatives (<c>anyOf</c>,
/// <c>oneOf</c>, a <c>type</c> array): the value is exactly one of them. A generated union has one <c>From</c> factory
/// and, where C# allows it, one implicit conversion per alternative, and one <c>As…</c> property per alternative that
/// returns it or null.
/// </summary>
public abstract class McpUnion : IEquatable<McpUnion>
{
    /// <summary>Wraps <paramref name="value"/>, the value of one alternative.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null (a nullable union is a null reference instead).</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected McpUnion(object value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The value, as the C# type of its alternative (a string, a long, a generated record, a list...).</summary>
    public object Value { get; }

    /// <inheritdoc />
    public bool Equals(McpUnion? other) => other is not null && other.GetType() == GetType() && Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as McpUnion);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GetType(), Value);

    /// <summary>The value as text (invariant culture).</summary>
    public override string ToString() => Value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : Value.ToString() ?? string.Empty;
}

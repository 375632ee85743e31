using System;
using System.Collections.Generic;

namespace TypedMcp.Json;

/// <summary>
/// Which parts of a document a pruned <see cref="LocatedJsonReader"/> parse builds: the listed members of objects
/// (each with its own outline) and the items of arrays; everything else is checked as JSON and skipped. Scalars at
/// a kept position are always kept.
/// </summary>
/// <example>
/// The names of a catalog's server and tools, nothing else:
/// <code>LocatedJsonOutline.Members(("server", LocatedJsonOutline.Members(("name", LocatedJsonOutline.Everything))),
///     ("tools", LocatedJsonOutline.ItemsOf(LocatedJsonOutline.Members(("name", LocatedJsonOutline.Everything)))))</code>
/// </example>
internal sealed class LocatedJsonOutline
{
    // Null members: everything is kept (the outline of every member and item is this one).
    private readonly Dictionary<string, LocatedJsonOutline>? _members;
    private readonly LocatedJsonOutline? _items;

    private LocatedJsonOutline(Dictionary<string, LocatedJsonOutline>? members, LocatedJsonOutline? items)
    {
        _members = members;
        _items = items;
    }

    /// <summary>The whole value, as an ordinary parse builds it.</summary>
    public static LocatedJsonOutline Everything { get; } = new(null, null);

    /// <summary>The outline of an array's items, or null when items are skipped.</summary>
    public LocatedJsonOutline? Items => _members is null ? this : _items;

    /// <summary>Only the members named (objects); arrays at this position keep no items.</summary>
    public static LocatedJsonOutline Members(params (string Name, LocatedJsonOutline Outline)[] members)
    {
        var map = new Dictionary<string, LocatedJsonOutline>(StringComparer.Ordinal);
        foreach (var (name, outline) in members) { map[name] = outline ?? throw new ArgumentNullException(nameof(members)); }
        return new LocatedJsonOutline(map, null);
    }

    /// <summary>Every item of an array, each kept by <paramref name="item"/>; objects at this position keep no members.</summary>
    public static LocatedJsonOutline ItemsOf(LocatedJsonOutline item)
        => new(new Dictionary<string, LocatedJsonOutline>(StringComparer.Ordinal), item ?? throw new ArgumentNullException(nameof(item)));

    /// <summary>The outline of member <paramref name="name"/>, or null when it is skipped.</summary>
    public LocatedJsonOutline? Member(string name)
    {
        if (_members is null) { return this; }
        return _members.TryGetValue(name, out var outline) ? outline : null;
    }
}

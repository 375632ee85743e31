using System.Globalization;

namespace TypedMcp.Json;

/// <summary>Builds JSON Pointers (RFC 6901) such as <c>/tools/a~1b/deny_if/0</c>, the addresses messages and models give to parts of a file.</summary>
internal static class JsonPointer
{
    /// <summary>The pointer to member <paramref name="name"/> of the value at <paramref name="parent"/> (<c>~</c> and <c>/</c> escaped).</summary>
    public static string Member(string parent, string name) => parent + "/" + name.Replace("~", "~0").Replace("/", "~1");

    /// <summary>The pointer to element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Item(string parent, int index) => parent + "/" + index.ToString(CultureInfo.InvariantCulture);
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using TypedMcp.Catalog;

namespace TypedMcp;

/// <summary>
/// A tool's <c>inputSchema</c> compiled once into a validator over <see cref="JsonElement"/>: types (with
/// <c>integer</c> as a number with no fraction, never a numeric string), <c>enum</c> and <c>const</c> (exact, case
/// matters), <c>required</c>, <c>properties</c> (members an object schema does not declare are refused unless
/// <c>additionalProperties</c> is <c>true</c> or a schema), <c>items</c>, <c>anyOf</c>/<c>oneOf</c> (one branch must
/// match) and <c>allOf</c>. Other keywords (<c>$ref</c>, <c>format</c>, bounds, patterns…) are not checked: they never
/// make a call pass that the policy would refuse, because the policy's predicates run after validation anyway.
/// </summary>
internal sealed class InputSchema
{
    private const int MaxDepth = 128;
    private static readonly InputSchema Anything = new();
    private static readonly InputSchema Nothing = new() { _rejectAll = true };

    private bool _rejectAll;
    private SchemaTypes _types;
    private JsonElement[]? _enum;
    private Dictionary<string, InputSchema>? _properties;
    private string[]? _required;
    private bool _declaresProperties;
    private bool _additionalAllowed = true;
    private InputSchema? _additional;
    private InputSchema? _items;
    private InputSchema[]? _anyOf;
    private InputSchema[]? _allOf;

    /// <summary>Compiles a schema (a JSON object or a boolean schema).</summary>
    public static InputSchema Compile(JsonElement schema) => Compile(schema, 0);

    /// <summary>Checks a value; null when it matches, else why not (naming where, e.g. <c>arguments.options.mode</c>).</summary>
    public string? Validate(JsonElement value) => Validate(value, "arguments", 0);

    private static InputSchema Compile(JsonElement schema, int depth)
    {
        if (schema.ValueKind == JsonValueKind.True) { return Anything; }
        if (schema.ValueKind == JsonValueKind.False) { return Nothing; }
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth) { return Anything; }
        var result = new InputSchema();
        foreach (var keyword in schema.EnumerateObject())
        {
            var v = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    result._types = TypesOf(v);
                    break;
                case "enum" when v.ValueKind == JsonValueKind.Array:
                    var values = new List<JsonElement>();
                    foreach (var item in v.EnumerateArray()) { values.Add(item.Clone()); }
                    result._enum = values.ToArray();
                    break;
                case "const":
                    result._enum = new[] { v.Clone() };
                    break;
                case "properties" when v.ValueKind == JsonValueKind.Object:
                    result._declaresProperties = true;
                    result._properties = new Dictionary<string, InputSchema>(StringComparer.Ordinal);
                    foreach (var p in v.EnumerateObject()) { result._properties[p.Name] = Compile(p.Value, depth + 1); }
                    if (!HasKeyword(schema, "additionalProperties")) { result._additionalAllowed = false; }
                    break;
                case "required" when v.ValueKind == JsonValueKind.Array:
                    var names = new List<string>();
                    foreach (var item in v.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String) { names.Add(item.GetString()!); }
                    }

                    result._required = names.ToArray();
                    break;
                case "additionalProperties":
                    if (v.ValueKind == JsonValueKind.False) { result._additionalAllowed = false; }
                    else if (v.ValueKind == JsonValueKind.Object) { result._additionalAllowed = true; result._additional = Compile(v, depth + 1); }
                    else { result._additionalAllowed = true; }
                    break;
                case "items" when v.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False:
                    result._items = Compile(v, depth + 1);
                    break;
                case "anyOf" or "oneOf" when v.ValueKind == JsonValueKind.Array:
                    result._anyOf = CompileAll(v, depth);
                    break;
                case "allOf" when v.ValueKind == JsonValueKind.Array:
                    result._allOf = CompileAll(v, depth);
                    break;
            }
        }

        // "additionalProperties" written after "properties" is read above; written before, it is kept too.
        if (result._declaresProperties && HasKeyword(schema, "additionalProperties") && schema.GetProperty("additionalProperties").ValueKind != JsonValueKind.False)
        {
            result._additionalAllowed = true;
        }

        return result;
    }

    private static InputSchema[] CompileAll(JsonElement array, int depth)
    {
        var list = new List<InputSchema>();
        foreach (var item in array.EnumerateArray()) { list.Add(Compile(item, depth + 1)); }
        return list.ToArray();
    }

    private static bool HasKeyword(JsonElement schema, string name) => schema.TryGetProperty(name, out _);

    private static SchemaTypes TypesOf(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String) { return KindOf(type.GetString()); }
        if (type.ValueKind != JsonValueKind.Array) { return SchemaTypes.None; }
        var kinds = SchemaTypes.None;
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) { kinds |= KindOf(item.GetString()); }
        }

        return kinds;
    }

    private static SchemaTypes KindOf(string? name) => name switch
    {
        "string" => SchemaTypes.String,
        "integer" => SchemaTypes.Integer,
        "number" => SchemaTypes.Number | SchemaTypes.Integer,
        "boolean" => SchemaTypes.Boolean,
        "object" => SchemaTypes.Object,
        "array" => SchemaTypes.Array,
        "null" => SchemaTypes.Null,
        _ => SchemaTypes.None,
    };

    private string? Validate(JsonElement value, string where, int depth)
    {
        if (_rejectAll) { return $"{where} is not allowed by the tool's inputSchema"; }
        if (depth > MaxDepth) { return $"{where} is nested more than {MaxDepth} levels deep"; }
        if (_types != SchemaTypes.None && (_types & KindOfValue(value)) == 0)
        {
            return $"{where} is {Describe(value)}, but the tool's inputSchema wants {Names(_types)}";
        }

        if (_enum is not null && !InEnum(value))
        {
            return $"{where} is {Describe(value)}, which is not one of the values the tool's inputSchema allows (case matters)";
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (_required is not null)
            {
                foreach (var name in _required)
                {
                    if (!value.TryGetProperty(name, out _)) { return $"{where}.{name} is required by the tool's inputSchema but missing"; }
                }
            }

            if (_properties is not null || !_additionalAllowed || _additional is not null)
            {
                foreach (var member in value.EnumerateObject())
                {
                    var path = where + "." + member.Name;
                    if (_properties is not null && _properties.TryGetValue(member.Name, out var property))
                    {
                        if (property.Validate(member.Value, path, depth + 1) is { } error) { return error; }
                    }
                    else if (!_additionalAllowed)
                    {
                        return $"{path} is not a property the tool's inputSchema declares";
                    }
                    else if (_additional is not null && _additional.Validate(member.Value, path, depth + 1) is { } error)
                    {
                        return error;
                    }
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && _items is not null)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (_items.Validate(item, where + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1) is { } error) { return error; }
                i++;
            }
        }

        if (_allOf is not null)
        {
            foreach (var branch in _allOf)
            {
                if (branch.Validate(value, where, depth + 1) is { } error) { return error; }
            }
        }

        if (_anyOf is not null)
        {
            string? first = null;
            foreach (var branch in _anyOf)
            {
                var error = branch.Validate(value, where, depth + 1);
                if (error is null) { return null; }
                first ??= error;
            }

            return first ?? $"{where} matches none of the alternatives of the tool's inputSchema";
        }

        return null;
    }

    private bool InEnum(JsonElement value)
    {
        foreach (var allowed in _enum!)
        {
            if (JsonElementEquality.Equal(allowed, value)) { return true; }
        }

        return false;
    }

    private static SchemaTypes KindOfValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => SchemaTypes.String,
        JsonValueKind.Number => IsInteger(value) ? SchemaTypes.Integer | SchemaTypes.Number : SchemaTypes.Number,
        JsonValueKind.True or JsonValueKind.False => SchemaTypes.Boolean,
        JsonValueKind.Object => SchemaTypes.Object,
        JsonValueKind.Array => SchemaTypes.Array,
        _ => SchemaTypes.Null,
    };

    private static bool IsInteger(JsonElement number)
    {
        if (number.TryGetInt64(out _)) { return true; }
        if (number.TryGetDecimal(out var d)) { return decimal.Truncate(d) == d; }
        return number.TryGetDouble(out var x) && !double.IsInfinity(x) && Math.Floor(x) == x;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string " + JsonSerializer.Serialize(value.GetString()),
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string Names(SchemaTypes kinds)
    {
        var names = new List<string>();
        if ((kinds & SchemaTypes.String) != 0) { names.Add("a string"); }
        if ((kinds & SchemaTypes.Number) != 0) { names.Add("a number"); }
        else if ((kinds & SchemaTypes.Integer) != 0) { names.Add("an integer"); }
        if ((kinds & SchemaTypes.Boolean) != 0) { names.Add("a boolean"); }
        if ((kinds & SchemaTypes.Object) != 0) { names.Add("an object"); }
        if ((kinds & SchemaTypes.Array) != 0) { names.Add("an array"); }
        if ((kinds & SchemaTypes.Null) != 0) { names.Add("null"); }
        return string.Join(" or ", names);
    }
}

/// <summary>Structural equality of JSON values: numbers by value, strings ordinally, objects regardless of member order.</summary>
internal static class JsonElementEquality
{
    public static bool Equal(JsonElement a, JsonElement b)
    {
        var ka = a.ValueKind;
        if (ka != b.ValueKind) { return false; }
        switch (ka)
        {
            case JsonValueKind.String:
                return a.ValueEquals(b.GetString());
            case JsonValueKind.Number:
                if (a.TryGetDecimal(out var da) && b.TryGetDecimal(out var db)) { return da == db; }
                return a.GetDouble().Equals(b.GetDouble());
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) { return false; }
                using (var ea = a.EnumerateArray().GetEnumerator())
                using (var eb = b.EnumerateArray().GetEnumerator())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!Equal(ea.Current, eb.Current)) { return false; }
                    }
                }

                return true;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var p in a.EnumerateObject())
                {
                    count++;
                    if (!b.TryGetProperty(p.Name, out var other) || !Equal(p.Value, other)) { return false; }
                }

                foreach (var _ in b.EnumerateObject()) { count--; }
                return count == 0;
            default:
                return true;
        }
    }
}

/// <summary>
/// The input schemas the guard validates against: the catalog's (compiled into a generated client; never replaced)
/// and those the server lists in <c>tools/list</c> (the latest list wins). Compiled on first use. Thread-safe.
/// </summary>
internal sealed class InputSchemaRegistry
{
    private readonly object _gate = new();
    private Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Adds the catalog's schemas: a JSON object of tool name → inputSchema.</summary>
    public void AddCatalog(string schemasJson)
    {
        using var document = JsonDocument.Parse(schemasJson);
        var added = new List<(string, JsonElement)>();
        foreach (var tool in document.RootElement.EnumerateObject()) { added.Add((tool.Name, tool.Value.Clone())); }
        Add(added, fromCatalog: true);
    }

    /// <summary>Adds schemas the application trusts like a catalog's.</summary>
    public void AddTrusted(IEnumerable<(string Name, JsonElement Schema)> tools) => Add(tools, fromCatalog: true);

    /// <summary>Adds what a server listed (never replacing a catalog schema).</summary>
    public void AddListed(IEnumerable<(string Name, JsonElement Schema)> tools) => Add(tools, fromCatalog: false);

    /// <summary>The schema for <paramref name="toolName"/>, or null when neither the catalog nor the server described it.</summary>
    public InputSchema? Get(string toolName)
        => Volatile.Read(ref _entries).TryGetValue(toolName, out var entry) ? entry.Schema : null;

    /// <summary>Whether the catalog or a server listed a tool with exactly this name.</summary>
    public bool IsKnown(string toolName) => Volatile.Read(ref _entries).ContainsKey(toolName);

    /// <summary>A known tool name equal to <paramref name="toolName"/> ignoring case but spelled differently, or null.</summary>
    public string? CaseVariantOf(string toolName)
    {
        foreach (var name in Volatile.Read(ref _entries).Keys)
        {
            if (!string.Equals(name, toolName, StringComparison.Ordinal) && string.Equals(name, toolName, StringComparison.OrdinalIgnoreCase)) { return name; }
        }

        return null;
    }

    private void Add(IEnumerable<(string Name, JsonElement Schema)> tools, bool fromCatalog)
    {
        lock (_gate)
        {
            var next = new Dictionary<string, Entry>(_entries, StringComparer.Ordinal);
            foreach (var (name, schema) in tools)
            {
                if (!fromCatalog && next.TryGetValue(name, out var existing) && existing.FromCatalog) { continue; }
                next[name] = new Entry(schema, fromCatalog);
            }

            Volatile.Write(ref _entries, next);
        }
    }

    private sealed class Entry
    {
        private readonly JsonElement _source;
        private InputSchema? _compiled;

        public Entry(JsonElement source, bool fromCatalog)
        {
            _source = source;
            FromCatalog = fromCatalog;
        }

        public bool FromCatalog { get; }

        public InputSchema Schema => _compiled ??= InputSchema.Compile(_source);
    }
}

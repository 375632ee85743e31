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
/// matters), <c>required</c>, <c>properties</c>, <c>items</c> and tuples (<c>prefixItems</c>, a draft-04 <c>items</c>
/// array with its <c>additionalItems</c>), <c>anyOf</c>/<c>oneOf</c> (one branch must match), <c>allOf</c>, <c>not</c>,
/// and local <c>$ref</c> (a JSON Pointer into the same schema: <c>#/$defs/x</c>, <c>#/definitions/x</c>,
/// <c>#/properties/a</c>, <c>#</c>; recursive schemas too). Members an object schema does not declare are refused unless <c>additionalProperties</c> is
/// <c>true</c> or a schema; a member counts as declared when the object's own <c>properties</c>, a part of its
/// <c>allOf</c> or <c>$ref</c>, or (for the object itself) one of its <c>anyOf</c>/<c>oneOf</c> branches declares it, as
/// JSON Schema's <c>unevaluatedProperties: false</c> reads. Other keywords (remote <c>$ref</c>, <c>format</c>, bounds,
/// patterns…) are not checked: they never make a call pass that the policy would refuse, because the policy's
/// predicates run after validation anyway.
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
    private InputSchema[]? _prefixItems;
    private InputSchema[]? _anyOf;
    private InputSchema[]? _allOf;
    private InputSchema? _not;
    private HashSet<string>? _declared;

    /// <summary>Compiles a schema (a JSON object or a boolean schema); <c>$ref</c> pointers are read in this schema.</summary>
    public static InputSchema Compile(JsonElement schema) => new Compiler(schema).Compile(schema, 0);

    /// <summary>Checks a value; null when it matches, else why not (naming where, e.g. <c>arguments.options.mode</c>).</summary>
    public string? Validate(JsonElement value) => Validate(value, "arguments", 0, null);

    // One compilation: the document $ref pointers are read in, and the schema each pointer already became (so a
    // recursive schema is a cycle of validators, compiled once).
    private sealed class Compiler
    {
        private readonly JsonElement _root;
        private readonly Dictionary<string, InputSchema> _byPointer = new(StringComparer.Ordinal);

        public Compiler(JsonElement root) => _root = root;

        public InputSchema Compile(JsonElement schema, int depth)
        {
            if (schema.ValueKind == JsonValueKind.True) { return Anything; }
            if (schema.ValueKind == JsonValueKind.False) { return Nothing; }
            if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth) { return Anything; }
            var result = new InputSchema();
            Fill(result, schema, depth);
            return result;
        }

        private void Fill(InputSchema result, JsonElement schema, int depth)
        {
            List<InputSchema>? allOf = null;
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
                    case "items" when v.ValueKind == JsonValueKind.Array:
                        result._prefixItems = CompileAll(v, depth);
                        break;
                    case "additionalItems" when schema.TryGetProperty("items", out var tuple) && tuple.ValueKind == JsonValueKind.Array:
                        // A draft-04/07 tuple's further items (2020-12 writes them as "items" beside "prefixItems").
                        result._items = Compile(v, depth + 1);
                        break;
                    case "prefixItems" when v.ValueKind == JsonValueKind.Array:
                        result._prefixItems = CompileAll(v, depth);
                        break;
                    case "anyOf" or "oneOf" when v.ValueKind == JsonValueKind.Array:
                        result._anyOf = CompileAll(v, depth);
                        break;
                    case "allOf" when v.ValueKind == JsonValueKind.Array:
                        (allOf ??= new List<InputSchema>()).AddRange(CompileAll(v, depth));
                        break;
                    case "not":
                        result._not = Compile(v, depth + 1);
                        break;
                    case "$ref" when v.ValueKind == JsonValueKind.String:
                        // Keywords beside a $ref apply on top of its target: the target is one more part of allOf.
                        if (Reference(v.GetString()!, depth) is { } target) { (allOf ??= new List<InputSchema>()).Add(target); }
                        break;
                }
            }

            if (allOf is not null) { result._allOf = allOf.ToArray(); }

            // "additionalProperties" written after "properties" is read above; written before, it is kept too.
            if (result._declaresProperties && HasKeyword(schema, "additionalProperties") && schema.GetProperty("additionalProperties").ValueKind != JsonValueKind.False)
            {
                result._additionalAllowed = true;
            }
        }

        // A local JSON Pointer ("#", "#/$defs/x", "#/properties/a/anyOf/1"), compiled once; null (not checked) for a
        // remote reference, an anchor or a pointer that leads nowhere.
        private InputSchema? Reference(string reference, int depth)
        {
            if (_byPointer.TryGetValue(reference, out var known)) { return known; }
            if (reference.Length == 0 || reference[0] != '#' || (reference.Length > 1 && reference[1] != '/')) { return null; }
            var target = _root;
            var tokens = reference.Length == 1 ? Array.Empty<string>() : reference.Substring(2).Split('/');
            foreach (var raw in tokens)
            {
                var token = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
                if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(token, out var child)) { target = child; }
                else if (target.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < target.GetArrayLength()) { target = target[index]; }
                else { return null; }
            }

            if (target.ValueKind == JsonValueKind.True) { return Anything; }
            if (target.ValueKind == JsonValueKind.False) { return Nothing; }
            if (target.ValueKind != JsonValueKind.Object) { return null; }
            var compiled = new InputSchema();
            _byPointer[reference] = compiled;
            Fill(compiled, target, depth + 1);
            return compiled;
        }

        private InputSchema[] CompileAll(JsonElement array, int depth)
        {
            var list = new List<InputSchema>();
            foreach (var item in array.EnumerateArray()) { list.Add(Compile(item, depth + 1)); }
            return list.ToArray();
        }
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

    // The member names this schema declares for an object: its properties, those of its allOf parts and $ref target,
    // and those of its anyOf/oneOf branches (the branch that matches checks its own members more strictly).
    private HashSet<string> Declared()
    {
        if (Volatile.Read(ref _declared) is { } known) { return known; }
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(this, names, new HashSet<InputSchema>(), withBranches: true);
        Volatile.Write(ref _declared, names);
        return names;
    }

    private static void Collect(InputSchema schema, HashSet<string> names, HashSet<InputSchema> seen, bool withBranches)
    {
        if (!seen.Add(schema)) { return; }
        if (schema._properties is not null) { names.UnionWith(schema._properties.Keys); }
        if (schema._allOf is not null)
        {
            foreach (var part in schema._allOf) { Collect(part, names, seen, withBranches); }
        }

        if (withBranches && schema._anyOf is not null)
        {
            foreach (var branch in schema._anyOf) { Collect(branch, names, seen, withBranches); }
        }
    }

    // The names this schema's allOf parts may rely on the rest of the object declaring.
    private HashSet<string> DeclaredWithout(bool branches, HashSet<string>? outer)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(this, names, new HashSet<InputSchema>(), branches);
        if (outer is not null) { names.UnionWith(outer); }
        return names;
    }

    // outer: member names the surrounding schema (an allOf it is part of, the object its branch belongs to) declares.
    private string? Validate(JsonElement value, string where, int depth, HashSet<string>? outer)
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
                HashSet<string>? declared = null;
                foreach (var member in value.EnumerateObject())
                {
                    var path = where + "." + member.Name;
                    if (_properties is not null && _properties.TryGetValue(member.Name, out var property))
                    {
                        if (property.Validate(member.Value, path, depth + 1, null) is { } error) { return error; }
                    }
                    else if (!_additionalAllowed)
                    {
                        if (outer?.Contains(member.Name) == true) { continue; }
                        declared ??= (_allOf is null && _anyOf is null) ? null : Declared();
                        if (declared?.Contains(member.Name) != true) { return $"{path} is not a property the tool's inputSchema declares"; }
                    }
                    else if (_additional is not null && _additional.Validate(member.Value, path, depth + 1, null) is { } error)
                    {
                        return error;
                    }
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && (_items is not null || _prefixItems is not null))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                var schema = _prefixItems is not null ? (i < _prefixItems.Length ? _prefixItems[i] : _items) : _items;
                if (schema?.Validate(item, where + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1, null) is { } error) { return error; }
                i++;
            }
        }

        if (_allOf is not null)
        {
            // Each part sees the members the whole declares (its siblings', this schema's, the branches').
            var whole = value.ValueKind == JsonValueKind.Object ? DeclaredWithout(branches: true, outer) : null;
            foreach (var part in _allOf)
            {
                if (part.Validate(value, where, depth + 1, whole) is { } error) { return error; }
            }
        }

        if (_not is not null && _not.Validate(value, where, depth + 1, null) is null)
        {
            return $"{where} matches a schema the tool's inputSchema excludes (\"not\")";
        }

        if (_anyOf is not null)
        {
            // A branch sees the members this schema declares outside its branches, not those of the other branches.
            var around = value.ValueKind == JsonValueKind.Object ? DeclaredWithout(branches: false, outer) : null;
            string? first = null;
            foreach (var branch in _anyOf)
            {
                var error = branch.Validate(value, where, depth + 1, around);
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

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TypedMcp.Corpus.Tests.Infrastructure;

/// <summary>
/// Turns the JSON arguments of a verified call into the C# values a generated method takes, by the types the generator
/// chose: scalars, formats, enums (by their <c>[EnumMember]</c> wire value), lists, dictionaries, records (by the
/// <c>[JsonPropertyName]</c> of their properties) and unions (their <c>From</c> factories). A JSON value that the C#
/// type cannot hold fails the test with the path: that is a generated type narrower than the schema.
/// </summary>
public static class TypedArguments
{
    /// <summary>Converts <paramref name="json"/> to <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The value does not fit the type (the message names <paramref name="path"/>).</exception>
    public static object? Convert(JsonElement json, Type type, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (json.ValueKind == JsonValueKind.Null)
        {
            if (underlying is not null || !type.IsValueType) { return null; }
            throw Mismatch(path, type, json);
        }

        type = underlying ?? type;
        if (type == typeof(JsonElement)) { return json.Clone(); }
        if (type == typeof(string)) { return json.ValueKind == JsonValueKind.String ? json.GetString() : throw Mismatch(path, type, json); }
        if (type == typeof(long)) { return json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var l) ? l : throw Mismatch(path, type, json); }
        if (type == typeof(int)) { return json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var i) ? i : throw Mismatch(path, type, json); }
        if (type == typeof(double)) { return json.ValueKind == JsonValueKind.Number ? json.GetDouble() : throw Mismatch(path, type, json); }
        if (type == typeof(bool)) { return json.ValueKind is JsonValueKind.True or JsonValueKind.False ? json.GetBoolean() : throw Mismatch(path, type, json); }
        if (type == typeof(DateTimeOffset)) { return DateTimeOffset.Parse(String(json, path, type), CultureInfo.InvariantCulture); }
        if (type == typeof(DateOnly)) { return DateOnly.ParseExact(String(json, path, type), "yyyy-MM-dd", CultureInfo.InvariantCulture); }
        if (type == typeof(Guid)) { return Guid.Parse(String(json, path, type)); }
        if (type == typeof(Uri)) { return new Uri(String(json, path, type), UriKind.RelativeOrAbsolute); }
        if (type.IsEnum) { return Enum(json, type, path); }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) { return List(json, type.GetGenericArguments()[0], path); }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)) { return Map(json, type.GetGenericArguments()[1], path); }
        if (Factories(type) is { Count: > 0 } factories) { return Union(json, type, factories, path); }
        if (type.IsClass && json.ValueKind == JsonValueKind.Object) { return Record(json, type, path); }
        throw Mismatch(path, type, json);
    }

    private static string String(JsonElement json, string path, Type type)
        => json.ValueKind == JsonValueKind.String ? json.GetString()! : throw Mismatch(path, type, json);

    private static object Enum(JsonElement json, Type type, string path)
    {
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetCustomAttribute<EnumMemberAttribute>()?.Value is { } wire)
            {
                if (json.ValueKind == JsonValueKind.String && wire == json.GetString()) { return field.GetValue(null)!; }
            }
            else if (field.GetCustomAttribute<McpJsonValueAttribute>()?.Json is { } value)
            {
                if (System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(value), System.Text.Json.Nodes.JsonNode.Parse(json.GetRawText()))) { return field.GetValue(null)!; }
            }
        }

        throw new ArgumentException($"{path}: {json.GetRawText()} is not a value of the generated enum {type.Name} ({string.Join(", ", type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? f.GetCustomAttribute<McpJsonValueAttribute>()?.Json))}).");
    }

    private static object List(JsonElement json, Type element, string path)
    {
        if (json.ValueKind != JsonValueKind.Array) { throw Mismatch(path, typeof(IReadOnlyList<>).MakeGenericType(element), json); }
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        var i = 0;
        foreach (var item in json.EnumerateArray()) { list.Add(Convert(item, element, $"{path}[{i++}]")); }
        return list;
    }

    private static object Map(JsonElement json, Type value, string path)
    {
        if (json.ValueKind != JsonValueKind.Object) { throw Mismatch(path, typeof(IReadOnlyDictionary<,>).MakeGenericType(typeof(string), value), json); }
        var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), value))!;
        foreach (var p in json.EnumerateObject()) { map[p.Name] = Convert(p.Value, value, path + "." + p.Name); }
        return map;
    }

    // A generated union has one public static From(X) per alternative; the first alternative the value fits is taken.
    private static List<MethodInfo> Factories(Type type)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "From" && m.ReturnType == type && m.GetParameters().Length == 1)
            .ToList();

    private static object Union(JsonElement json, Type type, List<MethodInfo> factories, string path)
    {
        var problems = new List<string>();
        foreach (var f in factories)
        {
            try
            {
                return f.Invoke(null, new[] { Convert(json, f.GetParameters()[0].ParameterType, path) })!;
            }
            catch (ArgumentException e)
            {
                problems.Add(e.Message);
            }
        }

        throw new ArgumentException($"{path}: {json.GetRawText()} fits no alternative of the generated union {type.Name}: {string.Join(" | ", problems)}");
    }

    private static object Record(JsonElement json, Type type, string path)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new ArgumentException($"{path}: the generated type {type.Name} has no public constructor.");
        var wireNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in type.GetProperties())
        {
            if (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is { } wire) { wireNames[p.Name] = wire; }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var args = ctor.GetParameters().Select(p =>
        {
            var wire = wireNames.TryGetValue(p.Name!, out var w) ? w : throw new ArgumentException($"{path}: property {type.Name}.{p.Name} carries no [JsonPropertyName], so its wire name is unknown.");
            used.Add(wire);
            if (json.TryGetProperty(wire, out var value)) { return Convert(value, p.ParameterType, path + "." + wire); }
            if (p.HasDefaultValue) { return p.DefaultValue; }
            throw new ArgumentException($"{path}: the arguments lack \"{wire}\", which the record {type.Name} requires.");
        }).ToArray();

        // Members the record computes itself (constants) are checked against what the call gives.
        var instance = ctor.Invoke(args);
        foreach (var p in type.GetProperties())
        {
            if (!wireNames.TryGetValue(p.Name, out var wire) || used.Contains(wire) || !json.TryGetProperty(wire, out var given)) { continue; }
            var computed = JsonSerializer.SerializeToElement(p.GetValue(instance));
            if (computed.GetRawText() != given.GetRawText()) { throw new ArgumentException($"{path}.{wire}: the record {type.Name} always sends {computed.GetRawText()}, the call gives {given.GetRawText()}."); }
            used.Add(wire);
        }

        foreach (var member in json.EnumerateObject())
        {
            if (!used.Contains(member.Name)) { throw new ArgumentException($"{path}.{member.Name}: the generated record {type.Name} has no property for this member."); }
        }

        return instance;
    }

    private static ArgumentException Mismatch(string path, Type type, JsonElement json)
        => new($"{path}: {json.ValueKind} {Shorten(json.GetRawText())} does not fit the generated type {Describe(type)}.");

    private static string Describe(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Describe)) + ">"
        : type.Name;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

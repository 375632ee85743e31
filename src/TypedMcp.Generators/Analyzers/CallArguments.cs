using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedMcp.Json;
using TypedMcp.Policy;

namespace TypedMcp.Generators.Analyzers;

/// <summary>
/// What a call site tells the policy evaluator about its arguments: a compile-time constant is present with its
/// JSON value, an omitted optional argument (or a constant null) is absent, anything else is unknown until run time.
/// </summary>
internal static class CallArguments
{
    /// <summary>Arguments of which nothing is known (a method group, or a dictionary built at run time).</summary>
    public static IPolicyArguments AllUnknown { get; } = new UnknownArguments();

    /// <summary>Arguments read from the call site only when the evaluator first asks (only rules with predicates do).</summary>
    public static IPolicyArguments Lazy(Func<IPolicyArguments> read) => new LazyArguments(read);

    /// <summary>Arguments of a call to a generated tool method: each parameter's wire name from <c>[McpArgument]</c>.</summary>
    public static IPolicyArguments FromToolMethod(IInvocationOperation invocation, ToolMethod tool)
    {
        var values = new List<KeyValuePair<string, ArgumentValue>>(invocation.Arguments.Length);
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || !tool.WireNames.TryGetValue(argument.Parameter.Ordinal, out var wireName)) { continue; }
            var value = argument.ArgumentKind == ArgumentKind.DefaultValue ? ArgumentValue.Absent : FromOperation(argument.Value);
            values.Add(new KeyValuePair<string, ArgumentValue>(wireName, value));
        }

        return PolicyArguments.Create(values);
    }

    /// <summary>
    /// Arguments of an untyped <c>CallToolAsync(name, arguments)</c>: none when the dictionary is omitted or null; the
    /// entries of a <c>new Dictionary&lt;string, object?&gt; { ["k"] = v }</c> (or <c>{ "k", v }</c>) initializer whose
    /// keys are all constants; otherwise unknown.
    /// </summary>
    public static IPolicyArguments FromDictionary(IArgumentOperation? argument)
    {
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue) { return PolicyArguments.Empty; }
        var value = Unwrap(argument.Value);
        if (value.ConstantValue.HasValue && value.ConstantValue.Value is null) { return PolicyArguments.Empty; }
        if (value is not IObjectCreationOperation { Initializer: { } initializer } creation || creation.Arguments.Length != 0) { return AllUnknown; }

        var values = new List<KeyValuePair<string, ArgumentValue>>();
        foreach (var element in initializer.Initializers)
        {
            string? key;
            IOperation item;
            switch (element)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment:
                    key = indexer.Arguments[0].Value.ConstantValue.Value as string;
                    item = assignment.Value;
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add:
                    key = add.Arguments[0].Value.ConstantValue.Value as string;
                    item = add.Arguments[1].Value;
                    break;
                default:
                    return AllUnknown;
            }

            if (key is null) { return AllUnknown; }
            values.Add(new KeyValuePair<string, ArgumentValue>(key, FromOperation(item)));
        }

        return PolicyArguments.Create(values);
    }

    /// <summary>The value of one argument expression.</summary>
    public static ArgumentValue FromOperation(IOperation operation)
    {
        var value = Unwrap(operation);
        if (value is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum } field })
        {
            if (EnumWireName(field) is { } wire) { return ArgumentValue.Present(LocatedJsonNode.String(wire)); }
            return EnumJsonValue(field) is { } jsonValue ? ArgumentValue.Present(jsonValue) : ArgumentValue.Unknown;
        }

        if (!value.ConstantValue.HasValue) { return ArgumentValue.Unknown; }
        var constant = value.ConstantValue.Value;
        if (constant is null) { return ArgumentValue.Absent; }
        if (value.Type?.TypeKind == TypeKind.Enum) { return ArgumentValue.Unknown; }
        var json = ToJson(constant);
        return json is null ? ArgumentValue.Unknown : ArgumentValue.Present(json);
    }

    private static LocatedJsonNode? ToJson(object constant) => constant switch
    {
        string s => LocatedJsonNode.String(s),
        char c => LocatedJsonNode.String(c.ToString()),
        bool b => LocatedJsonNode.Boolean(b),
        sbyte or byte or short or ushort or int or uint or long => LocatedJsonNode.Number(Convert.ToInt64(constant, CultureInfo.InvariantCulture)),
        ulong u => LocatedJsonNode.Number(u.ToString(CultureInfo.InvariantCulture)),
        float f when !float.IsNaN(f) && !float.IsInfinity(f) => LocatedJsonNode.Number(f.ToString("R", CultureInfo.InvariantCulture)),
        double d when !double.IsNaN(d) && !double.IsInfinity(d) => LocatedJsonNode.Number(d),
        decimal m => LocatedJsonNode.Number(m.ToString(CultureInfo.InvariantCulture)),
        _ => null,
    };

    /// <summary>
    /// The wire string of an enum member: the value of its <c>[EnumMember(Value = "...")]</c> (what the generator
    /// emits) or <c>[JsonStringEnumMemberName("...")]</c> (System.Text.Json's spelling of the same), else null.
    /// </summary>
    private static string? EnumWireName(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name is not ("System.Runtime.Serialization.EnumMemberAttribute" or "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute")) { continue; }
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Value" && named.Value.Value is string v) { return v; }
            }

            if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string s) { return s; }
        }

        return null;
    }

    /// <summary>The JSON value of a member of a generated enum of non-string values (<c>[McpJsonValue("1")]</c>), else null.</summary>
    private static LocatedJsonNode? EnumJsonValue(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != "TypedMcp.McpJsonValueAttribute") { continue; }
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string json) { return LocatedJsonReader.TryParse(json, out _); }
        }

        return null;
    }

    /// <summary>
    /// Looks through built-in conversions that carry no constant of their own (to object, to a nullable, an enum
    /// boxed) to the value; a conversion that is itself constant (<c>(int)3.7</c>) is kept as it is.
    /// </summary>
    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { Conversion.IsUserDefined: false } conversion && !operation.ConstantValue.HasValue)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private sealed class LazyArguments(Func<IPolicyArguments> read) : IPolicyArguments
    {
        private IPolicyArguments? _arguments;

        public ArgumentValue Get(IReadOnlyList<string> path) => (_arguments ??= read()).Get(path);
    }

    private sealed class UnknownArguments : IPolicyArguments
    {
        public ArgumentValue Get(IReadOnlyList<string> path) => ArgumentValue.Unknown;
    }
}

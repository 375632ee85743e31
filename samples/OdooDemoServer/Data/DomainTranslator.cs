using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;

namespace OdooDemoServer.Data;

/// <summary>
/// Translates an Odoo search domain (prefix notation: <c>["|", ["a", "=", 1], ["b", "ilike", "x"]]</c>, terms
/// joined by AND unless an operator says otherwise) into a parameterised SQL condition. Field names are checked
/// against the model, values always travel as parameters.
/// </summary>
internal static class DomainTranslator
{
    private static readonly Dictionary<string, string> Comparisons = new(StringComparer.Ordinal)
    {
        ["="] = "=", ["!="] = "<>", ["<"] = "<", ["<="] = "<=", [">"] = ">", [">="] = ">=",
    };

    /// <summary>Returns the SQL condition (or <c>1 = 1</c> for an empty domain) and adds its parameters to <paramref name="command"/>.</summary>
    public static string Translate(OdooModel model, JsonElement? domain, SqliteCommand command)
    {
        if (domain is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) { return "1 = 1"; }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new McpException($"domain must be a list of terms such as [[\"name\", \"ilike\", \"acme\"]], not {element.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var terms = element.EnumerateArray().ToList();
        var stack = new Stack<string>();
        for (var i = terms.Count - 1; i >= 0; i--)
        {
            var term = terms[i];
            if (term.ValueKind == JsonValueKind.String)
            {
                var op = term.GetString();
                switch (op)
                {
                    case "!":
                        stack.Push($"NOT ({Pop(stack, op)})");
                        break;
                    case "&" or "|":
                        var left = Pop(stack, op);
                        var right = Pop(stack, op);
                        stack.Push($"({left} {(op == "&" ? "AND" : "OR")} {right})");
                        break;
                    default:
                        throw new McpException($"Unknown domain operator '{op}' at position {i}; use '&', '|' or '!'.");
                }
            }
            else
            {
                stack.Push(Leaf(model, term, i, command));
            }
        }

        return stack.Count == 0 ? "1 = 1" : string.Join(" AND ", stack);
    }

    private static string Pop(Stack<string> stack, string op)
    {
        return stack.Count > 0 ? stack.Pop() : throw new McpException($"Domain operator '{op}' is missing an operand.");
    }

    private static string Leaf(OdooModel model, JsonElement term, int position, SqliteCommand command)
    {
        if (term.ValueKind != JsonValueKind.Array || term.GetArrayLength() != 3 || term[0].ValueKind != JsonValueKind.String || term[1].ValueKind != JsonValueKind.String)
        {
            throw new McpException($"Domain term at position {position} must be [field, operator, value], got {term.GetRawText()}.");
        }

        var field = model.Field(term[0].GetString()!);
        var op = term[1].GetString()!;
        var value = term[2];
        var column = "t." + field.Name;

        if (Comparisons.TryGetValue(op, out var sqlOp))
        {
            if (value.ValueKind is JsonValueKind.Null || (value.ValueKind is JsonValueKind.False && field.Kind is not FieldKind.Boolean))
            {
                return op == "=" ? $"{column} IS NULL" : op == "!=" ? $"{column} IS NOT NULL" : throw new McpException($"Operator '{op}' cannot compare {field.Name} with false.");
            }

            return $"{column} {sqlOp} {Parameter(command, SqlValues.ToDb(value, field, model.Name))}";
        }

        switch (op)
        {
            case "like" or "not like":
                return $"{(op == "not like" ? "NOT " : string.Empty)}(instr({column}, {Parameter(command, Text(value, op))}) > 0)";
            case "ilike" or "not ilike":
                return $"{(op == "not ilike" ? "NOT " : string.Empty)}(instr(lower({column}), lower({Parameter(command, Text(value, op))})) > 0)";
            case "=like" or "=ilike":
                return $"{column} LIKE {Parameter(command, Text(value, op))}";
            case "in" or "not in":
                if (value.ValueKind != JsonValueKind.Array) { throw new McpException($"Operator '{op}' needs a list value, got {value.GetRawText()}."); }
                var parameters = value.EnumerateArray().Select(v => Parameter(command, SqlValues.ToDb(v, field, model.Name))).ToList();
                if (parameters.Count == 0) { return op == "in" ? "0 = 1" : "1 = 1"; }
                return $"{column} {(op == "in" ? "IN" : "NOT IN")} ({string.Join(", ", parameters)})";
            default:
                throw new McpException($"Domain operator '{op}' is not supported by the demo server; use =, !=, <, <=, >, >=, like, ilike, =like, =ilike, in or not in.");
        }
    }

    private static string Text(JsonElement value, string op)
    {
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new McpException($"Operator '{op}' needs a text value, got {value.GetRawText()}.");
    }

    private static string Parameter(SqliteCommand command, object value)
    {
        var name = "$p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        command.Parameters.AddWithValue(name, value);
        return name;
    }
}

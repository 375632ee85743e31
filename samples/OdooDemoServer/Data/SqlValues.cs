using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;

namespace OdooDemoServer.Data;

/// <summary>Converts between JSON values on the wire, SQLite values and Odoo's conventions (an empty field reads as <c>false</c>).</summary>
internal static class SqlValues
{
    /// <summary>Reads one column as Odoo would answer it.</summary>
    public static JsonNode? Read(SqliteDataReader reader, int ordinal, OdooField field, string? many2OneName)
    {
        if (reader.IsDBNull(ordinal)) { return JsonValue.Create(false); }
        return field.Kind switch
        {
            FieldKind.Integer => JsonValue.Create(reader.GetInt64(ordinal)),
            FieldKind.Float => JsonValue.Create(reader.GetDouble(ordinal)),
            FieldKind.Boolean => JsonValue.Create(reader.GetInt64(ordinal) != 0),
            FieldKind.Many2One => new JsonArray(JsonValue.Create(reader.GetInt64(ordinal)), JsonValue.Create(many2OneName ?? string.Empty)),
            _ => JsonValue.Create(reader.GetString(ordinal)),
        };
    }

    /// <summary>Converts a JSON value to what the field's column stores, or throws an error naming the field.</summary>
    public static object ToDb(JsonElement value, OdooField field, string model)
    {
        if (value.ValueKind is JsonValueKind.Null || (value.ValueKind is JsonValueKind.False && field.Kind is not FieldKind.Boolean))
        {
            return DBNull.Value;
        }

        try
        {
            return field.Kind switch
            {
                FieldKind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean() ? 1L : 0L,
                FieldKind.Integer or FieldKind.Many2One when value.ValueKind is JsonValueKind.Number => value.GetInt64(),
                FieldKind.Float when value.ValueKind is JsonValueKind.Number => value.GetDouble(),
                FieldKind.Text when value.ValueKind is JsonValueKind.String => value.GetString()!,
                FieldKind.Date when value.ValueKind is JsonValueKind.String => ParseDate(value.GetString()!),
                FieldKind.DateTime when value.ValueKind is JsonValueKind.String => value.GetString()!,
                _ => throw new FormatException(),
            };
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException)
        {
            throw new McpException($"{model}.{field.Name} is a {field.Kind.ToString().ToLowerInvariant()} field; the value {value.GetRawText()} does not fit it.");
        }
    }

    private static string ParseDate(string text)
    {
        return DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;

namespace OdooDemoServer.Data;

/// <summary>Odoo's generic record operations (search, read, create, write, unlink) over the demo tables.</summary>
internal sealed class RecordStore(DemoDatabase database)
{
    /// <summary>Searches <paramref name="model"/> and returns the chosen fields of each match.</summary>
    public JsonArray SearchRead(OdooModel model, JsonElement? domain, IReadOnlyList<string> fields, long limit, long offset, string order)
    {
        if (limit < 0 || offset < 0) { throw new McpException("limit and offset must not be negative."); }
        var selected = SelectFields(model, fields);
        return database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            var where = DomainTranslator.Translate(model, domain, command);
            command.CommandText = $"{SelectClause(model, selected)} WHERE {where} ORDER BY {OrderBy(model, order)} LIMIT {(limit == 0 ? -1 : limit)} OFFSET {offset}";
            return ReadRows(command, selected);
        });
    }

    /// <summary>Reads records by id, in the order asked; a missing id is an error, as in Odoo.</summary>
    public JsonArray Read(OdooModel model, IReadOnlyList<long> ids, IReadOnlyList<string> fields)
    {
        var selected = SelectFields(model, fields);
        var rows = database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"{SelectClause(model, selected)} WHERE t.id IN ({IdList(command, ids)})";
            return ReadRows(command, selected);
        });
        var byId = rows.ToDictionary(r => r!["id"]!.GetValue<long>(), r => r!);
        var missing = ids.Where(id => !byId.ContainsKey(id)).ToList();
        if (missing.Count > 0) { throw new McpException($"{model.Name} has no record with id {string.Join(", ", missing)}."); }
        return new JsonArray(ids.Select(id => (JsonNode)byId[id].DeepClone()).ToArray());
    }

    /// <summary>Counts the records that match <paramref name="domain"/>.</summary>
    public long Count(OdooModel model, JsonElement? domain)
    {
        return database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            var where = DomainTranslator.Translate(model, domain, command);
            command.CommandText = $"SELECT COUNT(*) FROM {model.Table} t WHERE {where}";
            return (long)command.ExecuteScalar()!;
        });
    }

    /// <summary>Creates one record per values object and returns the new ids.</summary>
    public IReadOnlyList<long> Create(OdooModel model, IReadOnlyList<JsonElement> records)
    {
        if (records.Count == 0) { throw new McpException("values must hold at least one record."); }
        var rows = records.Select(r => Writable(model, r)).ToList();
        return database.Use(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var ids = new List<long>();
            foreach (var row in rows)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = row.Count == 0
                    ? $"INSERT INTO {model.Table} DEFAULT VALUES RETURNING id"
                    : $"INSERT INTO {model.Table} ({string.Join(", ", row.Select(v => v.Field.Name))}) VALUES ({string.Join(", ", row.Select((_, i) => "$v" + i))}) RETURNING id";
                for (var i = 0; i < row.Count; i++) { command.Parameters.AddWithValue("$v" + i, row[i].Value); }
                try
                {
                    ids.Add((long)command.ExecuteScalar()!);
                }
                catch (SqliteException exception)
                {
                    throw new McpException($"Could not create the {model.Name} record: {exception.Message}", exception);
                }
            }

            transaction.Commit();
            return (IReadOnlyList<long>)ids;
        });
    }

    /// <summary>Updates the records' fields; every id must exist.</summary>
    public void Write(OdooModel model, IReadOnlyList<long> ids, JsonElement values)
    {
        var row = Writable(model, values);
        if (row.Count == 0) { throw new McpException("values must name at least one field to update."); }
        EnsureExist(model, ids);
        database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE {model.Table} SET {string.Join(", ", row.Select((v, i) => $"{v.Field.Name} = $v{i}"))} WHERE id IN ({IdList(command, ids)})";
            for (var i = 0; i < row.Count; i++) { command.Parameters.AddWithValue("$v" + i, row[i].Value); }
            command.ExecuteNonQuery();
        });
    }

    /// <summary>Deletes the records; every id must exist.</summary>
    public void Unlink(OdooModel model, IReadOnlyList<long> ids)
    {
        EnsureExist(model, ids);
        database.Use(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {model.Table} WHERE id IN ({IdList(command, ids)})";
            command.ExecuteNonQuery();
        });
    }

    private void EnsureExist(OdooModel model, IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) { throw new McpException("ids must hold at least one record id."); }
        Read(model, ids, new[] { "id" });
    }

    private static List<(OdooField Field, object Value)> Writable(OdooModel model, JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new McpException($"Each record's values must be an object of field names to values, got {values.GetRawText()}.");
        }

        var row = new List<(OdooField Field, object Value)>();
        foreach (var property in values.EnumerateObject())
        {
            var field = model.Field(property.Name);
            if (!field.Writable) { throw new McpException($"{model.Name}.{field.Name} is read-only."); }
            row.Add((field, SqlValues.ToDb(property.Value, field, model.Name)));
        }

        return row;
    }

    private static List<OdooField> SelectFields(OdooModel model, IReadOnlyList<string> fields)
    {
        var selected = fields.Count == 0 ? model.AllFields.ToList() : fields.Select(model.Field).ToList();
        if (!selected.Contains(OdooModel.IdField)) { selected.Insert(0, OdooModel.IdField); }
        return selected;
    }

    private static string SelectClause(OdooModel model, IReadOnlyList<OdooField> selected)
    {
        var columns = selected.Select(f => f.Kind == FieldKind.Many2One
            ? $"t.{f.Name}, (SELECT r.name FROM {OdooModels.Get(f.Target!).Table} r WHERE r.id = t.{f.Name})"
            : "t." + f.Name);
        return $"SELECT {string.Join(", ", columns)} FROM {model.Table} t";
    }

    private static string OrderBy(OdooModel model, string order)
    {
        if (string.IsNullOrWhiteSpace(order)) { return "t.id"; }
        var parts = order.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var direction = words.Length == 1 ? "ASC" : words.Length == 2 && words[1].ToUpperInvariant() is "ASC" or "DESC" ? words[1].ToUpperInvariant()
                : throw new McpException($"order '{order}' is not understood; write 'field [asc|desc], ...'.");
            return $"t.{model.Field(words[0]).Name} {direction}";
        });
        return string.Join(", ", parts);
    }

    private static string IdList(SqliteCommand command, IReadOnlyList<long> ids)
    {
        return string.Join(", ", ids.Select((id, i) =>
        {
            command.Parameters.AddWithValue("$id" + i, id);
            return "$id" + i;
        }));
    }

    private static JsonArray ReadRows(SqliteCommand command, IReadOnlyList<OdooField> selected)
    {
        var rows = new JsonArray();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new JsonObject();
            var ordinal = 0;
            foreach (var field in selected)
            {
                string? name = null;
                if (field.Kind == FieldKind.Many2One)
                {
                    name = reader.IsDBNull(ordinal + 1) ? null : reader.GetString(ordinal + 1);
                    row[field.Name] = SqlValues.Read(reader, ordinal, field, name);
                    ordinal += 2;
                }
                else
                {
                    row[field.Name] = SqlValues.Read(reader, ordinal, field, null);
                    ordinal++;
                }
            }

            rows.Add(row);
        }

        return rows;
    }
}

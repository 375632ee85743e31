using System;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace OdooDemoServer.Data;

/// <summary>Creates the demo tables and fills them with deterministic demo data (a fixed random seed).</summary>
internal static class DemoSeed
{
    private static readonly string[] Companies =
    {
        "Azure Interior", "Deco Addict", "Gemini Furniture", "Lumber Inc", "Ready Mat", "The Jackson Group",
        "Wood Corner", "Nordic Office, \"Oslo\"", "Bernard & Sons", "Café Müller GmbH",
    };

    private static readonly string[] People = { "Brandon Freeman", "Colleen Diaz", "Nicole Ford", "Tom Ruiz", "Lucille Camarero" };

    private static readonly (string Code, string Name, double Price, string Type)[] Products =
    {
        ("FURN_0001", "Office Chair", 70.0, "consu"), ("FURN_0002", "Large Desk", 1799.0, "consu"),
        ("FURN_0003", "Conference Table", 290.0, "consu"), ("FURN_0004", "Cabinet with Doors", 140.0, "consu"),
        ("FURN_0005", "Drawer Black", 25.0, "consu"), ("SERV_0001", "Design Consultation (hour)", 95.0, "service"),
        ("SERV_0002", "On-site Installation", 350.0, "service"), ("FURN_0006", "Acoustic Bloc Screens", 295.0, "consu"),
    };

    private static readonly (string Name, int InputPrice, int OutputPrice)[] AiModels =
    {
        ("claude-haiku-4-5", 100, 500), ("claude-sonnet-4-5", 300, 1500), ("claude-opus-4-1", 1500, 7500),
    };

    private static readonly string[] Sources = { "upload", "gmail", "terminal", "api" };

    public static void CreateAndSeed(SqliteConnection connection)
    {
        Execute(connection, """
            CREATE TABLE res_partner (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT,
                is_company INTEGER NOT NULL DEFAULT 0, city TEXT, country_code TEXT, customer_rank INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE product_product (id INTEGER PRIMARY KEY, name TEXT NOT NULL, default_code TEXT,
                list_price REAL NOT NULL DEFAULT 0, type TEXT NOT NULL DEFAULT 'consu', active INTEGER NOT NULL DEFAULT 1);
            CREATE TABLE account_move (id INTEGER PRIMARY KEY, name TEXT NOT NULL, partner_id INTEGER REFERENCES res_partner(id),
                move_type TEXT NOT NULL, invoice_date TEXT, amount_untaxed REAL NOT NULL DEFAULT 0, amount_tax REAL NOT NULL DEFAULT 0,
                amount_total REAL NOT NULL DEFAULT 0, currency TEXT NOT NULL DEFAULT 'EUR', state TEXT NOT NULL DEFAULT 'draft',
                payment_state TEXT NOT NULL DEFAULT 'not_paid');
            CREATE TABLE ai_usage_log (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, tenant_code TEXT NOT NULL, odoo_url TEXT NOT NULL,
                odoo_db TEXT NOT NULL, move_id INTEGER, attachment_id INTEGER, source TEXT NOT NULL, source_message_id TEXT,
                model TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, cache_read_tokens INTEGER NOT NULL,
                cache_creation_tokens INTEGER NOT NULL, cost_millicents INTEGER NOT NULL, cost_usd_millicents INTEGER NOT NULL,
                pages INTEGER NOT NULL, duration_ms INTEGER NOT NULL, prompt_version TEXT NOT NULL, state TEXT NOT NULL,
                billed INTEGER NOT NULL, error_message TEXT, extra TEXT);
            CREATE INDEX ix_usage_tenant_created ON ai_usage_log (tenant_code, created_at);
            """);

        using var transaction = connection.BeginTransaction();
        var random = new Random(20261130);
        SeedPartners(connection, transaction);
        SeedProducts(connection, transaction);
        SeedInvoices(connection, transaction, random);
        SeedUsageLedger(connection, transaction, random);
        transaction.Commit();
    }

    private static void SeedPartners(SqliteConnection connection, SqliteTransaction transaction)
    {
        var cities = new[] { ("Brussels", "BE"), ("Antwerp", "BE"), ("Berlin", "DE"), ("Oslo", "NO"), ("Lyon", "FR") };
        for (var i = 0; i < Companies.Length; i++)
        {
            var (city, country) = cities[i % cities.Length];
            Insert(connection, transaction, "res_partner",
                ("name", Companies[i]), ("email", $"info@{Slug(Companies[i])}.example"), ("phone", $"+32 2 555 {i + 10:00} {i * 7 % 100:00}"),
                ("is_company", 1), ("city", city), ("country_code", country), ("customer_rank", 1 + (i % 3)));
        }

        for (var i = 0; i < People.Length; i++)
        {
            Insert(connection, transaction, "res_partner",
                ("name", People[i]), ("email", $"{Slug(People[i])}@example.com"), ("phone", null),
                ("is_company", 0), ("city", "Brussels"), ("country_code", "BE"), ("customer_rank", 0));
        }
    }

    private static void SeedProducts(SqliteConnection connection, SqliteTransaction transaction)
    {
        foreach (var (code, name, price, type) in Products)
        {
            Insert(connection, transaction, "product_product", ("name", name), ("default_code", code), ("list_price", price), ("type", type), ("active", 1));
        }
    }

    private static void SeedInvoices(SqliteConnection connection, SqliteTransaction transaction, Random random)
    {
        var states = new[] { "posted", "posted", "posted", "draft", "cancel" };
        for (var i = 1; i <= 40; i++)
        {
            var date = DemoDatabase.Now.UtcDateTime.Date.AddDays(-random.Next(0, 120));
            var untaxed = Math.Round(random.Next(100, 500_000) / 100.0, 2);
            var tax = Math.Round(untaxed * 0.21, 2);
            var state = states[random.Next(states.Length)];
            var isBill = i % 4 == 0;
            Insert(connection, transaction, "account_move",
                ("name", state == "draft" ? "/" : $"{(isBill ? "BILL" : "INV")}/{date.Year}/{i:00000}"),
                ("partner_id", 1 + random.Next(Companies.Length)),
                ("move_type", isBill ? "in_invoice" : "out_invoice"),
                ("invoice_date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("amount_untaxed", untaxed), ("amount_tax", tax), ("amount_total", Math.Round(untaxed + tax, 2)),
                ("currency", "EUR"), ("state", state),
                ("payment_state", state == "posted" && random.Next(2) == 0 ? "paid" : "not_paid"));
        }
    }

    private static void SeedUsageLedger(SqliteConnection connection, SqliteTransaction transaction, Random random)
    {
        // About 360 calls over the 90 days before the demo clock, spread over the three tenants.
        var start = DemoDatabase.Now.AddDays(-90);
        for (var i = 1; i <= 360; i++)
        {
            var tenant = Tenants.Connections[i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0];
            var createdAt = start.AddMinutes(random.Next(0, 90 * 24 * 60)).AddSeconds(random.Next(60));
            var (modelName, inputPrice, outputPrice) = AiModels[random.Next(10) switch { < 6 => 0, < 9 => 1, _ => 2 }];
            var source = Sources[random.Next(Sources.Length)];
            var roll = random.Next(100);
            var state = roll < 82 ? "success" : roll < 90 ? "cached" : roll < 96 ? "error" : "skipped";
            var pages = 1 + random.Next(6);
            var input = state is "skipped" ? 0 : 1200 * pages + random.Next(4000);
            var output = state is "skipped" or "error" ? 0 : 300 + random.Next(1500);
            var cacheRead = state == "cached" ? input : random.Next(3) == 0 ? random.Next(2000) : 0;
            var cacheCreation = state == "success" && random.Next(4) == 0 ? random.Next(3000) : 0;
            // Prices are per million tokens in USD cents; the ledger stores millicents (1/1000 cent).
            var usdMillicents = (long)Math.Round(((input - cacheRead) * (double)inputPrice + output * (double)outputPrice + cacheRead * inputPrice * 0.1) / 1000.0);
            var billed = state == "success" ? 1 : 0;
            Insert(connection, transaction, "ai_usage_log",
                ("created_at", createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                ("tenant_code", tenant.TenantCode), ("odoo_url", tenant.OdooUrl), ("odoo_db", tenant.OdooDb),
                ("move_id", source == "terminal" ? null : 1 + random.Next(40)),
                ("attachment_id", source == "terminal" ? null : 1000 + i),
                ("source", source),
                ("source_message_id", source == "gmail" ? $"<{i:x8}.{tenant.TenantCode}@mail.example>" : null),
                ("model", modelName), ("input_tokens", input), ("output_tokens", output),
                ("cache_read_tokens", cacheRead), ("cache_creation_tokens", cacheCreation),
                ("cost_millicents", (long)Math.Round(usdMillicents * 0.92)), ("cost_usd_millicents", usdMillicents),
                ("pages", pages), ("duration_ms", state == "skipped" ? 0 : 800 + random.Next(25_000)),
                ("prompt_version", i < 200 ? "invoice-v3" : "invoice-v4"), ("state", state), ("billed", billed),
                ("error_message", state == "error" ? (random.Next(2) == 0 ? "upstream timeout, retry later" : "PDF is encrypted: \"password required\"") : null),
                ("extra", state == "cached" ? "{\"cache_key\":\"" + i.ToString("x6", CultureInfo.InvariantCulture) + "\"}" : null));
        }
    }

    private static string Slug(string name) => new(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string table, params (string Column, object? Value)[] values)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", values.Select(v => v.Column))}) VALUES ({string.Join(", ", values.Select(v => "$" + v.Column))})";
        foreach (var (column, value) in values)
        {
            command.Parameters.AddWithValue("$" + column, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}

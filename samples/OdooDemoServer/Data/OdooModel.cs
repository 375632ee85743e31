using System;
using System.Collections.Generic;
using System.Linq;
using ModelContextProtocol;

namespace OdooDemoServer.Data;

/// <summary>The kinds of field the demo models use; they decide how values go into and come out of SQLite.</summary>
internal enum FieldKind
{
    Integer,
    Float,
    Text,
    Boolean,
    Date,
    DateTime,
    Many2One,
}

/// <summary>One field of a demo model: its Odoo name (also the column name) and kind.</summary>
internal sealed record OdooField(string Name, FieldKind Kind, string Label, bool Writable = true, string? Target = null);

/// <summary>One Odoo model (res.partner, ...) backed by one SQLite table.</summary>
internal sealed record OdooModel(string Name, string Description, string Table, IReadOnlyList<OdooField> Fields)
{
    /// <summary>The <c>id</c> field every model has.</summary>
    public static readonly OdooField IdField = new("id", FieldKind.Integer, "ID", Writable: false);

    /// <summary>All fields, <c>id</c> first.</summary>
    public IEnumerable<OdooField> AllFields => new[] { IdField }.Concat(Fields);

    /// <summary>Finds a field by name or throws an error the caller can act on.</summary>
    public OdooField Field(string name)
    {
        return AllFields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
            ?? throw new McpException($"Model '{Name}' has no field '{name}'. Its fields are: {string.Join(", ", AllFields.Select(f => f.Name))}.");
    }
}

/// <summary>The models the demo database knows.</summary>
internal static class OdooModels
{
    public static readonly OdooModel Partner = new("res.partner", "Contact", "res_partner", new OdooField[]
    {
        new("name", FieldKind.Text, "Name"),
        new("email", FieldKind.Text, "Email"),
        new("phone", FieldKind.Text, "Phone"),
        new("is_company", FieldKind.Boolean, "Is a Company"),
        new("city", FieldKind.Text, "City"),
        new("country_code", FieldKind.Text, "Country Code"),
        new("customer_rank", FieldKind.Integer, "Customer Rank"),
    });

    public static readonly OdooModel Product = new("product.product", "Product Variant", "product_product", new OdooField[]
    {
        new("name", FieldKind.Text, "Name"),
        new("default_code", FieldKind.Text, "Internal Reference"),
        new("list_price", FieldKind.Float, "Sales Price"),
        new("type", FieldKind.Text, "Product Type"),
        new("active", FieldKind.Boolean, "Active"),
    });

    public static readonly OdooModel Invoice = new("account.move", "Journal Entry", "account_move", new OdooField[]
    {
        new("name", FieldKind.Text, "Number"),
        new("partner_id", FieldKind.Many2One, "Partner", Target: "res.partner"),
        new("move_type", FieldKind.Text, "Type"),
        new("invoice_date", FieldKind.Date, "Invoice Date"),
        new("amount_untaxed", FieldKind.Float, "Untaxed Amount"),
        new("amount_tax", FieldKind.Float, "Tax"),
        new("amount_total", FieldKind.Float, "Total"),
        new("currency", FieldKind.Text, "Currency"),
        new("state", FieldKind.Text, "Status"),
        new("payment_state", FieldKind.Text, "Payment Status"),
    });

    public static readonly OdooModel UsageLog = new("ai.usage.log", "AI Usage Ledger", "ai_usage_log", UsageLedger.Columns
        .Where(c => c.Name != "id")
        .Select(c => new OdooField(c.Name, c.Kind, c.Name, Writable: false))
        .ToArray());

    /// <summary>Every model, in the order <c>odoo_list_models</c> lists them.</summary>
    public static readonly IReadOnlyList<OdooModel> All = new[] { Invoice, UsageLog, Partner, Product };

    /// <summary>Finds a model by its Odoo name or throws an error that lists the known ones.</summary>
    public static OdooModel Get(string name)
    {
        return All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
            ?? throw new McpException($"Unknown model '{name}'. The demo database has: {string.Join(", ", All.Select(m => m.Name))}.");
    }
}

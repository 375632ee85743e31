using System;
using System.Collections.Generic;
using System.Linq;
using ModelContextProtocol;

namespace OdooDemoServer.Data;

/// <summary>A server-side connection alias and the tenant, Odoo instance and user behind it.</summary>
internal sealed record DemoConnection(string Alias, string TenantCode, string OdooUrl, string OdooDb, int Uid, string UserName, string Login);

/// <summary>The connections the demo server knows; <c>default</c> is the one tools use when none is named.</summary>
internal static class Tenants
{
    public static readonly IReadOnlyList<DemoConnection> Connections = new DemoConnection[]
    {
        new("default", "acme", "https://acme.odoo.example", "acme_prod", 2, "Mitchell Admin", "admin@acme.example"),
        new("globex", "globex", "https://globex.odoo.example", "globex", 7, "Hank Scorpio", "hank@globex.example"),
        new("initech", "initech", "https://erp.initech.example", "initech_live", 12, "Bill Lumbergh", "bill@initech.example"),
    };

    /// <summary>Resolves a connection alias (empty means <c>default</c>) or throws an error that lists the known ones.</summary>
    public static DemoConnection Resolve(string? alias)
    {
        var wanted = string.IsNullOrEmpty(alias) ? "default" : alias;
        return Connections.FirstOrDefault(c => string.Equals(c.Alias, wanted, StringComparison.Ordinal))
            ?? throw new McpException($"Unknown connection '{wanted}'. Known connections: {string.Join(", ", Connections.Select(c => c.Alias))}.");
    }

    /// <summary>The tenant to report on: the explicit one if given (it must exist), else the connection's.</summary>
    public static string TenantFor(string? connection, string? tenantCode)
    {
        var resolved = Resolve(connection);
        if (string.IsNullOrEmpty(tenantCode)) { return resolved.TenantCode; }
        if (!Connections.Any(c => string.Equals(c.TenantCode, tenantCode, StringComparison.Ordinal)))
        {
            throw new McpException($"Unknown tenant_code '{tenantCode}'. Known tenants: {string.Join(", ", Connections.Select(c => c.TenantCode))}.");
        }

        return tenantCode;
    }
}

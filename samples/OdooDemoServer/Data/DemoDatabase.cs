using System;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace OdooDemoServer.Data;

/// <summary>
/// The embedded database: one private in-memory SQLite connection, seeded at start-up, used by one tool call
/// at a time (MCP requests may arrive concurrently; SQLite connections are not thread-safe).
/// </summary>
internal sealed class DemoDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private DemoDatabase(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The demo database's "now": fixed, so the demo data and every answer are the same on each run.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 30, 18, 0, 0, TimeSpan.Zero);

    /// <summary>Creates the in-memory database, its tables and the demo data.</summary>
    public static DemoDatabase CreateSeeded()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var database = new DemoDatabase(connection);
        database.Use(DemoSeed.CreateAndSeed);
        return database;
    }

    /// <summary>Runs <paramref name="work"/> with exclusive use of the connection.</summary>
    public T Use<T>(Func<SqliteConnection, T> work)
    {
        lock (_gate)
        {
            return work(_connection);
        }
    }

    /// <summary>Runs <paramref name="work"/> with exclusive use of the connection.</summary>
    public void Use(Action<SqliteConnection> work)
    {
        lock (_gate)
        {
            work(_connection);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}

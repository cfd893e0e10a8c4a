using System.Data.Common;
using Warehouse.Etl.Configuration;
using Warehouse.Schema;
using Warehouse.Schema.Dialects;

namespace Warehouse.Etl.Engines;

/// <summary>
/// A database the warehouse lives in: how to connect, the dialect its SQL is rendered in, and how
/// rows are bulk-loaded into it. Everything else (migrations, transforms, marts) is the same SQL
/// from warehouse-schema, run by <see cref="SqlRunner"/>.
/// </summary>
public abstract class WarehouseEngine
{
    /// <summary>duckdb, postgres or sqlserver (Warehouse:Engine).</summary>
    public abstract string Name { get; }

    public abstract SqlDialect Dialect { get; }

    /// <summary>False when a connection can run only one bulk load at a time (COPY): the staging
    /// loader then writes its quarantined rows after the extract's.</summary>
    public virtual bool ConcurrentBulkWriters => true;

    public SqlRunner Runner(DbConnection connection) => new(connection, Dialect, SqlCatalog.Embedded);

    /// <summary>Where the warehouse is, without secrets: a file path, or engine:host/database.</summary>
    public abstract string Describe(WarehouseStoreSettings settings);

    /// <summary>Opens and configures a connection to the warehouse the settings name.</summary>
    public abstract DbConnection Open(WarehouseStoreSettings settings);

    /// <summary>Applies the dialect's session settings (run by every job; harmless twice).</summary>
    public void Configure(DbConnection connection)
    {
        foreach (var statement in Dialect.SessionSetup)
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A streaming bulk writer into <paramref name="table"/>'s <paramref name="columns"/>
    /// (all of them, in the table's order), in the run's transaction.</summary>
    public abstract IBulkWriter CreateBulkWriter(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns);

    public static WarehouseEngine For(string name) => name.ToLowerInvariant() switch
    {
        "duckdb" => DuckDbEngine.Instance,
        "postgres" => PostgresEngine.Instance,
        "sqlserver" => SqlServerEngine.Instance,
        _ => throw new InvalidOperationException($"Warehouse:Engine '{name}' is not supported; use 'duckdb', 'postgres' or 'sqlserver'."),
    };
}

/// <summary>Rows appended one at a time, sent in bulk; <see cref="Complete"/> finishes the load
/// (disposing without it abandons what was written, with the transaction).</summary>
public interface IBulkWriter : IDisposable
{
    /// <summary>One row: values in column order; null for NULL; string, DateOnly, DateTime,
    /// decimal, int or long.</summary>
    void Write(IReadOnlyList<object?> row);

    void Complete();
}

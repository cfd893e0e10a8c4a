using Warehouse.Etl.Pipeline;

namespace Warehouse.Tests;

/// <summary>The engine settings the warehouse's SQL relies on.</summary>
public sealed class DuckDbSessionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("duckdb-session-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_large_insert_after_an_empty_insert_in_one_transaction_keeps_every_row()
    {
        // DuckDB 1.5.6 with insertion order preserved (its default) keeps 0 of these 200,000 rows:
        // an INSERT ... SELECT from an empty table, then a large INSERT ... SELECT into the same
        // table, in one transaction — what a first load's transforms do (see DuckDbDialect).
        using var connection = WarehouseStore.Open(Path.Combine(_folder, "w.duckdb"));
        Execute(connection, "CREATE TABLE empty_source (id VARCHAR NOT NULL)");
        Execute(connection, "CREATE TABLE big_source AS SELECT CAST(i AS VARCHAR) AS id FROM range(200000) t(i)");
        Execute(connection, "CREATE TABLE target (id VARCHAR NOT NULL)");
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, "INSERT INTO target SELECT id FROM empty_source");
            Execute(connection, "INSERT INTO target SELECT id FROM big_source");
            Assert.Equal(200000L, Count(connection));
            transaction.Commit();
        }
        Assert.Equal(200000L, Count(connection));
    }

    [Fact]
    public void A_large_insert_after_an_empty_self_referencing_insert_keeps_every_row()
    {
        // The same loss with the pattern of dim_customer on a first load: an insert that reads the
        // (empty) target with a window function, then 1,000,000 new rows with keys numbered on.
        using var connection = WarehouseStore.Open(Path.Combine(_folder, "w.duckdb"));
        Execute(connection, "CREATE TABLE big_source AS SELECT CAST(i AS VARCHAR) AS id FROM range(1000000) t(i)");
        Execute(connection, "CREATE TABLE target (key INTEGER NOT NULL PRIMARY KEY, id VARCHAR NOT NULL)");
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, """
                INSERT INTO target
                SELECT k.last + ROW_NUMBER() OVER (ORDER BY t.id), t.id
                FROM (SELECT id FROM target GROUP BY id HAVING COUNT(*) > 1) t
                CROSS JOIN (SELECT COALESCE(MAX(key), 0) AS last FROM target) k
                """);
            Execute(connection, """
                INSERT INTO target
                SELECT k.last + ROW_NUMBER() OVER (ORDER BY s.id), s.id
                FROM big_source s CROSS JOIN (SELECT COALESCE(MAX(key), 0) AS last FROM target) k
                WHERE NOT EXISTS (SELECT 1 FROM target x WHERE x.id = s.id)
                """);
            Assert.Equal(1000000L, Count(connection));
            transaction.Commit();
        }
        Assert.Equal(1000000L, Count(connection));
    }

    private static void Execute(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(DuckDB.NET.Data.DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM target";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}

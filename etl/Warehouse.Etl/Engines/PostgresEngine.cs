using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Warehouse.Etl.Configuration;
using Warehouse.Schema.Dialects;

namespace Warehouse.Etl.Engines;

/// <summary>A PostgreSQL server (Npgsql); bulk loads with binary COPY. Readers see the last
/// committed run while a load runs (MVCC).</summary>
public sealed class PostgresEngine : WarehouseEngine
{
    public static PostgresEngine Instance { get; } = new();

    public override string Name => "postgres";

    public override SqlDialect Dialect => PostgresDialect.Instance;

    // One COPY at a time per connection.
    public override bool ConcurrentBulkWriters => false;

    public override string Describe(WarehouseStoreSettings settings)
    {
        var b = new NpgsqlConnectionStringBuilder(settings.ConnectionString ?? "");
        return $"postgres:{b.Host}:{b.Port}/{b.Database}";
    }

    public override DbConnection Open(WarehouseStoreSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException("Warehouse:ConnectionString is required for the postgres engine (put it in WAREHOUSE_Warehouse__ConnectionString).");
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cannot connect to the PostgreSQL warehouse {Describe(settings)}: {e.Message}", e);
        }
        Configure(connection);
        return connection;
    }

    public override IBulkWriter CreateBulkWriter(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns) =>
        new Writer(((NpgsqlConnection)connection).BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"));

    private sealed class Writer(NpgsqlBinaryImporter importer) : IBulkWriter
    {
        public void Write(IReadOnlyList<object?> row)
        {
            importer.StartRow();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: importer.WriteNull(); break;
                    case string s: importer.Write(s, NpgsqlDbType.Varchar); break;
                    case DateOnly d: importer.Write(d, NpgsqlDbType.Date); break;
                    case DateTime t: importer.Write(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp); break;
                    case decimal m: importer.Write(m, NpgsqlDbType.Numeric); break;
                    case int i: importer.Write(i, NpgsqlDbType.Integer); break;
                    case long l: importer.Write(l, NpgsqlDbType.Bigint); break;
                    default: throw new NotSupportedException($"Cannot copy a {value.GetType().Name}.");
                }
            }
        }

        public void Complete() => importer.Complete();

        public void Dispose() => importer.Dispose();
    }
}

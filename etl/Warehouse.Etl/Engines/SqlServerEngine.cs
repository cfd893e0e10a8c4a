using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Warehouse.Etl.Configuration;
using Warehouse.Schema.Dialects;

namespace Warehouse.Etl.Engines;

/// <summary>SQL Server or Azure SQL (Microsoft.Data.SqlClient); bulk loads with SqlBulkCopy in
/// batches of <see cref="BatchRows"/> rows, in the run's transaction.</summary>
public sealed class SqlServerEngine : WarehouseEngine
{
    public const int BatchRows = 50_000;

    public static SqlServerEngine Instance { get; } = new();

    public override string Name => "sqlserver";

    public override SqlDialect Dialect => TSqlDialect.Instance;

    public override string Describe(WarehouseStoreSettings settings)
    {
        var b = new SqlConnectionStringBuilder(settings.ConnectionString ?? "");
        return $"sqlserver:{b.DataSource}/{b.InitialCatalog}";
    }

    public override DbConnection Open(WarehouseStoreSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            throw new InvalidOperationException("Warehouse:ConnectionString is required for the sqlserver engine (put it in WAREHOUSE_Warehouse__ConnectionString).");
        var connection = new SqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (SqlException e)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cannot connect to the SQL Server warehouse {Describe(settings)}: {e.Message}", e);
        }
        Configure(connection);
        return connection;
    }

    public override IBulkWriter CreateBulkWriter(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns) =>
        new Writer((SqlConnection)connection, (SqlTransaction)transaction, table, columns);

    /// <summary>Buffers up to <see cref="BatchRows"/> rows in a DataTable, then SqlBulkCopy sends them.</summary>
    private sealed class Writer : IBulkWriter
    {
        private readonly SqlBulkCopy _copy;
        private readonly DataTable _batch = new();

        public Writer(SqlConnection connection, SqlTransaction transaction, string table, IReadOnlyList<string> columns)
        {
            _copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
            {
                DestinationTableName = table,
                BatchSize = BatchRows,
                BulkCopyTimeout = 0,
            };
            foreach (var column in columns)
            {
                _batch.Columns.Add(column, typeof(object));
                _copy.ColumnMappings.Add(column, column);
            }
        }

        public void Write(IReadOnlyList<object?> row)
        {
            var r = _batch.NewRow();
            for (var i = 0; i < row.Count; i++) r[i] = row[i] ?? DBNull.Value;
            _batch.Rows.Add(r);
            if (_batch.Rows.Count >= BatchRows) Flush();
        }

        public void Complete() => Flush();

        private void Flush()
        {
            if (_batch.Rows.Count == 0) return;
            _copy.WriteToServer(_batch);
            _batch.Clear();
        }

        public void Dispose() => ((IDisposable)_copy).Dispose();
    }
}

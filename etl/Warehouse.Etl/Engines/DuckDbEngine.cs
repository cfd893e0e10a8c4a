using System.Data.Common;
using DuckDB.NET.Data;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Schema.Dialects;

namespace Warehouse.Etl.Engines;

/// <summary>The embedded default: one DuckDB file (DuckDB.NET); bulk loads with the Appender.</summary>
public sealed class DuckDbEngine : WarehouseEngine
{
    public static DuckDbEngine Instance { get; } = new();

    public override string Name => "duckdb";

    public override SqlDialect Dialect => DuckDbDialect.Instance;

    public override string Describe(WarehouseStoreSettings settings) => Path.GetFullPath(settings.Path);

    public override DbConnection Open(WarehouseStoreSettings settings)
    {
        var connection = WarehouseStore.Open(settings.Path);
        if (!string.IsNullOrWhiteSpace(settings.MemoryLimit))
        {
            // A bounded working set: beyond it DuckDB spills to <warehouse>.tmp (validated by SettingsLoader).
            using var command = connection.CreateCommand();
            command.CommandText = $"SET memory_limit = '{settings.MemoryLimit.Trim()}'";
            command.ExecuteNonQuery();
        }
        if (settings.Threads is { } threads)
        {
            // Validated by SettingsLoader (a positive whole number); not set: DuckDB's default, all cores.
            using var command = connection.CreateCommand();
            command.CommandText = $"SET threads = {threads.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            command.ExecuteNonQuery();
        }
        return connection;
    }

    public override IBulkWriter CreateBulkWriter(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns) =>
        new Writer(((DuckDBConnection)connection).CreateAppender(table));

    private sealed class Writer(DuckDBAppender appender) : IBulkWriter
    {
        public void Write(IReadOnlyList<object?> row)
        {
            var r = appender.CreateRow();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: r.AppendNullValue(); break;
                    case string s: r.AppendValue(s); break;
                    case DateOnly d: r.AppendValue((DateOnly?)d); break;
                    case DateTime t: r.AppendValue((DateTime?)t); break;
                    case decimal m: r.AppendValue((decimal?)m); break;
                    case int i: r.AppendValue((int?)i); break;
                    case long l: r.AppendValue((long?)l); break;
                    default: throw new NotSupportedException($"Cannot append a {value.GetType().Name}.");
                }
            }
            r.EndRow();
        }

        public void Complete() => appender.Close();

        public void Dispose() => appender.Dispose();
    }
}

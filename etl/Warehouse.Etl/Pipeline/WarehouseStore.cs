using DuckDB.NET.Data;
using Warehouse.Schema;
using Warehouse.Etl.Engines;

namespace Warehouse.Etl.Pipeline;

/// <summary>Opens the embedded DuckDB warehouse file and applies pending migrations.</summary>
public static class WarehouseStore
{
    public static DuckDBConnection Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new DuckDBConnection($"Data Source={full}");
        try
        {
            connection.Open();
        }
        catch (DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            connection.Dispose();
            throw new WarehouseBusyException($"The warehouse '{full}' is in use by another process (a run is probably in progress).", e);
        }
        Configure(connection);
        return connection;
    }

    /// <summary>Applies the DuckDB session settings to an open connection (done by <see cref="Open"/>
    /// and by every job; running it twice is harmless).</summary>
    public static void Configure(DuckDBConnection connection) => DuckDbEngine.Instance.Configure(connection);

    public static SqlRunner Runner(DuckDBConnection connection) => DuckDbEngine.Instance.Runner(connection);

    public static IReadOnlyList<Migration> Migrate(DuckDBConnection connection) => new Migrator(Runner(connection)).Apply();
}

public sealed class WarehouseBusyException(string message, Exception? inner) : Exception(message, inner);

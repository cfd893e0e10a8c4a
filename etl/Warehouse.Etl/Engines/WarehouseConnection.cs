using System.Data.Common;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Schema;

namespace Warehouse.Etl.Engines;

/// <summary>An open warehouse: its engine and connection (disposing closes the connection).</summary>
public sealed class WarehouseConnection(WarehouseEngine engine, DbConnection connection) : IDisposable
{
    public WarehouseEngine Engine { get; } = engine;
    public DbConnection Connection { get; } = connection;

    /// <summary>Opens the warehouse the settings name, on its engine.</summary>
    public static WarehouseConnection Open(WarehouseStoreSettings settings)
    {
        var engine = WarehouseEngine.For(settings.Engine);
        return new WarehouseConnection(engine, engine.Open(settings));
    }

    /// <summary>Applies pending migrations; returns those applied now.</summary>
    public IReadOnlyList<Migration> Migrate() => new Migrator(Engine.Runner(Connection)).Apply();

    /// <summary>Takes the warehouse's load lock for this connection (a server's advisory or
    /// application lock; on DuckDB the file lock already admits one writer): one load at a time per
    /// warehouse, whichever machine runs it. Throws <see cref="WarehouseBusyException"/> at once if
    /// another session holds it. Disposing gives it back; a dead session gives it back too.</summary>
    public IDisposable AcquireLoadLock(string description)
    {
        var runner = Engine.Runner(Connection);
        if (Convert.ToInt32(runner.Scalar("queries/try_load_lock", null), System.Globalization.CultureInfo.InvariantCulture) != 1)
            throw new WarehouseBusyException($"The warehouse {description} is in use by another process: a run is in progress.", null);
        return new LoadLock(runner);
    }

    private sealed class LoadLock(SqlRunner runner) : IDisposable
    {
        public void Dispose()
        {
            if (runner.Connection.State == System.Data.ConnectionState.Open) runner.Scalar("queries/release_load_lock", null);
        }
    }

    /// <summary>Where the warehouse is, without secrets (a file path, or engine:host/database).</summary>
    public static string Describe(WarehouseStoreSettings settings) => WarehouseEngine.For(settings.Engine).Describe(settings);

    public void Dispose() => Connection.Dispose();
}

using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;

namespace Warehouse.Tests.Fixtures;

/// <summary>A warehouse file in a fresh temporary folder, deleted afterwards. With
/// <c>mirrorToPostgres</c>, every run is made on a PostgreSQL warehouse too, which must then hold
/// exactly what the DuckDB warehouse holds (every dimension, fact and mart row): so the metric
/// fixtures, checked by hand on DuckDB, prove the PostgreSQL engine to the cent as well; and SQL
/// Server's, when WAREHOUSE_TEST_SQLSERVER names a server.</summary>
public sealed class TempWarehouse : IDisposable
{
    private readonly List<WarehouseConnection> _mirrors = [];
    private readonly List<IDisposable> _cleanups = [];

    public TempWarehouse(bool mirrorToPostgres = false)
    {
        Folder = Path.Combine(Path.GetTempPath(), "warehouse-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Connection = WarehouseStore.Open(PathOf("warehouse.duckdb"));
        if (!mirrorToPostgres) return;
        _mirrors.Add(SharedPostgres.NewWarehouse());
        if (SharedSqlServer.Available)
        {
            var (sqlServer, drop) = SharedSqlServer.NewWarehouse();
            _mirrors.Add(sqlServer);
            _cleanups.Add(drop);
        }
    }

    public string Folder { get; }
    public DuckDBConnection Connection { get; }
    public string PathOf(string name) => Path.Combine(Folder, name);

    public RunResult Run(ISource source, DateOnly? asOf = null, string? failAfter = null, MartOptions? marts = null)
    {
        var options = new JobOptions { AsOf = asOf, Marts = marts ?? new MartOptions(), FailAfterStep = failAfter };
        var result = new WarehouseJob(Connection, NullLogger.Instance).Run(source, options);
        foreach (var mirror in _mirrors)
        {
            var mirrored = new WarehouseJob(mirror.Connection, mirror.Engine, NullLogger.Instance).Run(source, options);
            Assert.Equal(result.Entities, mirrored.Entities);
            Assert.Equal(result.AsOf, mirrored.AsOf);
            EngineComparison.AssertSameWarehouse(Connection, mirror.Connection, minimumRows: 0);
        }
        return result;
    }

    /// <summary>Runs the job building only the named marts (and what they depend on).</summary>
    public RunResult RunMarts(ISource source, DateOnly asOf, params string[] marts) =>
        Run(source, asOf, marts: new MartOptions { Enabled = marts });

    /// <summary>Runs the job building only the named marts (and what they depend on) with the
    /// given mart options (their Enabled list is replaced by <paramref name="marts"/>).</summary>
    public RunResult RunMarts(ISource source, DateOnly asOf, MartOptions options, params string[] marts) =>
        Run(source, asOf, marts: options with { Enabled = marts });

    /// <summary>Loads the source (marts as of its latest order), then builds the named marts for
    /// <paramref name="asOf"/> from what the warehouse holds, as `warehouse backfill` does: the way to
    /// build marts for a date before the first order, which a run refuses.</summary>
    public RunResult BackfillMarts(ISource source, DateOnly asOf, params string[] marts)
    {
        var result = Run(source, marts: new MartOptions { Enabled = marts });
        new WarehouseJob(Connection, NullLogger.Instance).Backfill([asOf], new JobOptions { Marts = new MartOptions { Enabled = marts } });
        return result;
    }

    public List<object?[]> Rows(string sql) => Rows(Connection, sql);

    /// <summary>Every row of a query on any DuckDB connection, DBNull as null.</summary>
    public static List<object?[]> Rows(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public object? Scalar(string sql) => Rows(sql).Single()[0];

    /// <summary>Row count and a digest of every row of each warehouse table (control tables left out).</summary>
    public Dictionary<string, string> Snapshot()
    {
        var tables = Rows("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_name NOT LIKE 'etl_%' AND table_name NOT LIKE 'stg_%' ORDER BY table_name")
            .Select(r => (string)r[0]!).ToList();
        return tables.ToDictionary(t => t, t => $"{Scalar($"SELECT COUNT(*) FROM {t}")}:{Scalar($"SELECT md5(COALESCE(string_agg(CAST(x AS VARCHAR), '|' ORDER BY CAST(x AS VARCHAR)), '')) FROM {t} x")}");
    }

    /// <summary>Fails naming every table whose snapshot differs.</summary>
    public static void AssertSameSnapshot(Dictionary<string, string> expected, Dictionary<string, string> actual)
    {
        var differing = expected.Keys.Union(actual.Keys)
            .Where(t => expected.GetValueOrDefault(t) != actual.GetValueOrDefault(t))
            .Select(t => $"{t}: {expected.GetValueOrDefault(t) ?? "(none)"} -> {actual.GetValueOrDefault(t) ?? "(none)"}")
            .ToList();
        Assert.True(differing.Count == 0, "tables differ: " + string.Join("; ", differing));
    }

    public void Dispose()
    {
        foreach (var mirror in _mirrors) mirror.Dispose();
        foreach (var cleanup in _cleanups) cleanup.Dispose();
        Connection.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

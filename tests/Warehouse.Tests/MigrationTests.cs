using Warehouse.Etl.Pipeline;
using Warehouse.Schema;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void Applying_the_migrations_twice_changes_nothing()
    {
        var first = WarehouseStore.Migrate(_warehouse.Connection);
        Assert.Equal(Migrator.Declared(SqlCatalog.Embedded).Select(m => m.Version), first.Select(m => m.Version));
        var schemaAfterFirst = Schema();
        var versionsAfterFirst = _warehouse.Rows("SELECT version, name, checksum, applied_at FROM schema_version ORDER BY version");

        var second = WarehouseStore.Migrate(_warehouse.Connection);

        Assert.Empty(second);
        Assert.Equal(schemaAfterFirst, Schema());
        Assert.Equal(versionsAfterFirst, _warehouse.Rows("SELECT version, name, checksum, applied_at FROM schema_version ORDER BY version"));
        // The reference data a migration seeds is there once, not twice: 25 (R, F) pairs.
        Assert.Equal(25L, _warehouse.Scalar("SELECT COUNT(*) FROM ref_rfm_segment"));
    }

    [Fact]
    public void Every_object_named_by_a_migration_exists_after_migrating()
    {
        WarehouseStore.Migrate(_warehouse.Connection);
        var existing = _warehouse.Rows("SELECT table_name FROM information_schema.tables").Select(r => (string)r[0]!).ToHashSet();
        // Objects under changes/ alter existing tables; the others create what they are named after.
        foreach (var path in Migrator.Declared(SqlCatalog.Embedded).SelectMany(m => m.Objects).Where(p => !p.StartsWith("changes/", StringComparison.Ordinal)))
            Assert.Contains(path[(path.LastIndexOf('/') + 1)..], existing);
    }

    [Fact]
    public void A_migration_changed_after_it_was_applied_is_refused()
    {
        WarehouseStore.Migrate(_warehouse.Connection);
        using (var c = _warehouse.Connection.CreateCommand())
        {
            c.CommandText = "UPDATE schema_version SET checksum = 'edited' WHERE version = 1";
            c.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidOperationException>(() => WarehouseStore.Migrate(_warehouse.Connection));
        Assert.Contains("changed after it was applied", e.Message);
    }

    private List<string> Schema() => _warehouse
        .Rows("SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position")
        .Select(r => $"{r[0]}.{r[1]}:{r[2]}").ToList();
}

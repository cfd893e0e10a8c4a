using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Warehouse.Schema.Dialects;

namespace Warehouse.Schema;

/// <summary>One numbered migration: the SQL objects it creates, in order.</summary>
public sealed record Migration(int Version, string Name, IReadOnlyList<string> Objects, string Checksum);

/// <summary>
/// Applies the numbered migrations in warehouse-schema/migrations that the warehouse has not seen,
/// each in its own transaction, recording them in schema_version. Applying twice is a no-op; a
/// migration whose SQL changed after it was applied is refused.
/// </summary>
public sealed class Migrator(SqlRunner runner)
{
    private const string VersionTable = "tables/control/schema_version";

    public static IReadOnlyList<Migration> Declared(SqlCatalog catalog)
    {
        var migrations = new List<Migration>();
        foreach (var (file, manifest) in catalog.MigrationManifests)
        {
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"Migration file '{file}' must be named NNNN_name.");
            var objects = manifest.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .ToList();
            var hash = new StringBuilder(manifest);
            foreach (var path in objects) hash.Append('\0').Append(catalog.Read(path));
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())));
            migrations.Add(new Migration(version, file[(underscore + 1)..], objects, checksum));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3, ... without gaps; found {migrations[i].Version} at position {i + 1}.");
        return migrations;
    }

    /// <summary>Applies what is pending; returns the migrations applied now.</summary>
    public IReadOnlyList<Migration> Apply()
    {
        var declared = Declared(runner.Catalog);
        var applied = AppliedChecksums();
        foreach (var migration in declared)
        {
            if (applied.TryGetValue(migration.Version, out var checksum) && checksum != migration.Checksum)
                throw new InvalidOperationException(
                    $"Migration {migration.Version} ({migration.Name}) changed after it was applied to this warehouse; add a new migration instead.");
        }
        var newlyApplied = new List<Migration>();
        foreach (var migration in declared.Where(m => !applied.ContainsKey(m.Version)))
        {
            using var transaction = runner.Connection.BeginTransaction();
            if (!VersionTableExists(transaction)) runner.Execute(VersionTable, transaction);
            foreach (var path in migration.Objects) runner.Execute(path, transaction);
            runner.Execute("queries/record_migration", transaction, new Dictionary<string, object?>
            {
                ["version"] = migration.Version,
                ["name"] = migration.Name,
                ["checksum"] = migration.Checksum,
                ["applied_at"] = DateTime.UtcNow,
            });
            transaction.Commit();
            newlyApplied.Add(migration);
        }
        return newlyApplied;
    }

    private Dictionary<int, string> AppliedChecksums()
    {
        var result = new Dictionary<int, string>();
        if (!VersionTableExists(null)) return result;
        using var reader = runner.Query("queries/applied_migrations", null);
        while (reader.Read()) result[Convert.ToInt32(reader.GetValue(0))] = reader.GetString(1);
        return result;
    }

    private bool VersionTableExists(DbTransaction? transaction) =>
        Convert.ToInt64(runner.Scalar("queries/table_exists", transaction,
            new Dictionary<string, object?> { ["table_name"] = "schema_version" })) > 0;

}

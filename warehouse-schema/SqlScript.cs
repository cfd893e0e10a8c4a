using System.Globalization;
using System.Text;
using Warehouse.Schema.Dialects;

namespace Warehouse.Schema;

/// <summary>
/// The warehouse's complete SQL rendered for one engine, as files a DBA can review and deploy:
/// one script per migration (the schema, each ending by recording itself in schema_version, so
/// the job then finds it applied) and every transform, mart and query the job runs, parameters
/// written the engine's way (@as_of).
/// </summary>
public static class SqlScript
{
    /// <summary>File path (relative, '/'-separated) to content.</summary>
    public static IReadOnlyDictionary<string, string> Render(SqlDialect dialect, SqlCatalog catalog)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var separator = dialect is TSqlDialect ? "\nGO\n" : ";\n";
        var migrations = Migrator.Declared(catalog);
        foreach (var m in migrations)
        {
            var text = new StringBuilder();
            text.Append("-- Migration ").Append(m.Version.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(m.Name)
                .Append(") for ").Append(dialect.Name).Append(". Apply the migrations in order, each once.\n");
            IEnumerable<string> objects = m.Version == 1 ? m.Objects.Prepend("tables/control/schema_version") : m.Objects;
            foreach (var path in objects)
            {
                text.Append("\n-- ").Append(path).Append('\n');
                foreach (var statement in SqlDialect.SplitStatements(catalog.Read(path)))
                {
                    var rendered = dialect.Render(statement).Trim();
                    if (rendered.Length > 0) text.Append(rendered).Append(separator);
                }
            }
            text.Append("\nINSERT INTO schema_version (version, name, checksum, applied_at) VALUES (")
                .Append(m.Version.ToString(CultureInfo.InvariantCulture)).Append(", '").Append(m.Name).Append("', '").Append(m.Checksum)
                .Append("', CURRENT_TIMESTAMP)").Append(separator);
            files[$"migrations/{m.Version:0000}_{m.Name}.sql"] = text.ToString();
        }
        foreach (var path in catalog.ObjectPaths.Where(p => !p.StartsWith("tables/", StringComparison.Ordinal) && !p.StartsWith("views/", StringComparison.Ordinal) && !p.StartsWith("changes/", StringComparison.Ordinal)))
        {
            var text = new StringBuilder("-- ").Append(path).Append(" for ").Append(dialect.Name).Append(" (run by the job; parameters are the job's)\n");
            foreach (var statement in SqlDialect.SplitStatements(catalog.Read(path)))
            {
                var rendered = dialect.Render(statement).Trim();
                if (rendered.Length > 0) text.Append(rendered).Append(separator);
            }
            files[path + ".sql"] = text.ToString();
        }
        return files;
    }
}

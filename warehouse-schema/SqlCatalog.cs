using System.Reflection;

namespace Warehouse.Schema;

/// <summary>The warehouse's SQL objects, one per embedded .sql file, addressed by path without
/// extension (for example <c>transforms/marts/mart_customer_rfm</c>).</summary>
public sealed class SqlCatalog
{
    private readonly Dictionary<string, string> _objects;
    private readonly Dictionary<string, string> _migrations;

    private SqlCatalog(Dictionary<string, string> objects, Dictionary<string, string> migrations)
    {
        _objects = objects;
        _migrations = migrations;
    }

    public static SqlCatalog Embedded { get; } = LoadEmbedded();

    public IEnumerable<string> ObjectPaths => _objects.Keys.Order(StringComparer.Ordinal);

    /// <summary>Migration manifests by file name (for example <c>0001_initial</c>).</summary>
    public IReadOnlyDictionary<string, string> MigrationManifests => _migrations;

    public string Read(string path) =>
        _objects.TryGetValue(path, out var sql)
            ? sql
            : throw new KeyNotFoundException($"No SQL object '{path}' in warehouse-schema/sql.");

    private static SqlCatalog LoadEmbedded()
    {
        var assembly = typeof(SqlCatalog).Assembly;
        var objects = new Dictionary<string, string>(StringComparer.Ordinal);
        var migrations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var text = ReadResource(assembly, name);
            if (name.StartsWith("sql/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
                objects[name["sql/".Length..^".sql".Length]] = text;
            else if (name.StartsWith("migrations/", StringComparison.Ordinal) && name.EndsWith(".txt", StringComparison.Ordinal))
                migrations[name["migrations/".Length..^".txt".Length]] = text;
        }
        return new SqlCatalog(objects, migrations);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}

using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Sqlite;

namespace Warehouse.Etl.Sources;

public static class SourceFactory
{
    public static ISource Open(SourceSettings settings) => settings.Kind.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteSource(settings.ConnectionString),
        _ => throw new InvalidOperationException($"Source:Kind '{settings.Kind}' is not supported; use 'sqlite'."),
    };
}

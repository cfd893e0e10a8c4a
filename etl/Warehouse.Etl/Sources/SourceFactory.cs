using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Sqlite;

namespace Warehouse.Etl.Sources;

public static class SourceFactory
{
    public static ISource Open(SourceSettings settings) => settings.Kind.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteSource(settings.ConnectionString),
        "flatfile" => new Flat.FlatFileSource(settings.Path ?? throw new InvalidOperationException("Source:Path is required for a flatfile source."), settings.Flat),
        _ => throw new InvalidOperationException($"Source:Kind '{settings.Kind}' is not supported; use 'sqlite' or 'flatfile'."),
    };
}

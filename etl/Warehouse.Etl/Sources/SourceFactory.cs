using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Relational;

namespace Warehouse.Etl.Sources;

public static class SourceFactory
{
    public static ISource Open(SourceSettings settings) => settings.Kind.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteSource(settings.ConnectionString, settings.Queries),
        "postgres" => new PostgresSource(settings.ConnectionString, settings.Queries),
        "sqlserver" => new SqlServerSource(settings.ConnectionString, settings.Queries),
        "csv" => new Csv.CsvFolderSource(settings.Path ?? throw new Configuration.SettingsException("Source:Path (the folder of entity CSV files) is required for a csv source.")),
        "flatfile" => new Flat.FlatFileSource(settings.Path ?? throw new InvalidOperationException("Source:Path is required for a flatfile source."), settings.Flat),
        _ => throw new InvalidOperationException($"Source:Kind '{settings.Kind}' is not supported; use 'sqlite', 'postgres', 'sqlserver', 'csv' or 'flatfile'."),
    };
}

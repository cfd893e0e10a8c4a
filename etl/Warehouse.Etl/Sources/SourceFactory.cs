using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Relational;

namespace Warehouse.Etl.Sources;

/// <summary>Opens the source the settings describe. What a user can mistype (a path, a folder, a
/// connection string's keywords) fails with a <see cref="SettingsException"/> naming the key.</summary>
public static class SourceFactory
{
    public static ISource Open(SourceSettings settings)
    {
        var kind = settings.Kind.ToLowerInvariant();
        try
        {
            return kind switch
            {
                "sqlite" => new SqliteSource(settings.ConnectionString, settings.Queries),
                "postgres" => new PostgresSource(settings.ConnectionString, settings.Queries),
                "sqlserver" => new SqlServerSource(settings.ConnectionString, settings.Queries),
                "csv" => new Csv.CsvFolderSource(CsvFolder(settings.Path), Text.TextReadOptions.From(settings)),
                "flatfile" => new Flat.FlatFileSource(Required(settings.Path, "a file or a glob of files such as data/*.csv.gz", "flatfile"), settings.Flat, Text.TextReadOptions.From(settings)),
                _ => throw new SettingsException($"Source:Kind '{settings.Kind}' is not supported; use {SettingsCatalog.Quoted(["sqlite", "postgres", "sqlserver", "csv", "flatfile"])}."),
            };
        }
        catch (ArgumentException e) when (kind is "sqlite" or "postgres" or "sqlserver")
        {
            // The provider's connection-string builder refuses a keyword or a value.
            throw new SettingsException($"Source:ConnectionString is not a valid {kind} connection string: {e.Message}", e);
        }
    }

    /// <summary>A path as the user gave it and as the program reads it: the full path, and that a
    /// relative one is relative to the current directory.</summary>
    public static string DescribePath(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.IsPathRooted(path) ? full : $"{full} ('{path}', relative to the current directory)";
    }

    private static string Required(string? path, string what, string kind) => string.IsNullOrWhiteSpace(path)
        ? throw new SettingsException($"Source:Path ({what}) is required for Source:Kind {kind}.")
        : path;

    private static string CsvFolder(string? path)
    {
        var folder = Required(path, "the folder of entity CSV files", "csv");
        if (Directory.Exists(folder)) return folder;
        if (File.Exists(folder))
            throw new SettingsException($"Source:Path: {DescribePath(folder)} is a file, not a folder (Source:Kind csv reads a folder of entity CSV files; Source:Kind flatfile reads files of order lines).");
        throw new SettingsException($"Source:Path: the folder {DescribePath(folder)} does not exist (Source:Kind csv reads a folder of entity CSV files).");
    }
}

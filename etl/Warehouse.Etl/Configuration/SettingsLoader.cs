using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Warehouse.Etl.Configuration;

public static class SettingsLoader
{
    public const string EnvironmentPrefix = "WAREHOUSE_";
    public const string DefaultFile = "warehouse.json";

    /// <summary>
    /// Defaults, then the JSON file (if it exists; an explicitly named file must exist), then
    /// environment variables. Relative paths are relative to the current directory.
    /// </summary>
    public static WarehouseSettings Load(string? configFile = null, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        var file = configFile ?? DefaultFile;
        var fullPath = Path.GetFullPath(file);
        if (configFile is not null && !File.Exists(fullPath))
            throw new FileNotFoundException($"Configuration file '{configFile}' does not exist.");
        builder.AddJsonFile(fullPath, optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        var settings = new WarehouseSettings();
        try
        {
            builder.Build().Bind(settings, o => o.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"Configuration is not valid: {e.Message}", e);
        }
        Validate(settings);
        return settings;
    }

    public static DateOnly? ParseAsOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new FormatException($"The as-of date '{text}' is not a date of the form yyyy-MM-dd.");
    }

    private static void Validate(WarehouseSettings s)
    {
        if (s.Warehouse.Engine.ToLowerInvariant() is not ("duckdb" or "postgres" or "sqlserver"))
            throw new SettingsException($"Warehouse:Engine '{s.Warehouse.Engine}' is not supported; use 'duckdb', 'postgres' or 'sqlserver'.");
        if (!string.IsNullOrWhiteSpace(s.Warehouse.MemoryLimit) && !System.Text.RegularExpressions.Regex.IsMatch(s.Warehouse.MemoryLimit.Trim(), @"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            throw new SettingsException($"Warehouse:MemoryLimit '{s.Warehouse.MemoryLimit}' is not an amount of memory such as 1GB or 512MB.");
        if (s.Warehouse.Engine.ToLowerInvariant() is "postgres" or "sqlserver" && string.IsNullOrWhiteSpace(s.Warehouse.ConnectionString))
            throw new SettingsException($"Warehouse:ConnectionString is required for the {s.Warehouse.Engine.ToLowerInvariant()} engine (set WAREHOUSE_Warehouse__ConnectionString).");
        if (s.Source.Kind.ToLowerInvariant() is not ("sqlite" or "postgres" or "sqlserver" or "csv" or "flatfile"))
            throw new SettingsException($"Source:Kind '{s.Source.Kind}' is not supported; use 'sqlite', 'postgres', 'sqlserver', 'csv' or 'flatfile'.");
        try
        {
            s.Marts.ToOptions().Validate();
        }
        catch (ArgumentException e)
        {
            throw new SettingsException($"Marts configuration is not valid: {e.Message}.", e);
        }
        if (s.Quality.MaxQuarantinedShare is < 0 or > 1)
            throw new SettingsException("Quality:MaxQuarantinedShare must be between 0 and 1.");
        if (s.Publish.To is not ("folder" or "blob"))
            throw new SettingsException($"Publish:To '{s.Publish.To}' is not supported; use 'folder' or 'blob'.");
        if (s.Publish.Keep < 1)
            throw new SettingsException("Publish:Keep must be at least 1.");
        if (s.Publish.ParquetRowGroupSize < 1)
            throw new SettingsException("Publish:ParquetRowGroupSize must be at least 1.");
        ParseAsOf(s.Marts.AsOf);
        s.Source.Incremental.Validate();
        if (s.Source.Retries is < 0 or > 10)
            throw new SettingsException("Source:Retries must be between 0 and 10.");
        if (s.Source.RetryDelaySeconds is < 0 or > 60)
            throw new SettingsException("Source:RetryDelaySeconds must be between 0 and 60.");
        if (!string.Equals(s.Logging.Format, "text", StringComparison.OrdinalIgnoreCase) && !string.Equals(s.Logging.Format, "json", StringComparison.OrdinalIgnoreCase))
            throw new SettingsException($"Logging:Format '{s.Logging.Format}' is not supported; use 'text' or 'json'.");
    }
}

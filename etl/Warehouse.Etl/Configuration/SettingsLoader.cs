using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Warehouse.Etl.Configuration;

public static class SettingsLoader
{
    public const string EnvironmentPrefix = "WAREHOUSE_";
    public const string DefaultFile = "warehouse.json";

    /// <summary>Environment variables WAREHOUSE_TEST_* are the test suite's (servers to test
    /// against), not settings.</summary>
    public const string TestVariablePrefix = "TEST_";

    /// <summary>
    /// Defaults, then the JSON file (if it exists; an explicitly named file must exist), then
    /// environment variables, then <paramref name="overrides"/> (the command line's). A relative
    /// path given in the file (<see cref="PathSettingAttribute"/> keys, and the SQLite Data Source of
    /// Source:ConnectionString) is relative to the file's folder, as dbt resolves paths against its
    /// project; one given in the environment or on the command line, or a default, to the current
    /// directory (left relative here). Anything a user can mistype fails with a
    /// <see cref="SettingsException"/> (exit code 2) naming the key: malformed JSON (with its line
    /// and position), a key the job does not know (with the closest known one), a value not of its
    /// key's type or not one of its choices, a value out of range.
    /// </summary>
    public static WarehouseSettings Load(string? configFile = null, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        var file = configFile ?? DefaultFile;
        var fullPath = Path.GetFullPath(file);
        if (configFile is not null && !File.Exists(fullPath))
            throw new SettingsException(Directory.Exists(fullPath)
                ? $"--config {configFile}: {fullPath} is a folder, not a configuration file."
                : $"--config {configFile}: the configuration file {fullPath} does not exist.");
        builder.AddJsonFile(fullPath, optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException e)
        {
            throw new SettingsException(NotJson(configFile is null ? $"{file} (read from the current directory)" : $"--config {fullPath}", e), e);
        }
        CheckKeys(configuration, fullPath);
        var settings = new WarehouseSettings();
        try
        {
            configuration.Bind(settings, o => o.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"Configuration is not valid: {e.Message}", e);
        }
        ReplaceLists(configuration, settings);
        ResolvePathsOfTheFile(configuration, settings, Path.GetDirectoryName(fullPath)!);
        Validate(settings);
        return settings;
    }

    // "error: --config /p/w.json: invalid JSON at line 3, position 12: ..." from the JSON reader's
    // exception, which the configuration provider wraps.
    private static string NotJson(string what, InvalidDataException e)
    {
        var inner = (Exception)e;
        while (inner.InnerException is not null && inner is not System.Text.Json.JsonException) inner = inner.InnerException;
        if (inner is System.Text.Json.JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
        {
            // The reader's message ends with "LineNumber: 2 | BytePositionInLine: 11." (both from 0).
            var text = json.Message;
            var at = text.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (at > 0) text = text[..at];
            return $"{what}: invalid JSON at line {line + 1}, position {position + 1}: {text.TrimEnd()}";
        }
        return $"{what}: {(inner == e ? e.Message : inner.Message)}";
    }

    // Every key given, in the file, the environment (WAREHOUSE_*) or the command line, must be one
    // the job reads; each value must convert to its setting's type and be one of its choices.
    private static void CheckKeys(IConfigurationRoot configuration, string file)
    {
        var problems = new List<string>();
        foreach (var provider in configuration.Providers)
        {
            foreach (var key in Leaves(provider, null))
            {
                var environment = provider is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider;
                if (environment && key.StartsWith(TestVariablePrefix, StringComparison.OrdinalIgnoreCase)) continue;
                if (SettingsCatalog.Unknown(key) is not { } problem) continue;
                var where = provider switch
                {
                    Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider => $"in {file}",
                    _ when environment => $"in environment variable {EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}",
                    _ => "from the command line",
                };
                problems.Add($"{problem.Key} {where}{problem.Detail}");
            }
        }
        if (problems.Count > 0) throw new SettingsException(string.Join("; ", problems.Distinct(StringComparer.Ordinal)));
        foreach (var key in SettingsCatalog.Keys.Where(k => k.Shape == SettingShape.Value))
        {
            if (configuration[key.Path] is { } value && SettingsCatalog.Invalid(key.Path, value) is { } problem)
                throw new SettingsException(problem);
        }
    }

    /// <summary>The binder appends a list given in the configuration to the property's default
    /// (TimestampFormats ["yyyyMMdd"] would become the two defaults and then yyyyMMdd): a list
    /// given replaces the default, as it reads.</summary>
    private static void ReplaceLists(IConfiguration configuration, WarehouseSettings settings)
    {
        foreach (var key in SettingsCatalog.Keys.Where(k => k.Shape == SettingShape.List))
        {
            var section = configuration.GetSection(key.Path);
            if (!section.GetChildren().Any()) continue;
            object? owner = settings;
            foreach (var segment in key.Path.Split(':')[..^1])
                owner = owner?.GetType().GetProperty(segment)?.GetValue(owner);
            if (owner is not null && key.Property.CanWrite) key.Property.SetValue(owner, section.Get(key.Property.PropertyType));
        }
    }

    /// <summary>Path settings whose value comes from the JSON file (no environment variable or
    /// command-line value overrides it) and is relative become full paths against the file's
    /// folder; absolute paths, and values from elsewhere, are left as they are.</summary>
    private static void ResolvePathsOfTheFile(IConfigurationRoot configuration, WarehouseSettings settings, string folder)
    {
        bool FromFile(string key) => configuration.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out var v) && v is not null)
            is Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider;
        foreach (var key in SettingsCatalog.Keys.Where(k => k.Shape == SettingShape.Value && k.Property.IsDefined(typeof(PathSettingAttribute), false)))
        {
            if (!FromFile(key.Path)) continue;
            object? owner = settings;
            foreach (var segment in key.Path.Split(':')[..^1])
                owner = owner?.GetType().GetProperty(segment)?.GetValue(owner);
            if (owner is null || key.Property.GetValue(owner) is not string { Length: > 0 } value || Path.IsPathRooted(value)) continue;
            key.Property.SetValue(owner, Path.GetFullPath(Path.Combine(folder, value)));
        }
        if (settings.Source.Kind.Equals("sqlite", StringComparison.OrdinalIgnoreCase) && FromFile("Source:ConnectionString"))
        {
            try
            {
                var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.Source.ConnectionString);
                var dataSource = builder.DataSource;
                if (dataSource.Length > 0 && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(dataSource))
                {
                    builder.DataSource = Path.GetFullPath(Path.Combine(folder, dataSource));
                    settings.Source.ConnectionString = builder.ConnectionString;
                }
            }
            catch (ArgumentException)
            {
                // Not a valid connection string: the source says so, naming the key, when it opens.
            }
        }
    }

    /// <summary>The keys of a provider that hold a value (a JSON empty object or null holds none).</summary>
    private static IEnumerable<string> Leaves(IConfigurationProvider provider, string? parent)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = parent is null ? child : $"{parent}:{child}";
            if (provider.TryGet(path, out var value) && value is not null) yield return path;
            foreach (var leaf in Leaves(provider, path)) yield return leaf;
        }
    }

    public static DateOnly? ParseAsOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new FormatException($"The as-of date '{text}' is not a date of the form yyyy-MM-dd.");
    }

    // The rules of MartOptions.Validate, told by key; what is left over (the names in
    // Marts:Enabled) by MartOptions' own message.
    private static void ValidateMarts(MartSettings m)
    {
        var inv = CultureInfo.InvariantCulture;
        if (m.RfmWindowDays < 1)
            throw new SettingsException($"Marts:RfmWindowDays must be at least 1: the RFM window is a number of days (got {m.RfmWindowDays.ToString(inv)}).");
        if (!(0 < m.PyramidTopPercent && m.PyramidTopPercent <= m.PyramidBigPercent && m.PyramidBigPercent <= m.PyramidMediumPercent && m.PyramidMediumPercent <= 100))
            throw new SettingsException($"Marts:PyramidTopPercent, Marts:PyramidBigPercent and Marts:PyramidMediumPercent must satisfy 0 < top <= big <= medium <= 100: the pyramid cut-offs, in percent (got {m.PyramidTopPercent.ToString(inv)}, {m.PyramidBigPercent.ToString(inv)}, {m.PyramidMediumPercent.ToString(inv)}).");
        if (m.ParetoPercent is <= 0 or > 100)
            throw new SettingsException($"Marts:ParetoPercent must be more than 0 and at most 100 (got {m.ParetoPercent.ToString(inv)}).");
        if (m.ReferralDepth < 1)
            throw new SettingsException($"Marts:ReferralDepth must be at least 1: levels of referrals, 1 = direct only (got {m.ReferralDepth.ToString(inv)}).");
        if (m.LoyaltySplit is < 0 or > 1)
            throw new SettingsException($"Marts:LoyaltySplit must be between 0 and 1 (got {m.LoyaltySplit.Value.ToString(inv)}).");
        try
        {
            m.ToOptions().Validate();
        }
        catch (ArgumentException e)
        {
            throw new SettingsException($"Marts:Enabled '{m.Enabled}': {e.Message}", e);
        }
    }

    private static void Validate(WarehouseSettings s)
    {
        if (!string.IsNullOrWhiteSpace(s.Warehouse.MemoryLimit) && !System.Text.RegularExpressions.Regex.IsMatch(s.Warehouse.MemoryLimit.Trim(), @"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            throw new SettingsException($"Warehouse:MemoryLimit '{s.Warehouse.MemoryLimit}' is not an amount of memory such as 1GB or 512MB.");
        if (s.Warehouse.Threads is < 1)
            throw new SettingsException($"Warehouse:Threads must be a positive whole number, the threads DuckDB may use, or empty for all cores (got {s.Warehouse.Threads.Value.ToString(CultureInfo.InvariantCulture)}).");
        if (s.Warehouse.Engine.ToLowerInvariant() is "postgres" or "sqlserver" && string.IsNullOrWhiteSpace(s.Warehouse.ConnectionString))
            throw new SettingsException($"Warehouse:ConnectionString is required for the {s.Warehouse.Engine.ToLowerInvariant()} engine (set WAREHOUSE_Warehouse__ConnectionString).");
        ValidateMarts(s.Marts);
        if (s.Quality.MaxQuarantinedShare is < 0 or > 1)
            throw new SettingsException("Quality:MaxQuarantinedShare must be between 0 and 1.");
        if (s.Publish.Keep < 1)
            throw new SettingsException("Publish:Keep must be at least 1.");
        if (s.Publish.ParquetRowGroupSize < 1)
            throw new SettingsException("Publish:ParquetRowGroupSize must be at least 1.");
        try
        {
            ParseAsOf(s.Marts.AsOf);
        }
        catch (FormatException)
        {
            throw new SettingsException($"Marts:AsOf (or --as-of) '{s.Marts.AsOf}' is not a date of the form yyyy-MM-dd.");
        }
        s.Source.Incremental.Validate();
        if (!s.Source.Flat.Whitespace) FlatFileSettings.DelimiterOf(s.Source.Flat.Delimiter);
        if (s.Source.Flat.OrderTimeToleranceMinutes is < 0 or > 527040)
            throw new SettingsException($"Source:Flat:OrderTimeToleranceMinutes must be between 0 and 527040 minutes (a year): how far apart the lines of one order may be dated (got {s.Source.Flat.OrderTimeToleranceMinutes.ToString(CultureInfo.InvariantCulture)}).");
        if (s.Source.Retries is < 0 or > 10)
            throw new SettingsException("Source:Retries must be between 0 and 10.");
        if (s.Source.RetryDelaySeconds is < 0 or > 60)
            throw new SettingsException("Source:RetryDelaySeconds must be between 0 and 60.");
    }
}

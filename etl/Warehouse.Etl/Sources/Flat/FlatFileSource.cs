using System.Data.Common;
using Microsoft.Extensions.FileSystemGlobbing;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>
/// Flat order-line files: CSV (optionally gzip-compressed) or Parquet (all the files of one source
/// in the same format; Parquet columns are mapped by name). The job streams their rows into
/// stg_flat_order_lines and derives customers, products, orders and order lines from them with the
/// SQL in warehouse-schema/sql/transforms/staging/flat.
/// </summary>
public sealed class FlatFileSource : ISource, IFileSource
{
    private static readonly string[] Required = ["order_id", "order_ts", "quantity", "unit_price"];
    private readonly FlatFileSettings _settings;
    private readonly Text.TextReadOptions _text;
    private IReadOnlyList<string> _files;

    /// <param name="text">How CSV files are read (Source:Encoding, Source:MaxLinesPerRow); the defaults when null.</param>
    public FlatFileSource(string pathOrGlob, FlatFileSettings settings, Text.TextReadOptions? text = null)
    {
        _settings = settings;
        _text = text ?? Text.TextReadOptions.Default;
        var missing = Required.Where(c => !settings.Columns.ContainsKey(c) && !settings.Constants.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new SettingsException($"Source:Flat:Columns must map {string.Join(", ", missing)} (or Source:Flat:Constants give a value for it).");
        var unknown = settings.Columns.Keys.Concat(settings.Constants.Keys).Where(k => !FlatFileReader.Columns.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            throw new SettingsException($"Source:Flat:Columns has unknown column(s) {string.Join(", ", unknown)}; known: {string.Join(", ", FlatFileReader.Columns)}.");
        if (!settings.Header)
        {
            foreach (var (column, value) in settings.Columns)
            {
                if (value != "#row" && !(int.TryParse(value, out var position) && position >= 1))
                    throw new SettingsException($"Source:Flat:Columns:{column} must be a 1-based column number or #row when Source:Flat:Header is false (got '{value}').");
            }
        }
        FlatValueNormaliser.Zone(settings.TimeZone);   // an unknown Source:Flat:TimeZone fails before any file is read
        _files = Resolve(pathOrGlob);
        Files = _files;
        Description = _files.Count == 1 ? $"file:{System.IO.Path.GetFileName(_files[0])}" : $"files:{pathOrGlob} ({_files.Count})";
    }

    public string Description { get; }

    public IReadOnlyList<SourceEntity> Extracts { get; } = [new("order_lines", "stg_flat_order_lines", "fact_order_line")];

    public IReadOnlyList<string> Derivations { get; } =
    [
        "transforms/staging/flat/quarantine_missing_customer",
        "transforms/staging/flat/quarantine_order_conflicts",
        "transforms/staging/flat/customers",
        "transforms/staging/flat/products",
        "transforms/staging/flat/orders",
        "transforms/staging/flat/order_lines",
    ];

    public IReadOnlyDictionary<string, object?> DerivationParameters =>
        new Dictionary<string, object?>
        {
            ["cancelled_prefix"] = _settings.CancelledOrderPrefix,
            ["order_time_tolerance_minutes"] = _settings.OrderTimeToleranceMinutes,
        };

    public DbDataReader OpenEntity(string entity) => entity == "order_lines"
        ? FlatFileReaders.Open(_files, _settings, _text)
        : throw new NotSupportedException($"A flat file source has no '{entity}' extract; it derives it.");

    /// <summary>Orders numbered by row ("#row" as order_id) restart at 1 in every extract, so a run
    /// that read only the new files would reuse the ids of orders already loaded: such a source
    /// reads all its files every run.</summary>
    public bool CanSkipLoadedFiles =>
        !(_settings.Columns.TryGetValue("order_id", out var column) && column == "#row");

    /// <summary>Every file the path or glob matched, full paths in name order.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    public void ReadOnly(IReadOnlyCollection<string> files)
    {
        var unknown = files.Where(f => !Files.Contains(f, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Not files of this source: {string.Join(", ", unknown)}");
        _files = Files.Where(files.Contains).ToList();
    }

    private static List<string> Resolve(string pathOrGlob)
    {
        if (File.Exists(pathOrGlob)) return [System.IO.Path.GetFullPath(pathOrGlob)];
        var full = System.IO.Path.GetFullPath(pathOrGlob);
        var root = System.IO.Path.GetDirectoryName(full)!;
        while (root.Contains('*') || root.Contains('?')) root = System.IO.Path.GetDirectoryName(root)!;
        var matcher = new Matcher();
        matcher.AddInclude(System.IO.Path.GetRelativePath(root, full));
        var files = Directory.Exists(root) ? matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
            throw new SettingsException(Directory.Exists(root)
                ? $"Source:Path: no file matches {SourceFactory.DescribePath(pathOrGlob)} (Source:Kind flatfile reads a file or a glob of files such as data/*.csv.gz)."
                : $"Source:Path: {SourceFactory.DescribePath(pathOrGlob)} does not exist: no folder {root} (Source:Kind flatfile reads a file or a glob of files such as data/*.csv.gz).");
        return files;
    }

    public void Dispose()
    {
    }
}

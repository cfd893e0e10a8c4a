using System.Data.Common;

namespace Warehouse.Etl.Sources.Csv;

/// <summary>
/// An operational database exported as CSV files, one set per entity, in one folder: the
/// generator's CSV mode (customers.csv, products.csv, campaigns.csv, orders.csv, order_lines.csv)
/// and later drops beside them (orders-2026-01-02.csv, ...). Each file has a header with the
/// staging column names; .csv.gz is read too. A file a committed run loaded is skipped by the next
/// incremental run (path, size and SHA-256), so a nightly drop is read once.
/// </summary>
public sealed class CsvFolderSource : ISource, IFileSource
{
    private readonly string _folder;
    private readonly Text.TextReadOptions _text;
    private IReadOnlyList<string> _selected;

    /// <param name="text">How the files are read (Source:Encoding, Source:MaxLinesPerRow); the defaults when null.</param>
    public CsvFolderSource(string folder, Text.TextReadOptions? text = null)
    {
        _text = text ?? Text.TextReadOptions.Default;
        _folder = Path.GetFullPath(folder);
        if (!Directory.Exists(_folder))
            throw new Configuration.SettingsException($"Source:Path: the folder {SourceFactory.DescribePath(folder)} does not exist (Source:Kind csv reads a folder of entity CSV files).");
        Files = SourceEntities.All.SelectMany(e => FilesOf(e.Name)).ToList();
        if (Files.Count == 0)
            throw new Configuration.SettingsException($"Source:Path: the folder {SourceFactory.DescribePath(folder)} has no entity files ({string.Join(", ", SourceEntities.All.Select(e => e.Name + ".csv"))}, or .csv.gz).");
        _selected = Files;
        Description = $"csv:{Path.GetFileName(_folder)}";
    }

    public string Description { get; }

    public IReadOnlyList<string> Files { get; }

    public void ReadOnly(IReadOnlyCollection<string> files) => _selected = Files.Where(files.Contains).ToList();

    public DbDataReader OpenEntity(string entity) =>
        new CsvTableReader(_selected.Where(f => FilesOf(entity).Contains(f, StringComparer.Ordinal)).ToList(), _text);

    /// <summary>entity.csv first, then entity-*.csv drops in name order (.gz too).</summary>
    private List<string> FilesOf(string entity) => Directory.EnumerateFiles(_folder)
        .Where(f =>
        {
            var name = Path.GetFileName(f);
            var bare = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
            return bare.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                   && (bare[..^4].Equals(entity, StringComparison.OrdinalIgnoreCase)
                       || bare.StartsWith(entity + "-", StringComparison.OrdinalIgnoreCase));
        })
        .OrderBy(f => Path.GetFileName(f).Length == entity.Length + 4 ? 0 : 1)
        .ThenBy(f => f, StringComparer.Ordinal)
        .ToList();

    public void Dispose()
    {
    }
}

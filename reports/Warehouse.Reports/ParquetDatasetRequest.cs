namespace Warehouse.Reports;

/// <summary>What <see cref="ParquetDatasetPublisher"/> publishes, and for which run.</summary>
public sealed record DatasetRequest
{
    /// <summary>The warehouse run the data comes from (<c>etl_run.run_id</c>), at least 0; it starts the run folder's name.</summary>
    public required long RunId { get; init; }

    /// <summary>The run's as-of date (the marts' as-of date).</summary>
    public required DateOnly AsOfDate { get; init; }

    /// <summary>The publishing software's version, recorded in the manifest.</summary>
    public required string SoftwareVersion { get; init; }

    /// <summary>Dimension tables: one file each, <c>&lt;table&gt;/&lt;table&gt;.parquet</c>.</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>Fact tables published whole, one file each (like a dimension).</summary>
    public IReadOnlyList<string> Facts { get; init; } = [];

    /// <summary>Fact tables partitioned Hive-style by the month of a date column:
    /// <c>&lt;table&gt;/&lt;partition_column&gt;=yyyy-MM/part-0.parquet</c>.</summary>
    public IReadOnlyList<PartitionedTable> PartitionedFacts { get; init; } = [];

    /// <summary>Mart tables: one file each with all the as-of dates the warehouse keeps, the as-of
    /// date being the column <see cref="MartAsOfColumn"/> of every row.</summary>
    public IReadOnlyList<string> Marts { get; init; } = [];

    /// <summary>The column every mart must have that holds the as-of date of its rows.</summary>
    public string MartAsOfColumn { get; init; } = "as_of_date";

    /// <summary>
    /// Optional: writes other files (e.g. the finance workbook) into the run folder, given as the
    /// argument, before the manifest; returns their full paths, which must be inside the run folder.
    /// They are listed in the manifest (size and SHA-256, no table) and uploaded with the dataset.
    /// </summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<string>>>? WriteExtraFilesAsync { get; init; }
}

/// <summary>A table partitioned by month of <paramref name="DateColumn"/> (DATE or TIMESTAMP).</summary>
/// <param name="Table">The table, e.g. <c>fact_order_line</c>.</param>
/// <param name="DateColumn">The column whose month picks the partition, e.g. <c>order_date</c>.</param>
/// <param name="PartitionColumn">The name in the paths, e.g. <c>order_month</c>; null derives it:
/// <c>xxx_date</c> gives <c>xxx_month</c>, any other name gets <c>_month</c> appended.</param>
public sealed record PartitionedTable(string Table, string DateColumn, string? PartitionColumn = null)
{
    /// <summary>The partition column's name as used in the paths.</summary>
    public string PartitionColumnName => PartitionColumn
        ?? (DateColumn.EndsWith("_date", StringComparison.Ordinal) ? DateColumn[..^5] + "_month" : DateColumn + "_month");
}

/// <summary>One file written by <see cref="ParquetDatasetPublisher"/>.</summary>
/// <param name="Table">Its table, or null for an extra file.</param>
/// <param name="Partition">Its partition value (<c>yyyy-MM</c>), or null.</param>
/// <param name="RelativePath">Relative to the run folder, with <c>/</c>.</param>
/// <param name="Path">Full path.</param>
/// <param name="Rows">Rows (0 for an extra file).</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
/// <param name="Content">The content key of a table's file (see <see cref="ManifestFile.Content"/>), or null.</param>
/// <param name="CarriedOver">True when the file was carried over from the previous publish, not written.</param>
public sealed record DatasetFile(string? Table, string? Partition, string RelativePath, string Path, long Rows, long Bytes, string Sha256,
    string? Content = null, bool CarriedOver = false);

/// <summary>A finished publish.</summary>
/// <param name="RunFolder">Full path of <c>&lt;out&gt;/runs/&lt;run-id&gt;-&lt;timestamp&gt;</c>.</param>
/// <param name="ManifestPath">Full path of its <c>_manifest.json</c>.</param>
/// <param name="PointerPath">Full path of <c>&lt;out&gt;/latest.json</c>, which now names this run folder.</param>
/// <param name="Manifest">The manifest as written.</param>
/// <param name="Files">Every file of the publish except the manifest, in the order written.</param>
/// <param name="DeletedRunFolders">Older run folders removed afterwards (keep-last-N).</param>
public sealed record DatasetPublish(
    string RunFolder,
    string ManifestPath,
    string PointerPath,
    DatasetManifest Manifest,
    IReadOnlyList<DatasetFile> Files,
    IReadOnlyList<string> DeletedRunFolders);

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

    /// <summary>Mart tables, partitioned Hive-style by the as-of date of their rows (the column
    /// <see cref="MartAsOfColumn"/>): <c>&lt;table&gt;/as_of_date=yyyy-MM-dd/part-0.parquet</c>, one
    /// partition per snapshot the warehouse keeps, so a new snapshot adds a file.</summary>
    public IReadOnlyList<string> Marts { get; init; } = [];

    /// <summary>The column every mart must have that holds the as-of date of its rows.</summary>
    public string MartAsOfColumn { get; init; } = "as_of_date";

    /// <summary>The name of the marts' partition column in the paths. By default the as-of column
    /// itself, which the files hold too: a reader with Hive partitioning and one without both get one
    /// <c>as_of_date</c> column (manifest format 3; format 2 named the folders <c>as_of=</c>).</summary>
    public string MartPartitionColumn { get; init; } = "as_of_date";

    /// <summary>
    /// Optional: the warehouse's identity, recorded in the manifest. With <see cref="ChangedSince"/>,
    /// the next publish of the same warehouse into the same folder hashes only the partitions the
    /// warehouse says changed since this publish's run.
    /// </summary>
    public string? WarehouseId { get; init; }

    /// <summary>
    /// Optional: the warehouse's own record of what its runs changed (see <see cref="ChangedDays"/>).
    /// Used only when the previous publish in the output folder has the same
    /// <see cref="WarehouseId"/> and a run id not above <see cref="RunId"/>; a partition it does not
    /// name is carried over without hashing its rows when the previous publish has it with the same
    /// columns, writer settings and row count. Null: every partition is hashed.
    /// </summary>
    public ChangedDays? ChangedSince { get; init; }

    /// <summary>
    /// Optional: writes other files (e.g. the finance workbook) into the run folder, given as the
    /// argument, before the manifest; returns their full paths, which must be inside the run folder.
    /// They are listed in the manifest (size and SHA-256, no table) and uploaded with the dataset.
    /// </summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<string>>>? WriteExtraFilesAsync { get; init; }
}

/// <summary>
/// The days (values of <paramref name="table"/>'s partition source column: a fact's order date, a
/// mart's as-of date) whose rows runs after <paramref name="sinceRunId"/> deleted, wrote or
/// changed, as the warehouse recorded them in those runs' transactions; null when the warehouse
/// does not know (then every partition of the table is hashed).
/// </summary>
public delegate Task<IReadOnlyCollection<DateOnly>?> ChangedDays(string table, long sinceRunId, CancellationToken ct);

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
/// <param name="Partition">Its partition value (<c>yyyy-MM</c> for a fact's month,
/// <c>yyyy-MM-dd</c> for a mart's as-of date), or null.</param>
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

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warehouse.Reports;

/// <summary>
/// <c>_manifest.json</c>, the last file of a Parquet dataset publish: it lists every file of the
/// run folder with its row count, size and SHA-256, and every table with its schema. A reader that
/// sees a manifest sees a complete publish. Serialized as snake_case JSON (see
/// <see cref="ManifestJson"/>); paths are relative to the run folder and use <c>/</c>.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>The value of <see cref="Format"/> this version writes.</summary>
    /// <remarks>Format 3 names a mart's partition folders by its as-of column, which the files hold
    /// too (<c>mart_x/as_of_date=yyyy-MM-dd/</c>), so Hive readers see one as_of_date column; format 2
    /// named them <c>as_of=yyyy-MM-dd</c>, a second copy of the date under another name; format 1 wrote
    /// each mart as one file.</remarks>
    public const string CurrentFormat = "warehouse-parquet-dataset/3";

    /// <summary>Formats a reader of this version understands.</summary>
    public static IReadOnlyList<string> KnownFormats { get; } = ["warehouse-parquet-dataset/1", "warehouse-parquet-dataset/2", CurrentFormat];

    /// <summary>The manifest's own file name in the run folder.</summary>
    public const string FileName = "_manifest.json";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>The warehouse run (<c>etl_run.run_id</c>) the data comes from.</summary>
    public required long RunId { get; init; }

    /// <summary>The as-of date of the run's marts.</summary>
    public required DateOnly AsOfDate { get; init; }

    /// <summary>The version of the software that published.</summary>
    public required string SoftwareVersion { get; init; }

    /// <summary>The run folder's name (under <c>runs/</c>).</summary>
    public required string RunFolder { get; init; }

    /// <summary>When the manifest was written (UTC).</summary>
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>The Parquet library that wrote the files, e.g. <c>Parquet.Net 6.1.0</c>.</summary>
    public string? ParquetWriter { get; init; }

    /// <summary>The identity of the warehouse published (<c>etl_warehouse</c>), or null.</summary>
    public string? WarehouseId { get; init; }

    public required IReadOnlyList<ManifestTable> Tables { get; init; }

    /// <summary>Every file of the publish except the manifest itself.</summary>
    public required IReadOnlyList<ManifestFile> Files { get; init; }
}

/// <summary>One published table.</summary>
/// <param name="Name">The warehouse table (snake_case, as in the warehouse).</param>
/// <param name="Kind"><c>dimension</c>, <c>fact</c> or <c>mart</c>.</param>
/// <param name="Path">Its folder, relative to the run folder, e.g. <c>fact_order_line/</c>.</param>
/// <param name="Layout"><c>single</c> (one file, <c>&lt;table&gt;/&lt;table&gt;.parquet</c>) or
/// <c>hive</c> (<c>&lt;table&gt;/&lt;partition_column&gt;=&lt;value&gt;/part-0.parquet</c>: a fact's
/// month, <c>yyyy-MM</c>, or a mart's as-of date, <c>yyyy-MM-dd</c>).</param>
/// <param name="PartitionColumn">For <c>hive</c>: the key in the paths. A fact's <c>order_month</c> is only
/// in the paths; a mart's is its as-of column, <c>as_of_date</c>, also in the files (format 3; format 2
/// wrote <c>as_of</c>, only in the paths).</param>
/// <param name="PartitionSource">For <c>hive</c>: the column of the files it derives from, e.g. <c>order_date</c>, <c>as_of_date</c>.</param>
/// <param name="AsOfColumn">For a mart: the column holding the as-of date of each row.</param>
/// <param name="Rows">Rows in all its files.</param>
/// <param name="Columns">The columns of its files, in file order (a partition column only in the paths is not one of them).</param>
public sealed record ManifestTable(
    string Name,
    string Kind,
    string Path,
    string Layout,
    string? PartitionColumn,
    string? PartitionSource,
    string? AsOfColumn,
    long Rows,
    IReadOnlyList<ManifestColumn> Columns);

/// <summary>One column as stored in Parquet.</summary>
/// <param name="Name">Column name (snake_case, as in the warehouse).</param>
/// <param name="PhysicalType">BOOLEAN, INT32, INT64, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, …</param>
/// <param name="LogicalType">STRING, DATE, TIMESTAMP(MICROS,utc=false), DECIMAL(18,4), INT(16,signed), … or null.</param>
/// <param name="Nullable">False only for a REQUIRED column.</param>
public sealed record ManifestColumn(string Name, string PhysicalType, string? LogicalType, bool Nullable);

/// <summary>One file of the publish.</summary>
/// <param name="Path">Relative to the run folder, with <c>/</c>.</param>
/// <param name="Table">The table it belongs to, or null for another file (e.g. a workbook).</param>
/// <param name="Partition">For a partitioned table, the partition value, e.g. <c>2025-03</c> (a
/// month) or <c>2025-03-31</c> (an as-of date).</param>
/// <param name="Rows">Rows in a Parquet file; null for another file.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
/// <param name="Content">For a table's file: a key of what it holds (columns and types, writer and
/// settings, software version, row count, a hash sum over every row), computed in the warehouse.
/// The next publish carries a file whose key is unchanged over instead of writing it again. Null
/// for other files and where the engine cannot hash rows.</param>
public sealed record ManifestFile(string Path, string? Table, string? Partition, long? Rows, long Bytes, string Sha256, string? Content = null);

/// <summary>
/// <c>latest.json</c> in the output folder: which run folder is the current publish. Replaced
/// atomically (written as a temp file, then renamed) after the run's manifest is in place.
/// </summary>
/// <param name="RunFolder">Relative to the output folder, with <c>/</c>: <c>runs/&lt;run-id&gt;-&lt;timestamp&gt;</c>.</param>
/// <param name="Manifest">Relative to the output folder: <c>runs/…/_manifest.json</c>.</param>
public sealed record DatasetPointer(string RunFolder, string Manifest, long RunId, DateOnly AsOfDate, DateTimeOffset PublishedAt)
{
    /// <summary>The pointer's file name in the output folder.</summary>
    public const string FileName = "latest.json";

    /// <summary>Reads <c>&lt;outputFolder&gt;/latest.json</c>; null when there is none.</summary>
    public static async Task<DatasetPointer?> ReadAsync(string outputFolder, CancellationToken ct = default)
    {
        string path = System.IO.Path.Combine(outputFolder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<DatasetPointer>(stream, ManifestJson.Options, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The full path of the run folder this pointer names, under <paramref name="outputFolder"/>.</summary>
    public string ResolveRunFolder(string outputFolder) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(outputFolder, RunFolder));
}

/// <summary>JSON settings of the manifest and the pointer: snake_case, indented, dates as yyyy-MM-dd.</summary>
public static class ManifestJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Reads a manifest file.</summary>
    public static async Task<DatasetManifest> ReadManifestAsync(string path, CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, Options, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>
    /// Writes <paramref name="value"/> as JSON to <paramref name="path"/> atomically: a temp file in
    /// the same folder, flushed to disk, then renamed over the target.
    /// </summary>
    internal static async Task WriteAtomicAsync<T>(string path, T value, CancellationToken ct)
    {
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14, useAsync: true))
            {
                await JsonSerializer.SerializeAsync(stream, value, Options, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            AtomicFile.Discard(temp);
            throw;
        }
    }
}

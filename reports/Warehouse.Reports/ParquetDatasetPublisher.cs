using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parquet;

namespace Warehouse.Reports;

/// <summary>
/// Publishes the warehouse as a Parquet dataset for BI tools, all or nothing for readers:
/// <code>
/// &lt;out&gt;/runs/&lt;run-id&gt;-&lt;yyyyMMddTHHmmssfffZ&gt;/
///     dim_customer/dim_customer.parquet                  one file per dimension (and unpartitioned fact)
///     fact_order_line/order_month=2025-03/part-0.parquet  partitioned facts, Hive-style, by month
///     mart_pyramid/as_of_date=2025-03-31/part-0.parquet  partitioned marts, Hive-style, by their as_of_date column
///     _manifest.json                                      written last: files, rows, bytes, SHA-256, schemas
/// &lt;out&gt;/latest.json                                      names the run folder; replaced atomically after the manifest
/// &lt;out&gt;/latest -&gt; runs/…                                  a symlink as well, where the OS has them
/// </code>
/// Every file is streamed (one row group in memory; one query per partition of a partitioned table)
/// with <see cref="ParquetPublisher"/>'s types: DATE, DECIMAL(p,s), TIMESTAMP as INT64 microseconds,
/// UTF-8 strings, no delta encoding. A publish that fails or is cancelled leaves
/// <c>latest.json</c> and the run folders it names untouched (its own folder is removed, or, after a
/// crash, by the next publish). After the switch, only the newest <paramref name="keep"/> complete
/// run folders are kept.
/// </summary>
/// <param name="options">The Parquet writer's settings (row-group size, compression).</param>
/// <param name="keep">How many complete publishes to keep, at least 1 (the new one included).</param>
/// <param name="logger">Optional.</param>
public sealed class ParquetDatasetPublisher(ParquetPublisherOptions options, int keep = 7, ILogger? logger = null)
{
    /// <summary>The default number of publishes kept.</summary>
    public const int DefaultKeep = 7;

    private readonly ParquetPublisher _parquet = new(options ?? throw new ArgumentNullException(nameof(options)));
    private readonly int _keep = keep >= 1 ? keep : throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep must be at least 1.");
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>How many complete publishes are kept.</summary>
    public int Keep => _keep;

    /// <summary>Called after each file is complete (for progress; tests use it to fail a publish midway).</summary>
    public Action<DatasetFile>? FileWritten { get; init; }

    /// <summary>The clock that names run folders and stamps manifests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Writes a new run folder under <c>&lt;outputFolder&gt;/runs/</c>, its manifest last, then
    /// switches <c>latest.json</c> to it and deletes publishes beyond the newest <see cref="Keep"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A table or column name is not a plain identifier, a
    /// table is listed twice, or the request is otherwise invalid (checked before anything is written).</exception>
    public async Task<DatasetPublish> PublishAsync(
        DbConnection warehouse, DatasetRequest request, string outputFolder, CancellationToken ct = default)
    {
        WarehouseSql.RequireOpen(warehouse);
        Validate(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        ct.ThrowIfCancellationRequested();

        string output = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(output);
        var started = Time.GetUtcNow();
        string runFolder = ParquetDatasetRunFolders.CreateRunFolder(output, request.RunId, started);
        string runName = Path.GetFileName(runFolder);
        _logger.LogInformation("Publishing the Parquet dataset of run {RunId} into {RunFolder}", request.RunId, runFolder);

        DatasetManifest manifest;
        var files = new List<DatasetFile>();
        var previous = await PreviousPublish.LoadAsync(output, _logger, ct).ConfigureAwait(false);
        var publish = new PublishContext(runFolder, files, previous, request);
        string manifestPath = Path.Combine(runFolder, DatasetManifest.FileName);
        try
        {
            var tables = new List<ManifestTable>();
            foreach (string table in request.Dimensions)
            {
                tables.Add(await PublishWholeAsync(warehouse, table, "dimension", publish, ct).ConfigureAwait(false));
            }
            foreach (string table in request.Facts)
            {
                tables.Add(await PublishWholeAsync(warehouse, table, "fact", publish, ct).ConfigureAwait(false));
            }
            foreach (var partitioned in request.PartitionedFacts)
            {
                var spec = new PartitionSpec(partitioned.Table, "fact", partitioned.DateColumn, partitioned.PartitionColumnName, ByDay: false);
                tables.Add(await PublishPartitionedAsync(warehouse, spec, publish, ct).ConfigureAwait(false));
            }
            foreach (string table in request.Marts)
            {
                var spec = new PartitionSpec(table, "mart", request.MartAsOfColumn, request.MartPartitionColumn, ByDay: true);
                tables.Add(await PublishPartitionedAsync(warehouse, spec, publish, ct).ConfigureAwait(false));
            }
            if (request.WriteExtraFilesAsync is { } writeExtra)
            {
                foreach (string path in await writeExtra(runFolder, ct).ConfigureAwait(false))
                {
                    await AddFileAsync(publish, Path.GetFullPath(path), table: null, partition: null, rows: 0, content: null, ct).ConfigureAwait(false);
                }
            }

            ct.ThrowIfCancellationRequested();
            manifest = new DatasetManifest
            {
                RunId = request.RunId,
                AsOfDate = request.AsOfDate,
                SoftwareVersion = request.SoftwareVersion,
                RunFolder = runName,
                PublishedAt = Time.GetUtcNow(),
                ParquetWriter = "Parquet.Net " + ParquetLibraryVersion(),
                WarehouseId = request.WarehouseId,
                Tables = tables,
                Files = files.Select(f => new ManifestFile(
                    f.RelativePath, f.Table, f.Partition, f.Table is null ? null : f.Rows, f.Bytes, f.Sha256, f.Content)).ToList(),
            };
            // The manifest is the publish's commit record: written last, atomically.
            await ManifestJson.WriteAtomicAsync(manifestPath, manifest, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning("Publish into {RunFolder} failed ({Error}); latest.json is unchanged", runFolder, e.Message);
            TryDeleteFolder(runFolder);
            throw;
        }

        var pointer = new DatasetPointer(
            ParquetDatasetRunFolders.RunsFolderName + "/" + runName,
            ParquetDatasetRunFolders.RunsFolderName + "/" + runName + "/" + DatasetManifest.FileName,
            request.RunId, request.AsOfDate, manifest.PublishedAt);
        // Not cancellable from here on: the run folder is complete, so finish the switch.
        await ParquetDatasetRunFolders.SwitchLatestAsync(output, pointer, _logger, CancellationToken.None).ConfigureAwait(false);
        var deleted = ParquetDatasetRunFolders.Prune(output, runFolder, _keep, _logger);

        _logger.LogInformation(
            "Published run {RunId}: {Files:N0} files ({Carried:N0} unchanged, carried over from the previous publish; {Written:N0} written), {Rows:N0} rows, {Bytes:N0} bytes, to {Folder}; latest.json -> {RunFolder}",
            request.RunId, files.Count, files.Count(f => f.CarriedOver), files.Count(f => !f.CarriedOver), files.Sum(f => f.Rows), files.Sum(f => f.Bytes), runFolder, pointer.RunFolder);
        return new DatasetPublish(runFolder, manifestPath, Path.Combine(output, DatasetPointer.FileName), manifest, files, deleted);
    }

    /// <summary>Where a publish writes, what it has written so far, what it can carry over, and for what request.</summary>
    private sealed record PublishContext(string RunFolder, List<DatasetFile> Files, PreviousPublish? Previous, DatasetRequest Request)
    {
        public string SoftwareVersion => Request.SoftwareVersion;
    }

    /// <summary>A table published Hive-style: by month (facts) or by day (marts, by as-of date) of <paramref name="DateColumn"/>.</summary>
    private sealed record PartitionSpec(string Table, string Kind, string DateColumn, string PartitionColumn, bool ByDay)
    {
        /// <summary>The first day of the partition holding <paramref name="day"/>.</summary>
        public DateOnly Start(DateOnly day) => ByDay ? day : new DateOnly(day.Year, day.Month, 1);

        /// <summary>The first day after the partition starting at <paramref name="start"/>.</summary>
        public DateOnly End(DateOnly start) => ByDay ? start.AddDays(1) : start.AddMonths(1);

        /// <summary>The partition value in the paths and the manifest.</summary>
        public string Value(DateOnly? start) => start is { } d
            ? d.ToString(ByDay ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture)
            : HiveNullPartition;

        public string RelativePath(DateOnly? start) => Table + "/" + PartitionColumn + "=" + Value(start) + "/part-0.parquet";
    }

    /// <summary>One partition to publish: its first day (null: the NULL dates), rows and content key.</summary>
    private sealed record Partition(DateOnly? Start, long Rows, string? Content);

    private async Task<ManifestTable> PublishWholeAsync(
        DbConnection warehouse, string table, string kind, PublishContext publish, CancellationToken ct)
    {
        string path = Path.Combine(publish.RunFolder, table, table + ".parquet");
        string? schemaKey = await TableContent.SchemaKeyAsync(warehouse, table, publish.SoftwareVersion, _parquet.Options, ct).ConfigureAwait(false);
        string? content = await TableContent.WholeTableKeyAsync(warehouse, table, schemaKey, ct).ConfigureAwait(false);
        var file = await WriteOrCarryOverAsync(publish, table, null, path, content, expectedRows: null,
            () => _parquet.PublishQueryAsync(warehouse, table, "SELECT * FROM " + WarehouseSql.Quote(table), null, path, ct), ct).ConfigureAwait(false);

        var columns = await ReadColumnsAsync(file.Path, ct).ConfigureAwait(false);
        return new ManifestTable(table, kind, table + "/", "single", null, null, null, file.Rows, columns);
    }

    /// <summary>
    /// Carries the previous publish's file for this path over when its content key is
    /// <paramref name="content"/>; otherwise writes it with <paramref name="write"/>. Adds it to the files.
    /// </summary>
    private async Task<DatasetFile> WriteOrCarryOverAsync(
        PublishContext publish, string table, string? partition, string path, string? content, long? expectedRows,
        Func<Task<PublishedFile>> write, CancellationToken ct)
    {
        string relative = Path.GetRelativePath(publish.RunFolder, path).Replace(Path.DirectorySeparatorChar, '/');
        if (publish.Previous?.TryCarryOver(relative, content, path) is { } old)
        {
            return AddFile(publish, new DatasetFile(table, partition, relative, path, old.Rows ?? 0, old.Bytes, old.Sha256, content, CarriedOver: true));
        }
        var written = await write().ConfigureAwait(false);
        if (expectedRows is { } expected && written.Rows != expected)
        {
            throw new InvalidDataException(
                $"{table} {partition}: wrote {written.Rows} rows, the partition holds {expected}; did the table change while publishing?");
        }
        return await AddFileAsync(publish, written.Path, table, partition, written.Rows, content, ct).ConfigureAwait(false);
    }

    private async Task<ManifestTable> PublishPartitionedAsync(
        DbConnection warehouse, PartitionSpec spec, PublishContext publish, CancellationToken ct)
    {
        string table = spec.Table, column = spec.DateColumn, partitionColumn = spec.PartitionColumn;
        var names = await WarehouseSql.ColumnNamesAsync(warehouse, table, ct).ConfigureAwait(false);
        if (!names.Contains(column))
        {
            throw new InvalidDataException(spec.Kind == "mart" ? $"Mart {table} has no column {column}." : $"{table} has no column {column}.");
        }
        // A mart's folders are named by its as-of column itself (as_of_date=2025-03-31): the value in
        // the path is the value of the column on every row of the file, so a reader with Hive
        // partitioning (DuckDB takes the path's value for a key that is also a column) and a reader
        // without both see one as_of_date. Any other column of that name would be shadowed.
        if (names.Contains(partitionColumn) && !(spec.ByDay && partitionColumn == column))
        {
            throw new InvalidDataException($"{table} has a column {partitionColumn}, which is the partition column's name in the paths.");
        }
        string? schemaKey = await TableContent.SchemaKeyAsync(warehouse, table, publish.SoftwareVersion, _parquet.Options, ct).ConfigureAwait(false);
        var (partitions, hashed) = await PartitionsAsync(warehouse, spec, schemaKey, publish, ct).ConfigureAwait(false);

        string quotedTable = WarehouseSql.Quote(table), quotedColumn = WarehouseSql.Quote(column);
        string from = WarehouseSql.Parameter(warehouse, "from"), to = WarehouseSql.Parameter(warehouse, "to");
        string rangeSql = $"SELECT * FROM {quotedTable} WHERE {quotedColumn} >= {from} AND {quotedColumn} < {to}";
        string nullSql = $"SELECT * FROM {quotedTable} WHERE {quotedColumn} IS NULL";

        long rows = 0;
        int carried = 0;
        string? firstFile = null;
        foreach (var (start, expected, content) in partitions)
        {
            string partition = spec.Value(start);
            string path = Path.Combine(publish.RunFolder, table, partitionColumn + "=" + partition, "part-0.parquet");
            var file = await WriteOrCarryOverAsync(publish, table, partition, path, content, expected,
                () => start is { } first
                    ? _parquet.PublishQueryAsync(warehouse, table, rangeSql,
                        new Dictionary<string, object?> { ["from"] = first, ["to"] = spec.End(first) }, path, expected, ct)
                    : _parquet.PublishQueryAsync(warehouse, table, nullSql, null, path, expected, ct), ct).ConfigureAwait(false);
            rows += file.Rows;
            carried += file.CarriedOver ? 1 : 0;
            firstFile ??= file.Path;
        }

        IReadOnlyList<ManifestColumn> columns;
        if (firstFile is not null)
        {
            columns = await ReadColumnsAsync(firstFile, ct).ConfigureAwait(false);
        }
        else
        {
            // An empty table has no partitions; its schema still goes into the manifest.
            string probe = Path.Combine(publish.RunFolder, "." + table + ".schema.parquet");
            try
            {
                await _parquet.PublishQueryAsync(warehouse, table, $"SELECT * FROM {quotedTable} WHERE 1 = 0", null, probe, ct)
                    .ConfigureAwait(false);
                columns = await ReadColumnsAsync(probe, ct).ConfigureAwait(false);
            }
            finally
            {
                AtomicFile.Discard(probe);
            }
            Directory.CreateDirectory(Path.Combine(publish.RunFolder, table));
        }
        _logger.LogInformation(
            "Published {Table}: {Rows:N0} {RowsWord} in {Partitions:N0} {PartitionsWord} by {PartitionColumn} ({Carried:N0} unchanged, carried over; {Written:N0} written; {Hashed:N0} read to compare)",
            table, rows, rows == 1 ? "row" : "rows", partitions.Count, partitions.Count == 1 ? "partition" : "partitions", partitionColumn,
            carried, partitions.Count - carried, hashed);
        return new ManifestTable(table, spec.Kind, table + "/", "hive", partitionColumn, column,
            spec.Kind == "mart" ? column : null, rows, columns);
    }

    /// <summary>The Hive convention for the partition of rows whose partition value is NULL.</summary>
    internal const string HiveNullPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>
    /// The partitions of a table in order (the NULL dates last), with rows and content keys, and how
    /// many partitions had their rows hashed. Without a usable record of what changed, one GROUP BY
    /// over the day gives rows and row-hash sums of every partition. With one (the previous publish
    /// is of the same warehouse and <see cref="DatasetRequest.ChangedSince"/> knows the days changed
    /// since its run), the rows per day are counted (reading the date column only) and only the
    /// partitions changed, new, or not matching the previous publish's columns, settings and row
    /// count are hashed, in one more GROUP BY over just those partitions; the others keep the previous key.
    /// </summary>
    private static async Task<(List<Partition> Partitions, int Hashed)> PartitionsAsync(
        DbConnection warehouse, PartitionSpec spec, string? schemaKey, PublishContext publish, CancellationToken ct)
    {
        var changed = await ChangedStartsAsync(spec, schemaKey, publish, ct).ConfigureAwait(false);
        var byDay = await TableContent.RowsByDayAsync(warehouse, spec.Table, spec.DateColumn, hashes: changed is null, only: null, nulls: true, ct)
            .ConfigureAwait(false);
        var partitions = Group(spec, byDay);
        if (changed is null)
        {
            return (partitions.Select(p => new Partition(p.Start, p.Rows, TableContent.Key(schemaKey, p.Rows, p.HashSum))).ToList(),
                schemaKey is null ? 0 : partitions.Count);
        }

        // Dictionary keys cannot be null: the NULL dates' partition is keyed by DateOnly.MaxValue.
        static DateOnly Key(DateOnly? start) => start ?? DateOnly.MaxValue;
        var keys = new Dictionary<DateOnly, string?>();
        var toHash = new List<DateOnly?>();
        foreach (var p in partitions)
        {
            string? previous = publish.Previous!.ContentOf(spec.RelativePath(p.Start));
            if (p.Start is { } start && !changed.Contains(start) && TableContent.HasSchemaAndRows(previous, schemaKey, p.Rows))
            {
                keys[Key(p.Start)] = previous;
            }
            else
            {
                toHash.Add(p.Start);
            }
        }
        if (toHash.Count > 0)
        {
            // One more pass, over just those partitions (a late return in an old month and the
            // day's new orders are two ranges, not the years between them).
            var ranges = toHash.OfType<DateOnly>().Select(start => (start, spec.End(start))).ToList();
            var rehashed = Group(spec, await TableContent.RowsByDayAsync(
                    warehouse, spec.Table, spec.DateColumn, hashes: true, ranges, nulls: toHash.Contains(null), ct)
                .ConfigureAwait(false)).ToDictionary(p => Key(p.Start));
            foreach (var start in toHash)
            {
                // A partition emptied between the two queries gets no key: it is written (and its row check fails).
                keys[Key(start)] = rehashed.TryGetValue(Key(start), out var h)
                    ? TableContent.Key(schemaKey, h.Rows, h.HashSum)
                    : null;
            }
        }
        return (partitions.Select(p => new Partition(p.Start, p.Rows, keys[Key(p.Start)])).ToList(), toHash.Count);
    }

    /// <summary>
    /// The partitions (their first days) whose rows may have changed since the previous publish, as
    /// the warehouse recorded it; null when that cannot be used: no previous publish, another
    /// warehouse or a later run published there, no record of changes, or no row hash on this engine.
    /// </summary>
    private static async Task<HashSet<DateOnly>?> ChangedStartsAsync(
        PartitionSpec spec, string? schemaKey, PublishContext publish, CancellationToken ct)
    {
        var request = publish.Request;
        if (schemaKey is null || publish.Previous is not { } previous || request.ChangedSince is not { } changedSince
            || request.WarehouseId is null || previous.WarehouseId != request.WarehouseId || previous.RunId > request.RunId)
        {
            return null;
        }
        var days = await changedSince(spec.Table, previous.RunId, ct).ConfigureAwait(false);
        return days?.Select(spec.Start).ToHashSet();
    }

    /// <summary>Rows (and row-hash sums) per day grouped into partitions, in order, the NULL dates last.</summary>
    private static List<(DateOnly? Start, long Rows, BigInteger? HashSum)> Group(
        PartitionSpec spec, List<(DateOnly? Day, long Rows, BigInteger? HashSum)> byDay)
    {
        var partitions = new SortedDictionary<DateOnly, (long Rows, BigInteger? HashSum)>();
        (long Rows, BigInteger? HashSum) nulls = (0, null);
        foreach (var (day, n, hashSum) in byDay)
        {
            if (day is not { } date)
            {
                nulls = (nulls.Rows + n, Add(nulls.HashSum, hashSum));
                continue;
            }
            var start = spec.Start(date);
            var sofar = partitions.GetValueOrDefault(start);
            partitions[start] = (sofar.Rows + n, Add(sofar.HashSum, hashSum));
        }
        var result = partitions.Select(m => ((DateOnly?)m.Key, m.Value.Rows, m.Value.HashSum)).ToList();
        if (nulls.Rows > 0)
        {
            result.Add((null, nulls.Rows, nulls.HashSum));
        }
        return result;

        static BigInteger? Add(BigInteger? a, BigInteger? b) => a is null ? b : b is null ? a : a + b;
    }

    private async Task<DatasetFile> AddFileAsync(
        PublishContext publish, string path, string? table, string? partition, long rows, string? content, CancellationToken ct)
    {
        string relative = Path.GetRelativePath(publish.RunFolder, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || !File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is not a file inside the run folder {publish.RunFolder}.");
        }
        relative = relative.Replace(Path.DirectorySeparatorChar, '/');
        string sha = await ManifestVerifier.Sha256Async(path, ct).ConfigureAwait(false);
        return AddFile(publish, new DatasetFile(table, partition, relative, path, rows, new FileInfo(path).Length, sha, content));
    }

    private DatasetFile AddFile(PublishContext publish, DatasetFile file)
    {
        if (file.RelativePath == DatasetManifest.FileName || publish.Files.Any(f => f.RelativePath == file.RelativePath))
        {
            throw new InvalidOperationException($"{file.RelativePath} is written twice.");
        }
        publish.Files.Add(file);
        FileWritten?.Invoke(file);
        return file;
    }

    /// <summary>The columns as the file's footer declares them.</summary>
    internal static async Task<IReadOnlyList<ManifestColumn>> ReadColumnsAsync(string path, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(path, null, ct).ConfigureAwait(false);
        var schema = reader.Metadata?.Schema ?? throw new InvalidDataException($"{path} has no footer schema.");
        return schema.Skip(1).Select(e => new ManifestColumn(
            e.Name,
            e.Type?.ToString() ?? "GROUP",
            LogicalTypeName(e),
            e.RepetitionType != Parquet.Meta.FieldRepetitionType.REQUIRED)).ToList();
    }

    private static string? LogicalTypeName(Parquet.Meta.SchemaElement e)
    {
        var logical = e.LogicalType;
        if (logical is null)
        {
            return null;
        }
        if (logical.STRING is not null) return "STRING";
        if (logical.DATE is not null) return "DATE";
        if (logical.DECIMAL is { } d) return $"DECIMAL({d.Precision},{d.Scale})";
        if (logical.TIMESTAMP is { } t)
        {
            string unit = t.Unit?.MICROS is not null ? "MICROS" : t.Unit?.MILLIS is not null ? "MILLIS" : "NANOS";
            return $"TIMESTAMP({unit},utc={(t.IsAdjustedToUTC ? "true" : "false")})";
        }
        if (logical.INTEGER is { } i) return $"INT({i.BitWidth},{(i.IsSigned ? "signed" : "unsigned")})";
        if (logical.UUID is not null) return "UUID";
        if (logical.JSON is not null) return "JSON";
        return "OTHER";
    }

    /// <summary>The package version (the informational version without its +commit suffix).</summary>
    private static string ParquetLibraryVersion()
    {
        var assembly = typeof(ParquetWriter).Assembly;
        string? informational = System.Reflection.CustomAttributeExtensions
            .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "unknown";
    }

    private void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not remove the failed publish {RunFolder}: {Error}", folder, e.Message);
        }
    }

    private static void Validate(DatasetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RunId < 0)
        {
            throw new ArgumentException($"RunId must be at least 0, not {request.RunId}.", nameof(request));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SoftwareVersion);
        ArgumentNullException.ThrowIfNull(request.Dimensions);
        ArgumentNullException.ThrowIfNull(request.Facts);
        ArgumentNullException.ThrowIfNull(request.PartitionedFacts);
        ArgumentNullException.ThrowIfNull(request.Marts);
        WarehouseSql.RequireIdentifier(request.MartAsOfColumn, nameof(request));
        WarehouseSql.RequireIdentifier(request.MartPartitionColumn, nameof(request));

        var names = new List<string>();
        foreach (string table in request.Dimensions.Concat(request.Facts).Concat(request.Marts))
        {
            names.Add(WarehouseSql.RequireIdentifier(table, nameof(request)));
        }
        foreach (var p in request.PartitionedFacts)
        {
            ArgumentNullException.ThrowIfNull(p);
            names.Add(WarehouseSql.RequireIdentifier(p.Table, nameof(request)));
            WarehouseSql.RequireIdentifier(p.DateColumn, nameof(request));
            WarehouseSql.RequireIdentifier(p.PartitionColumnName, nameof(request));
        }
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Table '{duplicate.Key}' is listed more than once.", nameof(request));
        }
        if (names.Count == 0)
        {
            throw new ArgumentException("The request names no table.", nameof(request));
        }
    }
}

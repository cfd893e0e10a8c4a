using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parquet;
using Parquet.Schema;

namespace Warehouse.Reports;

/// <summary>One file written by a publisher.</summary>
/// <param name="Table">The warehouse table it was read from.</param>
/// <param name="Path">Full path of the finished file.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Bytes">Size of the file in bytes.</param>
public sealed record PublishedFile(string Table, string Path, long Rows, long Bytes);

/// <summary>Settings of <see cref="ParquetPublisher"/>.</summary>
public sealed record ParquetPublisherOptions
{
    /// <summary>The default number of rows per row group.</summary>
    public const int DefaultRowGroupSize = 100_000;

    /// <summary>Rows per row group; also the most rows held in memory at once.</summary>
    public int RowGroupSize { get; init; } = DefaultRowGroupSize;

    /// <summary>
    /// Store every DECIMAL as FIXED_LEN_BYTE_ARRAY (the form every Parquet reader understands,
    /// including Hive and Impala) rather than INT32/INT64 for small precisions. On by default.
    /// </summary>
    public bool DecimalsAsFixedLengthByteArray { get; init; } = true;

    /// <summary>Compression of the data pages; Snappy is read by every BI tool.</summary>
    public CompressionMethod Compression { get; init; } = CompressionMethod.Snappy;
}

/// <summary>
/// Publishes warehouse tables as Parquet files for BI tools (Power BI, Synapse, Spark, DuckDB):
/// one <c>&lt;table&gt;.parquet</c> per table, streamed row group by row group from
/// <c>SELECT * FROM &lt;table&gt;</c>, with DATE, INT64-microsecond TIMESTAMP and
/// DECIMAL(p,s) logical types, plain (never delta-binary-packed) integers and no INT96.
/// </summary>
public sealed class ParquetPublisher
{
    private readonly ParquetPublisherOptions _options;
    private readonly ILogger _logger;

    public ParquetPublisher(ParquetPublisherOptions? options = null, ILogger<ParquetPublisher>? logger = null)
    {
        _options = options ?? new ParquetPublisherOptions();
        if (_options.RowGroupSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.RowGroupSize, "RowGroupSize must be at least 1.");
        }
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public ParquetPublisherOptions Options => _options;

    /// <summary>
    /// Writes <c>&lt;outputFolder&gt;/&lt;table&gt;.parquet</c> for each table, reading through the
    /// open <paramref name="warehouse"/> connection. Each file is written as <c>.tmp</c> and renamed
    /// when complete; an existing file of the same name is replaced.
    /// </summary>
    /// <exception cref="ArgumentException">A table name is not a plain [a-z_][a-z0-9_]* identifier
    /// (checked for all tables before anything is written).</exception>
    public async Task<IReadOnlyList<PublishedFile>> PublishAsync(
        DbConnection warehouse, IEnumerable<string> tables, string outputFolder, CancellationToken ct = default)
    {
        WarehouseSql.RequireOpen(warehouse);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);

        var names = tables.Select(t => WarehouseSql.RequireIdentifier(t, nameof(tables))).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Table '{duplicate.Key}' is listed more than once.", nameof(tables));
        }

        Directory.CreateDirectory(outputFolder);
        var published = new List<PublishedFile>(names.Count);
        foreach (string table in names)
        {
            ct.ThrowIfCancellationRequested();
            published.Add(await PublishTableAsync(warehouse, table, outputFolder, ct).ConfigureAwait(false));
        }
        return published;
    }

    private Task<PublishedFile> PublishTableAsync(
        DbConnection warehouse, string table, string outputFolder, CancellationToken ct) =>
        WriteQueryFileAsync(
            warehouse, table, "SELECT * FROM " + WarehouseSql.Quote(table), parameters: null,
            Path.GetFullPath(Path.Combine(outputFolder, table + ".parquet")), ct);

    /// <summary>
    /// Writes the rows of one SELECT over <paramref name="table"/> to the Parquet file
    /// <paramref name="path"/> (its folder is created), streamed row group by row group exactly as
    /// <see cref="PublishAsync"/> writes a whole table: the file is written as <c>.tmp</c>, its
    /// statistics corrected and its footer checked, then renamed into place (an existing file of the
    /// same name is replaced). Use it for a slice of a table, e.g. one month of a fact.
    /// </summary>
    /// <param name="warehouse">An open connection.</param>
    /// <param name="table">The table the SELECT reads: a plain identifier. Its declared DECIMAL
    /// precision and scale (information_schema) are used for the columns of the same name, and it is
    /// the <see cref="PublishedFile.Table"/> of the result.</param>
    /// <param name="selectSql">The query, trusted SQL text. Parameters are written in the provider's
    /// syntax: <c>$name</c> for DuckDB (where <c>@name</c> means something else), <c>@name</c> for
    /// SQL Server; see <see cref="ParameterMarker"/>.</param>
    /// <param name="parameters">Parameter values by name without prefix, or null.</param>
    /// <param name="path">The file to write.</param>
    public Task<PublishedFile> PublishQueryAsync(
        DbConnection warehouse, string table, string selectSql,
        IReadOnlyDictionary<string, object?>? parameters, string path, CancellationToken ct = default) =>
        PublishQueryAsync(warehouse, table, selectSql, parameters, path, expectedRows: null, ct);

    /// <summary>
    /// As the public overload; <paramref name="expectedRows"/>, when known (e.g. a month's count),
    /// sizes the row-group buffers to the rows coming instead of a whole row group, so many small
    /// files do not each allocate <see cref="ParquetPublisherOptions.RowGroupSize"/> slots per column.
    /// More rows than expected are still written (in more row groups).
    /// </summary>
    internal Task<PublishedFile> PublishQueryAsync(
        DbConnection warehouse, string table, string selectSql,
        IReadOnlyDictionary<string, object?>? parameters, string path, long? expectedRows, CancellationToken ct)
    {
        WarehouseSql.RequireOpen(warehouse);
        WarehouseSql.RequireIdentifier(table, nameof(table));
        ArgumentException.ThrowIfNullOrWhiteSpace(selectSql);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ct.ThrowIfCancellationRequested();
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        int rowGroupSize = expectedRows is long n ? (int)Math.Clamp(n, 1, _options.RowGroupSize) : _options.RowGroupSize;
        return WriteQueryFileAsync(warehouse, table, selectSql, parameters, fullPath, ct, rowGroupSize);
    }

    /// <summary>How a named parameter is written in SQL for this connection: <c>$name</c> for
    /// DuckDB, <c>@name</c> otherwise.</summary>
    public static string ParameterMarker(DbConnection warehouse, string name)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        WarehouseSql.RequireIdentifier(name, nameof(name));
        return WarehouseSql.Parameter(warehouse, name);
    }

    private async Task<PublishedFile> WriteQueryFileAsync(
        DbConnection warehouse, string table, string selectSql,
        IReadOnlyDictionary<string, object?>? parameters, string path, CancellationToken ct, int? rowGroupSize = null)
    {
        string tempPath = AtomicFile.TempPathFor(path);
        long rows;
        try
        {
            (rows, var statisticsFixes) = await WriteFileAsync(
                    warehouse, table, selectSql, parameters, tempPath, rowGroupSize ?? _options.RowGroupSize, ct)
                .ConfigureAwait(false);
            // Parquet.Net 6.1 writes TIMESTAMP(MICROS) statistics in milliseconds and orders
            // strings as UTF-16: put the true min/max in, or BI tools prune row groups wrongly.
            ParquetStatisticsPatch.Apply(tempPath, statisticsFixes);
            await VerifyAsync(table, tempPath, rows, statisticsFixes, ct).ConfigureAwait(false);
            AtomicFile.Commit(tempPath, path);
        }
        catch
        {
            AtomicFile.Discard(tempPath);
            throw;
        }

        long bytes = new FileInfo(path).Length;
        _logger.LogInformation("Published {Table}: {Rows} rows, {Bytes} bytes to {Path}", table, rows, bytes, path);
        return new PublishedFile(table, path, rows, bytes);
    }

    /// <summary>Writes the file; returns the rows written and, per row group, the statistics to correct.</summary>
    private async Task<(long Rows, List<Dictionary<string, ParquetStatisticsPatch.StatisticsFix>> StatisticsFixes)> WriteFileAsync(
        DbConnection warehouse, string table, string selectSql, IReadOnlyDictionary<string, object?>? parameters,
        string tempPath, int rowGroupSize, CancellationToken ct)
    {
        var declared = await WarehouseSql.DeclaredNumericColumnsAsync(warehouse, table, ct).ConfigureAwait(false);

        await using var command = warehouse.CreateCommand();
        command.CommandText = selectSql;
        if (command is DuckDB.NET.Data.DuckDBCommand duckDb)
        {
            // Fetch the rows as they are read; DuckDB otherwise materializes the whole result
            // (a million-row mart snapshot) before the first row comes back.
            duckDb.UseStreamingMode = true;
        }
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
        {
            WarehouseSql.AddParameter(command, name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);

        var columns = ColumnDescription.Describe(reader, declared)
            .Select(c => ParquetColumn.Create(c, rowGroupSize, _options))
            .ToArray();
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));

        var parquetOptions = new ParquetOptions { CompressionMethod = _options.Compression };

        await using var stream = new FileStream(
            tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, useAsync: true);
        long total = 0;
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, parquetOptions, append: false, ct)
            .ConfigureAwait(false))
        {
            int filled = 0;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                for (int i = 0; i < columns.Length; i++)
                {
                    columns[i].Read(reader, i, filled);
                }
                filled++;
                if (filled == rowGroupSize)
                {
                    await WriteRowGroupAsync(writer, columns, filled, ct).ConfigureAwait(false);
                    total += filled;
                    filled = 0;
                }
            }
            if (filled > 0)
            {
                await WriteRowGroupAsync(writer, columns, filled, ct).ConfigureAwait(false);
                total += filled;
            }
        }
        await stream.FlushAsync(ct).ConfigureAwait(false);
        return (total, StatisticsFixes(columns));
    }

    private static List<Dictionary<string, ParquetStatisticsPatch.StatisticsFix>> StatisticsFixes(ParquetColumn[] columns)
    {
        var fixable = columns.OfType<IStatisticsFixes>().ToList();
        int rowGroups = fixable.Count == 0 ? 0 : fixable[0].RowGroupFixes.Count;
        var fixes = new List<Dictionary<string, ParquetStatisticsPatch.StatisticsFix>>(rowGroups);
        for (int g = 0; g < rowGroups; g++)
        {
            var group = new Dictionary<string, ParquetStatisticsPatch.StatisticsFix>(StringComparer.Ordinal);
            foreach (var column in fixable)
            {
                if (column.RowGroupFixes[g] is { } fix)
                {
                    group[column.Field.Name] = fix;
                }
            }
            fixes.Add(group);
        }
        return fixes;
    }

    private async Task WriteRowGroupAsync(ParquetWriter writer, ParquetColumn[] columns, int count, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var rowGroup = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            await column.WriteAsync(rowGroup, count, ct).ConfigureAwait(false);
        }
        _logger.LogDebug("Wrote a row group of {Rows} rows", count);
    }

    /// <summary>
    /// Reads the footer back and refuses a file BI tools would misread. Parquet.Net 6 has no
    /// UseDeltaBinaryPackedEncoding switch any more (delta is used only for a column whose
    /// ParquetOptions.ColumnEncodingHints asks for it), so the encodings are checked rather than
    /// trusted, and so are the corrected statistics.
    /// </summary>
    private static async Task VerifyAsync(
        string table, string tempPath, long rows,
        List<Dictionary<string, ParquetStatisticsPatch.StatisticsFix>> statisticsFixes, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(tempPath, null, ct).ConfigureAwait(false);
        var metadata = reader.Metadata
            ?? throw new InvalidDataException($"Parquet file for {table} has no footer metadata.");
        if (metadata.NumRows != rows)
        {
            throw new InvalidDataException($"Parquet file for {table} holds {metadata.NumRows} rows, expected {rows}.");
        }
        if (metadata.Schema.Any(e => e.Type == Parquet.Meta.Type.INT96))
        {
            throw new InvalidDataException($"Parquet file for {table} uses the INT96 type.");
        }
        for (int g = 0; g < metadata.RowGroups.Count; g++)
        {
            foreach (var chunk in metadata.RowGroups[g].Columns)
            {
                var meta = chunk.MetaData
                    ?? throw new InvalidDataException($"Parquet file for {table} has a column chunk without metadata.");
                string column = string.Join('.', meta.PathInSchema);
                if (meta.Encodings.Contains(Parquet.Meta.Encoding.DELTA_BINARY_PACKED))
                {
                    throw new InvalidDataException(
                        $"Parquet file for {table}: column {column} uses DELTA_BINARY_PACKED, which Synapse and Power BI cannot read.");
                }
                if (g < statisticsFixes.Count && statisticsFixes[g].TryGetValue(column, out var fix))
                {
                    var stats = meta.Statistics;
                    if (stats?.MinValue is not { } min || stats.MaxValue is not { } max
                        || !min.AsSpan().SequenceEqual(fix.Min) || !max.AsSpan().SequenceEqual(fix.Max))
                    {
                        throw new InvalidDataException(
                            $"Parquet file for {table}: statistics of column {column} in row group {g} were not corrected.");
                    }
                }
            }
        }
    }
}

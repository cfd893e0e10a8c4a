using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Sources;
using Warehouse.Schema;

namespace Warehouse.Etl.Staging;

/// <summary>What staging one entity did: rows read, rows staged, rows quarantined on the way.</summary>
public sealed record StagedEntity(SourceEntity Entity, long RowsRead, long RowsStaged, long RowsQuarantined)
{
    /// <summary>The highest value of the entity's watermark column among the rows read (null when
    /// it has none or no row was read): saved as the entity's watermark when the run commits.</summary>
    public Watermark? HighestWatermark { get; init; }
}

/// <summary>
/// Streams one source entity into its staging table with the engine's bulk writer (DuckDB Appender,
/// PostgreSQL binary COPY, SqlBulkCopy), converting each value to the staging column's type. A row
/// with a value that cannot be converted goes to etl_quarantine with the reason, never silently
/// away. Nothing is held in memory beyond the current row (and, on an engine that runs one bulk
/// load at a time, the rows quarantined so far, written after the extract).
/// </summary>
public sealed class StagingLoader(DbConnection connection, WarehouseEngine engine, SqlRunner runner)
{
    private static readonly string[] QuarantineColumns = ["run_id", "source_entity", "source_location", "raw_row", "reason_code", "message"];

    /// <summary>Stages one entity: only the rows above <paramref name="filter"/> when one is given;
    /// the highest value of <paramref name="watermarkColumn"/> among the rows read is reported.
    /// Reading and converting (a background thread) overlaps with writing (this thread): rows pass
    /// between them in a few reused batches, in source order.</summary>
    public StagedEntity Load(SourceEntity entity, ISource source, long runId, DbTransaction transaction, CancellationToken ct,
        WatermarkFilter? filter = null, string? watermarkColumn = null)
    {
        var columns = ReadColumns(entity.StagingTable, transaction);
        using var reader = source.OpenEntity(entity.Name, filter);
        var ordinals = MapOrdinals(entity, columns, reader);
        var watermarkOrdinal = watermarkColumn is null ? -1 : WatermarkOrdinal(entity, watermarkColumn, reader);

        using var free = new BlockingCollection<RowBatch>(BatchCount);
        using var full = new BlockingCollection<RowBatch>(BatchCount);
        for (var i = 0; i < BatchCount; i++) free.Add(new RowBatch(BatchRows, columns.Count));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() =>
        {
            try
            {
                return Read(entity, source, runId, reader, columns, ordinals, watermarkOrdinal, free, full, stop.Token);
            }
            finally
            {
                full.CompleteAdding();
            }
        }, CancellationToken.None);

        var held = new List<object?[]>();
        try
        {
            (long Read, long Staged, long Quarantined, Watermark? Highest) counts;
            using (var writer = engine.CreateBulkWriter(connection, transaction, entity.StagingTable, columns.Select(c => c.Name).ToList()))
            using (var quarantine = engine.ConcurrentBulkWriters ? engine.CreateBulkWriter(connection, transaction, "etl_quarantine", QuarantineColumns) : null)
            {
                foreach (var batch in full.GetConsumingEnumerable(CancellationToken.None))
                {
                    for (var i = 0; i < batch.Count; i++) writer.Write(batch.Rows[i]);
                    foreach (var row in batch.Quarantined)
                    {
                        if (quarantine is not null) quarantine.Write(row);
                        else held.Add(row);
                    }
                    batch.Clear();
                    free.Add(batch, CancellationToken.None);
                }
                counts = producer.GetAwaiter().GetResult();   // the reader's own error, if any
                writer.Complete();
                quarantine?.Complete();
            }
            // After the staging writer is disposed: a PostgreSQL COPY holds the connection until then.
            if (held.Count > 0)
            {
                using var later = engine.CreateBulkWriter(connection, transaction, "etl_quarantine", QuarantineColumns);
                foreach (var row in held) later.Write(row);
                later.Complete();
            }
            return new StagedEntity(entity, counts.Read, counts.Staged, counts.Quarantined) { HighestWatermark = counts.Highest };
        }
        finally
        {
            // A writer that failed: stop the reader before it (and its source) is disposed.
            stop.Cancel();
            try { producer.Wait(CancellationToken.None); }
            catch (AggregateException) { }
        }
    }

    private const int BatchRows = 4096, BatchCount = 4;

    /// <summary>Rows converted for the staging table, and the rows quarantined among them.</summary>
    private sealed class RowBatch(int rows, int width)
    {
        public object?[][] Rows { get; } = Enumerable.Range(0, rows).Select(_ => new object?[width]).ToArray();
        public int Count { get; set; }
        public List<object?[]> Quarantined { get; } = [];
        public bool IsFull => Count == Rows.Length;

        public void Clear()
        {
            Count = 0;
            Quarantined.Clear();
        }
    }

    /// <summary>Reads the extract, converting each value to its staging column's type; a row with
    /// a value that cannot be converted becomes a quarantine row with the reason.</summary>
    private static (long Read, long Staged, long Quarantined, Watermark? Highest) Read(
        SourceEntity entity, ISource source, long runId, DbDataReader reader, List<StagingColumn> columns, int[] ordinals,
        int watermarkOrdinal, BlockingCollection<RowBatch> free, BlockingCollection<RowBatch> full, CancellationToken ct)
    {
        Watermark? highest = null;
        long read = 0, staged = 0, quarantined = 0;
        var amounts = ComputedAmountCheck.For(columns);
        var batch = free.Take(ct);
        while (reader.Read())
        {
            read++;
            if ((read & 0x3FFF) == 0) ct.ThrowIfCancellationRequested();
            if (watermarkOrdinal >= 0 && Watermark.FromValue(reader.GetValue(watermarkOrdinal)) is { } mark
                && (highest is not { } h || mark.CompareTo(h) > 0))
                highest = mark;
            RejectedValue? rejected = reader is IRawRowReader { CurrentRowProblem: { } problem }
                ? new RejectedValue(problem.Code, problem.Message)
                : null;
            var values = batch.Rows[batch.Count];
            for (var i = 0; i < columns.Count && rejected is null; i++)
            {
                if (columns[i].IsSourceRow)
                {
                    values[i] = read;
                    continue;
                }
                try
                {
                    values[i] = ValueConverter.Convert(reader.GetValue(ordinals[i]), columns[i]);
                }
                catch (RejectedValue e)
                {
                    rejected = e;
                    break;
                }
            }
            if (rejected is null && amounts is not null) rejected = amounts.Check(values);
            if (rejected is null)
            {
                batch.Count++;
                staged++;
            }
            else
            {
                var location = (reader as IRawRowReader)?.CurrentLocation ?? $"{source.Description} row {read.ToString(CultureInfo.InvariantCulture)}";
                batch.Quarantined.Add([runId, entity.Name, location, RawRow(reader), rejected.ReasonCode, rejected.Message]);
                quarantined++;
            }
            if (batch.IsFull || batch.Quarantined.Count >= BatchRows)
            {
                full.Add(batch, ct);
                batch = free.Take(ct);
            }
        }
        full.Add(batch, ct);
        return (read, staged, quarantined, highest);
    }

    private static int WatermarkOrdinal(SourceEntity entity, string column, DbDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (reader.GetName(i).Equals(column, StringComparison.OrdinalIgnoreCase)) return i;
        throw new InvalidOperationException($"The source's '{entity.Name}' extract has no watermark column '{column}' (Source:Incremental:Watermarks:{entity.Name}).");
    }

    private List<StagingColumn> ReadColumns(string table, DbTransaction transaction)
    {
        var columns = new List<StagingColumn>();
        var lengths = StagingLimits.MaxLengths(table);
        using var reader = runner.Query("queries/staging_columns", transaction, new Dictionary<string, object?> { ["table_name"] = table });
        while (reader.Read())
        {
            var type = StagingColumn.TypeOf(reader.GetString(1));
            int? NumericOf(int ordinal) => type == StagingType.Decimal && !reader.IsDBNull(ordinal)
                ? System.Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture) : null;
            columns.Add(new StagingColumn(reader.GetString(0), type, reader.GetString(2) == "NO",
                lengths.TryGetValue(reader.GetString(0), out var max) ? max : null, NumericOf(3), NumericOf(4)));
        }
        if (columns.Count == 0) throw new InvalidOperationException($"Staging table '{table}' does not exist; were the migrations applied?");
        return columns;
    }

    private static int[] MapOrdinals(SourceEntity entity, List<StagingColumn> columns, DbDataReader reader)
    {
        if (reader.FieldCount == 0) return columns.Select(_ => -1).ToArray();   // nothing to read (e.g. no new file)
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++) byName[reader.GetName(i)] = i;
        var missing = columns.Where(c => !c.IsSourceRow && !byName.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The source's '{entity.Name}' extract lacks column(s) {string.Join(", ", missing)}"
                + (reader is IRawRowReader { FileNames.Count: > 0 } files ? $" (file(s) {string.Join(", ", files.FileNames)})." : "."));
        return columns.Select(c => c.IsSourceRow ? -1 : byName[c.Name]).ToArray();
    }

    private static string RawRow(DbDataReader reader)
    {
        if (reader is IRawRowReader raw) return raw.CurrentRawRow.Length > 4000 ? raw.CurrentRawRow[..4000] : raw.CurrentRawRow;
        var sb = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (i > 0) sb.Append("; ");
            var v = reader.GetValue(i);
            sb.Append(reader.GetName(i)).Append('=').Append(v is DBNull ? "" : System.Convert.ToString(v, CultureInfo.InvariantCulture));
        }
        return sb.Length > 4000 ? sb.ToString(0, 4000) : sb.ToString();
    }
}

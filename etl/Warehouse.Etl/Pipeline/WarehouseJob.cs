using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Engines;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Staging;
using Warehouse.Schema;

namespace Warehouse.Etl.Pipeline;

/// <summary>
/// One all-or-nothing run: migrate, then in a single transaction extract every entity into
/// staging, rebuild dimensions and facts, check that every source row was loaded or quarantined,
/// build the marts for the as-of date and record the run. A failure or a killed process leaves the
/// warehouse as it was (only the run's own history row says what happened).
/// </summary>
public sealed class WarehouseJob(DbConnection connection, WarehouseEngine engine, ILogger logger)
{
    private readonly SqlRunner _runner = engine.Runner(connection);

    /// <summary>A job on the embedded DuckDB warehouse.</summary>
    public WarehouseJob(DuckDBConnection connection, ILogger logger) : this(connection, DuckDbEngine.Instance, logger)
    {
    }

    public RunResult Run(ISource source, JobOptions options, CancellationToken ct = default)
    {
        var (result, startedAt, committedAt) = Recorded(source.Description, options, "Run", (runId, tx) => RunInTransaction(runId, source, options, tx, ct));
        return result with { StartedAt = startedAt, CommittedAt = committedAt, Duration = committedAt - startedAt };
    }

    /// <summary>
    /// Builds the marts for each as-of date given (for example every month end of a range) from
    /// what the warehouse holds, in one all-or-nothing run recorded in etl_run as a backfill.
    /// </summary>
    public long Backfill(IReadOnlyList<DateOnly> asOfDates, JobOptions options, CancellationToken ct = default)
    {
        if (asOfDates.Count == 0) throw new ArgumentException("a backfill needs at least one as-of date");
        var source = $"backfill {asOfDates.Min():yyyy-MM-dd}..{asOfDates.Max():yyyy-MM-dd}";
        return Recorded(source, options, "Backfill run", (runId, tx) =>
        {
            options.PhaseChanged?.Invoke(runId, RunPhase.Marts);
            foreach (var asOf in asOfDates.Order()) BuildMarts(runId, asOf, options, tx, ct);
            _runner.Execute("queries/finish_run", tx, FinishParameters(runId, "succeeded", null, asOfDates.Max(), "backfill"));
            return runId;
        }).Result;
    }

    /// <summary>Migrates, records a new run in etl_run (committed at once, so a killed process leaves
    /// a trace), then does <paramref name="work"/> in one transaction: committed if it returns,
    /// rolled back and recorded as failed if it throws. Returns when the run started and committed,
    /// as etl_run records them (its started_at and finished_at: the load's time).</summary>
    private (T Result, DateTime StartedAt, DateTime CommittedAt) Recorded<T>(string source, JobOptions options, string kind, Func<long, DbTransaction, T> work)
    {
        options.Marts.Validate();
        engine.Configure(connection);
        foreach (var m in new Migrator(_runner).Apply())
            logger.LogInformation("Applied migration {Version} ({Name})", m.Version, m.Name);

        _runner.Execute("queries/ensure_warehouse_id", null, new Dictionary<string, object?>
        {
            ["warehouse_id"] = Guid.NewGuid().ToString("D"), ["created_at"] = DateTime.UtcNow,
        });
        _runner.Execute("queries/abandon_stale_runs", null);
        _runner.Execute("queries/abandon_stale_publishes", null);
        var runId = Convert.ToInt64(_runner.Scalar("queries/next_run_id", null));
        var startedAt = RecordedNow();
        _runner.Execute("queries/start_run", null, new Dictionary<string, object?>
        {
            ["run_id"] = runId,
            ["started_at"] = startedAt,
            ["source"] = source,
            ["software_version"] = options.SoftwareVersion,
        });
        logger.LogInformation("{Kind} {RunId} started: {Source}", kind, runId, source);
        options.PhaseChanged?.Invoke(runId, RunPhase.Started);

        DbTransaction? transaction = null;
        T result;
        try
        {
            transaction = connection.BeginTransaction();
            result = work(runId, transaction);
            transaction.Commit();
        }
        catch (Exception e)
        {
            try { transaction?.Rollback(); }
            catch (Exception rollbackError) { logger.LogError(rollbackError, "Rollback of run {RunId} failed", runId); }
            var reason = e is OperationCanceledException ? "cancelled" : e.Message;
            _runner.Execute("queries/finish_run", null, FinishParameters(runId, "failed", reason, null, null));
            logger.LogError("{Kind} {RunId} failed and was rolled back: {Reason}", kind, runId, reason);
            throw new JobFailedException(runId, $"{kind} {runId} failed and was rolled back: {reason}", e);
        }
        finally
        {
            transaction?.Dispose();
        }
        // Committed: from here nothing may record the run as failed. The end of the load's time is
        // just after the commit (etl_run.finished_at was set inside the transaction; a process killed
        // before this line, or a failure to record it, leaves that slightly earlier time).
        var committedAt = RecordedNow();
        try
        {
            _runner.Execute("queries/record_commit_time", null, new Dictionary<string, object?> { ["run_id"] = runId, ["finished_at"] = committedAt });
        }
        catch (DbException e)
        {
            logger.LogWarning("{Kind} {RunId} committed, but its commit time was not recorded ({Error}); etl_run keeps the time set just before the commit", kind, runId, e.Message);
        }
        logger.LogInformation("{Kind} {RunId} committed in {Seconds:F1} s", kind, runId, (committedAt - startedAt).TotalSeconds);
        return (result, startedAt, committedAt);
    }

    /// <summary>Now in UTC to the millisecond: what every engine stores exactly, so a duration worked
    /// out from the values in memory equals the one worked out from etl_run (and etl_publish, whose
    /// times the command line records with it).</summary>
    public static DateTime RecordedNow()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    private RunResult RunInTransaction(long runId, ISource source, JobOptions options, DbTransaction tx, CancellationToken ct)
    {
        var parameters = new Dictionary<string, object?>(ComputedAmountCheck.SqlParameters()) { ["run_id"] = runId, ["run_started"] = DateTime.UtcNow };

        Step("clear_staging", () => _runner.Execute("transforms/staging/clear_staging", tx), options, quiet: true);
        var mode = ChooseMode(source, options, tx);
        logger.LogInformation("Load mode: {Mode}", LoadModes.Name(mode));
        if (mode == LoadMode.FullRefresh)
            EmptyForFullRefresh(tx, options);

        options.PhaseChanged?.Invoke(runId, RunPhase.Extracting);
        var files = SelectFiles(source, mode, options, tx);
        var saved = mode == LoadMode.Incremental ? ReadWatermarks(tx) : [];
        var staged = new List<StagedEntity>();
        var loader = new StagingLoader(connection, engine, _runner);
        foreach (var extract in source.Extracts)
        {
            ct.ThrowIfCancellationRequested();
            var column = source.SupportsWatermarks && options.Incremental.Enabled ? options.Incremental.ColumnOf(extract.Name) : null;
            WatermarkFilter? filter = null;
            if (column is not null && saved.TryGetValue(extract.Name, out var last) && last.Column.Equals(column, StringComparison.OrdinalIgnoreCase))
            {
                filter = new WatermarkFilter(column, last.Value.LessLookBack(TimeSpan.FromMinutes(options.Incremental.LookBackMinutes), options.Incremental.LookBackIds));
                logger.LogInformation("{Entity}: rows with {Column} > {Above} (watermark {Watermark} less the look-back)", extract.Name, column, filter.Above, last.Value);
            }
            staged.Add(Step($"stage {extract.Name}", () => loader.Load(extract, source, runId, tx, ct, filter, column), options, r => r.RowsRead, done: "read"));
        }
        if (source.Derivations.Count > 0)
        {
            var derivationParameters = new Dictionary<string, object?>(source.DerivationParameters)
            {
                ["run_id"] = runId,
                ["merges_into_store"] = mode == LoadMode.Incremental ? 1 : 0,   // else the store is replaced by this extract
            };
            foreach (var path in source.Derivations)
            {
                ct.ThrowIfCancellationRequested();
                Step($"derive {StepName(path)}", () => _runner.Execute(path, tx, derivationParameters), options, rows => rows);
            }
            // Entities derived rather than extracted: what was derived is what was "read".
            var derived = ReadPairs("queries/staged_rows", tx, null);
            foreach (var entity in SourceEntities.All.Where(e => staged.All(s => s.Entity.Name != e.Name)))
                staged.Add(new StagedEntity(entity, derived.GetValueOrDefault(entity.Name), derived.GetValueOrDefault(entity.Name), 0));
            staged = staged.OrderBy(s => SourceEntities.All.ToList().FindIndex(e => e.Name == s.Entity.Name)).ToList();
        }

        options.PhaseChanged?.Invoke(runId, RunPhase.Loading);
        var changes = new Dictionary<string, (long New, long Changed, long Staged)>(StringComparer.Ordinal);
        foreach (var path in TransformPlan.For(mode))
        {
            ct.ThrowIfCancellationRequested();
            var name = StepName(path);
            // Dimension changes are counted just before the store is merged, when every affected_*
            // list is built (affected_campaigns comes after affected_orders); order changes in
            // affected_orders (incremental runs).
            if (name.StartsWith("merge_ods", StringComparison.Ordinal)) CountChanges(changes, tx, "queries/dimension_changes");
            if (name == "affected_orders")
            {
                // Its count (orders listed with their dates before and after) is not what a user asks:
                // how many of the staged orders changed, and how many the look-back read again unchanged.
                Step(name, () => _runner.Execute(path, tx, parameters), options, rows => rows, describe: _ =>
                {
                    CountChanges(changes, tx, "queries/order_changes");
                    return OrdersChanged(changes.GetValueOrDefault("orders"));
                });
            }
            else if (name == "merge_ods")
            {
                Step(name, () => _runner.Execute(path, tx, parameters), options, rows => rows,
                    describe: n => n == 0 ? "nothing changed to merge" : null);
            }
            else if (name == "replace_ods")
            {
                // Its last statement's count (lines deleted from the store) says nothing: say what it does.
                var held = Convert.ToInt64(_runner.Scalar("queries/stored_orders", tx));
                Step(name, () => _runner.Execute(path, tx, parameters), options, describe: _ => held > 0
                    ? $"{Count(held, "stored order")} (and their lines) to be replaced by this full extract"
                    : mode == LoadMode.FullRefresh ? "nothing to replace: the full refresh emptied the store"
                    : "nothing to replace (the store is empty)");
            }
            else if (DimensionEntity(name) is { } entity && changes.TryGetValue(entity, out var change))
            {
                // Its last statement's count (inferred members, say) is not what it did: say how many
                // of the staged rows were new and how many changed (compared before the merge).
                Step(name, () => _runner.Execute(path, tx, parameters), options, describe: _ => Changes(change));
            }
            else
            {
                Step(name, () => _runner.Execute(path, tx, parameters), options, rows => rows);
            }
        }

        var entities = Reconcile(runId, staged, tx)
            .Select(e => changes.TryGetValue(e.Entity, out var c) ? e with { RowsNew = c.New, RowsChanged = c.Changed } : e)
            .ToList();
        var reasons = QuarantineReasons(runId, tx);
        CheckQuarantineLimit(entities, reasons, options.MaxQuarantinedShare);
        SaveWatermarks(runId, staged, source, options, tx);
        RecordFiles(runId, files, tx);

        var asOf = options.AsOf ?? LatestOrderDate(tx);
        CheckAsOfHasData(asOf, tx);
        options.PhaseChanged?.Invoke(runId, RunPhase.Marts);
        foreach (var date in MartDates(asOf, mode, options, tx)) BuildMarts(runId, date, options, tx, ct);

        foreach (var e in entities)
        {
            _runner.Execute("queries/record_run_table", tx, new Dictionary<string, object?>
            {
                ["run_id"] = runId,
                ["source_entity"] = e.Entity,
                ["target_table"] = e.TargetTable,
                ["rows_read"] = e.RowsRead,
                ["rows_written"] = e.RowsWritten,
                ["rows_quarantined"] = e.RowsQuarantined,
            });
        }
        _runner.Execute("queries/finish_run", tx, FinishParameters(runId, "succeeded", null, asOf, LoadModes.Name(mode)));
        Step("commit", () => 0, options, quiet: true);
        return new RunResult(runId, asOf, source.Description, entities, TimeSpan.Zero) { LoadMode = LoadModes.Name(mode), QuarantineReasons = reasons };
    }

    /// <summary>Empties the warehouse for a full refresh and says what it held (counted before, by
    /// queries/warehouse_contents).</summary>
    private void EmptyForFullRefresh(DbTransaction tx, JobOptions options)
    {
        var held = ReadPairs("queries/warehouse_contents", tx, null);
        Step("clear_warehouse", () => _runner.Execute("transforms/refresh/clear_warehouse", tx), options, quiet: true);
        long Of(string table) => held.GetValueOrDefault(table);
        logger.LogInformation("Full refresh: emptied {Emptied}; rebuilding from the source", string.Join(", ",
            Count(Of("fact_order_line"), "order line"), Count(Of("fact_order"), "order"), Count(Of("dim_customer"), "customer"),
            Count(Of("dim_product"), "product"), Count(Of("dim_campaign"), "campaign"), Count(Of("dim_channel"), "channel"),
            Count(Of("dim_date"), "date"), $"the store's {Count(Of("ods_orders"), "order")} and their lines",
            Count(Of("etl_watermark"), "watermark")) + " and " + Count(Of("etl_loaded_file"), "loaded file record"));
    }

    /// <summary>Full refresh when asked; incremental when enabled and a committed run left
    /// watermarks (database) or loaded files (flat files) for this source kind; otherwise a full
    /// extract.</summary>
    private LoadMode ChooseMode(ISource source, JobOptions options, DbTransaction tx)
    {
        if (options.FullRefresh) return LoadMode.FullRefresh;
        if (!options.Incremental.Enabled) return LoadMode.Full;
        using var reader = _runner.Query("queries/incremental_state", tx);
        reader.Read();
        var watermarks = Convert.ToInt64(reader.GetValue(0));
        var files = Convert.ToInt64(reader.GetValue(1));
        return (source.SupportsWatermarks && watermarks > 0) || (source is IFileSource { CanSkipLoadedFiles: true } && files > 0)
            ? LoadMode.Incremental
            : LoadMode.Full;
    }

    /// <summary>A file source reads, in an incremental run, only the files whose path, size and
    /// SHA-256 were not loaded before, and those <see cref="JobOptions.ReloadFiles"/> names; every
    /// run records what it read.</summary>
    private List<LoadedFile> SelectFiles(ISource source, LoadMode mode, JobOptions options, DbTransaction tx)
    {
        if (source is not IFileSource fileSource)
        {
            if (options.ReloadFiles.Count > 0)
                throw new SettingsException($"--reload-file: the source ({source.Description}) reads no files; it applies to Source:Kind flatfile and csv");
            return [];
        }
        var unknown = options.ReloadFiles.Where(f => !fileSource.Files.Contains(f, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            throw new SettingsException($"--reload-file {string.Join(", ", unknown)}: not a file of the source (Source:Path matches {Count(fileSource.Files.Count, "file")})");
        var known = new HashSet<LoadedFile>();
        if (mode == LoadMode.Incremental)
        {
            using var reader = _runner.Query("queries/loaded_files", tx);
            while (reader.Read()) known.Add(new LoadedFile(reader.GetString(0), Convert.ToInt64(reader.GetValue(1)), reader.GetString(2)));
        }
        var reloaded = known.RemoveWhere(f => options.ReloadFiles.Contains(f.Path, StringComparer.Ordinal));
        var toRead = fileSource.Files.Select(LoadedFile.Of).Where(f => !known.Contains(f)).ToList();
        fileSource.ReadOnly(toRead.Select(f => f.Path).ToList());
        logger.LogInformation("Files: {Read} to read{Reloaded}, {Skipped} skipped (loaded before with the same size and SHA-256)",
            toRead.Count, reloaded > 0 ? $" ({reloaded} loaded before, read again as --reload-file asks)" : "", fileSource.Files.Count - toRead.Count);
        return toRead;
    }

    private void RecordFiles(long runId, List<LoadedFile> files, DbTransaction tx)
    {
        foreach (var f in files)
            _runner.Execute("queries/record_loaded_file", tx, new Dictionary<string, object?>
            {
                ["file_path"] = f.Path, ["file_size"] = f.Size, ["file_hash"] = f.Sha256, ["run_id"] = runId, ["loaded_at"] = DateTime.UtcNow,
            });
    }

    private Dictionary<string, (string Column, Watermark Value)> ReadWatermarks(DbTransaction tx)
    {
        var result = new Dictionary<string, (string, Watermark)>(StringComparer.OrdinalIgnoreCase);
        using var reader = _runner.Query("queries/watermarks", tx);
        while (reader.Read())
        {
            if (Watermark.Parse(reader.GetString(2)) is { } value) result[reader.GetString(0)] = (reader.GetString(1), value);
            else logger.LogWarning("The saved watermark of {Entity} ('{Value}') is not a timestamp or id; extracting it whole", reader.GetString(0), reader.GetString(2));
        }
        return result;
    }

    /// <summary>Each entity's watermark moves to the highest value this run read (in the run's
    /// transaction: a run that does not commit moves nothing); an entity that read nothing keeps its own.</summary>
    private void SaveWatermarks(long runId, List<StagedEntity> staged, ISource source, JobOptions options, DbTransaction tx)
    {
        if (!source.SupportsWatermarks || !options.Incremental.Enabled) return;
        foreach (var s in staged)
        {
            if (options.Incremental.ColumnOf(s.Entity.Name) is not { } column || s.HighestWatermark is not { } highest) continue;
            _runner.Execute("queries/save_watermark", tx, new Dictionary<string, object?>
            {
                ["source_entity"] = s.Entity.Name, ["watermark_column"] = column, ["watermark_value"] = highest.ToString(),
                ["run_id"] = runId, ["updated_at"] = DateTime.UtcNow,
            });
        }
    }

    /// <summary>The as-of dates to (re)build: every snapshot the marts hold from the earliest date
    /// this run's data touched (all of them on a full refresh), and the run's own unless it is held,
    /// untouched and was built with the same settings and mart SQL (<see cref="MartSettingsKey"/>).
    /// Snapshots as of earlier dates cannot have changed and are kept.</summary>
    private List<DateOnly> MartDates(DateOnly asOf, LoadMode mode, JobOptions options, DbTransaction tx)
    {
        var held = new List<DateOnly>();
        using (var reader = _runner.Query("queries/mart_as_of_dates", tx))
            while (reader.Read()) held.Add(AsDate(reader.GetValue(0)));
        var keys = new Dictionary<DateOnly, string>();
        using (var reader = _runner.Query("queries/mart_snapshots", tx))
            while (reader.Read()) keys[AsDate(reader.GetValue(0))] = reader.GetString(1);
        var touched = _runner.Scalar("queries/touched_from", tx) is { } t and not DBNull ? AsDate(t) : (DateOnly?)null;
        bool ownKept = mode != LoadMode.FullRefresh && held.Contains(asOf) && !(touched <= asOf)
            && keys.GetValueOrDefault(asOf) == MartSettingsKey(options);
        var rebuilt = held.Where(d => mode == LoadMode.FullRefresh || (touched is { } from && d >= from))
            .Concat(ownKept ? [] : [asOf]).Distinct().Order().ToList();
        if (held.Count > 0) LogMartDates(asOf, mode, held, rebuilt, touched);
        return rebuilt;
    }

    /// <summary>Says which mart snapshots a run rebuilds and why, or that it keeps them all.</summary>
    private void LogMartDates(DateOnly asOf, LoadMode mode, List<DateOnly> held, List<DateOnly> rebuilt, DateOnly? touched)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", inv);
        var kept = held.Count(d => !rebuilt.Contains(d));
        if (rebuilt.Count == 0)
        {
            logger.LogInformation("Marts: nothing this run loaded changes them; {Kept} kept as built", Count(kept, "snapshot"));
            return;
        }
        var dates = rebuilt.Count <= 3 ? string.Join(", ", rebuilt.Select(Day)) : $"{Day(rebuilt[0])} … {Day(rebuilt[^1])}";
        var why = mode == LoadMode.FullRefresh ? "a full refresh rebuilds them all"
            : touched is { } from ? $"the data changed from {Day(from)} on"
            : !held.Contains(asOf) ? $"{Day(asOf)} is a new as-of date"
            : "the mart settings or SQL changed since they were built";
        logger.LogInformation("Marts: {Rebuilt} to build ({Dates}; {Why}), {Kept}",
            Count(rebuilt.Count, "as-of date"), dates, why, kept == 0 ? "none kept" : $"{kept.ToString("N0", inv)} kept as built (not touched by the changes)");
    }

    /// <summary>What a mart snapshot is built with: the mart parameters, the marts enabled and the
    /// SQL text of their transforms. A snapshot built with another key is rebuilt even when the
    /// data did not change (settings or software changed).</summary>
    private string MartSettingsKey(JobOptions options)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (name, value) in options.Marts.Parameters(0, default).Where(p => p.Key is not ("run_id" or "as_of")).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(name).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        foreach (var mart in MartCatalog.Resolve(options.Marts.Enabled))
            foreach (var path in mart.Transforms)
                text.Append(path).Append('\n').Append(_runner.Catalog.Read(path)).Append('\n');
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A DATE as the engine's provider returns it (DateOnly, or DateTime on some).</summary>
    internal static DateOnly AsDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        _ => throw new InvalidOperationException($"Unexpected date {value}"),
    };

    /// <summary>Builds the enabled marts for one as-of date, replacing that date's rows.</summary>
    private void BuildMarts(long runId, DateOnly asOf, JobOptions options, DbTransaction tx, CancellationToken ct)
    {
        logger.LogInformation("Marts as of {AsOf:yyyy-MM-dd}", asOf);
        var parameters = options.Marts.Parameters(runId, asOf);
        foreach (var mart in MartCatalog.Resolve(options.Marts.Enabled))
        {
            foreach (var path in mart.Transforms)
            {
                ct.ThrowIfCancellationRequested();
                Step(StepName(path), () => _runner.Execute(path, tx, parameters), options, rows => rows);
            }
        }
        _runner.Execute("queries/save_mart_snapshot", tx, new Dictionary<string, object?>
        {
            ["as_of"] = asOf, ["settings_key"] = MartSettingsKey(options), ["run_id"] = runId, ["built_at"] = DateTime.UtcNow,
        });
    }

    /// <summary>Every row read is either in its warehouse table or in quarantine; otherwise the run
    /// fails before it commits.</summary>
    private List<EntityCounts> Reconcile(long runId, List<StagedEntity> staged, DbTransaction tx)
    {
        var written = ReadPairs("queries/loaded_rows", tx, null);
        var quarantined = ReadPairs("queries/quarantined_rows", tx, new Dictionary<string, object?> { ["run_id"] = runId });
        var result = new List<EntityCounts>();
        foreach (var s in staged)
        {
            var w = written.GetValueOrDefault(s.Entity.Name);
            var q = quarantined.GetValueOrDefault(s.Entity.Name);
            if (s.RowsRead != w + q)
                throw new InvalidOperationException(
                    $"{s.Entity.Name}: {s.RowsRead} rows read but {w} loaded and {q} quarantined; {Unaccounted(s.Entity, tx)}");
            result.Add(new EntityCounts(s.Entity.Name, s.Entity.TargetTable, s.RowsRead, w, q));
            if (q > 0) logger.LogWarning("{Entity}: {Quarantined} of {Read} rows quarantined (see etl_quarantine, run {RunId})", s.Entity.Name, q, s.RowsRead, runId);
        }
        return result;
    }

    private List<QuarantineReasonCount> QuarantineReasons(long runId, DbTransaction tx)
    {
        var result = new List<QuarantineReasonCount>();
        using var reader = _runner.Query("queries/quarantine_reasons", tx, new Dictionary<string, object?> { ["run_id"] = runId });
        while (reader.Read()) result.Add(new QuarantineReasonCount(reader.GetString(0), reader.GetString(1), Convert.ToInt64(reader.GetValue(2))));
        return result;
    }

    /// <summary>What a failed reconciliation could not account for: the first staged rows (by key,
    /// queries/unaccounted_rows) that are neither in the target table nor quarantined.</summary>
    private string Unaccounted(SourceEntity entity, DbTransaction tx)
    {
        var keys = new List<string>();
        using (var reader = _runner.Query("queries/unaccounted_rows", tx, new Dictionary<string, object?> { ["source_entity"] = entity.Name }))
            while (reader.Read()) keys.Add(reader.GetString(0));
        return keys.Count == 0
            ? $"every staged row is in {entity.TargetTable}: rows were lost before staging or counted twice"
            : $"not in {entity.TargetTable} and not quarantined: {string.Join(", ", keys)}{(keys.Count == 5 ? ", …" : "")}";
    }

    /// <summary>Fails the run (before it commits) if an entity lost more than the allowed share of
    /// its rows, naming the entity, its reasons (etl_quarantine is rolled back with the run) and
    /// what to check: such a share is nearly always a configuration that does not fit the files.</summary>
    private static void CheckQuarantineLimit(IReadOnlyList<EntityCounts> entities, IReadOnlyList<QuarantineReasonCount> reasons, decimal? maxShare)
    {
        if (maxShare is not { } limit) return;
        var inv = CultureInfo.InvariantCulture;
        var over = entities.Where(e => e.RowsRead > 0 && (decimal)e.RowsQuarantined / e.RowsRead > limit).ToList();
        if (over.Count == 0) return;
        string Why(EntityCounts e) => string.Join(", ", reasons.Where(r => r.Entity == e.Entity)
            .OrderByDescending(r => r.Rows).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .Select(r => $"{r.Reason} {r.Rows.ToString("N0", inv)}"));
        throw new InvalidOperationException("too many rows quarantined (more than Quality:MaxQuarantinedShare " + limit.ToString(inv) + " of an entity): "
            + string.Join("; ", over.Select(e => $"{e.Entity} {e.RowsQuarantined.ToString("N0", inv)} of {e.RowsRead.ToString("N0", inv)} ({Why(e)})"))
            + ". Check that the source settings fit the files: the delimiter (Source:Flat:Delimiter), the date formats (Source:Flat:TimestampFormats),"
            + " the column mapping (Source:Flat:Columns) and the decimal separator"
            + (reasons.Any(r => r.Reason == "invalid_encoding") ? ", the encoding (Source:Encoding, e.g. windows-1252)" : "")
            + (reasons.Any(r => r.Reason == "unclosed_quote") ? ", the lines a row may span (Source:MaxLinesPerRow)" : "")
            + "; if the rows are rightly quarantined, raise Quality:MaxQuarantinedShare (1 disables the check)");
    }

    /// <summary>An as-of date before the warehouse's first order would publish marts of nobody (an
    /// empty snapshot kept from then on, and no workbook): refused as a configuration error.</summary>
    private void CheckAsOfHasData(DateOnly asOf, DbTransaction tx)
    {
        if (_runner.Scalar("queries/first_order_date", tx) is not { } value) return;
        var first = AsDate(value);
        if (asOf < first)
            throw new SettingsException(string.Create(CultureInfo.InvariantCulture,
                $"Marts:AsOf (--as-of) {asOf:yyyy-MM-dd} is before the first order in the warehouse ({first:yyyy-MM-dd}): every mart would be empty; choose a date on or after {first:yyyy-MM-dd}, or leave it empty for the date of the latest order"));
    }

    private DateOnly LatestOrderDate(DbTransaction tx)
    {
        var value = _runner.Scalar("queries/latest_order_date", tx);
        if (value is null)
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            logger.LogWarning("The warehouse has no orders; marts are computed as of today ({Today:yyyy-MM-dd})", today);
            return today;
        }
        return AsDate(value);
    }

    private Dictionary<string, long> ReadPairs(string query, DbTransaction tx, IReadOnlyDictionary<string, object?>? parameters)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = _runner.Query(query, tx, parameters);
        while (reader.Read()) result[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
        return result;
    }

    /// <summary>Runs a step and logs what it did — its <paramref name="rows"/> ("2,000 rows"), or in
    /// words (<paramref name="describe"/>: "2,000 new, 0 changed"; null: the rows) — and how long
    /// it took. A step logged in words keeps its rows as the Rows property (a log scope) for log
    /// collectors; <paramref name="done"/> says what was done to the rows ("2,000 rows read").</summary>
    private T Step<T>(string name, Func<T> action, JobOptions options, Func<T, long>? rows = null, Func<T, string?>? describe = null, bool quiet = false, string? done = null)
    {
        var watch = Stopwatch.StartNew();
        var result = action();
        if (!quiet)
        {
            long? count = rows is null ? null : rows(result);
            var outcome = describe?.Invoke(result);
            if (outcome is not null)
            {
                using var scope = count is { } c ? logger.BeginScope(new Dictionary<string, object> { ["Rows"] = c }) : null;
                logger.LogInformation("{Step}: {Outcome} in {Seconds:F2} s", name, outcome, watch.Elapsed.TotalSeconds);
            }
            else if (count is { } n)
                logger.LogInformation("{Step}: {Rows:N0} {Unit} in {Seconds:F2} s", name, n, (n == 1 ? "row" : "rows") + (done is null ? "" : " " + done), watch.Elapsed.TotalSeconds);
            else logger.LogInformation("{Step} done in {Seconds:F2} s", name, watch.Elapsed.TotalSeconds);
        }
        if (string.Equals(options.FailAfterStep, name, StringComparison.Ordinal)) throw new InjectedFailureException(name);
        return result;
    }

    private static string StepName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Count(long n, string noun) =>
        n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");

    private static string Changes((long New, long Changed, long Staged) c)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var text = $"{c.New.ToString("N0", inv)} new, {c.Changed.ToString("N0", inv)} changed";
        var unchanged = c.Staged - c.New - c.Changed;
        return unchanged > 0 ? $"{text}, {unchanged.ToString("N0", inv)} read again unchanged" : text;
    }

    /// <summary>What affected_orders found: of the staged orders, those new or changed; the rest
    /// were read again unchanged (by the look-back).</summary>
    private static string OrdersChanged((long New, long Changed, long Staged) c)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var changed = c.New + c.Changed;
        var text = $"{changed.ToString("N0", inv)} of {Count(c.Staged, "staged order")} new or changed";
        var unchanged = c.Staged - changed;
        return unchanged > 0 ? $"{text} ({unchanged.ToString("N0", inv)} re-read by the look-back, unchanged)" : text;
    }

    /// <summary>The source entity a dimension transform merges (its new and changed rows are counted before).</summary>
    private static string? DimensionEntity(string step) => step switch
    {
        "dim_customer" => "customers",
        "dim_product" => "products",
        "dim_campaign" => "campaigns",
        _ => null,
    };

    /// <summary>Before the store and dimension merges: per entity, the staged rows new to the
    /// warehouse, those that differ from what it holds, and all of them (the rest were read again
    /// unchanged, by the look-back). Orders and lines only in an incremental run: a full extract
    /// replaces them without comparing.</summary>
    /// <summary>New, changed and staged rows per entity, as <paramref name="query"/> counts them.</summary>
    private void CountChanges(Dictionary<string, (long New, long Changed, long Staged)> changes, DbTransaction tx, string query)
    {
        using var reader = _runner.Query(query, tx);
        while (reader.Read())
            changes[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)), Convert.ToInt64(reader.GetValue(3)));
    }

    private static Dictionary<string, object?> FinishParameters(long runId, string status, string? error, DateOnly? asOf, string? loadMode) => new()
    {
        ["load_mode"] = loadMode,
        ["run_id"] = runId,
        ["finished_at"] = DateTime.UtcNow,
        ["status"] = status,
        ["error"] = error is { Length: > 4000 } ? error[..4000] : error,
        ["as_of"] = asOf,
    };
}

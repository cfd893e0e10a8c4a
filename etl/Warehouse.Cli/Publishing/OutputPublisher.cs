using System.Data.Common;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Publishing.Blob;
using Warehouse.Reports;

namespace Warehouse.Cli.Publishing;

/// <summary>
/// Writes a run's outputs for BI and finance into a new run folder under the output folder — the
/// Parquet dataset (dimensions, month-partitioned facts, the marts built) and the workbooks — with
/// a manifest written last, then switches <c>latest.json</c> to it; optionally uploads the run
/// folder to Azure Blob Storage the same way (files, then manifest, then latest.json).
/// </summary>
public sealed class OutputPublisher(PublishSettings settings, IReadOnlyList<string> enabledMarts, ILoggerFactory loggers)
{
    public static IReadOnlyList<string> Dimensions { get; } = ["dim_date", "dim_customer", "dim_product", "dim_channel", "dim_campaign"];

    public static IReadOnlyList<PartitionedTable> Facts { get; } =
        [new("fact_order_line", "order_date"), new("fact_order", "order_date")];

    /// <summary>The mart tables published: those of the marts built.</summary>
    public static IReadOnlyList<string> MartTables(IEnumerable<string>? enabledMarts) =>
        MartCatalog.Resolve(enabledMarts).SelectMany(m => m.Tables).ToList();

    /// <param name="changes">The warehouse's record of what its runs changed: with it, the publish
    /// hashes only the fact months and mart snapshots changed since the previous publish of the
    /// same warehouse (the others are carried over); without it, every partition is hashed.</param>
    public PublishOutcome Publish(DbConnection warehouse, RunInfo run, string? to, CancellationToken ct, WarehouseChanges? changes = null)
    {
        var logger = loggers.CreateLogger("publish");
        // The workbooks' Run sheet shows the warehouse's totals beside the run's own counts.
        if (changes is not null)
            run = run with
            {
                WarehouseRows = changes.TableRows().Where(t => t.Table.StartsWith("dim_", StringComparison.Ordinal) || t.Table.StartsWith("fact_", StringComparison.Ordinal))
                    .Select(t => new WarehouseTableRows(t.Table, t.Rows)).ToList(),
            };
        var output = Path.GetFullPath(settings.OutputFolder);
        var martTables = MartTables(enabledMarts);
        var request = new DatasetRequest
        {
            RunId = run.RunId,
            AsOfDate = run.AsOfDate,
            SoftwareVersion = run.SoftwareVersion,
            Dimensions = settings.Parquet ? Dimensions : [],
            PartitionedFacts = settings.Parquet ? Facts : [],
            Marts = settings.Parquet ? martTables : [],
            WarehouseId = changes?.WarehouseId(),
            ChangedSince = changes is null ? null : (table, since, _) => Task.FromResult(
                Facts.Any(f => f.Table == table) ? changes.FactDatesChangedSince(since)
                : martTables.Contains(table) ? changes.MartDatesChangedSince(table, since)
                : null),
            WriteExtraFilesAsync = settings.Excel ? (folder, _) => Task.FromResult(WriteWorkbooks(warehouse, run, folder, enabledMarts, logger)) : null,
        };
        var publisher = new ParquetDatasetPublisher(
            new ParquetPublisherOptions { RowGroupSize = settings.ParquetRowGroupSize }, settings.Keep, logger);
        var dataset = publisher.PublishAsync(warehouse, request, output, ct).GetAwaiter().GetResult();

        string? blob = null;
        if (ToBlob(settings, to))
        {
            var options = BlobOptions(settings.Blob);
            var uploader = new BlobDatasetUploader(options, logger);
            BlobPublishResult uploaded;
            try
            {
                uploaded = uploader.UploadAsync(dataset.RunFolder, ct).GetAwaiter().GetResult();
            }
            catch (BlobUploadException e)
            {
                throw new InvalidOperationException(UploadFailure(e, run.RunId, dataset.RunFolder, options.MaxRetries), e);
            }
            blob = $"{uploaded.Container}/{uploaded.RunPrefix}";
        }
        return new PublishOutcome(dataset.RunFolder, dataset.PointerPath, dataset.Files.Where(f => f.Table is null).Select(f => f.Path).ToList(), blob);
    }

    /// <summary>The marts the finance retention workbook reads.</summary>
    public static IReadOnlyList<string> RetentionWorkbookMarts { get; } = ["rfm", "pyramid", "retention", "cohorts", "crr"];

    private static IReadOnlyList<string> WriteWorkbooks(DbConnection warehouse, RunInfo run, string folder,
        IReadOnlyList<string> enabledMarts, ILogger logger)
    {
        var written = new List<string>();
        var rfm = Path.Combine(folder, $"rfm-{run.AsOfDate:yyyy-MM-dd}.xlsx");
        new RfmWorkbookPublisher(logger).Write(warehouse, run.AsOfDate, run, rfm);
        written.Add(rfm);
        var built = MartCatalog.Resolve(enabledMarts).Select(m => m.Name).ToHashSet();
        var missing = RetentionWorkbookMarts.Where(m => !built.Contains(m)).ToList();
        if (missing.Count == 0)
        {
            var retention = new RetentionWorkbookPublisher(logger).Write(warehouse, run, folder);
            written.Add(retention);
        }
        else
        {
            logger.LogWarning("No retention workbook: it needs the marts {Missing}, which Marts:Enabled leaves out", string.Join(", ", missing));
        }
        return written;
    }

    /// <summary>True when this publish goes to Azure Blob too (<c>--to blob</c>, or Publish:To blob without --to).</summary>
    public static bool ToBlob(PublishSettings settings, string? to) =>
        string.Equals(to ?? settings.To, "blob", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Before any work (no warehouse opened, no run folder made): when the publish goes to Blob,
    /// checks every Publish:Blob setting and makes the client (no request yet).
    /// </summary>
    /// <exception cref="SettingsException">A setting cannot work; the message names it as a
    /// configuration key and as an environment variable.</exception>
    public static void CheckBlobSettings(PublishSettings settings, string? to)
    {
        if (ToBlob(settings, to))
        {
            var options = BlobOptions(settings.Blob);
            try
            {
                BlobDatasetUploader.CreateContainerClient(options);
            }
            catch (BlobOptionsException e)
            {
                throw Explained(e);
            }
        }
    }

    /// <summary>Configuration first, then WAREHOUSE_Publish__Blob__* / AZURE_STORAGE_CONNECTION_STRING
    /// for what it leaves empty. Validated.</summary>
    /// <exception cref="SettingsException">A setting cannot work (see <see cref="CheckBlobSettings"/>).</exception>
    public static BlobPublishOptions BlobOptions(BlobSettings s)
    {
        var env = BlobPublishOptions.FromEnvironment();
        var options = new BlobPublishOptions
        {
            ConnectionString = s.ConnectionString ?? env.ConnectionString,
            SasUrl = s.SasUrl ?? env.SasUrl,
            AccountUrl = s.AccountUrl ?? env.AccountUrl,
            Container = s.Container ?? env.Container,
            Prefix = s.Prefix is { Length: > 0 } ? s.Prefix : env.Prefix,
            MaxRetries = s.MaxRetries,
            Keep = s.Keep,
        };
        try
        {
            options.Validate();
        }
        catch (BlobOptionsException e)
        {
            throw Explained(e);
        }
        return options;
    }

    /// <summary>The environment variable of a Publish:Blob setting.</summary>
    public static string EnvironmentVariable(string option) => "WAREHOUSE_Publish__Blob__" + option
        + (option == nameof(BlobPublishOptions.ConnectionString) ? " (or AZURE_STORAGE_CONNECTION_STRING)" : "");

    private static SettingsException Explained(BlobOptionsException e) => new(
        $"Publish:Blob: {e.Problem}: in the configuration or as {string.Join(", ", e.Options.Select(EnvironmentVariable))}", e);

    /// <summary>The one line a failed upload ends with: what failed, where latest.json stands, what to do.</summary>
    private static string UploadFailure(BlobUploadException e, long runId, string runFolder, int maxRetries)
    {
        string latest = e.PreviousRunFolder is { } previous ? $"it still points at the previous publish, {previous}"
            : e.LatestRead ? "the container has no publish yet"
            : "it still points at the previous publish";
        return $"Uploading the publish of run {runId} ({runFolder}) to Azure Blob failed: {e.Error}, after {maxRetries} retries per request; "
            + $"the container's latest.json did not move ({latest}). For a longer outage raise Publish:Blob:MaxRetries "
            + $"(WAREHOUSE_Publish__Blob__MaxRetries, now {maxRetries}), then run `warehouse publish --to blob` to try again.";
    }

    public static RunInfo ToRunInfo(RunResult result, string softwareVersion) => new(
        result.RunId,
        result.AsOf,
        DateTime.UtcNow,
        result.Source,
        softwareVersion,
        result.Entities.Select(e => new TableRowCount(e.Entity, e.RowsRead, e.RowsWritten)).ToList());
}

/// <summary>Where a publish went: the run folder, the latest pointer, the workbooks, the blob prefix.</summary>
public sealed record PublishOutcome(string RunFolder, string Pointer, IReadOnlyList<string> Workbooks, string? Blob)
{
    public IEnumerable<string> Lines()
    {
        yield return RunFolder;
        foreach (var w in Workbooks) yield return w;
        yield return Pointer;
        if (Blob is not null) yield return "blob: " + Blob;
    }
}

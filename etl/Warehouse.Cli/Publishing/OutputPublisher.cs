using System.Data.Common;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Reports;

namespace Warehouse.Cli.Publishing;

/// <summary>Writes the run's outputs for BI and finance: a Parquet file per published table and
/// the RFM workbook.</summary>
public sealed class OutputPublisher(PublishSettings settings, ILogger logger)
{
    /// <summary>The tables BI tools get: dimensions, the fact, and the marts.</summary>
    public static IReadOnlyList<string> PublishedTables { get; } =
    [
        "dim_date", "dim_customer", "dim_product", "dim_channel", "dim_campaign",
        "fact_order_line", "fact_order",
        "mart_customer_rfm", "mart_rfm_thresholds", "mart_rfm_segment_summary",
        "mart_customer_tier", "mart_pyramid", "mart_pyramid_migration", "mart_pareto",
        "mart_retention_monthly", "mart_cohort_retention", "mart_cohort_retention_average", "mart_crr",
        "mart_customer_value", "mart_customer_value_loyalty", "mart_value_loyalty",
        "mart_segment_performance", "mart_campaign_roi", "mart_whale_curve",
    ];

    public IReadOnlyList<string> Publish(DbConnection warehouse, RunInfo run, CancellationToken ct)
    {
        var outputs = new List<string>();
        var folder = Path.GetFullPath(settings.OutputFolder);
        Directory.CreateDirectory(folder);
        if (settings.Parquet)
        {
            var parquetFolder = Path.Combine(folder, "parquet");
            var files = new ParquetPublisher(new ParquetPublisherOptions { RowGroupSize = settings.ParquetRowGroupSize })
                .PublishAsync(warehouse, PublishedTables, parquetFolder, ct).GetAwaiter().GetResult();
            foreach (var f in files)
                logger.LogInformation("parquet {Table}: {Rows:N0} rows, {Bytes:N0} bytes", f.Table, f.Rows, f.Bytes);
            outputs.Add(parquetFolder);
        }
        if (settings.Excel)
        {
            var workbook = Path.Combine(folder, $"rfm-{run.AsOfDate:yyyy-MM-dd}.xlsx");
            new RfmWorkbookPublisher().Write(warehouse, run.AsOfDate, run, workbook);
            logger.LogInformation("workbook {Path}", workbook);
            outputs.Add(workbook);
        }
        return outputs;
    }

    public static RunInfo ToRunInfo(RunResult result, string softwareVersion) => new(
        result.RunId,
        result.AsOf,
        DateTime.UtcNow,
        result.Source,
        softwareVersion,
        result.Entities.Select(e => new TableRowCount(e.Entity, e.RowsRead, e.RowsWritten)).ToList());
}

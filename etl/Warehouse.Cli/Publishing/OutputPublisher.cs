using System.Data.Common;
using Microsoft.Extensions.Logging;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Reports;

namespace Warehouse.Cli.Publishing;

/// <summary>Writes the run's outputs for BI and finance: a Parquet file per published table and
/// the RFM workbook.</summary>
public sealed class OutputPublisher(PublishSettings settings, IReadOnlyList<string> enabledMarts, ILogger logger)
{
    /// <summary>The tables BI tools get: dimensions, facts, and the tables of the marts built.</summary>
    public static IReadOnlyList<string> PublishedTables(IEnumerable<string>? enabledMarts) =>
    [
        "dim_date", "dim_customer", "dim_product", "dim_channel", "dim_campaign",
        "fact_order_line", "fact_order",
        .. MartCatalog.Resolve(enabledMarts).SelectMany(m => m.Tables),
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
                .PublishAsync(warehouse, PublishedTables(enabledMarts), parquetFolder, ct).GetAwaiter().GetResult();
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

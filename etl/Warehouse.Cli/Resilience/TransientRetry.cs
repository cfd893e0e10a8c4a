using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Warehouse.Cli.Logging;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Resilience;

/// <summary>Retries, with exponential backoff and jitter, the opening of the source and the
/// warehouse when it fails for a reason that may pass (a busy or locked database file, an I/O
/// error on a network share, a timeout). Never retries a busy warehouse (another run holds it), a
/// missing file or bad configuration: those fail at once.</summary>
public static class TransientRetry
{
    public static ResiliencePipeline Pipeline(int retries, TimeSpan delay, ILogger logger, string what)
    {
        if (retries <= 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = retries,
                Delay = delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = delay > TimeSpan.Zero,
                OnRetry = args =>
                {
                    logger.LogWarning("Opening {What} failed ({Error}); retry {Attempt} of {Retries} in {Seconds:F1} s",
                        what, Redactor.Redact(args.Outcome.Exception?.Message), args.AttemptNumber + 1, retries, args.RetryDelay.TotalSeconds);
                    return default;
                },
            })
            .Build();
    }

    public static T Open<T>(Func<T> open, int retries, TimeSpan delay, ILogger logger, string what, CancellationToken ct = default) =>
        Pipeline(retries, delay, logger, what).Execute(_ => open(), ct);

    public static bool IsTransient(Exception e) => e switch
    {
        WarehouseBusyException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => false,
        OperationCanceledException => false,
        // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN (a share briefly unavailable), SQLITE_PROTOCOL
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 10 or 14 or 15,
        // Server sources (PostgreSQL, SQL Server): the provider says which of its errors are transient.
        System.Data.Common.DbException { IsTransient: true } => true,
        // A server warehouse that could not be reached (the engine names it, the provider judges).
        InvalidOperationException { InnerException: System.Data.Common.DbException { IsTransient: true } } => true,
        DuckDBException d => d.Message.Contains("IO Error", StringComparison.OrdinalIgnoreCase)
                             && !d.Message.Contains("lock", StringComparison.OrdinalIgnoreCase),
        TimeoutException or IOException => true,
        _ => false,
    };
}

using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Warehouse.Publishing.Blob;

/// <summary>
/// The Azure SDK's exponential retry policy, plus a warning per retry (which request, what went
/// wrong, retry n of m, the delay) and a record of the last failure, so an outage is visible while it
/// lasts and the final error can say what failed. Logs the blob path only, never the query (where a
/// SAS token would be).
/// </summary>
internal sealed class LoggedRetryPolicy : RetryPolicy
{
    /// <summary>The request being retried, set by ShouldRetry just before the policy asks the delay strategy.</summary>
    private static readonly AsyncLocal<(string Method, string Path, string Error)?> Failed = new();

    private readonly ILogger _logger;

    public LoggedRetryPolicy(int maxRetries, TimeSpan delay, TimeSpan maxDelay, ILogger logger)
        : this(maxRetries, new LoggingDelay(DelayStrategy.CreateExponentialDelayStrategy(delay, maxDelay), maxDelay), logger)
    {
    }

    private LoggedRetryPolicy(int maxRetries, LoggingDelay delay, ILogger logger)
        : base(maxRetries, delay)
    {
        MaxRetries = maxRetries;
        _logger = logger;
        delay.Owner = this;
    }

    /// <summary>The retries the policy allows per request.</summary>
    public int MaxRetries { get; }

    // Not async methods: a value an async method sets in an AsyncLocal does not flow back to its caller.
    protected override bool ShouldRetry(HttpMessage message, Exception? exception)
    {
        Remember(message, exception);
        return base.ShouldRetry(message, exception);
    }

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception)
    {
        Remember(message, exception);
        return base.ShouldRetryAsync(message, exception);
    }

    private static void Remember(HttpMessage message, Exception? exception)
    {
        string error = exception is not null
            ? Describe(exception)
            : message.HasResponse
                ? $"HTTP {message.Response.Status.ToString(CultureInfo.InvariantCulture)} {message.Response.ReasonPhrase}"
                  + (message.Response.Headers.TryGetValue("x-ms-error-code", out var code) ? $" ({code})" : "")
                : "no response";
        // The path only: the query may hold a SAS token.
        Failed.Value = (message.Request.Method.Method, "/" + message.Request.Uri.Path.TrimStart('/'), error);
    }

    private void Log(int retryNumber, TimeSpan delay)
    {
        var (method, path, error) = Failed.Value ?? ("?", "?", "failed");
        _logger.LogWarning(
            "Blob request {Method} {Path} failed: {Error}; retry {Attempt} of {MaxRetries} in {Delay} s (Publish:Blob:MaxRetries)",
            method, path, error, retryNumber, MaxRetries, delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
    }

    /// <summary>The SDK's exponential delay, logged as the policy asks for it (before it waits).</summary>
    private sealed class LoggingDelay(DelayStrategy inner, TimeSpan maxDelay) : DelayStrategy(maxDelay, jitterFactor: 0)
    {
        public LoggedRetryPolicy? Owner { get; set; }

        protected override TimeSpan GetNextDelayCore(Response? response, int retryNumber)
        {
            var delay = inner.GetNextDelay(response, retryNumber);
            Owner?.Log(retryNumber, delay);
            return delay;
        }
    }

    /// <summary>The innermost message (a connection error is wrapped in HttpRequestException and SocketException).</summary>
    internal static string Describe(Exception exception)
    {
        var e = exception;
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                e = aggregate.InnerExceptions[^1];
            }
            else if (e is RequestFailedException { Status: 0, InnerException: { } transport })
            {
                // No response: the connection failed; its own exception says how.
                e = transport;
            }
            else
            {
                break;
            }
        }
        if (e is RequestFailedException failed)
        {
            return $"HTTP {failed.Status.ToString(CultureInfo.InvariantCulture)}" + (failed.ErrorCode is { } code ? $" ({code})" : "");
        }
        return e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? e.GetType().Name;
    }
}

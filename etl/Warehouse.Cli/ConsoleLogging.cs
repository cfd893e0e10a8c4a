using Microsoft.Extensions.Logging;
using Warehouse.Cli.Logging;

namespace Warehouse.Cli;

/// <summary>One line per event on the console, with the time; warnings and errors to stderr.
/// Format "text" (human) or "json" (one JSON object per line for log collectors). Lines are written
/// synchronously, so a killed process keeps every line it logged (<see cref="SynchronousConsoleLoggerProvider"/>).
/// Secrets in messages are masked (<see cref="Redactor"/>).</summary>
public static class ConsoleLogging
{
    /// <summary>The format used when a command does not name one: set once by Program from
    /// --log-format or Logging:Format.</summary>
    public static string DefaultFormat { get; set; } = "text";

    public static ILoggerFactory Create(bool verbose) => Create(verbose, DefaultFormat);

    public static ILoggerFactory Create(bool verbose, string? format)
    {
        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        var factory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
            builder.AddFilter("Microsoft", LogLevel.Warning);
            builder.AddProvider(new SynchronousConsoleLoggerProvider(json));
        });
        return new RedactingLoggerFactory(factory);
    }
}

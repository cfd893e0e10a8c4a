using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Warehouse.Cli;

/// <summary>One line per event on the console, with the time; warnings and errors to stderr.</summary>
public static class ConsoleLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = false;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Warning);
    });
}

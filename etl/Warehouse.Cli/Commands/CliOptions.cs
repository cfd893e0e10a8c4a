using System.CommandLine;

namespace Warehouse.Cli.Commands;

/// <summary>Options several commands share.</summary>
public static class CliOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "JSON configuration file (default: ./warehouse.json if present). Environment variables WAREHOUSE_<Section>__<Key> override it.",
    };

    public static Option<string?> AsOf() => new("--as-of")
    {
        Description = "Compute the marts as of this date (yyyy-MM-dd); default: the date of the latest order.",
    };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log more detail." };

    /// <summary>text or json; on the root command, recursive, so every command takes it.</summary>
    public static Option<string?> LogFormat()
    {
        var option = new Option<string?>("--log-format")
        {
            Description = "Log format: text (default) or json (one JSON object per line, for log collectors); overrides Logging:Format.",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}

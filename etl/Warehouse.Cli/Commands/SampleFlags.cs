using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Warehouse.SampleSource;

namespace Warehouse.Cli.Commands;

/// <summary>
/// The sample's flags (generate-sample, demo), checked against <see cref="SampleOptions"/>' limits
/// as the command line is parsed: a value out of range is a parse error (exit 2, one line naming
/// the flag) before the command prints or writes anything.
/// </summary>
public static class SampleFlags
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Option<int> Customers(string description, int defaultValue)
    {
        var option = new Option<int>("--customers", "-n") { Description = description, DefaultValueFactory = _ => defaultValue };
        return Within(option, SampleOptions.MinCustomers, SampleOptions.MaxCustomers);
    }

    public static Option<int> Months() => Within(
        new Option<int>("--months") { Description = $"Months of history (at least {SampleOptions.MinMonths}).", DefaultValueFactory = _ => new SampleOptions().Months },
        SampleOptions.MinMonths, SampleOptions.MaxMonths);

    /// <summary>--start yyyy-MM-dd: a real date, whose history of --months lies within the sample's years.</summary>
    public static Option<string?> Start(Option<int> months)
    {
        var option = new Option<string?>("--start") { Description = $"First month of history (yyyy-MM-dd); default {new SampleOptions().StartDate:yyyy-MM-dd}." };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            var text = result.Tokens[^1].Value;
            if (ParseDate(text) is not { } date)
                result.AddError($"--start must be a date yyyy-MM-dd (got '{text}')");
            else if (!SampleOptions.SpanFits(date, WholeNumber(result.GetResult(months)) ?? new SampleOptions().Months))
                result.AddError($"--start must be a date from {SampleOptions.MinStartYear} whose --months of history end before {SampleOptions.MaxEndYear} (got '{text}')");
        });
        return option;
    }

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var date) ? date : null;

    private static Option<int> Within(Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            // A value that is not a whole number is reported by the parser itself.
            if (WholeNumber(result) is { } value && (value < min || value > max))
                result.AddError($"{option.Name} must be between {min.ToString("N0", Inv)} and {max.ToString("N0", Inv)} (got {value.ToString(Inv)})");
        });
        return option;
    }

    private static int? WholeNumber(OptionResult? result) =>
        result is { Tokens.Count: > 0 } && int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, Inv, out var value) ? value : null;
}

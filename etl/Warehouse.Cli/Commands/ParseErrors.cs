using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Warehouse.Etl.Configuration;

namespace Warehouse.Cli.Commands;

/// <summary>
/// A command line that does not parse (an unknown option or command, a missing or malformed
/// value): one line on stderr naming the flag, with the closest known one and where the help is,
/// and <see cref="ExitCodes.Usage"/>, instead of System.CommandLine's error followed by the whole
/// help. --help still prints the help (its action clears the errors).
/// </summary>
public static class ParseErrors
{
    public const string ProgramName = "warehouse";

    /// <summary>The exit code when the parse failed (after printing one line), or null to invoke.</summary>
    public static int? Report(ParseResult parse, TextWriter error)
    {
        if (parse.Errors.Count == 0 || parse.Action is not ParseErrorAction) return null;
        error.WriteLine($"error: {Describe(parse)}");
        return ExitCodes.Usage;
    }

    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = PathOf(parse.CommandResult);
        var help = $"see '{path} --help'";
        if (parse.UnmatchedTokens.FirstOrDefault() is { } token)
        {
            if (token.StartsWith('-'))
            {
                var options = OptionsOf(parse.CommandResult).SelectMany(o => o.Aliases.Prepend(o.Name));
                return $"unknown option '{token}' for '{path}'{DidYouMean(token, options)}; {help}";
            }
            if (command.Subcommands.Count > 0)
                return $"unknown command '{token}' for '{path}'{DidYouMean(token, command.Subcommands.Select(c => c.Name))}; {help}";
            return $"unexpected argument '{token}' for '{path}'; {help}";
        }
        var first = parse.Errors[0];
        if (command.Subcommands.Count > 0 && command.Action is null)
            return $"'{path}' needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}; {help}";
        if (Value(first) is { } value) return $"{value}; {help}";
        // System.CommandLine's message, on one line ("Must be one of:\n\t'text'\n\t'json'").
        var message = string.Join(' ', first.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var option = OptionOf(first)?.Option.Name;
        return option is null || message.Contains(option, StringComparison.Ordinal)
            ? $"{message.TrimEnd('.')}; {help}"
            : $"{option}: {message.TrimEnd('.')}; {help}";
    }

    // "Cannot parse argument 'abc' for option '--max-runs' as expected type 'System.Nullable`1[...]'"
    // becomes "--max-runs must be a whole number (got 'abc')".
    private static string? Value(ParseError error)
    {
        var option = OptionOf(error);
        if (option is null || option.Tokens.Count == 0) return null;
        var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
        var expected = type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(decimal) || type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : null;
        if (expected is null || !error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)) return null;
        return $"{option.Option.Name} must be {expected} (got '{option.Tokens[^1].Value}')";
    }

    private static OptionResult? OptionOf(ParseError error) => error.SymbolResult switch
    {
        OptionResult o => o,
        ArgumentResult { Parent: OptionResult o } => o,
        _ => null,
    };

    private static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Suggestions.Closest(typed, candidates) is { } closest ? $" (did you mean '{closest}'?)" : "";

    /// <summary>"warehouse run": the command's names from the root.</summary>
    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Parent is null ? ProgramName : c.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>A command's options and the recursive ones of the commands above it (--help, --log-format).</summary>
    private static IEnumerable<Option> OptionsOf(CommandResult result)
    {
        foreach (var o in result.Command.Options) yield return o;
        for (var r = result.Parent; r is not null; r = r.Parent)
            if (r is CommandResult c)
                foreach (var o in c.Command.Options.Where(o => o.Recursive)) yield return o;
    }
}

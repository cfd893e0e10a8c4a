using System.Text;
using System.Text.RegularExpressions;

namespace Warehouse.Schema.Dialects;

/// <summary>
/// Renders the warehouse's portable SQL for one engine. The .sql files use standard SQL plus
/// <c>{{macro(args)}}</c> for what engines spell differently (types, date arithmetic, exact
/// division, day series) and <c>:name</c> for parameters. A dialect implements each macro once.
/// </summary>
public abstract partial class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>The day every dimension member's first version is valid from, and so the earliest
    /// order date the facts can hold: <c>{{first_version_date}}</c> in the SQL (the dimension
    /// transforms open versions from it; quarantine_orders quarantines orders dated before it as
    /// date_out_of_range). The same in every dialect.</summary>
    public const string FirstVersionDate = "1900-01-01";

    /// <summary>Statements a connection runs once when it opens (engine settings the SQL relies on).</summary>
    public virtual IReadOnlyList<string> SessionSetup => [];

    /// <summary>A guard that runs each statement of one runner (DuckDB: <see cref="EmptyInsertGuard"/>), or null.</summary>
    public virtual EmptyInsertGuard? NewStatementGuard() => null;

    /// <summary>How a parameter named <paramref name="name"/> is written in this engine's SQL.</summary>
    public abstract string ParameterReference(string name);

    /// <summary>The SQL for one macro, or null if this dialect does not know it.</summary>
    protected abstract string? Expand(string macro, IReadOnlyList<string> args);

    /// <summary>Expands every macro (innermost first) and rewrites parameters.</summary>
    public string Render(string sql)
    {
        var text = sql;
        for (var guard = 0; guard < 100; guard++)
        {
            var match = InnermostMacro().Match(text);
            if (!match.Success) break;
            var name = match.Groups["name"].Value;
            var args = match.Groups["args"].Success ? SplitArguments(match.Groups["args"].Value) : [];
            var expansion = (name == "first_version_date" ? $"'{FirstVersionDate}'" : Expand(name, args))
                ?? throw new NotSupportedException($"The {Name} dialect has no macro '{name}' (used as {match.Value}).");
            text = string.Concat(text.AsSpan(0, match.Index), expansion, text.AsSpan(match.Index + match.Length));
        }
        return Parameter().Replace(text, m => ParameterReference(m.Groups["name"].Value));
    }

    /// <summary>The names of the <c>:name</c> parameters a portable statement uses.</summary>
    public static IReadOnlySet<string> ParametersOf(string portableSql) =>
        Parameter().Matches(StripComments(portableSql)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Splits a script into statements at semicolons that end a line, dropping comments.</summary>
    public static IReadOnlyList<string> SplitStatements(string sql)
    {
        var statements = new List<string>();
        foreach (var part in StatementEnd().Split(StripComments(sql)))
        {
            var statement = part.Trim();
            if (statement.Length > 0) statements.Add(statement);
        }
        return statements;
    }

    private static string StripComments(string sql)
    {
        // Line comments outside string literals.
        var sb = new StringBuilder(sql.Length);
        var inString = false;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '\'') inString = !inString;
            if (!inString && c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                sb.Append('\n');
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static List<string> SplitArguments(string args)
    {
        var result = new List<string>();
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var c = args[i];
            if (c == '\'') inString = !inString;
            if (inString) continue;
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0)
            {
                result.Add(args[start..i].Trim());
                start = i + 1;
            }
        }
        var last = args[start..].Trim();
        if (last.Length > 0 || result.Count > 0) result.Add(last);
        return result;
    }

    protected static string Arg(IReadOnlyList<string> args, int index, string macro) =>
        index < args.Count ? args[index] : throw new ArgumentException($"Macro '{macro}' needs {index + 1} argument(s).");

    [GeneratedRegex(@"\{\{(?<name>[a-z_][a-z0-9_]*)(?:\((?<args>(?:(?!\{\{|\}\}).)*)\))?\}\}", RegexOptions.Singleline)]
    private static partial Regex InnermostMacro();

    [GeneratedRegex(@"(?<![:\w]):(?<name>[a-z_][a-z0-9_]*)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@";[ \t]*(?:\n|$)")]
    private static partial Regex StatementEnd();
}

using System.Data.Common;
using System.Text.RegularExpressions;

namespace Warehouse.Reports;

/// <summary>
/// The few SQL details the publishers need that depend on the engine behind the
/// <see cref="DbConnection"/>. Everything engine-specific lives here; the rest of the
/// publishers only use <see cref="DbConnection"/>, <see cref="DbCommand"/> and
/// <see cref="DbDataReader"/>.
/// </summary>
internal static partial class WarehouseSql
{
    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    /// <summary>True for a plain lower-case warehouse identifier ([a-z_][a-z0-9_]*).</summary>
    public static bool IsValidIdentifier(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && IdentifierPattern().IsMatch(name);

    /// <summary>Throws unless <paramref name="name"/> is a plain warehouse identifier.</summary>
    public static string RequireIdentifier(string? name, string paramName)
    {
        if (!IsValidIdentifier(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a warehouse identifier: expected [a-z_][a-z0-9_]*.", paramName);
        }
        return name!;
    }

    /// <summary>
    /// Quotes an identifier already checked by <see cref="RequireIdentifier"/>. Double quotes
    /// are standard SQL and work in DuckDB and in SQL Server (QUOTED_IDENTIFIER ON, the default).
    /// </summary>
    public static string Quote(string identifier) => "\"" + identifier + "\"";

    /// <summary>
    /// How a named parameter is written in SQL text. DuckDB uses <c>$name</c>; there <c>@name</c>
    /// is the abs() operator and would silently compare against something else. SQL Server
    /// (and most other ADO.NET providers) use <c>@name</c>.
    /// </summary>
    public static string Parameter(DbConnection connection, string name) =>
        IsDuckDb(connection) ? "$" + name : "@" + name;

    /// <summary>Calendar months from the month of <paramref name="from"/> to that of
    /// <paramref name="to"/> (two DATE expressions), in the connection's SQL.</summary>
    public static string MonthsBetween(DbConnection connection, string from, string to) =>
        IsDuckDb(connection) || IsPostgres(connection)
            ? $"CAST((EXTRACT(YEAR FROM {to}) - EXTRACT(YEAR FROM {from})) * 12 + EXTRACT(MONTH FROM {to}) - EXTRACT(MONTH FROM {from}) AS INTEGER)"
            : $"DATEDIFF(month, {from}, {to})";

    /// <summary>
    /// An aggregate over the rows of the FROM item aliased <paramref name="alias"/> that changes when
    /// any value of any row changes: the exact sum of a 64-bit hash of each whole row (DuckDB's
    /// <c>hash(row)</c>; on PostgreSQL the first 64 bits of the MD5 of the row's text). Null where
    /// the engine has no such hash (SQL Server's CHECKSUM is 32 bits and misses too much), so the
    /// caller treats the content as unknown.
    /// </summary>
    public static string? RowHashSum(DbConnection connection, string alias) =>
        IsDuckDb(connection) ? $"SUM(hash({alias}))"
        : IsPostgres(connection) ? $"SUM(('x' || substr(md5(CAST({alias} AS text)), 1, 16))::bit(64)::bigint)"
        : null;

    /// <summary>The column names of <paramref name="table"/> (a checked identifier), as a query of it returns them.</summary>
    public static async Task<HashSet<string>> ColumnNamesAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM " + Quote(table) + " WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            names.Add(reader.GetName(i));
        }
        return names;
    }

    /// <summary>Adds a named parameter to <paramref name="command"/> (name without prefix).</summary>
    public static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Precision and scale of the numeric columns of <paramref name="table"/> in the connection's
    /// current schema, from information_schema.columns (DuckDB, PostgreSQL and SQL Server all have it).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (int Precision, int Scale)>> DeclaredNumericColumnsAsync(
        DbConnection connection, string table, CancellationToken ct)
    {
        // DuckDB and PostgreSQL: current_database() / current_schema(); SQL Server: SCHEMA_NAME().
        string currentSchema = IsDuckDb(connection) || IsPostgres(connection)
            ? "table_catalog = current_database() AND table_schema = current_schema()"
            : "table_schema = SCHEMA_NAME()";
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT column_name, numeric_precision, numeric_scale FROM information_schema.columns " +
            "WHERE table_name = " + Parameter(connection, "table_name") + " AND " + currentSchema +
            " AND numeric_precision IS NOT NULL AND numeric_scale IS NOT NULL";
        AddParameter(command, "table_name", table);

        var columns = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            columns[reader.GetString(0)] = (
                Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        }
        return columns;
    }

    private static bool IsDuckDb(DbConnection connection) =>
        connection.GetType().FullName?.StartsWith("DuckDB.", StringComparison.Ordinal) == true;

    private static bool IsPostgres(DbConnection connection) =>
        connection.GetType().FullName?.StartsWith("Npgsql.", StringComparison.Ordinal) == true;

    public static void RequireOpen(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("The warehouse connection must be open.");
        }
    }
}

namespace Warehouse.Schema.Dialects;

/// <summary>
/// PostgreSQL 13 and later. Renders the same portable SQL as <see cref="DuckDbDialect"/> and
/// <see cref="TSqlDialect"/>. Parameters are written <c>@name</c> (Npgsql binds them by name).
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override string Name => "postgres";

    public override string ParameterReference(string name) => "@" + name;

    protected override string? Expand(string macro, IReadOnlyList<string> a) => macro switch
    {
        "timestamp" => "TIMESTAMP",
        "boolean" => "BOOLEAN",
        "true" => "TRUE",
        "false" => "FALSE",
        "is_true" => $"({Arg(a, 0, macro)})",
        "top" => "",
        "limit" => $"LIMIT {Arg(a, 0, macro)}",
        "today" => "CURRENT_DATE",
        "to_date" => $"CAST({Arg(a, 0, macro)} AS DATE)",
        "date_key" => $"CAST(EXTRACT(YEAR FROM {Arg(a, 0, macro)}) * 10000 + EXTRACT(MONTH FROM {a[0]}) * 100 + EXTRACT(DAY FROM {a[0]}) AS INTEGER)",
        "year" => $"CAST(EXTRACT(YEAR FROM {Arg(a, 0, macro)}) AS SMALLINT)",
        "quarter" => $"CAST(EXTRACT(QUARTER FROM {Arg(a, 0, macro)}) AS SMALLINT)",
        "month" => $"CAST(EXTRACT(MONTH FROM {Arg(a, 0, macro)}) AS SMALLINT)",
        // FM: no padding; the C locale's English names, as DuckDB and SQL Server (us_english) give.
        "month_name" => $"TO_CHAR({Arg(a, 0, macro)}, 'FMMonth')",
        "day_name" => $"TO_CHAR({Arg(a, 0, macro)}, 'FMDay')",
        "iso_year" => $"CAST(EXTRACT(ISOYEAR FROM {Arg(a, 0, macro)}) AS SMALLINT)",
        "iso_week" => $"CAST(EXTRACT(WEEK FROM {Arg(a, 0, macro)}) AS SMALLINT)",
        "iso_day_of_week" => $"CAST(EXTRACT(ISODOW FROM {Arg(a, 0, macro)}) AS SMALLINT)",
        "month_start" => $"CAST(DATE_TRUNC('month', {Arg(a, 0, macro)}) AS DATE)",
        "month_end" => $"CAST(DATE_TRUNC('month', {Arg(a, 0, macro)}) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)",
        "year_start" => $"CAST(DATE_TRUNC('year', {Arg(a, 0, macro)}) AS DATE)",
        "year_end" => $"CAST(DATE_TRUNC('year', {Arg(a, 0, macro)}) + INTERVAL '1 year' - INTERVAL '1 day' AS DATE)",
        "add_days" => $"(CAST({Arg(a, 0, macro)} AS DATE) + CAST({Arg(a, 1, macro)} AS INTEGER))",
        "add_minutes" => $"({Arg(a, 0, macro)} + MAKE_INTERVAL(mins => CAST({Arg(a, 1, macro)} AS INTEGER)))",
        "add_months" => $"CAST(CAST({Arg(a, 0, macro)} AS DATE) + MAKE_INTERVAL(months => CAST({Arg(a, 1, macro)} AS INTEGER)) AS DATE)",
        // The same point n months earlier: a month end maps to a month end, any other day to the
        // same day (PostgreSQL clamps it to the month's end).
        "months_before" => $"(CASE WHEN CAST({Arg(a, 0, macro)} AS DATE) = CAST(DATE_TRUNC('month', {a[0]}) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE) "
                           + $"THEN CAST(DATE_TRUNC('month', CAST({a[0]} AS DATE) - MAKE_INTERVAL(months => CAST({Arg(a, 1, macro)} AS INTEGER))) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE) "
                           + $"ELSE CAST(CAST({a[0]} AS DATE) - MAKE_INTERVAL(months => CAST({a[1]} AS INTEGER)) AS DATE) END)",
        // Calendar months between the two dates' months, as DuckDB's date_diff('month') and
        // SQL Server's DATEDIFF(month) count them.
        "months_between" => $"CAST((EXTRACT(YEAR FROM {Arg(a, 1, macro)}) - EXTRACT(YEAR FROM {Arg(a, 0, macro)})) * 12 "
                            + $"+ EXTRACT(MONTH FROM {a[1]}) - EXTRACT(MONTH FROM {a[0]}) AS INTEGER)",
        "days_between" => $"(CAST({Arg(a, 1, macro)} AS DATE) - CAST({Arg(a, 0, macro)} AS DATE))",
        "ceil_div" => $"((CAST({Arg(a, 0, macro)} AS BIGINT) + CAST({Arg(a, 1, macro)} AS BIGINT) - 1) / CAST({a[1]} AS BIGINT))",
        "with_recursive" => "WITH RECURSIVE",
        "columnstore_index" => "",
        // One load at a time: a session-level advisory lock (released with the connection).
        "try_load_lock" => "SELECT CASE WHEN pg_try_advisory_lock(74657201) THEN 1 ELSE 0 END",
        "release_load_lock" => "SELECT CASE WHEN pg_advisory_unlock(74657201) THEN 1 ELSE 0 END",
        "rename_table" => $"ALTER TABLE {Arg(a, 0, macro)} RENAME TO {Arg(a, 1, macro)}",
        // Exact a / b truncated toward zero at the 8th decimal, as DECIMAL(38,8); NULL when b = 0.
        // (Scale 16 operands make PostgreSQL divide to at least 16 decimals.)
        "ratio" => $"CAST(TRUNC(CAST({Arg(a, 0, macro)} AS NUMERIC(38,16)) / NULLIF(CAST({Arg(a, 1, macro)} AS NUMERIC(38,16)), 0), 8) AS DECIMAL(38,8))",
        "month_series" => $"SELECT CAST(s.d AS DATE) AS {Arg(a, 3, macro)} FROM {a[0]} "
                          + $"CROSS JOIN LATERAL GENERATE_SERIES(CAST({Arg(a, 1, macro)} AS TIMESTAMP), CAST({Arg(a, 2, macro)} AS TIMESTAMP), INTERVAL '1 month') AS s(d)",
        "day_series" => $"SELECT CAST(s.d AS DATE) AS {Arg(a, 3, macro)} FROM {a[0]} "
                        + $"CROSS JOIN LATERAL GENERATE_SERIES(CAST({Arg(a, 1, macro)} AS TIMESTAMP), CAST({Arg(a, 2, macro)} AS TIMESTAMP), INTERVAL '1 day') AS s(d)",
        _ => null,
    };
}

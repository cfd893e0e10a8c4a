namespace Warehouse.Schema.Dialects;

/// <summary>The embedded default warehouse: DuckDB.</summary>
public sealed class DuckDbDialect : SqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public override string Name => "duckdb";

    // DuckDB 1.5.6 loses every row of an INSERT (whose rows fill a row group of 122,880 in one
    // thread, at 2 threads or more) that follows, in the same transaction, an order-preserving
    // INSERT ... SELECT into the same table over an empty input (an empty table; a window or ORDER BY
    // over the empty target, as dim_customer on a first load). The runner's EmptyInsertGuard runs an
    // insert into a table an earlier insert of the transaction left empty-handed with one thread;
    // everything else uses the threads of Warehouse:Threads (DuckDB's default: all cores). Insertion
    // order is not preserved (less memory; no SQL of ours relies on it). See DuckDbSessionTests.
    public override IReadOnlyList<string> SessionSetup => ["SET preserve_insertion_order = false"];

    public override EmptyInsertGuard NewStatementGuard() => new();

    // `@name` is DuckDB's abs() operator; parameters are `$name`.
    public override string ParameterReference(string name) => "$" + name;

    protected override string? Expand(string macro, IReadOnlyList<string> a) => macro switch
    {
        "timestamp" => "TIMESTAMP",
        "boolean" => "BOOLEAN",
        "true" => "TRUE",
        "false" => "FALSE",
        "is_true" => $"({Arg(a, 0, macro)})",
        // Row limits: `SELECT {{top(n)}} ... {{limit(n)}}` (TOP in T-SQL, LIMIT here).
        "top" => "",
        "limit" => $"LIMIT {Arg(a, 0, macro)}",
        "today" => "current_date",
        "to_date" => $"CAST({Arg(a, 0, macro)} AS DATE)",
        "date_key" => $"CAST(year({Arg(a, 0, macro)}) * 10000 + month({a[0]}) * 100 + day({a[0]}) AS INTEGER)",
        "year" => $"CAST(year({Arg(a, 0, macro)}) AS SMALLINT)",
        "quarter" => $"CAST(quarter({Arg(a, 0, macro)}) AS SMALLINT)",
        "month" => $"CAST(month({Arg(a, 0, macro)}) AS SMALLINT)",
        "month_name" => $"monthname({Arg(a, 0, macro)})",
        "day_name" => $"dayname({Arg(a, 0, macro)})",
        "iso_year" => $"CAST(isoyear({Arg(a, 0, macro)}) AS SMALLINT)",
        "iso_week" => $"CAST(week({Arg(a, 0, macro)}) AS SMALLINT)",
        "iso_day_of_week" => $"CAST(isodow({Arg(a, 0, macro)}) AS SMALLINT)",
        "month_start" => $"CAST(date_trunc('month', {Arg(a, 0, macro)}) AS DATE)",
        "month_end" => $"CAST(last_day({Arg(a, 0, macro)}) AS DATE)",
        "year_start" => $"CAST(date_trunc('year', {Arg(a, 0, macro)}) AS DATE)",
        "year_end" => $"CAST(date_trunc('year', {Arg(a, 0, macro)}) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE)",
        "add_days" => $"CAST(CAST({Arg(a, 0, macro)} AS DATE) + CAST({Arg(a, 1, macro)} AS INTEGER) AS DATE)",
        "add_minutes" => $"({Arg(a, 0, macro)} + to_minutes(CAST({Arg(a, 1, macro)} AS BIGINT)))",
        "add_months" => $"CAST(CAST({Arg(a, 0, macro)} AS DATE) + to_months(CAST({Arg(a, 1, macro)} AS INTEGER)) AS DATE)",
        // The same point n months earlier: a month end maps to a month end (2024-02-29 -> 2023-02-28,
        // 2024-04-30 -> 2024-03-31), any other day to the same day (clamped to the month's end).
        "months_before" => $"(CASE WHEN CAST({Arg(a, 0, macro)} AS DATE) = last_day(CAST({a[0]} AS DATE)) "
                           + $"THEN CAST(last_day(CAST({a[0]} AS DATE) - to_months(CAST({Arg(a, 1, macro)} AS INTEGER))) AS DATE) "
                           + $"ELSE CAST(CAST({a[0]} AS DATE) - to_months(CAST({a[1]} AS INTEGER)) AS DATE) END)",
        "months_between" => $"CAST(date_diff('month', CAST({Arg(a, 0, macro)} AS DATE), CAST({Arg(a, 1, macro)} AS DATE)) AS INTEGER)",
        // ceil(a / b) for a >= 0, b > 0, in integers.
        "ceil_div" => $"((CAST({Arg(a, 0, macro)} AS BIGINT) + CAST({Arg(a, 1, macro)} AS BIGINT) - 1) // CAST({a[1]} AS BIGINT))",
        "with_recursive" => "WITH RECURSIVE",
        "columnstore_index" => "",
        // One load at a time: DuckDB's own file lock already admits one writing process.
        "try_load_lock" => "SELECT 1",
        "release_load_lock" => "SELECT 1",
        "rename_table" => $"ALTER TABLE {Arg(a, 0, macro)} RENAME TO {Arg(a, 1, macro)}",
        "days_between" => $"CAST(date_diff('day', CAST({Arg(a, 0, macro)} AS DATE), CAST({Arg(a, 1, macro)} AS DATE)) AS INTEGER)",
        // Exact a / b as DECIMAL(38,8), truncated toward zero at the 8th decimal (so rounding the
        // result half away from zero to 2 decimals equals rounding the exact quotient); NULL when b = 0.
        "ratio" => "CAST(CAST("
                   + $"CAST(CAST({Arg(a, 0, macro)} AS DECIMAL(38,8)) * 100000000 AS HUGEINT) * 100000000"
                   + $" // NULLIF(CAST(CAST({Arg(a, 1, macro)} AS DECIMAL(38,8)) * 100000000 AS HUGEINT), 0)"
                   + " AS DECIMAL(38,0)) * CAST(0.00000001 AS DECIMAL(9,8)) AS DECIMAL(38,8))",
        // A SELECT yielding one row per month start from first to last (month starts), as column `name`.
        "month_series" => $"SELECT CAST(UNNEST(generate_series(CAST({Arg(a, 1, macro)} AS DATE), CAST({Arg(a, 2, macro)} AS DATE), INTERVAL 1 MONTH)) AS DATE) AS {Arg(a, 3, macro)} FROM {a[0]}",
        // A SELECT yielding one row per day from first to last (columns of `source`), as column `name`.
        "day_series" => $"SELECT CAST(UNNEST(generate_series({Arg(a, 1, macro)}, {Arg(a, 2, macro)}, INTERVAL 1 DAY)) AS DATE) AS {Arg(a, 3, macro)} FROM {a[0]}",
        _ => null,
    };
}

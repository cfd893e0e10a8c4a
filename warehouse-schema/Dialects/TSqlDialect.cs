namespace Warehouse.Schema.Dialects;

/// <summary>
/// SQL Server 2022 / Azure SQL (T-SQL). Renders the same portable SQL as <see cref="DuckDbDialect"/>.
/// Day and month series use GENERATE_SERIES (compatibility level 160).
/// </summary>
public sealed class TSqlDialect : SqlDialect
{
    public static TSqlDialect Instance { get; } = new();

    public override string Name => "sqlserver";

    public override string ParameterReference(string name) => "@" + name;

    protected override string? Expand(string macro, IReadOnlyList<string> a) => macro switch
    {
        "timestamp" => "DATETIME2(6)",
        "boolean" => "BIT",
        "true" => "1",
        "false" => "0",
        "is_true" => $"({Arg(a, 0, macro)} = 1)",
        "top" => $"TOP ({Arg(a, 0, macro)})",
        "limit" => "",
        "today" => "CAST(SYSDATETIME() AS DATE)",
        "to_date" => $"CAST({Arg(a, 0, macro)} AS DATE)",
        "date_key" => $"CAST(YEAR({Arg(a, 0, macro)}) * 10000 + MONTH({a[0]}) * 100 + DAY({a[0]}) AS INT)",
        "year" => $"CAST(YEAR({Arg(a, 0, macro)}) AS SMALLINT)",
        "quarter" => $"CAST(DATEPART(quarter, {Arg(a, 0, macro)}) AS SMALLINT)",
        "month" => $"CAST(MONTH({Arg(a, 0, macro)}) AS SMALLINT)",
        "month_name" => $"DATENAME(month, {Arg(a, 0, macro)})",
        "day_name" => $"DATENAME(weekday, {Arg(a, 0, macro)})",
        // The ISO year is the year of the week's Thursday.
        "iso_year" => $"CAST(YEAR(DATEADD(day, 26 - DATEPART(iso_week, {Arg(a, 0, macro)}), {a[0]})) AS SMALLINT)",
        "iso_week" => $"CAST(DATEPART(iso_week, {Arg(a, 0, macro)}) AS SMALLINT)",
        "iso_day_of_week" => $"CAST((DATEPART(weekday, {Arg(a, 0, macro)}) + @@DATEFIRST + 5) % 7 + 1 AS SMALLINT)",
        "month_start" => $"DATEFROMPARTS(YEAR({Arg(a, 0, macro)}), MONTH({a[0]}), 1)",
        "month_end" => $"EOMONTH({Arg(a, 0, macro)})",
        "year_start" => $"DATEFROMPARTS(YEAR({Arg(a, 0, macro)}), 1, 1)",
        "year_end" => $"DATEFROMPARTS(YEAR({Arg(a, 0, macro)}), 12, 31)",
        "add_days" => $"DATEADD(day, {Arg(a, 1, macro)}, CAST({Arg(a, 0, macro)} AS DATE))",
        "add_minutes" => $"DATEADD(minute, {Arg(a, 1, macro)}, {Arg(a, 0, macro)})",
        "add_months" => $"DATEADD(month, {Arg(a, 1, macro)}, CAST({Arg(a, 0, macro)} AS DATE))",
        "months_before" => $"(CASE WHEN CAST({Arg(a, 0, macro)} AS DATE) = EOMONTH({a[0]}) "
                           + $"THEN EOMONTH(DATEADD(month, -({Arg(a, 1, macro)}), CAST({a[0]} AS DATE))) "
                           + $"ELSE DATEADD(month, -({a[1]}), CAST({a[0]} AS DATE)) END)",
        "months_between" => $"DATEDIFF(month, {Arg(a, 0, macro)}, {Arg(a, 1, macro)})",
        "days_between" => $"DATEDIFF(day, {Arg(a, 0, macro)}, {Arg(a, 1, macro)})",
        "ceil_div" => $"((CAST({Arg(a, 0, macro)} AS BIGINT) + CAST({Arg(a, 1, macro)} AS BIGINT) - 1) / CAST({a[1]} AS BIGINT))",
        "with_recursive" => "WITH",
        // A fact table stored column-wise: SQL Server's clustered columnstore index; nothing where
        // the engine stores every table so (DuckDB) or has no such index (PostgreSQL).
        "columnstore_index" => $"CREATE CLUSTERED COLUMNSTORE INDEX cci_{Arg(a, 0, macro)} ON {a[0]}",
        // One load at a time: a session-owned application lock (released with the connection).
        "try_load_lock" => "DECLARE @granted INT; EXEC @granted = sp_getapplock @Resource = N'warehouse-load', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT CASE WHEN @granted >= 0 THEN 1 ELSE 0 END",
        "release_load_lock" => "DECLARE @released INT; EXEC @released = sp_releaseapplock @Resource = N'warehouse-load', @LockOwner = 'Session'; SELECT CASE WHEN @released >= 0 THEN 1 ELSE 0 END",
        "rename_table" => $"EXEC sp_rename '{Arg(a, 0, macro)}', '{Arg(a, 1, macro)}'",
        // DECIMAL(28,8) / DECIMAL(18,8) has scale 10 in SQL Server; truncate (ROUND mode 1) to 8.
        "ratio" => $"CAST(ROUND(CAST({Arg(a, 0, macro)} AS DECIMAL(28,8)) / NULLIF(CAST({Arg(a, 1, macro)} AS DECIMAL(18,8)), 0), 8, 1) AS DECIMAL(38,8))",
        "month_series" => $"SELECT CAST(DATEADD(month, s.value, {Arg(a, 1, macro)}) AS DATE) AS {Arg(a, 3, macro)} "
                          + $"FROM {a[0]} CROSS APPLY GENERATE_SERIES(0, DATEDIFF(month, {a[1]}, {Arg(a, 2, macro)})) AS s",
        "day_series" => $"SELECT CAST(DATEADD(day, s.value, {Arg(a, 1, macro)}) AS DATE) AS {Arg(a, 3, macro)} "
                        + $"FROM {a[0]} CROSS APPLY GENERATE_SERIES(0, DATEDIFF(day, {a[1]}, {Arg(a, 2, macro)})) AS s",
        _ => null,
    };
}

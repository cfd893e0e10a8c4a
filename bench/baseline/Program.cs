// Benchmark baseline (issue 7): reads baseline.sql (copied beside the program), substitutes the CSV
// folder and the as-of date, runs it on an in-memory DuckDB and prints every result row as one line
// of space-separated values, then "elapsed_ms <n>" (reading the CSVs and computing, all in DuckDB).
// All computation is in the SQL; this program only runs it and prints.
//
//   dotnet run -c Release --project bench/baseline -- <csv-folder> <yyyy-MM-dd>
//
// With --project it prints the same summary read from the project's marts in a DuckDB warehouse
// file (project_summary.sql; the marts must hold that as-of date), for comparison:
//
//   dotnet run -c Release --project bench/baseline -- --project <warehouse.duckdb> <yyyy-MM-dd>
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

bool project = args.Length == 3 && args[0] == "--project";
string[] rest = project ? args[1..] : args;
if (rest.Length != 2 || !DateOnly.TryParseExact(rest[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
{
    Console.Error.WriteLine("usage: baseline <csv-folder> <yyyy-MM-dd>");
    Console.Error.WriteLine("       baseline --project <warehouse.duckdb> <yyyy-MM-dd>");
    return 2;
}
string input = Path.GetFullPath(rest[0]);
if (project ? !File.Exists(input) : !File.Exists(Path.Combine(input, "orders.csv")))
{
    Console.Error.WriteLine(project ? $"no warehouse file {input}" : $"no orders.csv in {input}");
    return 2;
}

string sqlPath = Path.Combine(AppContext.BaseDirectory, project ? "project_summary.sql" : "baseline.sql");
string sql = File.ReadAllText(sqlPath)
    .Replace(project ? "{{warehouse}}" : "{{csv_folder}}", input.Replace("'", "''"))
    .Replace("{{as_of}}", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

var lines = new List<string>();
var clock = Stopwatch.StartNew();
using (var connection = new DuckDBConnection("DataSource=:memory:"))
{
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    using var reader = command.ExecuteReader();
    do
    {
        var values = new object[reader.FieldCount];
        while (reader.Read())
        {
            reader.GetValues(values);
            lines.Add(string.Join(' ', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }
    } while (reader.NextResult());
}
clock.Stop();

foreach (var line in lines)
    Console.WriteLine(line);
Console.WriteLine($"elapsed_ms {clock.ElapsedMilliseconds}");
return 0;

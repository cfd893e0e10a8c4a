using System.Text.Json;
using DuckDB.NET.Data;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>Issue 12, class 7: a flat file's timestamps with an offset are stored the same on a
/// machine in UTC and on one in Tokyo (the `warehouse run` process started with TZ=UTC and with
/// TZ=Asia/Tokyo), in Source:Flat:TimeZone (UTC unless configured).</summary>
public sealed class TimeZoneCommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warehouse-tests", Guid.NewGuid().ToString("N"));

    public TimeZoneCommandLineTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "lines.csv"), string.Join("\n",
            "order_id,order_ts,customer_id,country,product_id,quantity,unit_price",
            "1,2010-12-01T08:28:00Z,C1,UK,P1,1,1.00",
            "2,2010-12-01T17:28:00+09:00,C1,UK,P1,1,1.00",
            "3,2010-12-01 08:28:00,C1,UK,P1,1,1.00") + "\n");   // no offset: the source's wall clock
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Runs the job in a process with the machine zone <paramref name="machineZone"/> (TZ)
    /// and returns order_id and order_ts (HH:mm) of each order stored.</summary>
    private List<string> Run(string machineZone, string? timeZone)
    {
        using var process = Start(machineZone, timeZone, out var database);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "warehouse run did not finish");
        Assert.True(process.ExitCode == 0, process.Stdout + "\n" + process.Stderr);
        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        return TempWarehouse.Rows(connection, "SELECT order_id, strftime(order_ts, '%Y-%m-%d %H:%M') FROM fact_order ORDER BY order_id")
            .Select(r => $"{r[0]} {r[1]}").ToList();
    }

    private WarehouseProcess Start(string machineZone, string? timeZone, out string database)
    {
        var name = $"{machineZone.Replace('/', '-')}-{timeZone?.Replace('/', '-') ?? "default"}";
        var flat = new Dictionary<string, object>
        {
            ["TimestampFormats"] = new[] { "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-dd HH:mm:ss" },
            ["Columns"] = new[] { "order_id", "order_ts", "customer_id", "country", "product_id", "quantity", "unit_price" }.ToDictionary(c => c, c => c),
        };
        if (timeZone is not null) flat["TimeZone"] = timeZone;
        var config = Path.Combine(_folder, name + ".json");
        database = Path.Combine(_folder, name + ".duckdb");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Warehouse = new { Path = database },
            Source = new { Kind = "flatfile", Path = Path.Combine(_folder, "lines.csv"), Flat = flat },
        }));
        return WarehouseProcess.Start(_folder, new Dictionary<string, string> { ["TZ"] = machineZone },
            "run", "--config", config, "--no-publish", "--as-of", "2010-12-31");
    }

    [Fact]
    public void The_same_file_is_stored_the_same_on_a_utc_and_on_a_tokyo_machine()
    {
        string[] utc = ["1 2010-12-01 08:28", "2 2010-12-01 08:28", "3 2010-12-01 08:28"];
        Assert.Equal(utc, Run("UTC", timeZone: null));
        Assert.Equal(utc, Run("Asia/Tokyo", timeZone: null));
    }

    [Fact]
    public void With_time_zone_Asia_Tokyo_the_offsets_are_stored_as_Tokyo_wall_clock_on_any_machine()
    {
        string[] tokyo = ["1 2010-12-01 17:28", "2 2010-12-01 17:28", "3 2010-12-01 08:28"];
        Assert.Equal(tokyo, Run("UTC", "Asia/Tokyo"));
        Assert.Equal(tokyo, Run("Asia/Tokyo", "Asia/Tokyo"));
    }

    [Fact]
    public void An_unknown_time_zone_exits_2_with_one_line_naming_the_setting()
    {
        using var process = Start("UTC", "Mars/Olympus", out _);
        Assert.Equal(2, process.WaitForExitCode(TimeSpan.FromMinutes(2)));
        Assert.Equal("error: Source:Flat:TimeZone 'Mars/Olympus' is not a time zone this machine knows; use an IANA id such as UTC, Europe/London or Asia/Tokyo.",
            process.Stderr.Trim());
    }
}

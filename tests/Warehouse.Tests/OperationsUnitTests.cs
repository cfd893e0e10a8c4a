using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Warehouse.Cli.Commands;
using Warehouse.Cli.Locking;
using Warehouse.Cli.Logging;
using Warehouse.Cli.Resilience;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;

namespace Warehouse.Tests;

/// <summary>The pieces of the operational features, in process: redaction, retries, the lock, cron.</summary>
[Collection("environment")]
public sealed class OperationsUnitTests
{
    [Theory]
    [InlineData("Server=db;User Id=etl;Password=s3cret-XYZ;Encrypt=true", "Server=db;User Id=etl;Password=***;Encrypt=true")]
    [InlineData("Server=db;pwd = s3cret-XYZ", "Server=db;pwd = ***")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=s3cretKEY==;EndpointSuffix=core.windows.net", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=***;EndpointSuffix=core.windows.net")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=sv=2024&sig=abc%2Bdef", "BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=***")]
    [InlineData("failed: https://x.blob.core.windows.net/c?sv=2024-01-01&sp=rw&sig=abc%2Bdef%3D&se=2030", "failed: https://x.blob.core.windows.net/c?sv=2024-01-01&sp=rw&sig=***&se=2030")]
    [InlineData("Password=\"with;semicolon\";Data Source=x", "Password=***;Data Source=x")]
    [InlineData("Data Source=data/source.db", "Data Source=data/source.db")]
    public void Redactor_masks_secret_values_and_nothing_else(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text));

    [Fact]
    public void Command_errors_are_redacted()
    {
        var previous = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var code = CommandGuard.Run(() => throw new InvalidOperationException("cannot connect with 'Data Source=x;Password=s3cret-XYZ'"));
            Assert.Equal(1, code);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.DoesNotContain("s3cret", captured.ToString());
        Assert.Contains("Password=***", captured.ToString());
    }

    [Fact]
    public void Transient_failures_are_retried_then_succeed()
    {
        var attempts = 0;
        var value = TransientRetry.Open(() => ++attempts < 3 ? throw new IOException("share unavailable") : "open",
            retries: 3, TimeSpan.Zero, NullLogger.Instance, "the source");
        Assert.Equal("open", value);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public void Retries_give_up_after_the_configured_count()
    {
        var attempts = 0;
        Assert.Throws<TimeoutException>(() => TransientRetry.Open<string>(() => { attempts++; throw new TimeoutException("slow"); },
            retries: 2, TimeSpan.Zero, NullLogger.Instance, "the source"));
        Assert.Equal(3, attempts);   // the first try and two retries

        attempts = 0;
        Assert.Throws<TimeoutException>(() => TransientRetry.Open<string>(() => { attempts++; throw new TimeoutException("slow"); },
            retries: 0, TimeSpan.Zero, NullLogger.Instance, "the source"));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public void A_busy_warehouse_a_missing_file_or_bad_configuration_is_not_retried()
    {
        foreach (var error in new Exception[]
                 {
                     new WarehouseBusyException("busy", new IOException()),
                     new FileNotFoundException("missing"),
                     new InvalidOperationException("bad configuration"),
                     new Microsoft.Data.Sqlite.SqliteException("not a database", 26),
                 })
        {
            var attempts = 0;
            var thrown = Assert.ThrowsAny<Exception>(() => TransientRetry.Open<string>(() => { attempts++; throw error; },
                retries: 3, TimeSpan.Zero, NullLogger.Instance, "the warehouse"));
            Assert.Same(error, thrown);
            Assert.Equal(1, attempts);
        }
        Assert.True(TransientRetry.IsTransient(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
    }

    [Fact]
    public void The_lock_is_exclusive_and_released_on_dispose()
    {
        var folder = Path.Combine(Path.GetTempPath(), "warehouse-lock-tests", Guid.NewGuid().ToString("N"));
        var warehouse = Path.Combine(folder, "warehouse.duckdb");
        try
        {
            using (var first = WarehouseLock.Acquire(warehouse))
            {
                Assert.Equal(warehouse + ".lock", first.Path);
                var busy = Assert.Throws<WarehouseBusyException>(() => WarehouseLock.Acquire(warehouse));
                Assert.Contains("in use by another process", busy.Message);
            }
            using var again = WarehouseLock.Acquire(warehouse);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Cron_expressions_with_five_or_six_fields_in_a_time_zone()
    {
        var nightly = ScheduleCommand.ParseCron("0 2 * * *");
        var london = ScheduleCommand.FindTimeZone("Europe/London");
        // Summer time: 02:00 in London is 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 7, 2, 1, 0, 0, TimeSpan.Zero),
            nightly.GetNextOccurrence(new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero), london)!.Value.ToUniversalTime());
        // Winter: 02:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 12, 2, 2, 0, 0, TimeSpan.Zero),
            nightly.GetNextOccurrence(new DateTimeOffset(2025, 12, 1, 12, 0, 0, TimeSpan.Zero), london)!.Value.ToUniversalTime());
        var everyTwoSeconds = ScheduleCommand.ParseCron("*/2 * * * * *");
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 2, TimeSpan.Zero),
            everyTwoSeconds.GetNextOccurrence(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
        Assert.Throws<FormatException>(() => ScheduleCommand.ParseCron("every night"));
        Assert.Throws<ArgumentException>(() => ScheduleCommand.FindTimeZone("Mars/Base"));
    }

    [Fact]
    public void Retry_and_logging_settings_have_defaults_and_are_validated()
    {
        var defaults = new WarehouseSettings();
        Assert.Equal(3, defaults.Source.Retries);
        Assert.Equal("text", defaults.Logging.Format);
        try
        {
            Environment.SetEnvironmentVariable("WAREHOUSE_Source__Retries", "5");
            Environment.SetEnvironmentVariable("WAREHOUSE_Logging__Format", "json");
            var s = SettingsLoader.Load();
            Assert.Equal(5, s.Source.Retries);
            Assert.Equal("json", s.Logging.Format);
            Environment.SetEnvironmentVariable("WAREHOUSE_Source__Retries", "-1");
            Assert.Throws<SettingsException>(() => SettingsLoader.Load());
            Environment.SetEnvironmentVariable("WAREHOUSE_Source__Retries", null);
            Environment.SetEnvironmentVariable("WAREHOUSE_Logging__Format", "xml");
            Assert.Throws<SettingsException>(() => SettingsLoader.Load());
            Environment.SetEnvironmentVariable("WAREHOUSE_Logging__Format", null);
            Assert.Equal("1GB", SettingsLoader.Load().Warehouse.MemoryLimit);
            Environment.SetEnvironmentVariable("WAREHOUSE_Warehouse__MemoryLimit", "lots");
            Assert.Contains("not an amount of memory", Assert.Throws<SettingsException>(() => SettingsLoader.Load()).Message);
            Environment.SetEnvironmentVariable("WAREHOUSE_Warehouse__MemoryLimit", "512MB");
            Assert.Equal("512MB", SettingsLoader.Load().Warehouse.MemoryLimit);
        }
        finally
        {
            Environment.SetEnvironmentVariable("WAREHOUSE_Source__Retries", null);
            Environment.SetEnvironmentVariable("WAREHOUSE_Logging__Format", null);
            Environment.SetEnvironmentVariable("WAREHOUSE_Warehouse__MemoryLimit", null);
        }
    }

    [Fact]
    public void Log_lines_are_written_before_the_log_call_returns()
    {
        // A killed process keeps what it logged: the line is in the writer when Log returns (no
        // background queue), warnings go to stderr, and JSON lines are whole objects.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using (var provider = new SynchronousConsoleLoggerProvider(json: false, stdout, stderr))
        {
            var log = provider.CreateLogger("run");
            log.LogInformation("stage {Table}: {Rows} rows", "orders", 11194);
            Assert.Matches(@"^\d\d:\d\d:\d\d info: run\[0\] stage orders: 11194 rows\r?\n$", stdout.ToString());
            log.LogWarning("quarantined {Rows} rows", 3);
            Assert.Contains("warn: run[0] quarantined 3 rows", stderr.ToString());
            Assert.DoesNotContain("quarantined", stdout.ToString());
        }

        var jsonOut = new StringWriter();
        using (var provider = new SynchronousConsoleLoggerProvider(json: true, jsonOut, new StringWriter()))
        {
            provider.CreateLogger("report").LogInformation("published {Rows} rows of {Table}", 42, "fact_order");
            var line = jsonOut.ToString();
            Assert.EndsWith(Environment.NewLine, line);
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            Assert.Equal("Information", doc.RootElement.GetProperty("LogLevel").GetString());
            Assert.Equal("report", doc.RootElement.GetProperty("Category").GetString());
            Assert.Equal("published 42 rows of fact_order", doc.RootElement.GetProperty("Message").GetString());
            Assert.Equal(42, doc.RootElement.GetProperty("State").GetProperty("Rows").GetInt32());
            Assert.Equal("fact_order", doc.RootElement.GetProperty("State").GetProperty("Table").GetString());
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Warehouse.Tests;

/// <summary>`warehouse publish --to blob` and `run` with Publish:To blob as a user meets them: settings
/// checked before any work (exit 2, nothing written), an outage that ends in one line saying what to do (exit 1).</summary>
public sealed class BlobPublishCommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warehouse-blob-cli-tests", Guid.NewGuid().ToString("N"));

    public BlobPublishCommandLineTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private (int Code, string Out, string Err) Warehouse(IDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warehouse.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Nothing from the machine running the tests: only the variables given.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("WAREHOUSE_", StringComparison.Ordinal) || k.StartsWith("AZURE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "warehouse did not finish in 3 minutes");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static readonly Dictionary<string, string?> None = new();

    private string[] RunFolders() => Directory.Exists(Path.Combine(_folder, "out", "runs"))
        ? Directory.GetDirectories(Path.Combine(_folder, "out", "runs")).Order(StringComparer.Ordinal).ToArray()
        : [];

    private void LoadAndPublishLocally()
    {
        var (sample, _, sampleError) = Warehouse(None, "generate-sample", "--customers", "200");
        Assert.True(sample == 0, sampleError);
        var (run, _, runError) = Warehouse(None, "run");
        Assert.True(run == 0, runError);
        Assert.Single(RunFolders());
    }

    [Fact]
    public void Publish_to_blob_without_a_credential_exits_2_before_any_work_naming_the_settings_and_their_variables()
    {
        LoadAndPublishLocally();
        var before = RunFolders();
        string latest = File.ReadAllText(Path.Combine(_folder, "out", "latest.json"));

        var (code, output, error) = Warehouse(new Dictionary<string, string?> { ["WAREHOUSE_Publish__Blob__Container"] = "bi-data" }, "publish", "--to", "blob");

        Assert.Equal(2, code);
        Assert.Equal(
            "error: Publish:Blob: set exactly one of ConnectionString, SasUrl or AccountUrl (0 set): in the configuration or as "
            + "WAREHOUSE_Publish__Blob__ConnectionString (or AZURE_STORAGE_CONNECTION_STRING), WAREHOUSE_Publish__Blob__SasUrl, WAREHOUSE_Publish__Blob__AccountUrl",
            error.Trim());
        // Nothing was published: no new run folder, latest.json as it was, no line about publishing.
        Assert.Equal(before, RunFolders());
        Assert.Equal(latest, File.ReadAllText(Path.Combine(_folder, "out", "latest.json")));
        Assert.DoesNotContain("Publishing", output);
    }

    [Fact]
    public void Publish_to_blob_without_a_container_exits_2_naming_it()
    {
        LoadAndPublishLocally();
        var before = RunFolders();
        var (code, _, error) = Warehouse(new Dictionary<string, string?>
        {
            ["WAREHOUSE_Publish__Blob__ConnectionString"] = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net",
        }, "publish", "--to", "blob");

        Assert.Equal(2, code);
        Assert.Equal("error: Publish:Blob: Container must be set: in the configuration or as WAREHOUSE_Publish__Blob__Container", error.Trim());
        Assert.Equal(before, RunFolders());
    }

    [Fact]
    public void Run_with_Publish_To_blob_and_a_malformed_SAS_URL_exits_2_before_opening_anything()
    {
        var (sample, _, sampleError) = Warehouse(None, "generate-sample", "--customers", "200");
        Assert.True(sample == 0, sampleError);

        var (code, output, error) = Warehouse(new Dictionary<string, string?>
        {
            ["WAREHOUSE_Publish__To"] = "blob",
            ["WAREHOUSE_Publish__Blob__SasUrl"] = "acct.blob.core.windows.net/bi-data?sv=2024-08-04&sig=SECRETSIG",
        }, "run");

        Assert.Equal(2, code);
        Assert.Equal(
            "error: Publish:Blob: SasUrl must be an absolute URL with a SAS token: https://<account>.blob.core.windows.net/<container>?<token>: "
            + "in the configuration or as WAREHOUSE_Publish__Blob__SasUrl",
            error.Trim());
        Assert.DoesNotContain("SECRETSIG", output + error);
        // Before any work: the warehouse was not even created, nothing was published.
        Assert.False(File.Exists(Path.Combine(_folder, "data", "warehouse.duckdb")));
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    [Fact]
    public void Schedule_with_Publish_To_blob_and_no_credential_exits_2_at_once_not_at_the_first_run()
    {
        var clock = Stopwatch.StartNew();
        var (code, output, error) = Warehouse(new Dictionary<string, string?> { ["WAREHOUSE_Publish__To"] = "blob" },
            "schedule", "--cron", "0 2 * * *", "--time-zone", "Europe/London");

        Assert.Equal(2, code);
        Assert.StartsWith("error: Publish:Blob: set exactly one of ConnectionString, SasUrl or AccountUrl (0 set)", error.Trim());
        Assert.DoesNotContain("Next run at", output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void An_unreachable_service_logs_each_retry_and_ends_in_one_line_saying_what_to_do_with_exit_1()
    {
        LoadAndPublishLocally();
        string previous = Path.GetFileName(RunFolders()[0]);
        int port = UnusedPort();
        var clock = Stopwatch.StartNew();

        var (code, output, error) = Warehouse(new Dictionary<string, string?>
        {
            ["WAREHOUSE_Publish__Blob__ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;"
                + $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            ["WAREHOUSE_Publish__Blob__Container"] = "bi-data",
            ["WAREHOUSE_Publish__Blob__MaxRetries"] = "1",
        }, "publish", "--to", "blob");

        Assert.Equal(1, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        // A warning per retry, while it happens.
        Assert.Contains("retry 1 of 1 in ", output + error);
        Assert.Contains("Connection refused", output + error);
        // Then one line: which publish, where latest.json stands, the setting and the command.
        var last = error.Trim().Split('\n').Last();
        Assert.StartsWith("error: Uploading the publish of run 1 (", last);
        string local = RunFolders().Single(f => Path.GetFileName(f) != previous);
        Assert.Contains(local, last);
        Assert.Contains("Connection refused", last);
        Assert.Contains("after 1 retries per request", last);
        Assert.Contains("the container's latest.json did not move", last);
        Assert.Contains("Publish:Blob:MaxRetries (WAREHOUSE_Publish__Blob__MaxRetries, now 1)", last);
        Assert.Contains("`warehouse publish --to blob` to try again", last);
        Assert.DoesNotContain("AggregateException", output + error);
        Assert.DoesNotContain("c2VjcmV0", output + error);
    }

    private static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

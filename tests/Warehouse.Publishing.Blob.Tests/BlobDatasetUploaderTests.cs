using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Warehouse.Reports.Tests;

namespace Warehouse.Publishing.Blob.Tests;

/// <summary>Integration tests against Azurite (tests/node), started on 127.0.0.1 and a free port per test.</summary>
public sealed class BlobDatasetUploaderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "blob-publish-tests-" + Guid.NewGuid().ToString("N"));
    private static readonly DateTimeOffset T0 = new(2025, 4, 1, 2, 0, 0, TimeSpan.Zero);

    public BlobDatasetUploaderTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static BlobPublishOptions Options(Azurite azurite, string container = "bi-data", string prefix = "warehouse", int keep = 7) => new()
    {
        ConnectionString = azurite.ConnectionString,
        Container = container,
        Prefix = prefix,
        Keep = keep,
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        NetworkTimeout = TimeSpan.FromSeconds(10),
    };

    private static async Task<JsonElement> DownloadJsonAsync(BlobContainerClient container, string name)
    {
        var content = await container.GetBlobClient(name).DownloadContentAsync();
        return JsonDocument.Parse(content.Value.Content.ToString()).RootElement.Clone();
    }

    private static async Task<List<string>> ListAsync(BlobContainerClient container, string prefix = "")
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    [NodeFact]
    public async Task Uploads_every_file_then_the_manifest_then_latest_json_and_the_hashes_match()
    {
        using var azurite = Azurite.Start();
        string run = FakePublish.Create(_root, 7, T0, seed: 1);
        string name = Path.GetFileName(run);
        var order = new List<string>();
        var uploader = new BlobDatasetUploader(Options(azurite)) { BlobUploaded = b => { lock (order) order.Add(b); } };

        var result = await uploader.UploadAsync(run);

        string runPrefix = "warehouse/runs/" + name + "/";
        Assert.Equal((runPrefix, runPrefix + "_manifest.json", "warehouse/latest.json"), (result.RunPrefix, result.ManifestBlob, result.LatestBlob));
        Assert.Equal((6, 0), (result.FilesUploaded, result.FilesSkipped));

        // Listed: exactly the manifest's files, the manifest and the pointer.
        var expected = FakePublish.Paths.Select(p => runPrefix + p).Append(runPrefix + "_manifest.json").Append("warehouse/latest.json")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, await ListAsync(uploader.Container));

        // Order: the files, then the manifest, then latest.json.
        Assert.Equal(8, order.Count);
        Assert.Equal([runPrefix + "_manifest.json", "warehouse/latest.json"], order.TakeLast(2));

        // Downloaded bytes hash to the manifest's SHA-256.
        var manifest = await DownloadJsonAsync(uploader.Container, runPrefix + "_manifest.json");
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            var blob = uploader.Container.GetBlobClient(runPrefix + file.GetProperty("path").GetString());
            byte[] content = (await blob.DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(file.GetProperty("sha256").GetString(), FakePublish.Sha256(content));
            Assert.Equal(file.GetProperty("bytes").GetInt64(), content.Length);
            var properties = (await blob.GetPropertiesAsync()).Value;
            Assert.Equal(file.GetProperty("sha256").GetString(), properties.Metadata["sha256"]);
            Assert.Equal(blob.Name.EndsWith(".parquet", StringComparison.Ordinal) ? "application/vnd.apache.parquet"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", properties.ContentType);
        }
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(run, "_manifest.json")),
            (await uploader.Container.GetBlobClient(runPrefix + "_manifest.json").DownloadContentAsync()).Value.Content.ToArray());

        var latest = await DownloadJsonAsync(uploader.Container, "warehouse/latest.json");
        Assert.Equal("runs/" + name, latest.GetProperty("run_folder").GetString());
        Assert.Equal("runs/" + name + "/_manifest.json", latest.GetProperty("manifest").GetString());
        Assert.Equal(7, latest.GetProperty("run_id").GetInt64());
        Assert.Equal("2025-03-31", latest.GetProperty("as_of_date").GetString());
        Assert.Equal("no-cache", (await uploader.Container.GetBlobClient("warehouse/latest.json").GetPropertiesAsync()).Value.CacheControl);

        Assert.Equal("runs/" + name, await uploader.ReadLatestRunFolderAsync());
        Assert.Empty(await uploader.VerifyAsync("runs/" + name));
    }

    [NodeFact]
    public async Task A_SAS_URL_uploads_too()
    {
        using var azurite = Azurite.Start();
        var service = new BlobServiceClient(azurite.ConnectionString);
        var container = service.GetBlobContainerClient("sas-bi");
        await container.CreateIfNotExistsAsync();
        Uri sas = container.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write
            | BlobContainerSasPermissions.Create | BlobContainerSasPermissions.List | BlobContainerSasPermissions.Delete,
            DateTimeOffset.UtcNow.AddHours(1));
        var options = new BlobPublishOptions { SasUrl = sas.ToString(), CreateContainer = false, MaxRetries = 1 };
        Assert.DoesNotContain("sig=", options.ToString());

        string run = FakePublish.Create(_root, 1, T0, seed: 2, bytesPerFile: 5_000);
        var result = await new BlobDatasetUploader(options).UploadAsync(run);

        Assert.Equal("sas-bi", result.Container);
        Assert.Equal("runs/" + Path.GetFileName(run), await new BlobDatasetUploader(options).ReadLatestRunFolderAsync());
        Assert.Empty(await new BlobDatasetUploader(options).VerifyAsync(Path.GetFileName(run)));

        // The next publish copies its unchanged files with the SAS too (the source URL carries the token).
        string next = FakePublish.CreateNext(run, 2, T0.AddDays(1), FakePublish.Paths[0], seed: 3);
        var second = await new BlobDatasetUploader(options).UploadAsync(next);
        Assert.Equal((1, 5), (second.FilesUploaded, second.FilesCopied));
        Assert.Empty(await new BlobDatasetUploader(options).VerifyAsync(Path.GetFileName(next)));
    }

    [NodeFact]
    public async Task A_later_publish_switches_latest_a_rerun_skips_what_is_there_and_only_the_last_N_are_kept()
    {
        using var azurite = Azurite.Start();
        var options = Options(azurite, keep: 2);
        var runs = Enumerable.Range(1, 3).Select(i => FakePublish.Create(_root, i, T0.AddMinutes(i), seed: 10 + i, bytesPerFile: 2_000)).ToList();
        var uploader = new BlobDatasetUploader(options);

        var first = await uploader.UploadAsync(runs[0]);
        var again = await uploader.UploadAsync(runs[0]);
        Assert.Equal((6, 0), (first.FilesUploaded, first.FilesSkipped));
        Assert.Equal((0, 6), (again.FilesUploaded, again.FilesSkipped));

        await uploader.UploadAsync(runs[1]);
        Assert.Equal("runs/" + Path.GetFileName(runs[1]), await uploader.ReadLatestRunFolderAsync());
        var third = await uploader.UploadAsync(runs[2]);

        Assert.Equal(["warehouse/runs/" + Path.GetFileName(runs[0]) + "/"], third.DeletedRunPrefixes);
        Assert.Equal("runs/" + Path.GetFileName(runs[2]), await uploader.ReadLatestRunFolderAsync());
        Assert.Empty(await ListAsync(uploader.Container, "warehouse/runs/" + Path.GetFileName(runs[0])));
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(runs[1])));
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(runs[2])));
    }

    [NodeFact]
    public async Task A_local_file_that_does_not_match_the_manifest_uploads_nothing()
    {
        using var azurite = Azurite.Start();
        string run = FakePublish.Create(_root, 1, T0, seed: 3, bytesPerFile: 1_000);
        await File.AppendAllTextAsync(Path.Combine(run, FakePublish.Paths[^1]), "tampered");
        var uploader = new BlobDatasetUploader(Options(azurite));

        await Assert.ThrowsAsync<InvalidDataException>(() => uploader.UploadAsync(run));
        File.Delete(Path.Combine(run, "_manifest.json"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => uploader.UploadAsync(run));

        Assert.False(await uploader.Container.ExistsAsync());
    }

    [NodeFact]
    public async Task Killing_the_service_midway_leaves_latest_on_the_previous_publish_and_a_rerun_completes()
    {
        string data = Path.Combine(_root, "azurite-data");
        Directory.CreateDirectory(data);
        using var azurite = Azurite.Start(data);
        var options = Options(azurite) with { MaxConcurrency = 1 };
        string previous = FakePublish.Create(_root, 1, T0, seed: 4);
        string next = FakePublish.Create(_root, 2, T0.AddHours(1), seed: 5);

        await new BlobDatasetUploader(options).UploadAsync(previous);
        // An orderly restart, so Azurite has saved the first publish to its folder.
        azurite.Stop();
        azurite.Restart();
        Assert.Equal("runs/" + Path.GetFileName(previous), await new BlobDatasetUploader(options).ReadLatestRunFolderAsync());

        // The service dies (SIGKILL) after two files of the next publish.
        int blobs = 0;
        var dying = new BlobDatasetUploader(options) { BlobUploaded = _ => { if (++blobs == 2) azurite.Kill(); } };
        await Assert.ThrowsAnyAsync<Exception>(() => dying.UploadAsync(next));
        Assert.Equal(2, blobs);

        azurite.Restart();
        var uploader = new BlobDatasetUploader(options);
        Assert.Equal("runs/" + Path.GetFileName(previous), await uploader.ReadLatestRunFolderAsync());
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(previous)));
        Assert.Contains("incomplete", Assert.Single(await uploader.VerifyAsync(Path.GetFileName(next))));

        var rerun = await uploader.UploadAsync(next);
        Assert.Equal(6, rerun.FilesUploaded + rerun.FilesSkipped);
        Assert.Equal("runs/" + Path.GetFileName(next), await uploader.ReadLatestRunFolderAsync());
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(next)));
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(previous)));
    }

    [NodeFact]
    public async Task A_real_Parquet_dataset_publish_uploads_and_verifies()
    {
        using var azurite = Azurite.Start();
        using var db = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        db.Open();
        using (var command = db.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE dim_thing (thing_key INTEGER, name VARCHAR);
                INSERT INTO dim_thing VALUES (1, 'Zoë'), (2, '東京');
                CREATE TABLE fact_sale (thing_key INTEGER, sale_date DATE, amount DECIMAL(18,4));
                INSERT INTO fact_sale VALUES (1, '2025-02-03', 1.2345), (2, '2025-03-04', 2.5);
                """;
            command.ExecuteNonQuery();
        }
        var publish = await new Warehouse.Reports.ParquetDatasetPublisher(new Warehouse.Reports.ParquetPublisherOptions())
            .PublishAsync(db, new Warehouse.Reports.DatasetRequest
            {
                RunId = 3,
                AsOfDate = new DateOnly(2025, 3, 31),
                SoftwareVersion = "0.1.0-test",
                Dimensions = ["dim_thing"],
                PartitionedFacts = [new Warehouse.Reports.PartitionedTable("fact_sale", "sale_date")],
            }, Path.Combine(_root, "out"));

        var uploader = new BlobDatasetUploader(Options(azurite));
        var result = await uploader.UploadAsync(publish.RunFolder);

        Assert.Equal(3, result.FilesUploaded);
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(publish.RunFolder)));
        Assert.Contains("warehouse/runs/" + Path.GetFileName(publish.RunFolder) + "/fact_sale/sale_month=2025-03/part-0.parquet",
            await ListAsync(uploader.Container));
        // The remote latest.json has the local one's shape.
        var local = JsonDocument.Parse(await File.ReadAllTextAsync(publish.PointerPath)).RootElement;
        var remote = await DownloadJsonAsync(uploader.Container, "warehouse/latest.json");
        Assert.Equal(local.GetProperty("run_folder").GetString(), remote.GetProperty("run_folder").GetString());
        Assert.Equal(local.GetProperty("manifest").GetString(), remote.GetProperty("manifest").GetString());
        Assert.Equal(
            local.EnumerateObject().Select(p => p.Name),
            remote.EnumerateObject().Select(p => p.Name));
    }
}

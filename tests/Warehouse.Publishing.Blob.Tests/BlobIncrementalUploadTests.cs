using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Warehouse.Reports.Tests;

namespace Warehouse.Publishing.Blob.Tests;

/// <summary>
/// A publish uploads only the files that changed since the previous one (the others are copied
/// inside the service), and an outage is logged retry by retry and ends in one error that says
/// what did not happen.
/// </summary>
public sealed class BlobIncrementalUploadTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "blob-incremental-tests-" + Guid.NewGuid().ToString("N"));
    private static readonly DateTimeOffset T0 = new(2025, 4, 1, 2, 0, 0, TimeSpan.Zero);

    public BlobIncrementalUploadTests() => Directory.CreateDirectory(_root);

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

    /// <summary>Adds up the request bodies sent, per blob path: what went over the wire.</summary>
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, long> Sent
        {
            get
            {
                lock (_sent)
                {
                    return new Dictionary<string, long>(_sent, StringComparer.Ordinal);
                }
            }
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            long length = message.Request.Content is { } content && content.TryComputeLength(out long n) ? n : 0;
            string path = Uri.UnescapeDataString(message.Request.Uri.ToUri().AbsolutePath);
            lock (_sent)
            {
                _sent[path] = _sent.GetValueOrDefault(path) + length;
            }
        }
    }

    [NodeFact]
    public async Task A_second_publish_with_one_changed_file_uploads_that_file_only_and_copies_the_rest()
    {
        using var azurite = Azurite.Start();
        // Keep 1: the first publish is deleted after the second, which must stand on its own.
        var options = new BlobPublishOptions { ConnectionString = azurite.ConnectionString, Container = "bi-data", Prefix = "warehouse", Keep = 1, MaxRetries = 1 };
        var counting = new CountingPolicy();
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(counting, HttpPipelinePosition.PerCall);
        var container = new BlobServiceClient(azurite.ConnectionString, clientOptions).GetBlobContainerClient("bi-data");
        var logger = new ListLogger();
        var uploader = new BlobDatasetUploader(container, options, logger);

        string first = FakePublish.Create(_root, 1, T0, seed: 21, bytesPerFile: 20_000);
        var one = await uploader.UploadAsync(first);
        Assert.Equal((6, 0, 0), (one.FilesUploaded, one.FilesCopied, one.FilesSkipped));
        long firstFiles = FakePublish.Paths.Sum(p => new FileInfo(Path.Combine(first, p)).Length);
        Assert.Equal(firstFiles, one.Bytes);

        string changed = "fact_order_line/order_month=2025-03/part-0.parquet";
        string second = FakePublish.CreateNext(first, 2, T0.AddDays(1), changed, seed: 22);
        long changedBytes = new FileInfo(Path.Combine(second, changed)).Length;
        var before = counting.Sent;
        var two = await uploader.UploadAsync(second);

        Assert.Equal((1, 5, 0), (two.FilesUploaded, two.FilesCopied, two.FilesSkipped));
        Assert.Equal(changedBytes, two.Bytes);
        Assert.Equal("runs/" + Path.GetFileName(first), two.PreviousRunFolder);
        Assert.Contains(logger.Lines, l => l.Message.Contains("1 uploaded (" + changedBytes + " bytes), 5 copied from the previous publish", StringComparison.Ordinal));

        // On the wire: the changed file's bytes, then the manifest and latest.json; nothing for the copies.
        string runPrefix = "/devstoreaccount1/bi-data/warehouse/runs/" + Path.GetFileName(second) + "/";
        var sent = counting.Sent.Where(p => p.Value > before.GetValueOrDefault(p.Key))
            .ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));
        Assert.Equal(changedBytes, sent[runPrefix + changed]);
        Assert.Equal(new FileInfo(Path.Combine(second, "_manifest.json")).Length, sent[runPrefix + "_manifest.json"]);
        Assert.Equal(3, sent.Count); // the changed file, the manifest, latest.json
        Assert.Contains("/devstoreaccount1/bi-data/warehouse/latest.json", sent.Keys);

        // The first publish is gone (Keep 1) and every blob of the second has the local file's content.
        Assert.Equal(["warehouse/runs/" + Path.GetFileName(first) + "/"], two.DeletedRunPrefixes);
        foreach (string path in FakePublish.Paths.Append("_manifest.json"))
        {
            byte[] remote = (await container.GetBlobClient("warehouse/runs/" + Path.GetFileName(second) + "/" + path).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(second, path)))),
                Convert.ToHexStringLower(SHA256.HashData(remote)));
        }
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(second)));
        // A copy keeps the sha256 metadata a later "already there?" check relies on.
        var copiedProperties = (await container.GetBlobClient("warehouse/runs/" + Path.GetFileName(second) + "/" + FakePublish.Paths[0]).GetPropertiesAsync()).Value;
        Assert.Equal(FakePublish.Sha256(await File.ReadAllBytesAsync(Path.Combine(second, FakePublish.Paths[0]))), copiedProperties.Metadata["sha256"]);
        Assert.Equal("application/vnd.apache.parquet", copiedProperties.ContentType);
    }

    [NodeFact]
    public async Task When_the_previous_blob_is_gone_the_file_is_uploaded_instead()
    {
        using var azurite = Azurite.Start();
        var options = new BlobPublishOptions { ConnectionString = azurite.ConnectionString, Container = "bi-data", MaxRetries = 1 };
        var uploader = new BlobDatasetUploader(options);
        string first = FakePublish.Create(_root, 1, T0, seed: 31, bytesPerFile: 5_000);
        await uploader.UploadAsync(first);
        await uploader.Container.DeleteBlobAsync("runs/" + Path.GetFileName(first) + "/" + FakePublish.Paths[0]);

        string second = FakePublish.CreateNext(first, 2, T0.AddDays(1), FakePublish.Paths[^1], seed: 32);
        var result = await uploader.UploadAsync(second);

        Assert.Equal((2, 4), (result.FilesUploaded, result.FilesCopied));
        Assert.Empty(await uploader.VerifyAsync(Path.GetFileName(second)));
    }

    [Fact]
    public async Task An_unreachable_service_logs_each_retry_and_fails_in_seconds_naming_what_did_not_happen()
    {
        int port = UnusedPort();
        var options = new BlobPublishOptions
        {
            ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Zm9vYmFy;" +
                $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            Container = "bi-data",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(400),
        };
        var logger = new ListLogger();
        string run = FakePublish.Create(_root, 9, T0, seed: 41, bytesPerFile: 1_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<BlobUploadException>(() => new BlobDatasetUploader(options, logger).UploadAsync(run));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var retries = logger.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.StartsWith("Blob request", StringComparison.Ordinal)).ToList();
        // The first request (create the container) is tried 1 + 2 times, and each retry is a warning.
        Assert.Equal(2, retries.Count);
        Assert.Contains("retry 1 of 2 in ", retries[0].Message);
        Assert.Contains("retry 2 of 2 in ", retries[1].Message);
        Assert.All(retries, r => Assert.Contains("PUT /devstoreaccount1/bi-data", r.Message));
        Assert.All(retries, r => Assert.True(r.Message.Contains("refused", StringComparison.OrdinalIgnoreCase), r.Message));
        Assert.Equal((Path.GetFileName(run), null, 2), (error.RunFolder, error.PreviousRunFolder, error.MaxRetries));
        Assert.Contains("refused", error.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("latest.json was not changed", error.Message);
        Assert.DoesNotContain("Zm9vYmFy", error.Message);
    }

    [NodeFact]
    public async Task A_failure_after_a_publish_names_the_publish_latest_json_still_points_at()
    {
        using var azurite = Azurite.Start();
        var options = new BlobPublishOptions
        {
            ConnectionString = azurite.ConnectionString, Container = "bi-data", MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(100), MaxConcurrency = 1,
        };
        string first = FakePublish.Create(_root, 1, T0, seed: 51, bytesPerFile: 2_000);
        await new BlobDatasetUploader(options).UploadAsync(first);
        string second = FakePublish.CreateNext(first, 2, T0.AddDays(1), FakePublish.Paths[0], seed: 52);

        // The service dies after the first file of the second publish.
        var dying = new BlobDatasetUploader(options) { BlobUploaded = _ => azurite.Kill() };
        var error = await Assert.ThrowsAsync<BlobUploadException>(() => dying.UploadAsync(second));

        Assert.Equal("runs/" + Path.GetFileName(first), error.PreviousRunFolder);
        Assert.EndsWith("latest.json was not changed and still names runs/" + Path.GetFileName(first) + ".", error.Message);
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

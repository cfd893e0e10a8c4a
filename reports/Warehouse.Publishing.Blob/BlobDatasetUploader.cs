using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Warehouse.Publishing.Blob;

/// <summary>An upload's outcome.</summary>
/// <param name="Container">The container's name.</param>
/// <param name="RunPrefix">Where the files went: <c>&lt;prefix&gt;runs/&lt;run folder&gt;/</c>.</param>
/// <param name="ManifestBlob">The run's manifest blob (uploaded after every file).</param>
/// <param name="LatestBlob"><c>&lt;prefix&gt;latest.json</c> (uploaded last).</param>
/// <param name="FilesUploaded">Files sent.</param>
/// <param name="FilesSkipped">Files already there with the same SHA-256 (a rerun after a failure).</param>
/// <param name="Bytes">Bytes sent (the files uploaded; not the copies, which move no bytes through the client).</param>
/// <param name="DeletedRunPrefixes">Older run folders deleted (keep-last-N).</param>
/// <param name="FilesCopied">Files unchanged since the previous publish (same SHA-256 and size), copied
/// server-side from its run folder instead of uploaded.</param>
/// <param name="PreviousRunFolder">The run folder latest.json named before this upload (<c>runs/…</c>), or null.</param>
public sealed record BlobPublishResult(
    string Container,
    string RunPrefix,
    string ManifestBlob,
    string LatestBlob,
    int FilesUploaded,
    int FilesSkipped,
    long Bytes,
    IReadOnlyList<string> DeletedRunPrefixes,
    int FilesCopied = 0,
    string? PreviousRunFolder = null);

/// <summary>
/// The upload failed after the local checks (the service could not be reached, refused a request,
/// or kept failing through the retries); <c>latest.json</c> was not switched unless
/// <see cref="LatestSwitched"/>.
/// </summary>
public sealed class BlobUploadException(
    string message, string runFolder, string? previousRunFolder, bool latestRead, string error, int maxRetries, Exception inner)
    : Exception(message, inner)
{
    /// <summary>True when the container's latest.json was read before the failure, so
    /// <see cref="PreviousRunFolder"/> null means the container had no publish yet.</summary>
    public bool LatestRead { get; } = latestRead;

    /// <summary>The run folder being uploaded (its name).</summary>
    public string RunFolder { get; } = runFolder;

    /// <summary>The run folder the container's latest.json names (<c>runs/…</c>), or null when it has none or it could not be read.</summary>
    public string? PreviousRunFolder { get; } = previousRunFolder;

    /// <summary>The last failure, one line: an HTTP status or a connection error.</summary>
    public string Error { get; } = error;

    /// <summary>The retries each request was allowed.</summary>
    public int MaxRetries { get; } = maxRetries;
}

/// <summary>
/// Uploads a finished publish folder (the run folder written by the Parquet dataset publisher: the
/// Parquet files, any workbooks, and <c>_manifest.json</c> listing them with size and SHA-256) to
/// a Blob container, atomically for readers:
/// <list type="number">
/// <item>every file listed in the manifest, checked locally against its SHA-256 first, goes to
/// <c>&lt;prefix&gt;runs/&lt;run folder&gt;/&lt;path&gt;</c> (a blob is visible only once complete;
/// a file already there with the same SHA-256 is skipped, so a rerun resumes); a file whose SHA-256
/// and size the previous publish's manifest (the one the container's latest.json names) lists is
/// copied server-side from that run folder (Copy Blob: no bytes through the client), so every run
/// folder stays complete on its own and pruning an old one never breaks a newer one;</item>
/// <item>then the run's <c>_manifest.json</c>;</item>
/// <item>then <c>&lt;prefix&gt;latest.json</c>, naming the run folder, replaced in one request;</item>
/// <item>then run folders beyond the newest <see cref="BlobPublishOptions.Keep"/> are deleted.</item>
/// </list>
/// A reader that starts from latest.json only ever sees a complete publish. Requests are retried
/// with the Azure SDK's exponential back-off, each retry logged as a warning; when they are
/// exhausted, <see cref="BlobUploadException"/> says what failed. Nothing secret is logged.
/// </summary>
public sealed partial class BlobDatasetUploader
{
    /// <summary>The pointer blob's name under the prefix.</summary>
    public const string LatestBlobName = "latest.json";

    /// <summary>The manifest's name in a run folder.</summary>
    public const string ManifestFileName = "_manifest.json";

    private readonly BlobContainerClient _container;
    private readonly BlobPublishOptions _options;
    private readonly ILogger _logger;

    /// <summary>Connects as the options say (connection string, SAS URL or DefaultAzureCredential).</summary>
    public BlobDatasetUploader(BlobPublishOptions options, ILogger? logger = null)
        : this(CreateContainerClient(options, logger), options, logger)
    {
    }

    /// <summary>Uses a container client made elsewhere (its own credential and retry settings).</summary>
    public BlobDatasetUploader(BlobContainerClient container, BlobPublishOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(options);
        _container = container;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The container uploaded to.</summary>
    public BlobContainerClient Container => _container;

    /// <summary>Called after each blob is complete, with its name (progress; tests use it to stop the service midway).</summary>
    public Action<string>? BlobUploaded { get; init; }

    /// <summary>The client for <paramref name="options"/>, with their retry policy (each retry logged as a
    /// warning to <paramref name="logger"/>). Validates the options; makes no request.</summary>
    /// <exception cref="BlobOptionsException">The options cannot work.</exception>
    public static BlobContainerClient CreateContainerClient(BlobPublishOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clientOptions = new BlobClientOptions
        {
            RetryPolicy = new LoggedRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryDelay, logger ?? NullLogger.Instance),
        };
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;

        switch (options.Authentication)
        {
            case BlobAuthentication.ConnectionString:
                return new BlobServiceClient(options.ConnectionString, clientOptions).GetBlobContainerClient(options.Container);
            case BlobAuthentication.SasUrl:
                var uri = new Uri(options.SasUrl!);
                // Validate checked that a container in the URL agrees with Container.
                return string.IsNullOrEmpty(new BlobUriBuilder(uri).BlobContainerName)
                    ? new BlobServiceClient(uri, clientOptions).GetBlobContainerClient(options.Container)
                    : new BlobContainerClient(uri, clientOptions);
            default:
                return new BlobServiceClient(new Uri(options.AccountUrl!), new DefaultAzureCredential(), clientOptions)
                    .GetBlobContainerClient(options.Container);
        }
    }

    /// <summary>
    /// Uploads the publish in <paramref name="runFolder"/> (a folder holding <c>_manifest.json</c>)
    /// under <c>&lt;prefix&gt;runs/&lt;folder name&gt;/</c>, then the manifest, then <c>latest.json</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder has no manifest (not a complete publish).</exception>
    /// <exception cref="InvalidDataException">A local file does not match the manifest.</exception>
    public async Task<BlobPublishResult> UploadAsync(string runFolder, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runFolder);
        string root = Path.GetFullPath(runFolder).TrimEnd(Path.DirectorySeparatorChar);
        string runName = Path.GetFileName(root);
        string manifestPath = Path.Combine(root, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw new InvalidOperationException($"{manifestPath} does not exist: {root} is not a complete publish.");
        }
        if (!IsSafeSegment(runName))
        {
            throw new InvalidOperationException($"'{runName}' cannot be a run folder name in a blob path.");
        }
        byte[] manifestBytes = await File.ReadAllBytesAsync(manifestPath, ct).ConfigureAwait(false);
        var manifest = JsonSerializer.Deserialize<Manifest>(manifestBytes, Json)
            ?? throw new InvalidDataException($"{manifestPath} is empty.");

        // Check everything locally before the first byte goes out.
        var files = new List<(Manifest.FileEntry Entry, string Path)>();
        foreach (var entry in manifest.Files)
        {
            string path = Path.GetFullPath(Path.Combine(root, entry.Path));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || entry.Path.Contains('\\'))
            {
                throw new InvalidDataException($"{entry.Path} in {manifestPath} points outside the run folder.");
            }
            if (!File.Exists(path) || new FileInfo(path).Length != entry.Bytes
                || !string.Equals(await Sha256Async(path, ct).ConfigureAwait(false), entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{entry.Path} is missing or does not match its size and SHA-256 in {manifestPath}.");
            }
            files.Add((entry, path));
        }

        string prefix = _options.NormalizedPrefix;
        string runPrefix = prefix + "runs/" + runName + "/";
        string? previousRunFolder = null;
        bool latestRead = false, switched = false;
        try
        {
            if (_options.CreateContainer)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            }
            previousRunFolder = await ReadLatestRunFolderAsync(ct).ConfigureAwait(false);
            latestRead = true;
            var previous = previousRunFolder == "runs/" + runName ? null : await ReadPreviousFilesAsync(previousRunFolder, ct).ConfigureAwait(false);
            _logger.LogInformation("Uploading {Files} files of {RunFolder} to container {Container} under {RunPrefix}; the previous publish there is {Previous}",
                files.Count, runName, _container.Name, runPrefix, previousRunFolder ?? "(none)");

            // What a rerun of this publish finds already there: one listing, not a request per file.
            var existing = await ListWithHashesAsync(runPrefix, ct).ConfigureAwait(false);
            int uploaded = 0, skipped = 0, copied = 0;
            long bytes = 0;
            await Parallel.ForEachAsync(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = ct },
                async (file, token) =>
                {
                    var blob = _container.GetBlobClient(runPrefix + file.Entry.Path);
                    if (existing.TryGetValue(blob.Name, out var there) && there.Bytes == file.Entry.Bytes
                        && string.Equals(there.Sha256, file.Entry.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        Interlocked.Increment(ref skipped);
                    }
                    else if (previous is not null && previous.Value.Files.TryGetValue((file.Entry.Sha256.ToLowerInvariant(), file.Entry.Bytes), out var source)
                        && await TryCopyAsync(blob, _container.GetBlobClient(previous.Value.Prefix + source), file.Entry, token).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref copied);
                    }
                    else
                    {
                        await UploadFileAsync(blob, file.Path, file.Entry.Sha256, token).ConfigureAwait(false);
                        Interlocked.Increment(ref uploaded);
                        Interlocked.Add(ref bytes, file.Entry.Bytes);
                    }
                    BlobUploaded?.Invoke(blob.Name);
                }).ConfigureAwait(false);

            // The manifest after every file it lists; latest.json after the manifest.
            string manifestBlob = runPrefix + ManifestFileName;
            await UploadBytesAsync(_container.GetBlobClient(manifestBlob), manifestBytes, cacheControl: null, ct).ConfigureAwait(false);
            BlobUploaded?.Invoke(manifestBlob);

            var pointer = new Pointer(
                "runs/" + runName, "runs/" + runName + "/" + ManifestFileName,
                manifest.RunId, manifest.AsOfDate, manifest.PublishedAt);
            string latestBlob = prefix + LatestBlobName;
            await UploadBytesAsync(_container.GetBlobClient(latestBlob), JsonSerializer.SerializeToUtf8Bytes(pointer, Json),
                cacheControl: "no-cache", ct).ConfigureAwait(false);
            switched = true;
            BlobUploaded?.Invoke(latestBlob);

            IReadOnlyList<string> deleted = [];
            try
            {
                deleted = _options.Keep > 0 ? await PruneAsync(prefix, runName, _options.Keep, ct).ConfigureAwait(false) : [];
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException)
            {
                // The publish is complete and current: an old one left behind is deleted next time.
                _logger.LogWarning("Old publishes in container {Container} were not deleted ({Error}); the next publish tries again",
                    _container.Name, LoggedRetryPolicy.Describe(e));
            }
            _logger.LogInformation(
                "Uploaded {RunFolder}: {Uploaded} uploaded ({Bytes} bytes), {Copied} copied from the previous publish, {Skipped} already there; {Latest} -> runs/{RunFolder}",
                runName, uploaded, bytes, copied, skipped, latestBlob, runName);
            return new BlobPublishResult(_container.Name, runPrefix, manifestBlob, latestBlob, uploaded, skipped, bytes, deleted, copied, previousRunFolder);
        }
        // A network timeout with no retries left surfaces as a cancellation the caller did not ask for.
        catch (Exception e) when (!switched && (e is RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException
                                               || (e is OperationCanceledException && !ct.IsCancellationRequested)))
        {
            string error = LoggedRetryPolicy.Describe(e);
            throw new BlobUploadException(
                $"Uploading {runName} to container {_container.Name} failed ({error}); latest.json was not changed"
                + (previousRunFolder is null ? "." : $" and still names {previousRunFolder}."),
                runName, previousRunFolder, latestRead, error, _options.MaxRetries, e);
        }
    }

    /// <summary>The run folder <c>&lt;prefix&gt;latest.json</c> names (e.g. <c>runs/42-…</c>), or null when there is none.</summary>
    public async Task<string?> ReadLatestRunFolderAsync(CancellationToken ct = default)
    {
        var blob = _container.GetBlobClient(_options.NormalizedPrefix + LatestBlobName);
        try
        {
            var content = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
            return JsonSerializer.Deserialize<Pointer>(content.Value.Content.ToMemory().Span, Json)?.RunFolder;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Downloads the manifest of <paramref name="runFolder"/> (<c>runs/&lt;name&gt;</c> as in latest.json,
    /// or the bare name) and every file it lists, and checks their sizes and SHA-256. Returns the
    /// problems found: none for a complete, intact publish.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(string runFolder, CancellationToken ct = default)
    {
        string name = runFolder.StartsWith("runs/", StringComparison.Ordinal) ? runFolder[5..] : runFolder;
        string runPrefix = _options.NormalizedPrefix + "runs/" + name.TrimEnd('/') + "/";
        var problems = new List<string>();
        Manifest? manifest;
        try
        {
            var content = await _container.GetBlobClient(runPrefix + ManifestFileName).DownloadContentAsync(ct).ConfigureAwait(false);
            manifest = JsonSerializer.Deserialize<Manifest>(content.Value.Content.ToMemory().Span, Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            problems.Add($"{runPrefix}{ManifestFileName} does not exist: the publish is incomplete.");
            return problems;
        }
        foreach (var entry in manifest?.Files ?? [])
        {
            var blob = _container.GetBlobClient(runPrefix + entry.Path);
            try
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var download = await blob.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false);
                await using var stream = download.Value.Content;
                byte[] buffer = new byte[1 << 16];
                long length = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    length += read;
                }
                string hash = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (length != entry.Bytes || !string.Equals(hash, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{blob.Name}: {length} bytes, SHA-256 {hash}; the manifest says {entry.Bytes} bytes, {entry.Sha256}.");
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                problems.Add($"{blob.Name} is missing.");
            }
        }
        return problems;
    }

    /// <summary>
    /// The files of the publish <paramref name="runFolder"/> (<c>runs/…</c>) by SHA-256 and size, from
    /// its manifest blob; null when there is none or it cannot be read (then every file is uploaded).
    /// </summary>
    private async Task<(string Prefix, Dictionary<(string Sha256, long Bytes), string> Files)?> ReadPreviousFilesAsync(
        string? runFolder, CancellationToken ct)
    {
        if (runFolder is null || !runFolder.StartsWith("runs/", StringComparison.Ordinal) || !IsSafeSegment(runFolder[5..]))
        {
            return null;
        }
        string runPrefix = _options.NormalizedPrefix + runFolder + "/";
        try
        {
            var content = await _container.GetBlobClient(runPrefix + ManifestFileName).DownloadContentAsync(ct).ConfigureAwait(false);
            var manifest = JsonSerializer.Deserialize<Manifest>(content.Value.Content.ToMemory().Span, Json);
            var files = new Dictionary<(string, long), string>();
            foreach (var file in manifest?.Files ?? [])
            {
                files.TryAdd((file.Sha256.ToLowerInvariant(), file.Bytes), file.Path);
            }
            return (runPrefix, files);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException e)
        {
            _logger.LogWarning("The manifest of the previous publish {RunFolder} cannot be read ({Error}); every file is uploaded", runFolder, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> (a blob of the previous publish with the same SHA-256 and size)
    /// to <paramref name="target"/> inside the service, and checks the copy's size and SHA-256 metadata;
    /// false when the source is gone, the copy is refused or does not match (then the file is uploaded).
    /// </summary>
    private async Task<bool> TryCopyAsync(BlobClient target, BlobClient source, Manifest.FileEntry entry, CancellationToken ct)
    {
        try
        {
            var copy = await target.StartCopyFromUriAsync(source.Uri, cancellationToken: ct).ConfigureAwait(false);
            if (!copy.HasCompleted)
            {
                await copy.WaitForCompletionAsync(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
            }
            if (await IsAlreadyThereAsync(target, entry, ct).ConfigureAwait(false))
            {
                return true;
            }
            _logger.LogWarning("The copy of {Source} does not match {Path}'s size and SHA-256; uploading it", source.Name, entry.Path);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 401 or 403 or 409)
        {
            _logger.LogWarning("{Path} could not be copied from the previous publish (HTTP {Status} {Code}); uploading it",
                entry.Path, e.Status, e.ErrorCode);
        }
        return false;
    }

    /// <summary>The blobs under <paramref name="prefix"/> with their size and <c>sha256</c> metadata.</summary>
    private async Task<Dictionary<string, (long Bytes, string? Sha256)>> ListWithHashesAsync(string prefix, CancellationToken ct)
    {
        var blobs = new Dictionary<string, (long, string?)>(StringComparer.Ordinal);
        await foreach (var item in _container.GetBlobsAsync(
            new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, ct).ConfigureAwait(false))
        {
            blobs[item.Name] = (item.Properties.ContentLength ?? -1, item.Metadata.TryGetValue("sha256", out var sha) ? sha : null);
        }
        return blobs;
    }

    private static async Task<bool> IsAlreadyThereAsync(BlobClient blob, Manifest.FileEntry entry, CancellationToken ct)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
            return properties.Value.ContentLength == entry.Bytes
                && properties.Value.Metadata.TryGetValue("sha256", out var sha)
                && string.Equals(sha, entry.Sha256, StringComparison.OrdinalIgnoreCase);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static async Task UploadFileAsync(BlobClient blob, string path, string sha256, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await blob.UploadAsync(stream, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypeOf(path) },
            // Checked by "already there?" on a rerun, and by readers who want to.
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256.ToLowerInvariant() },
        }, ct).ConfigureAwait(false);
    }

    private static async Task UploadBytesAsync(BlobClient blob, byte[] content, string? cacheControl, CancellationToken ct)
    {
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json", CacheControl = cacheControl },
            Metadata = new Dictionary<string, string> { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)) },
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the newest <paramref name="keep"/> complete run folders (with a manifest blob), always
    /// the current one, and deletes the older ones and incomplete ones older than the current; each
    /// folder's manifest is deleted first, so a half-deleted folder never looks complete.
    /// </summary>
    private async Task<IReadOnlyList<string>> PruneAsync(string prefix, string currentRun, int keep, CancellationToken ct)
    {
        string runsPrefix = prefix + "runs/";
        if (!TryParseRunName(currentRun, out var currentStarted))
        {
            return [];
        }
        var runs = new List<(string Name, DateTime Started, bool Complete)>();
        await foreach (var item in _container.GetBlobsByHierarchyAsync(
            new GetBlobsByHierarchyOptions { Prefix = runsPrefix, Delimiter = "/" }, ct).ConfigureAwait(false))
        {
            if (!item.IsPrefix)
            {
                continue;
            }
            string name = item.Prefix[runsPrefix.Length..].TrimEnd('/');
            if (!TryParseRunName(name, out var started))
            {
                continue;
            }
            bool complete = await _container.GetBlobClient(item.Prefix + ManifestFileName).ExistsAsync(ct).ConfigureAwait(false);
            runs.Add((name, started, complete));
        }

        var kept = new HashSet<string>(StringComparer.Ordinal) { currentRun };
        foreach (var run in runs.Where(r => r.Complete).OrderByDescending(r => r.Started).ThenByDescending(r => r.Name, StringComparer.Ordinal))
        {
            if (kept.Count >= keep)
            {
                break;
            }
            kept.Add(run.Name);
        }

        var deleted = new List<string>();
        foreach (var run in runs)
        {
            if (kept.Contains(run.Name) || (!run.Complete && run.Started >= currentStarted))
            {
                continue;
            }
            string runPrefix = runsPrefix + run.Name + "/";
            await _container.DeleteBlobIfExistsAsync(runPrefix + ManifestFileName, cancellationToken: ct).ConfigureAwait(false);
            await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = runPrefix }, ct).ConfigureAwait(false))
            {
                await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct).ConfigureAwait(false);
            }
            deleted.Add(runPrefix);
            _logger.LogInformation("Deleted old publish {RunPrefix} from container {Container}", runPrefix, _container.Name);
        }
        return deleted;
    }

    [GeneratedRegex(@"^[0-9]{1,19}-(?<ts>[0-9]{8}T[0-9]{9}Z)(-[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RunNamePattern();

    private static bool TryParseRunName(string name, out DateTime started)
    {
        started = default;
        var match = RunNamePattern().Match(name);
        return match.Success && DateTime.TryParseExact(match.Groups["ts"].Value, "yyyyMMdd'T'HHmmssfff'Z'",
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out started);
    }

    private static bool IsSafeSegment(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Contains('/') && !name.Contains('\\');

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => "application/vnd.apache.parquet",
        ".json" => "application/json",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".csv" => "text/csv",
        _ => "application/octet-stream",
    };

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The part of <c>_manifest.json</c> the uploader needs.</summary>
    private sealed record Manifest(long RunId, DateOnly AsOfDate, DateTimeOffset PublishedAt, IReadOnlyList<Manifest.FileEntry> Files)
    {
        public sealed record FileEntry(string Path, long Bytes, string Sha256);
    }

    /// <summary><c>latest.json</c>, the same shape as the local one.</summary>
    private sealed record Pointer(
        [property: JsonPropertyName("run_folder")] string RunFolder,
        [property: JsonPropertyName("manifest")] string Manifest,
        [property: JsonPropertyName("run_id")] long RunId,
        [property: JsonPropertyName("as_of_date")] DateOnly AsOfDate,
        [property: JsonPropertyName("published_at")] DateTimeOffset PublishedAt);
}

using System.Security.Cryptography;

namespace Warehouse.Reports;

/// <summary>Checks a run folder against its <c>_manifest.json</c>: every file there, of the listed size and SHA-256.</summary>
public static class ManifestVerifier
{
    /// <summary>
    /// Verifies the run folder; returns the problems found, none when the publish is complete and
    /// intact (a missing or unreadable manifest is a problem too).
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(string runFolder, CancellationToken ct = default)
    {
        var problems = new List<string>();
        string manifestPath = Path.Combine(runFolder, DatasetManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            problems.Add($"{manifestPath} does not exist: the publish is incomplete.");
            return problems;
        }

        DatasetManifest manifest;
        try
        {
            manifest = await ManifestJson.ReadManifestAsync(manifestPath, ct).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            problems.Add($"{manifestPath} is not a valid manifest: {e.Message}");
            return problems;
        }

        if (!DatasetManifest.KnownFormats.Contains(manifest.Format))
        {
            problems.Add($"{manifestPath} has format '{manifest.Format}', expected '{DatasetManifest.CurrentFormat}'.");
        }
        string root = Path.GetFullPath(runFolder);
        foreach (var file in manifest.Files)
        {
            string path = Path.GetFullPath(Path.Combine(root, file.Path));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"{file.Path} points outside the run folder.");
                continue;
            }
            if (!File.Exists(path))
            {
                problems.Add($"{file.Path} is missing.");
                continue;
            }
            long bytes = new FileInfo(path).Length;
            if (bytes != file.Bytes)
            {
                problems.Add($"{file.Path} has {bytes} bytes, the manifest says {file.Bytes}.");
                continue;
            }
            string sha = await Sha256Async(path, ct).ConfigureAwait(false);
            if (!string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{file.Path} has SHA-256 {sha}, the manifest says {file.Sha256}.");
            }
        }
        return problems;
    }

    /// <summary>SHA-256 of a file's content, lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken ct = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        byte[] hash = await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}

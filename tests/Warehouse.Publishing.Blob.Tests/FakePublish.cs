using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Warehouse.Publishing.Blob.Tests;

/// <summary>
/// A finished publish folder as the Parquet dataset publisher writes it (run folder name, files,
/// <c>_manifest.json</c> with size and SHA-256), with made-up file contents: the uploader relies
/// on the manifest only.
/// </summary>
internal static class FakePublish
{
    public static readonly string[] Paths =
    [
        "dim_customer/dim_customer.parquet",
        "dim_date/dim_date.parquet",
        "fact_order_line/order_month=2025-02/part-0.parquet",
        "fact_order_line/order_month=2025-03/part-0.parquet",
        "mart_pyramid/as_of_date=2025-03-31/part-0.parquet",
        "rfm-2025-03-31.xlsx",
    ];

    /// <summary>Writes <c>&lt;root&gt;/runs/&lt;runId&gt;-&lt;timestamp&gt;/</c>; returns its path.</summary>
    public static string Create(string root, long runId, DateTimeOffset started, int seed, int bytesPerFile = 50_000)
    {
        string name = runId.ToString(CultureInfo.InvariantCulture) + "-" + started.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        string folder = Path.Combine(root, "runs", name);
        var random = new Random(seed);
        var files = new List<object>();
        foreach (string path in Paths)
        {
            byte[] content = new byte[bytesPerFile + random.Next(1000)];
            random.NextBytes(content);
            string full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
            files.Add(new
            {
                path,
                table = path.EndsWith(".parquet", StringComparison.Ordinal) ? path.Split('/')[0] : null,
                partition = path.Contains("order_month=") ? path.Split('=')[1][..7] : null,
                rows = path.EndsWith(".parquet", StringComparison.Ordinal) ? (long?)content.Length / 10 : null,
                bytes = (long)content.Length,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            });
        }
        WriteManifest(folder, runId, started, files);
        return folder;
    }

    /// <summary>
    /// The next publish after <paramref name="previous"/>: the same files, except <paramref name="changed"/>,
    /// which gets new content, in a new run folder beside it; returns its path.
    /// </summary>
    public static string CreateNext(string previous, long runId, DateTimeOffset started, string changed, int seed)
    {
        string name = runId.ToString(CultureInfo.InvariantCulture) + "-" + started.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        string folder = Path.Combine(Path.GetDirectoryName(previous)!, name);
        var random = new Random(seed);
        var files = new List<object>();
        foreach (string path in Paths)
        {
            string full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            byte[] content = File.ReadAllBytes(Path.Combine(previous, path));
            if (path == changed)
            {
                content = new byte[content.Length + 17];
                random.NextBytes(content);
            }
            File.WriteAllBytes(full, content);
            files.Add(new { path, bytes = (long)content.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(content)) });
        }
        WriteManifest(folder, runId, started, files);
        return folder;
    }

    private static void WriteManifest(string folder, long runId, DateTimeOffset started, List<object> files)
    {
        var manifest = new
        {
            format = "warehouse-parquet-dataset/2",
            run_id = runId,
            as_of_date = "2025-03-31",
            software_version = "0.1.0-test",
            run_folder = Path.GetFileName(folder),
            published_at = started.AddSeconds(5),
            parquet_writer = "Parquet.Net 6.1.0",
            tables = Array.Empty<object>(),
            files,
        };
        File.WriteAllText(Path.Combine(folder, "_manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

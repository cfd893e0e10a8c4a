using System.Security.Cryptography;

namespace Warehouse.Etl.Pipeline;

/// <summary>A source file as etl_loaded_file records it: full path, size and SHA-256 (hex).</summary>
public sealed record LoadedFile(string Path, long Size, string Sha256)
{
    /// <summary>Reads the file once, streaming, to hash it.</summary>
    public static LoadedFile Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new LoadedFile(path, stream.Length, hash);
    }
}

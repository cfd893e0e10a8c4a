namespace Warehouse.Reports;

/// <summary>Write-to-temp-then-rename, so a reader never sees half a file.</summary>
internal static class AtomicFile
{
    /// <summary>The temporary name a file is written under before it is moved into place.</summary>
    public static string TempPathFor(string path) => path + ".tmp";

    /// <summary>Replaces <paramref name="path"/> with the finished <paramref name="tempPath"/>.</summary>
    public static void Commit(string tempPath, string path) => File.Move(tempPath, path, overwrite: true);

    /// <summary>Best-effort removal of a temp file left by a failed write.</summary>
    public static void Discard(string tempPath)
    {
        try
        {
            if (File.Exists(tempPath))
            {
                File.Delete(tempPath);
            }
        }
        catch (IOException)
        {
            // Leave it: the failure that brought us here matters more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

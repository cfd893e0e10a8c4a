using Warehouse.Etl.Pipeline;

namespace Warehouse.Cli.Locking;

/// <summary>
/// One load at a time per warehouse: an exclusive lock on <c>&lt;warehouse&gt;.lock</c>, held for as
/// long as this object lives. The operating system releases it when the process ends, however it
/// ends (kill -9 included), so a dead run never leaves the warehouse locked. The file itself is
/// left in place on purpose: deleting it would let two processes lock two different files.
/// </summary>
public sealed class WarehouseLock : IDisposable
{
    private readonly FileStream _stream;

    private WarehouseLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    public static string LockPathFor(string warehousePath) => System.IO.Path.GetFullPath(warehousePath) + ".lock";

    /// <summary>Takes the lock at once or throws <see cref="WarehouseBusyException"/>; never waits.</summary>
    public static WarehouseLock Acquire(string warehousePath)
    {
        var path = LockPathFor(warehousePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            try
            {
                // Who holds it, for a human looking at the file after the fact (others cannot read it meanwhile).
                stream.SetLength(0);
                var text = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n");
                stream.Write(text);
                stream.Flush();
            }
            catch (IOException)
            {
                // The lock is what matters, not the note.
            }
            return new WarehouseLock(path, stream);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new WarehouseBusyException(
                $"The warehouse '{System.IO.Path.GetFullPath(warehousePath)}' is in use by another process: a run is in progress (lock file {path}). Try again when it has finished.", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}

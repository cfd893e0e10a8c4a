namespace Warehouse.Etl.Sources;

/// <summary>A source that reads files: the job records the files each run loaded (path, size,
/// SHA-256) and an incremental run reads only those it has not loaded in that state.</summary>
public interface IFileSource
{
    /// <summary>The files the source would read, full paths, in reading order.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>False when a file's rows cannot be loaded apart from the others: then every run reads
    /// every file (a full extract).</summary>
    bool CanSkipLoadedFiles => true;

    /// <summary>Restricts the next extract to these files (a subset of <see cref="Files"/>).</summary>
    void ReadOnly(IReadOnlyCollection<string> files);
}

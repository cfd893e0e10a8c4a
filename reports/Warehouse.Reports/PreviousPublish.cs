using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Warehouse.Reports;

/// <summary>
/// The publish <c>latest.json</c> names, as a source of files to carry over: a file of the new
/// publish whose content key (<see cref="TableContent"/>) equals the key the previous manifest
/// recorded for the same path is hard-linked into the new run folder (copied where links are not
/// possible) instead of written again. Run folders are never modified after their manifest is
/// written, so a link is as good as a copy, and pruning the old folder leaves the new one whole.
/// </summary>
internal sealed class PreviousPublish
{
    private readonly string _runFolder;
    private readonly Dictionary<string, ManifestFile> _files;

    private PreviousPublish(string runFolder, Dictionary<string, ManifestFile> files, long runId, string? warehouseId)
    {
        _runFolder = runFolder;
        _files = files;
        RunId = runId;
        WarehouseId = warehouseId;
    }

    /// <summary>The run the previous publish holds the data of.</summary>
    public long RunId { get; }

    /// <summary>The warehouse it was published from, when recorded.</summary>
    public string? WarehouseId { get; }

    /// <summary>The content key the previous publish recorded for the file at <paramref name="relativePath"/>, or null.</summary>
    public string? ContentOf(string relativePath) => _files.TryGetValue(relativePath, out var file) ? file.Content : null;

    /// <summary>The previous publish in <paramref name="outputFolder"/>; null when there is none or
    /// it cannot be read (then every file is written).</summary>
    public static async Task<PreviousPublish?> LoadAsync(string outputFolder, ILogger logger, CancellationToken ct)
    {
        try
        {
            if (await DatasetPointer.ReadAsync(outputFolder, ct).ConfigureAwait(false) is not { } pointer)
            {
                return null;
            }
            string folder = pointer.ResolveRunFolder(outputFolder);
            var manifest = await ManifestJson.ReadManifestAsync(Path.Combine(folder, DatasetManifest.FileName), ct).ConfigureAwait(false);
            var files = manifest.Files.Where(f => f.Content is not null).ToDictionary(f => f.Path, StringComparer.Ordinal);
            return new PreviousPublish(folder, files, manifest.RunId, manifest.WarehouseId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            logger.LogWarning("The previous publish cannot be read ({Error}); every file is written", e.Message);
            return null;
        }
    }

    /// <summary>
    /// Puts the previous publish's file at <paramref name="relativePath"/> at <paramref name="target"/>
    /// when its recorded content key is <paramref name="contentKey"/> and the file is still there with
    /// its recorded size; returns its manifest entry, or null (then the caller writes the file).
    /// </summary>
    public ManifestFile? TryCarryOver(string relativePath, string? contentKey, string target)
    {
        if (contentKey is null || !_files.TryGetValue(relativePath, out var old) || old.Content != contentKey)
        {
            return null;
        }
        var source = new FileInfo(Path.Combine(_runFolder, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!source.Exists || source.Length != old.Bytes)
        {
            return null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!TryHardLink(source.FullName, target))
        {
            File.Copy(source.FullName, target, overwrite: true);
        }
        return old;
    }

    private static bool TryHardLink(string existing, string link)
    {
        try
        {
            return OperatingSystem.IsWindows() ? CreateHardLink(link, existing, IntPtr.Zero) : Link(existing, link) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks in the project
    // POSIX link(2); strings are marshalled as UTF-8 on Unix.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existingPath, string newPath);

    [DllImport("kernel32", EntryPoint = "CreateHardLinkW", CharSet = CharSet.Unicode, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CreateHardLink(string newPath, string existingPath, IntPtr securityAttributes);
#pragma warning restore SYSLIB1054
}

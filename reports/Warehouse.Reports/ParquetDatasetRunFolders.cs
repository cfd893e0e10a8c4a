using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Warehouse.Reports;

/// <summary>
/// The run folders of an output folder: <c>&lt;out&gt;/runs/&lt;run-id&gt;-&lt;yyyyMMddTHHmmssfffZ&gt;</c>,
/// the <c>latest.json</c> pointer (and a <c>latest</c> symlink where the OS has them), and
/// keep-last-N pruning.
/// </summary>
public static partial class ParquetDatasetRunFolders
{
    /// <summary>The folder under the output folder that holds the run folders.</summary>
    public const string RunsFolderName = "runs";

    /// <summary>The symlink to the current run folder (besides latest.json), where supported.</summary>
    public const string LatestLinkName = "latest";

    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    [GeneratedRegex(@"^(?<run>[0-9]{1,19})-(?<ts>[0-9]{8}T[0-9]{9}Z)(-[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RunFolderPattern();

    /// <summary>The name of a run folder: <c>&lt;run-id&gt;-&lt;yyyyMMddTHHmmssfffZ&gt;</c>.</summary>
    public static string RunFolderName(long runId, DateTimeOffset startedAt) =>
        runId.ToString(CultureInfo.InvariantCulture) + "-" + startedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses a run folder's name; false for a folder that is not one of ours.</summary>
    public static bool TryParseRunFolderName(string name, out long runId, out DateTime startedAtUtc)
    {
        runId = 0;
        startedAtUtc = default;
        var match = RunFolderPattern().Match(name);
        return match.Success
            && long.TryParse(match.Groups["run"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out runId)
            && DateTime.TryParseExact(match.Groups["ts"].Value, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out startedAtUtc);
    }

    /// <summary>Creates a new, empty run folder under <c>&lt;outputFolder&gt;/runs/</c>; never reuses one.</summary>
    internal static string CreateRunFolder(string outputFolder, long runId, DateTimeOffset startedAt)
    {
        string runs = Path.Combine(outputFolder, RunsFolderName);
        Directory.CreateDirectory(runs);
        string name = RunFolderName(runId, startedAt);
        for (int attempt = 0; ; attempt++)
        {
            string candidate = Path.Combine(runs, attempt == 0 ? name : name + "-" + attempt.ToString(CultureInfo.InvariantCulture));
            if (!Directory.Exists(candidate) && !File.Exists(candidate))
            {
                Directory.CreateDirectory(candidate);
                return candidate;
            }
        }
    }

    /// <summary>
    /// Points <c>latest.json</c> (atomically: temp file, then rename) and, where the OS allows, the
    /// <c>latest</c> symlink at <paramref name="pointer"/>'s run folder.
    /// </summary>
    internal static async Task SwitchLatestAsync(string outputFolder, DatasetPointer pointer, ILogger logger, CancellationToken ct)
    {
        await ManifestJson.WriteAtomicAsync(Path.Combine(outputFolder, DatasetPointer.FileName), pointer, ct).ConfigureAwait(false);
        TrySwitchSymlink(outputFolder, pointer.RunFolder, logger);
    }

    private static void TrySwitchSymlink(string outputFolder, string relativeRunFolder, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Symlinks need a privilege there; latest.json is the pointer.
        }
        string link = Path.Combine(outputFolder, LatestLinkName);
        string temp = Path.Combine(outputFolder, "." + LatestLinkName + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var existing = new FileInfo(link);
            if (existing.Exists || Directory.Exists(link))
            {
                if (existing.LinkTarget is null && !new DirectoryInfo(link).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    logger.LogWarning("{Link} exists and is not a symlink; left as it is (latest.json is the pointer)", link);
                    return;
                }
            }
            File.CreateSymbolicLink(temp, relativeRunFolder);
            // rename(2) replaces the old link in one step, so 'latest' never disappears.
            if (Rename(temp, link) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                File.Delete(temp);
                logger.LogWarning("Could not switch the {Link} symlink (errno {Errno}); latest.json is the pointer", link, errno);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            AtomicFile.Discard(temp);
            logger.LogWarning("Could not switch the {Link} symlink ({Error}); latest.json is the pointer", link, e.Message);
        }
    }

    // POSIX rename(2); strings are marshalled as UTF-8 on Unix.
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks in the project
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);
#pragma warning restore SYSLIB1054

    /// <summary>
    /// Keeps the <paramref name="keep"/> newest complete publishes (a run folder with a manifest),
    /// always including <paramref name="currentRunFolder"/>, and deletes the older complete ones and
    /// the incomplete ones (a publish that died before its manifest) older than the current one.
    /// Folders whose names are not run-folder names are left alone. Returns the folders deleted;
    /// a folder that cannot be deleted is logged and left for the next publish.
    /// </summary>
    public static IReadOnlyList<string> Prune(string outputFolder, string currentRunFolder, int keep, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        string runs = Path.Combine(outputFolder, RunsFolderName);
        string current = Path.GetFullPath(currentRunFolder).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(runs) || !TryParseRunFolderName(Path.GetFileName(current), out _, out var currentStarted))
        {
            return [];
        }

        var folders = new DirectoryInfo(runs).EnumerateDirectories()
            .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .Select(d => (Dir: d, Ok: TryParseRunFolderName(d.Name, out _, out var started), Started: started))
            .Where(f => f.Ok)
            .Select(f => (Path: f.Dir.FullName, f.Started, Complete: File.Exists(Path.Combine(f.Dir.FullName, DatasetManifest.FileName))))
            .OrderByDescending(f => f.Started).ThenByDescending(f => f.Path, StringComparer.Ordinal)
            .ToList();

        var kept = new HashSet<string>(StringComparer.Ordinal) { current };
        foreach (var f in folders.Where(f => f.Complete))
        {
            if (kept.Count >= keep)
            {
                break;
            }
            kept.Add(f.Path);
        }

        var deleted = new List<string>();
        foreach (var f in folders)
        {
            if (kept.Contains(f.Path) || (!f.Complete && f.Started >= currentStarted))
            {
                continue;
            }
            try
            {
                // The manifest goes first, so a folder half deleted is never taken for a complete publish.
                string manifest = Path.Combine(f.Path, DatasetManifest.FileName);
                if (File.Exists(manifest))
                {
                    File.Delete(manifest);
                }
                Directory.Delete(f.Path, recursive: true);
                deleted.Add(f.Path);
                if (f.Complete)
                    logger.LogInformation("Deleted old publish {RunFolder} (Publish:Keep keeps the newest {Keep})", f.Path, keep);
                else
                    logger.LogInformation("Removed {RunFolder}: an incomplete publish (no manifest) left by an interrupted run; latest.json never named it", f.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not delete {What} {RunFolder}: {Error}", f.Complete ? "old publish" : "incomplete publish", f.Path, e.Message);
            }
        }
        return deleted;
    }
}

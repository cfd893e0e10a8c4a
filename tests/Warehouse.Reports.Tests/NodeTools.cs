using System.Diagnostics;

namespace Warehouse.Reports.Tests;

/// <summary>
/// node and the npm packages of <c>tests/node</c> (hyparquet), found from the repository, never
/// from a global install. When node_modules is missing, <c>npm ci</c> is run once, under a lock
/// (CI runs <c>npm ci --prefix tests/node</c> first anyway).
/// </summary>
internal static class NodeTools
{
    private static readonly Lazy<string?> NodePath = new(() => FindOnPath("node"));

    /// <summary>The message of a test skipped because node is not installed.</summary>
    public const string SkipReason = "node is not on PATH: install Node.js (20+) to run the hyparquet/Azurite tests.";

    public static bool NodeAvailable => NodePath.Value is not null;

    public static string Node => NodePath.Value ?? throw new InvalidOperationException(SkipReason);

    /// <summary>The repository root: the folder holding Warehouse.sln above the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string NodeFolder => Path.Combine(RepoRoot, "tests", "node");

    /// <summary>Makes sure tests/node/node_modules has the locked packages; returns tests/node.</summary>
    public static string EnsurePackages(params string[] packages)
    {
        string folder = NodeFolder;
        bool Installed() => packages.All(p => File.Exists(Path.Combine(folder, "node_modules", p, "package.json")));
        if (Installed())
        {
            return folder;
        }
        using var installLock = AcquireLock(Path.Combine(folder, ".npm-install.lock"), TimeSpan.FromMinutes(10));
        if (Installed())
        {
            return folder;
        }
        string npm = FindOnPath("npm") ?? throw new InvalidOperationException(
            $"node is installed but npm is not on PATH; run 'npm ci --prefix {folder}'.");
        var (code, output, error) = Run(npm, ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(10));
        if (code != 0 || !Installed())
        {
            throw new InvalidOperationException(
                $"'npm ci' in {folder} failed ({code}); run 'npm ci --prefix tests/node' by hand.\n{output}\n{error}");
        }
        return folder;
    }

    /// <summary>Runs a program; returns its exit code, stdout and stderr. Kills it after the timeout.</summary>
    public static (int Code, string Output, string Error) Run(
        string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string? FindOnPath(string name)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        string[] names = OperatingSystem.IsWindows() ? [name + ".exe", name + ".cmd", name] : [name];
        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string n in names)
            {
                string candidate = Path.Combine(dir, n);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Warehouse.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Warehouse.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs node; skipped, with the reason, when node is not installed.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!NodeTools.NodeAvailable)
        {
            Skip = NodeTools.SkipReason;
        }
    }
}

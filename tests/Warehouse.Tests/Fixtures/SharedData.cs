namespace Warehouse.Tests.Fixtures;

/// <summary>
/// The repository root, and the real public data sets the data tests load: looked up in the folder
/// <c>WAREHOUSE_TEST_DATA</c> names, else in <c>../shared/data</c> beside the repository. A clone
/// without them skips those tests with a reason that says where to get the files
/// (<see cref="SharedDataFactAttribute"/>); with <c>WAREHOUSE_TEST_DATA_REQUIRED=1</c> (CI sets it)
/// they run anyway and fail on a missing file, so they cannot be skipped silently.
/// </summary>
public static class SharedData
{
    public const string FolderVariable = "WAREHOUSE_TEST_DATA";
    public const string RequireVariable = "WAREHOUSE_TEST_DATA_REQUIRED";

    /// <summary>Where each data set comes from, for the skip reason.</summary>
    private static readonly IReadOnlyDictionary<string, string> Origins = new Dictionary<string, string>
    {
        ["online-retail.csv.gz"] = "UCI Online Retail (https://archive.ics.uci.edu/dataset/352/online+retail; the file is the CSV with ISO dates " +
                                   "redistributed with the book 'Spark: The Definitive Guide', gzipped)",
        ["cdnow-master.txt.gz"] = "the CDNOW master purchase log of Fader and Hardie (https://www.brucehardie.com/datasets/, " +
                                  "also shipped with the Python 'lifetimes' library as CDNOW_master.txt, gzipped)",
    };

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Warehouse.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Warehouse.sln above the test binaries");
    }

    /// <summary>The folder the data sets are looked up in.</summary>
    public static string Folder() =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));

    public static string File(string name)
    {
        var path = Path.Combine(Folder(), name);
        Assert.True(System.IO.File.Exists(path), $"the shared data set is missing: {path}. {WhereToGet(name)}");
        return path;
    }

    /// <summary>Why a test that needs these files is skipped, or null when it can run: every file
    /// is there, or <c>WAREHOUSE_TEST_DATA_REQUIRED</c> is set (the test then fails on a missing one).</summary>
    public static string? SkipReason(IReadOnlyList<string> names)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) is { Length: > 0 } require && require != "0") return null;
        var folder = Folder();
        var missing = names.Where(n => !System.IO.File.Exists(Path.Combine(folder, n))).ToList();
        if (missing.Count == 0) return null;
        return $"needs the public data set{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing)}, not found in {folder}. " +
               string.Join(" ", missing.Select(WhereToGet)) +
               $" Put the files there, or set {FolderVariable} to the folder that holds them ({RequireVariable}=1 makes a missing file a failure).";
    }

    private static string WhereToGet(string name) =>
        Origins.TryGetValue(name, out var origin) ? $"{name}: {origin}." : $"{name}: see ../shared/data/README.md.";
}

/// <summary>A fact that needs the public data sets named: skipped with where to get them when they
/// are absent (unless WAREHOUSE_TEST_DATA_REQUIRED is set).</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] files) => Skip = SharedData.SkipReason(files);
}

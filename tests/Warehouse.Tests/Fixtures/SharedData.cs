namespace Warehouse.Tests.Fixtures;

/// <summary>The repository root and the real data sets in ../shared/data beside it.</summary>
public static class SharedData
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Warehouse.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Warehouse.sln above the test binaries");
    }

    public static string File(string name)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", name));
        Assert.True(System.IO.File.Exists(path), $"the shared data set is missing: {path}");
        return path;
    }
}

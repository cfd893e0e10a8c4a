using Warehouse.Etl.Configuration;

namespace Warehouse.Tests;

// Sets environment variables: never in parallel with tests that start processes, which inherit them.
[Collection("environment")]
public sealed class SettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("warehouse-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_key_has_a_default()
    {
        var s = SettingsLoader.Load(null, new Dictionary<string, string?>());
        Assert.Equal("duckdb", s.Warehouse.Engine);
        Assert.Equal("data/warehouse.duckdb", s.Warehouse.Path);
        Assert.Equal("Data Source=data/source.db", s.Source.ConnectionString);
        Assert.Equal(365, s.Marts.RfmWindowDays);
        var marts = s.Marts.ToOptions();
        Assert.Equal((100, 500, 2_000, 2_000), (marts.PyramidTopBasisPoints, marts.PyramidBigBasisPoints, marts.PyramidMediumBasisPoints, marts.ParetoBasisPoints));
        Assert.Equal("out", s.Publish.OutputFolder);
    }

    /// <summary>Paths given relative in a configuration file are relative to its folder, whatever
    /// the current directory; given in the environment or on the command line (or left at their
    /// defaults), they stay relative to the current directory; absolute paths are kept.</summary>
    [Fact]
    public void Relative_paths_in_the_file_are_relative_to_its_folder_and_others_to_the_current_directory()
    {
        var conf = Directory.CreateDirectory(Path.Combine(_folder, "project", "conf")).FullName;
        var file = Path.Combine(conf, "warehouse.json");
        var absolute = Path.Combine(_folder, "abs", "out");
        File.WriteAllText(file, $$"""
            { "Warehouse": { "Path": "../data/w.duckdb" },
              "Source": { "Kind": "sqlite", "ConnectionString": "Data Source=shop.db;Mode=ReadOnly", "Path": "../exports/*.csv" },
              "Publish": { "OutputFolder": "{{absolute.Replace("\\", "\\\\")}}" } }
            """);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = elsewhere;
        try
        {
            var s = SettingsLoader.Load(file);
            Assert.Equal(Path.Combine(_folder, "project", "data", "w.duckdb"), s.Warehouse.Path);
            Assert.Equal(Path.Combine(_folder, "project", "exports", "*.csv"), s.Source.Path);
            Assert.Equal(absolute, s.Publish.OutputFolder);
            Assert.Equal($"Data Source={Path.Combine(conf, "shop.db")};Mode=ReadOnly", s.Source.ConnectionString);

            // The same file with the command line's and the environment's values: those stay relative.
            const string variable = "WAREHOUSE_Publish__OutputFolder";
            Environment.SetEnvironmentVariable(variable, "env-out");
            try
            {
                var o = SettingsLoader.Load(file, new Dictionary<string, string?> { ["Source:Path"] = "cli/*.csv", ["Warehouse:Path"] = "cli.duckdb" });
                Assert.Equal("cli/*.csv", o.Source.Path);
                Assert.Equal("env-out", o.Publish.OutputFolder);
                Assert.Equal("cli.duckdb", o.Warehouse.Path);
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            // No file: the defaults, relative to the current directory.
            var d = SettingsLoader.Load(null, new Dictionary<string, string?>());
            Assert.Equal(("data/warehouse.duckdb", "out", "Data Source=data/source.db"), (d.Warehouse.Path, d.Publish.OutputFolder, d.Source.ConnectionString));
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    /// <summary>The shipped samples (README, "Real data") work from any folder: the data beside the
    /// repository, the warehouse and the outputs in the repository root's data/ and out/.</summary>
    [Theory]
    [InlineData("online-retail", "online-retail.csv.gz")]
    [InlineData("cdnow", "cdnow-master.txt.gz")]
    public void The_samples_paths_resolve_from_the_repository_root_whatever_the_current_directory(string sample, string dataSet)
    {
        var root = Fixtures.SharedData.RepositoryRoot();
        var s = SettingsLoader.Load(Path.Combine(root, "etl", "samples", sample + ".json"));
        Assert.Equal(Path.Combine(root, "data", sample + ".duckdb"), s.Warehouse.Path);
        Assert.Equal(Path.GetFullPath(Path.Combine(root, "..", "shared", "data", dataSet)), s.Source.Path);
        Assert.Equal(Path.Combine(root, "out", sample), s.Publish.OutputFolder);
    }

    [Fact]
    public void The_file_sets_values_and_the_environment_wins()
    {
        var file = Path.Combine(_folder, "w.json");
        File.WriteAllText(file, """{ "Warehouse": { "Path": "from-file.duckdb" }, "Marts": { "RfmWindowDays": 180, "PyramidTopPercent": 2.5 } }""");
        const string variable = "WAREHOUSE_Marts__RfmWindowDays";
        Environment.SetEnvironmentVariable(variable, "90");
        try
        {
            var s = SettingsLoader.Load(file);
            Assert.Equal(Path.Combine(_folder, "from-file.duckdb"), s.Warehouse.Path);   // relative to the file's folder
            Assert.Equal(90, s.Marts.RfmWindowDays);
            Assert.Equal(250, s.Marts.ToOptions().PyramidTopBasisPoints);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("Marts:RfmWindowDays", "0", "RFM window")]
    [InlineData("Marts:PyramidBigPercent", "0.5", "cut-offs")]
    [InlineData("Marts:Enabled", "rfm,nonsense", "no mart 'nonsense'")]
    [InlineData("Marts:AsOf", "2024-13-01", "yyyy-MM-dd")]
    [InlineData("Warehouse:Engine", "oracle", "not supported")]
    [InlineData("Marts:ClvValueBasis", "profit", "margin")]
    public void Bad_configuration_is_refused_with_a_message_naming_the_problem(string key, string value, string expected)
    {
        var e = Record.Exception(() => SettingsLoader.Load(null, new Dictionary<string, string?> { [key] = value }));
        Assert.NotNull(e);
        Assert.Contains(expected, e.Message);
    }
}

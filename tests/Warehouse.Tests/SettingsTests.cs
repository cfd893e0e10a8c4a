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
            Assert.Equal("from-file.duckdb", s.Warehouse.Path);
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

using Warehouse.Cli.Publishing;
using Warehouse.Etl.Configuration;
using Warehouse.Publishing.Blob;

namespace Warehouse.Tests;

/// <summary>How `warehouse publish --to blob` finds its container: configuration first, the
/// environment for what configuration leaves empty.</summary>
[Collection("environment")]
public sealed class BlobSettingsTests
{
    private const string Connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Zm9vYmFy;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Configuration_values_win_and_the_environment_fills_the_gaps()
    {
        Environment.SetEnvironmentVariable("WAREHOUSE_Publish__Blob__ConnectionString", Connection);
        try
        {
            var options = OutputPublisher.BlobOptions(new BlobSettings { Container = "bi-data", Prefix = "warehouse", MaxRetries = 2, Keep = 3 });
            Assert.Equal(BlobAuthentication.ConnectionString, options.Authentication);
            Assert.Equal(Connection, options.ConnectionString);
            Assert.Equal(("bi-data", "warehouse/", 2, 3), (options.Container, options.NormalizedPrefix, options.MaxRetries, options.Keep));
            Assert.DoesNotContain("Zm9vYmFy", options.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("WAREHOUSE_Publish__Blob__ConnectionString", null);
        }
    }

    [Fact]
    public void Settings_read_from_the_configuration_file_reach_the_uploader()
    {
        var s = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Publish:To"] = "blob",
            ["Publish:Blob:SasUrl"] = "https://acct.blob.core.windows.net/bi?sv=2024-01-01&sig=abc",
            ["Publish:Blob:Prefix"] = "nightly",
        });
        Assert.Equal("blob", s.Publish.To);
        var options = OutputPublisher.BlobOptions(s.Publish.Blob);
        Assert.Equal(BlobAuthentication.SasUrl, options.Authentication);
        Assert.Equal("nightly/", options.NormalizedPrefix);
    }

    [Fact]
    public void No_credential_is_a_clear_error()
    {
        var e = Record.Exception(() => OutputPublisher.BlobOptions(new BlobSettings { Container = "bi-data" }));
        Assert.NotNull(e);
        Assert.Contains("ConnectionString", e.Message);
    }
}

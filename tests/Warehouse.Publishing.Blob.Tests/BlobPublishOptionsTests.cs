using Microsoft.Extensions.Configuration;

namespace Warehouse.Publishing.Blob.Tests;

public sealed class BlobPublishOptionsTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtbG9nZ2Vk";
    private const string ConnectionString = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + Key + ";EndpointSuffix=core.windows.net";
    private const string SasUrl = "https://acct.blob.core.windows.net/bi-data?sv=2024-08-04&sp=rwdl&sig=SECRETSIGNATURE%3D";

    [Fact]
    public void Exactly_one_credential_picks_the_authentication()
    {
        Assert.Equal(BlobAuthentication.ConnectionString, new BlobPublishOptions { ConnectionString = ConnectionString, Container = "bi-data" }.Authentication);
        Assert.Equal(BlobAuthentication.SasUrl, new BlobPublishOptions { SasUrl = SasUrl }.Authentication);
        Assert.Equal(BlobAuthentication.DefaultAzureCredential,
            new BlobPublishOptions { AccountUrl = "https://acct.blob.core.windows.net", Container = "bi-data" }.Authentication);

        Assert.Throws<BlobOptionsException>(() => new BlobPublishOptions { Container = "bi-data" }.Authentication);
        Assert.Throws<BlobOptionsException>(() => new BlobPublishOptions { ConnectionString = ConnectionString, SasUrl = SasUrl }.Authentication);
    }

    [Theory]
    [InlineData(null, null, "https://acct.blob.core.windows.net", null)] // no container
    [InlineData(null, null, "http://acct.blob.core.windows.net", "bi-data")] // a token over http
    [InlineData(null, null, "https://acct.blob.core.windows.net?sig=x", "bi-data")] // a SAS in AccountUrl
    [InlineData(null, "https://acct.blob.core.windows.net/bi-data", null, null)] // a SAS URL without a token
    [InlineData(ConnectionString, null, null, null)] // no container
    public void Invalid_options_are_refused_with_a_message_without_secrets(string? connection, string? sas, string? account, string? container)
    {
        var options = new BlobPublishOptions { ConnectionString = connection, SasUrl = sas, AccountUrl = account, Container = container };

        var error = Assert.Throws<BlobOptionsException>(options.Validate);

        Assert.DoesNotContain(Key, error.Message);
        Assert.NotEmpty(error.Options);
    }

    [Fact]
    public void Each_problem_names_the_options_to_set()
    {
        var none = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { Container = "bi-data" }.Validate);
        Assert.Equal("set exactly one of ConnectionString, SasUrl or AccountUrl (0 set)", none.Problem);
        Assert.Equal(["ConnectionString", "SasUrl", "AccountUrl"], none.Options);

        var two = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { ConnectionString = ConnectionString, SasUrl = SasUrl }.Validate);
        Assert.Contains("(2 set)", two.Problem);

        var noContainer = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { ConnectionString = ConnectionString }.Validate);
        Assert.Equal(("Container must be set", "Container"), (noContainer.Problem, Assert.Single(noContainer.Options)));

        var badSas = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { SasUrl = "acct.blob.core.windows.net/bi-data?sig=SECRETSIGNATURE" }.Validate);
        Assert.Equal("SasUrl", Assert.Single(badSas.Options));
        Assert.DoesNotContain("SECRETSIGNATURE", badSas.Message);

        var mismatch = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { SasUrl = SasUrl, Container = "other" }.Validate);
        Assert.Equal("SasUrl names container 'bi-data' but Container is 'other'", mismatch.Problem);

        // A connection string that is not one: refused without a request, and without quoting it.
        var garbage = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { ConnectionString = "AccountKey=" + Key, Container = "bi-data" }.Validate);
        Assert.Equal("ConnectionString", Assert.Single(garbage.Options));
        Assert.DoesNotContain(Key, garbage.Message);

        var retries = Assert.Throws<BlobOptionsException>(new BlobPublishOptions { ConnectionString = ConnectionString, Container = "bi-data", MaxRetries = 99 }.Validate);
        Assert.Equal(("MaxRetries must be between 0 and 50, not 99", "MaxRetries"), (retries.Problem, Assert.Single(retries.Options)));
    }

    [Fact]
    public void Numbers_and_the_prefix_are_checked()
    {
        var ok = new BlobPublishOptions { ConnectionString = ConnectionString, Container = "bi-data" };
        ok.Validate();
        Assert.Throws<BlobOptionsException>((ok with { MaxRetries = -1 }).Validate);
        Assert.Throws<BlobOptionsException>((ok with { MaxConcurrency = 0 }).Validate);
        Assert.Throws<BlobOptionsException>((ok with { Keep = -1 }).Validate);
        Assert.Throws<BlobOptionsException>((ok with { Container = "bi" }).Validate);
        Assert.Throws<BlobOptionsException>((ok with { Container = "Bi_Data" }).Validate);
        Assert.Throws<BlobOptionsException>((ok with { Prefix = "a/../b" }).Validate);
        Assert.Throws<BlobOptionsException>((ok with { Prefix = "a\\b" }).Validate);
        Assert.Equal("", ok.NormalizedPrefix);
        Assert.Equal("warehouse/prod/", (ok with { Prefix = "/warehouse/prod/" }).NormalizedPrefix);
    }

    [Fact]
    public void ToString_never_shows_a_secret()
    {
        string text = new BlobPublishOptions { ConnectionString = ConnectionString, Container = "bi-data", Prefix = "wh" }.ToString();
        Assert.DoesNotContain(Key, text);
        Assert.Contains("ConnectionString = ***", text);
        Assert.Contains("Container = bi-data", text);

        string sas = new BlobPublishOptions { SasUrl = SasUrl }.ToString();
        Assert.DoesNotContain("SECRETSIGNATURE", sas);
        Assert.DoesNotContain("sig=", sas);
        Assert.Contains("https://acct.blob.core.windows.net/bi-data?***", sas);
    }

    [Fact]
    public void Reads_the_environment_with_the_warehouse_convention_and_the_azure_fallback()
    {
        var env = new Dictionary<string, string?>
        {
            ["WAREHOUSE_Publish__Blob__SasUrl"] = SasUrl,
            ["WAREHOUSE_Publish__Blob__Prefix"] = "warehouse",
            ["WAREHOUSE_Publish__Blob__MaxRetries"] = "9",
            ["WAREHOUSE_Publish__Blob__Keep"] = "3",
        };
        var options = BlobPublishOptions.FromEnvironment(environment: k => env.GetValueOrDefault(k));
        Assert.Equal((SasUrl, "warehouse", 9, 3, 4), (options.SasUrl, options.Prefix, options.MaxRetries, options.Keep, options.MaxConcurrency));
        Assert.Null(options.ConnectionString);

        var azure = BlobPublishOptions.FromEnvironment(environment: k => k == "AZURE_STORAGE_CONNECTION_STRING" ? ConnectionString : null);
        Assert.Equal(ConnectionString, azure.ConnectionString);
        Assert.Equal(5, azure.MaxRetries);
    }

    [Fact]
    public void Binds_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publish:Blob:AccountUrl"] = "https://acct.blob.core.windows.net",
            ["Publish:Blob:Container"] = "bi-data",
            ["Publish:Blob:Prefix"] = "warehouse",
            ["Publish:Blob:MaxRetries"] = "2",
            ["Publish:Blob:NetworkTimeout"] = "00:00:30",
        }).Build();

        var options = configuration.GetSection("Publish:Blob").Get<BlobPublishOptions>()!;

        Assert.Equal(("https://acct.blob.core.windows.net", "bi-data", "warehouse", 2, TimeSpan.FromSeconds(30)),
            (options.AccountUrl, options.Container, options.Prefix, options.MaxRetries, options.NetworkTimeout));
        Assert.Equal(BlobAuthentication.DefaultAzureCredential, options.Authentication);
    }

    [Fact]
    public void Clients_are_made_for_each_kind_of_credential_without_a_request()
    {
        var byAccount = BlobDatasetUploader.CreateContainerClient(new BlobPublishOptions { AccountUrl = "https://acct.blob.core.windows.net", Container = "bi-data" });
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/bi-data"), byAccount.Uri);

        var bySas = BlobDatasetUploader.CreateContainerClient(new BlobPublishOptions { SasUrl = SasUrl });
        Assert.Equal("bi-data", bySas.Name);

        var bySasAccount = BlobDatasetUploader.CreateContainerClient(
            new BlobPublishOptions { SasUrl = "https://acct.blob.core.windows.net/?sv=2024-08-04&sig=x", Container = "other" });
        Assert.Equal("other", bySasAccount.Name);

        Assert.Throws<BlobOptionsException>(() => BlobDatasetUploader.CreateContainerClient(new BlobPublishOptions { SasUrl = SasUrl, Container = "other" }));

        var byConnection = BlobDatasetUploader.CreateContainerClient(new BlobPublishOptions { ConnectionString = ConnectionString, Container = "bi-data" });
        Assert.Equal(("acct", "bi-data"), (byConnection.AccountName, byConnection.Name));
    }
}

using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;

namespace Warehouse.Publishing.Blob;

/// <summary>How the uploader authenticates, from which of the options is set.</summary>
public enum BlobAuthentication
{
    /// <summary><see cref="BlobPublishOptions.ConnectionString"/> (account key or SAS inside).</summary>
    ConnectionString,

    /// <summary><see cref="BlobPublishOptions.SasUrl"/>: a container URL (or an account URL plus
    /// <see cref="BlobPublishOptions.Container"/>) with a SAS token.</summary>
    SasUrl,

    /// <summary><see cref="BlobPublishOptions.AccountUrl"/> with Azure.Identity's DefaultAzureCredential
    /// (managed identity, workload identity, environment, Azure CLI, …).</summary>
    DefaultAzureCredential,
}

/// <summary>
/// Where and how to upload: exactly one of <see cref="ConnectionString"/>, <see cref="SasUrl"/>,
/// <see cref="AccountUrl"/>; the container (unless the SAS URL names it) and a prefix. Bind it from
/// configuration (e.g. the section <c>Publish:Blob</c>) or read it with <see cref="FromEnvironment"/>.
/// <see cref="ToString"/> never shows a secret: the connection string and the SAS token are
/// redacted, so the options can be logged.
/// </summary>
public sealed record BlobPublishOptions
{
    /// <summary>A storage connection string (holds a key or a SAS: a secret).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>A URL with a SAS token: of the container (<c>https://acct.blob.core.windows.net/bi?sv=…&amp;sig=…</c>)
    /// or of the account together with <see cref="Container"/>. A secret.</summary>
    public string? SasUrl { get; init; }

    /// <summary>The account URL (<c>https://acct.blob.core.windows.net</c>), used with DefaultAzureCredential.</summary>
    public string? AccountUrl { get; init; }

    /// <summary>The container; may be left empty when <see cref="SasUrl"/> is a container URL.</summary>
    public string? Container { get; init; }

    /// <summary>The folder inside the container, e.g. <c>warehouse</c> (no leading or trailing slash needed; empty: the container's root).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Retries of each request on transient failures (Azure SDK, exponential back-off).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry delay; doubles per retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one request.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Files uploaded at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Complete publishes kept under <c>&lt;prefix&gt;/runs/</c> (older ones are deleted after
    /// <c>latest.json</c> switched); 0 keeps all.</summary>
    public int Keep { get; init; } = 7;

    /// <summary>Create the container if it does not exist (needs the right to do so).</summary>
    public bool CreateContainer { get; init; } = true;

    /// <summary>The authentication the set options select; throws <see cref="BlobOptionsException"/> if not exactly one is set.</summary>
    public BlobAuthentication Authentication
    {
        get
        {
            int set = (Has(ConnectionString) ? 1 : 0) + (Has(SasUrl) ? 1 : 0) + (Has(AccountUrl) ? 1 : 0);
            if (set != 1)
            {
                throw new BlobOptionsException(
                    $"set exactly one of ConnectionString, SasUrl or AccountUrl ({set} set)",
                    nameof(ConnectionString), nameof(SasUrl), nameof(AccountUrl));
            }
            return Has(ConnectionString) ? BlobAuthentication.ConnectionString
                : Has(SasUrl) ? BlobAuthentication.SasUrl
                : BlobAuthentication.DefaultAzureCredential;
        }
    }

    /// <summary>The prefix as used in blob names: no leading slash, one trailing slash (or empty).</summary>
    public string NormalizedPrefix => Prefix.Trim().Trim('/') is { Length: > 0 } p ? p + "/" : "";

    /// <summary>
    /// Checks every option without a request (a client is made for the connection string, the URLs
    /// are parsed); throws <see cref="BlobOptionsException"/> naming the problem and the options
    /// involved, never a secret.
    /// </summary>
    public void Validate()
    {
        var auth = Authentication;
        string? containerInUrl = null;
        if (auth == BlobAuthentication.ConnectionString)
        {
            try
            {
                _ = new BlobServiceClient(ConnectionString);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
            {
                // The SDK's message may quote the string, key and all: not shown.
                throw new BlobOptionsException(
                    "ConnectionString is not a storage connection string (DefaultEndpointsProtocol, AccountName, AccountKey and EndpointSuffix or BlobEndpoint; or UseDevelopmentStorage=true)",
                    nameof(ConnectionString));
            }
        }
        else if (auth == BlobAuthentication.SasUrl)
        {
            if (!Uri.TryCreate(SasUrl, UriKind.Absolute, out var sas) || sas.Scheme is not ("https" or "http") || string.IsNullOrEmpty(sas.Query))
            {
                throw new BlobOptionsException(
                    "SasUrl must be an absolute URL with a SAS token: https://<account>.blob.core.windows.net/<container>?<token>", nameof(SasUrl));
            }
            containerInUrl = new BlobUriBuilder(sas).BlobContainerName is { Length: > 0 } c ? c : null;
            if (containerInUrl is not null && Has(Container) && Container != containerInUrl)
            {
                throw new BlobOptionsException($"SasUrl names container '{containerInUrl}' but Container is '{Container}'", nameof(Container), nameof(SasUrl));
            }
        }
        else
        {
            if (!Uri.TryCreate(AccountUrl, UriKind.Absolute, out var account) || account.Scheme != Uri.UriSchemeHttps)
            {
                throw new BlobOptionsException(
                    "AccountUrl must be an absolute https URL such as https://<account>.blob.core.windows.net", nameof(AccountUrl));
            }
            if (!string.IsNullOrEmpty(account.Query))
            {
                throw new BlobOptionsException("AccountUrl must not carry a query; put a SAS URL in SasUrl instead", nameof(AccountUrl), nameof(SasUrl));
            }
        }
        if (containerInUrl is null && !Has(Container))
        {
            throw new BlobOptionsException(
                auth == BlobAuthentication.SasUrl ? "SasUrl is an account URL, so Container must be set" : "Container must be set", nameof(Container));
        }
        if (Has(Container) && !IsValidContainerName(Container!))
        {
            throw new BlobOptionsException(
                $"Container '{Container}' is not a valid name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit",
                nameof(Container));
        }
        if (MaxRetries is < 0 or > 50)
        {
            throw new BlobOptionsException($"MaxRetries must be between 0 and 50, not {MaxRetries}", nameof(MaxRetries));
        }
        if (MaxConcurrency < 1)
        {
            throw new BlobOptionsException($"MaxConcurrency must be at least 1, not {MaxConcurrency}", nameof(MaxConcurrency));
        }
        if (Keep < 0)
        {
            throw new BlobOptionsException($"Keep must be 0 (keep all) or more, not {Keep}", nameof(Keep));
        }
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay || NetworkTimeout <= TimeSpan.Zero)
        {
            throw new BlobOptionsException("RetryDelay, MaxRetryDelay and NetworkTimeout must be positive, MaxRetryDelay at least RetryDelay",
                nameof(RetryDelay), nameof(MaxRetryDelay), nameof(NetworkTimeout));
        }
        if (Prefix.Contains('\\') || Prefix.Split('/').Any(s => s is "." or ".."))
        {
            throw new BlobOptionsException($"Prefix '{Prefix}' must use '/' and no '.' or '..' segments", nameof(Prefix));
        }
    }

    /// <summary>
    /// Reads the options from environment variables <c>&lt;prefix&gt;ConnectionString</c>,
    /// <c>SasUrl</c>, <c>AccountUrl</c>, <c>Container</c>, <c>Prefix</c>, <c>MaxRetries</c>,
    /// <c>MaxConcurrency</c>, <c>Keep</c> (default prefix <c>WAREHOUSE_Publish__Blob__</c>, the
    /// configuration convention of the warehouse CLI). When none of the three credentials is set,
    /// <c>AZURE_STORAGE_CONNECTION_STRING</c> is used if present.
    /// </summary>
    /// <param name="variablePrefix">The variables' common prefix.</param>
    /// <param name="environment">Looks a variable up; the process environment by default.</param>
    public static BlobPublishOptions FromEnvironment(
        string variablePrefix = "WAREHOUSE_Publish__Blob__", Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Get(string key) => environment(variablePrefix + key) is { Length: > 0 } v ? v : null;
        int Int(string key, int fallback) =>
            Get(key) is { } v ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

        var options = new BlobPublishOptions
        {
            ConnectionString = Get("ConnectionString"),
            SasUrl = Get("SasUrl"),
            AccountUrl = Get("AccountUrl"),
            Container = Get("Container"),
            Prefix = Get("Prefix") ?? "",
        };
        options = options with
        {
            MaxRetries = Int("MaxRetries", options.MaxRetries),
            MaxConcurrency = Int("MaxConcurrency", options.MaxConcurrency),
            Keep = Int("Keep", options.Keep),
        };
        if (options.ConnectionString is null && options.SasUrl is null && options.AccountUrl is null
            && environment("AZURE_STORAGE_CONNECTION_STRING") is { Length: > 0 } azure)
        {
            options = options with { ConnectionString = azure };
        }
        return options;
    }

    /// <summary>The options with secrets redacted: safe to log.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ConnectionString = ").Append(Has(ConnectionString) ? "***" : "(none)");
        builder.Append(", SasUrl = ").Append(Has(SasUrl) ? WithoutQuery(SasUrl!) + "?***" : "(none)");
        builder.Append(", AccountUrl = ").Append(Has(AccountUrl) ? WithoutQuery(AccountUrl!) : "(none)");
        builder.Append(", Container = ").Append(Container ?? "(none)");
        builder.Append(", Prefix = ").Append(Prefix);
        builder.Append(", MaxRetries = ").Append(MaxRetries.ToString(CultureInfo.InvariantCulture));
        builder.Append(", MaxConcurrency = ").Append(MaxConcurrency.ToString(CultureInfo.InvariantCulture));
        builder.Append(", Keep = ").Append(Keep.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The URL without query or fragment (where a SAS token would be).</summary>
    internal static string WithoutQuery(string url)
    {
        int cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }

    private static bool IsValidContainerName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);
}

/// <summary>
/// Options that cannot work, found before any request: <see cref="Problem"/> says what is wrong
/// (never showing a secret) and <see cref="Options"/> names the options involved (property names of
/// <see cref="BlobPublishOptions"/>), so a caller can say where to set them.
/// </summary>
public sealed class BlobOptionsException(string problem, params string[] options) : InvalidOperationException(problem + ".")
{
    /// <summary>What is wrong, without a final full stop.</summary>
    public string Problem { get; } = problem;

    /// <summary>The options involved, e.g. <c>ConnectionString</c>, <c>SasUrl</c>, <c>AccountUrl</c>.</summary>
    public IReadOnlyList<string> Options { get; } = options;
}

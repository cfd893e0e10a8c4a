namespace Warehouse.Etl.Configuration;

/// <summary>
/// Everything the job can be told. Read from a JSON file (warehouse.json by default) and then from
/// environment variables WAREHOUSE_&lt;Section&gt;__&lt;Key&gt; (for example
/// WAREHOUSE_Source__ConnectionString). Every key has a default that makes `warehouse demo` work.
/// </summary>
public sealed class WarehouseSettings
{
    public WarehouseStoreSettings Warehouse { get; set; } = new();
    public SourceSettings Source { get; set; } = new();
    public MartSettings Marts { get; set; } = new();
    public PublishSettings Publish { get; set; } = new();
    public QualitySettings Quality { get; set; } = new();
    public LoggingSettings Logging { get; set; } = new();
}

public sealed class LoggingSettings
{
    /// <summary>"text" (one line per event) or "json" (one JSON object per line, for log collectors).</summary>
    [OneOf("text", "json")]
    public string Format { get; set; } = "text";
}

public sealed class WarehouseStoreSettings
{
    /// <summary>The warehouse engine: "duckdb" (the embedded default, one file), "postgres" or
    /// "sqlserver" (a server: Warehouse:ConnectionString).</summary>
    [OneOf("duckdb", "postgres", "sqlserver")]
    public string Engine { get; set; } = "duckdb";

    /// <summary>The DuckDB warehouse file (engine duckdb).</summary>
    [PathSetting]
    public string Path { get; set; } = "data/warehouse.duckdb";

    /// <summary>Engine duckdb: the most memory DuckDB may use (its memory_limit, e.g. "1GB"); beyond
    /// it, joins and sorts spill to a temporary folder beside the warehouse. Empty: DuckDB's default
    /// (80% of the machine's memory).</summary>
    public string? MemoryLimit { get; set; } = "1GB";

    /// <summary>Engine duckdb: the threads DuckDB may use (its threads setting), a positive whole
    /// number. Empty: DuckDB's default (all cores).</summary>
    public int? Threads { get; set; }

    /// <summary>Engines postgres and sqlserver: the ADO.NET connection string. A password belongs in
    /// the environment (WAREHOUSE_Warehouse__ConnectionString).</summary>
    public string? ConnectionString { get; set; }
}

public sealed class SourceSettings
{
    /// <summary>The kind of source: "sqlite" (an operational database file), "postgres" or
    /// "sqlserver" (a database server), "csv" (a folder of entity CSV files) or "flatfile" (order-line
    /// files).</summary>
    [OneOf("sqlite", "postgres", "sqlserver", "csv", "flatfile")]
    public string Kind { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string of the source. Secrets belong in the environment. Kind
    /// sqlite: a relative Data Source given in the configuration file is relative to its folder.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/source.db";

    /// <summary>For a database source: a query per entity (customers, products, campaigns, orders,
    /// order_lines) whose column aliases are the staging names; entities not named use the
    /// default query (tables of those names).</summary>
    [KeysFrom(typeof(Sources.SourceEntities), nameof(Sources.SourceEntities.All))]
    public Dictionary<string, string> Queries { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For Kind "flatfile": the file (CSV, or CSV.gz) or a glob of files (data/*.csv.gz).
    /// For Kind "csv": the folder of entity CSV files.</summary>
    [PathSetting]
    public string? Path { get; set; }

    /// <summary>Kinds "flatfile" and "csv": the encoding of the files when they are not UTF-8 (e.g.
    /// windows-1252, iso-8859-1; any encoding that writes ASCII as ASCII). Empty or utf-8: UTF-8,
    /// and a row with bytes that are not UTF-8 is quarantined as invalid_encoding. A byte order mark
    /// wins over this: a file starting with a UTF-8, UTF-16 or UTF-32 one is read in that encoding.</summary>
    public string? Encoding { get; set; }

    /// <summary>The default of <see cref="MaxLinesPerRow"/>.</summary>
    public const int DefaultMaxLinesPerRow = 20;

    /// <summary>Kinds "flatfile" and "csv": the most physical lines one row may span (a quoted field
    /// with line breaks in it). A quote that does not close within them quarantines the line that
    /// opened it as unclosed_quote, and the lines after it are read as rows of their own.</summary>
    public int MaxLinesPerRow { get; set; } = DefaultMaxLinesPerRow;

    /// <summary>For Kind "flatfile": how to read the files and map their columns.</summary>
    public FlatFileSettings Flat { get; set; } = new();

    /// <summary>Incremental extraction: watermarks per entity and their look-back.</summary>
    public IncrementalSettings Incremental { get; set; } = new();

    /// <summary>Retries of transient failures when opening the source and the warehouse (0 = none).</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The first retry's delay in seconds; each further retry doubles it (with jitter).</summary>
    public double RetryDelaySeconds { get; set; } = 1;
}

public sealed class MartSettings
{
    /// <summary>The as-of date (yyyy-MM-dd); empty means the date of the latest order.</summary>
    public string? AsOf { get; set; }

    /// <summary>Marts to build (comma-separated names); empty means all.</summary>
    public string? Enabled { get; set; }

    /// <summary>Days of history RFM looks at: orders dated in (as-of - window, as-of].</summary>
    public int RfmWindowDays { get; set; } = 365;

    /// <summary>Pyramid tiers, in percent of active customers (cumulative): Top, Big, Medium.</summary>
    public decimal PyramidTopPercent { get; set; } = 1m;
    public decimal PyramidBigPercent { get; set; } = 5m;
    public decimal PyramidMediumPercent { get; set; } = 20m;

    /// <summary>The Pareto share: revenue share of this top percent of active customers.</summary>
    public decimal ParetoPercent { get; set; } = 20m;

    /// <summary>Levels of referrals counted in a customer's lifetime value (1 = direct only).</summary>
    public int ReferralDepth { get; set; } = 3;

    /// <summary>"margin" or "revenue": what value means in customer lifetime value.</summary>
    [OneOf("margin", "revenue")]
    public string ClvValueBasis { get; set; } = "margin";

    /// <summary>Value x loyalty split points; empty means the median over active customers.</summary>
    public decimal? ValueSplit { get; set; }
    public decimal? LoyaltySplit { get; set; }

    public Pipeline.MartOptions ToOptions() => new()
    {
        Enabled = (Enabled ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        RfmWindowDays = RfmWindowDays,
        PyramidTopBasisPoints = BasisPoints(PyramidTopPercent, nameof(PyramidTopPercent)),
        PyramidBigBasisPoints = BasisPoints(PyramidBigPercent, nameof(PyramidBigPercent)),
        PyramidMediumBasisPoints = BasisPoints(PyramidMediumPercent, nameof(PyramidMediumPercent)),
        ParetoBasisPoints = BasisPoints(ParetoPercent, nameof(ParetoPercent)),
        ReferralDepth = ReferralDepth,
        ClvValueBasis = ClvValueBasis.Trim().ToLowerInvariant(),
        ValueSplit = ValueSplit,
        LoyaltySplit = LoyaltySplit,
    };

    private static int BasisPoints(decimal percent, string key)
    {
        var bp = percent * 100m;
        if (bp != decimal.Truncate(bp)) throw new SettingsException($"Marts:{key} may have at most two decimals.");
        return (int)bp;
    }
}

public sealed class PublishSettings
{
    /// <summary>Where Parquet files and workbooks go.</summary>
    [PathSetting]
    public string OutputFolder { get; set; } = "out";

    public bool Parquet { get; set; } = true;

    public bool Excel { get; set; } = true;

    /// <summary>Rows per Parquet row group.</summary>
    public int ParquetRowGroupSize { get; set; } = 100_000;

    /// <summary>How many publishes (run folders under OutputFolder/runs) to keep.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>"folder" (the output folder only) or "blob" (then also an Azure Blob container).</summary>
    [OneOf("folder", "blob")]
    public string To { get; set; } = "folder";

    public BlobSettings Blob { get; set; } = new();
}

/// <summary>The Azure Blob container publishes go to. Give exactly one of ConnectionString, SasUrl
/// or AccountUrl (DefaultAzureCredential); put secrets in the environment
/// (WAREHOUSE_Publish__Blob__ConnectionString), never in the file.</summary>
public sealed class BlobSettings
{
    public string? ConnectionString { get; set; }
    public string? SasUrl { get; set; }
    public string? AccountUrl { get; set; }
    public string? Container { get; set; }
    public string Prefix { get; set; } = "";
    public int MaxRetries { get; set; } = 5;
    public int Keep { get; set; } = 7;
}

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
}

public sealed class WarehouseStoreSettings
{
    /// <summary>The warehouse engine. Only "duckdb" (the embedded default) so far.</summary>
    public string Engine { get; set; } = "duckdb";

    /// <summary>The DuckDB warehouse file.</summary>
    public string Path { get; set; } = "data/warehouse.duckdb";
}

public sealed class SourceSettings
{
    /// <summary>The kind of source: "sqlite" (an operational database file).</summary>
    public string Kind { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string of the source. Secrets belong in the environment.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/source.db";
}

public sealed class MartSettings
{
    /// <summary>The as-of date (yyyy-MM-dd); empty means the date of the latest order.</summary>
    public string? AsOf { get; set; }

    /// <summary>Days of history RFM looks at: orders dated in (as-of - window, as-of].</summary>
    public int RfmWindowDays { get; set; } = 365;
}

public sealed class PublishSettings
{
    /// <summary>Where Parquet files and workbooks go.</summary>
    public string OutputFolder { get; set; } = "out";

    public bool Parquet { get; set; } = true;

    public bool Excel { get; set; } = true;

    /// <summary>Rows per Parquet row group.</summary>
    public int ParquetRowGroupSize { get; set; } = 100_000;
}

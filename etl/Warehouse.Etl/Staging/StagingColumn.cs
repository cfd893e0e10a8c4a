namespace Warehouse.Etl.Staging;

/// <summary>The types a staging column can have (read from the staging table's definition).</summary>
public enum StagingType { Text, Date, Timestamp, Decimal, Integer, BigInt }

/// <summary>A staging column: its type, whether it is required, and the limits of the type
/// (a text column's declared length; a DECIMAL column's precision and scale, from
/// information_schema numeric_precision/numeric_scale).</summary>
public sealed record StagingColumn(string Name, StagingType Type, bool Required, int? MaxLength = null, int? Precision = null, int? Scale = null)
{
    /// <summary>The lineage column every staging table ends with: the row's 1-based position in its
    /// extract, filled by the loader (not read from the source); duplicate checks keep the first.</summary>
    public const string SourceRow = "source_row";

    public bool IsSourceRow => Name == SourceRow;

    /// <summary>A column's type from information_schema.columns.data_type, as DuckDB, PostgreSQL
    /// and SQL Server name it.</summary>
    public static StagingType TypeOf(string dataType)
    {
        var t = dataType.ToUpperInvariant();
        if (t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal)) return StagingType.Decimal;
        return t switch
        {
            "VARCHAR" or "TEXT" or "STRING" or "CHARACTER VARYING" or "NVARCHAR" => StagingType.Text,
            "DATE" => StagingType.Date,
            "TIMESTAMP" or "DATETIME" or "DATETIME2" or "TIMESTAMP WITHOUT TIME ZONE" => StagingType.Timestamp,
            "INTEGER" or "INT" or "SMALLINT" => StagingType.Integer,
            "BIGINT" => StagingType.BigInt,
            _ => throw new NotSupportedException($"Staging column type '{dataType}' is not supported."),
        };
    }
}

using System.Text.RegularExpressions;
using Warehouse.Schema;

namespace Warehouse.Etl.Staging;

/// <summary>The declared lengths of a staging table's text columns, read from its definition in
/// warehouse-schema (engines like DuckDB do not enforce them, so the loader does).</summary>
public static partial class StagingLimits
{
    public static IReadOnlyDictionary<string, int> MaxLengths(string table)
    {
        var ddl = SqlCatalog.Embedded.Read("tables/staging/" + table);
        return VarcharColumn().Matches(ddl).ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["length"].Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The declared precision and scale of each DECIMAL column of a table, read from its
    /// definition (<paramref name="tablePath"/>, e.g. tables/facts/fact_order_line).</summary>
    public static IReadOnlyDictionary<string, DecimalType> DecimalTypes(string tablePath)
    {
        var ddl = SqlCatalog.Embedded.Read(tablePath);
        return DecimalColumn().Matches(ddl).ToDictionary(m => m.Groups["name"].Value,
            m => new DecimalType(int.Parse(m.Groups["precision"].Value), int.Parse(m.Groups["scale"].Value)), StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\s*(?<name>[a-z_][a-z0-9_]*)\s+DECIMAL\((?<precision>\d+),\s*(?<scale>\d+)\)", RegexOptions.Multiline)]
    private static partial Regex DecimalColumn();

    [GeneratedRegex(@"^\s*(?<name>[a-z_][a-z0-9_]*)\s+VARCHAR\((?<length>\d+)\)", RegexOptions.Multiline)]
    private static partial Regex VarcharColumn();
}

/// <summary>A DECIMAL(precision, scale) type: it holds values below 10^(precision - scale).</summary>
public readonly record struct DecimalType(int Precision, int Scale)
{
    /// <summary>The smallest magnitude the type cannot hold (every value must be below it).</summary>
    public decimal Limit
    {
        get
        {
            var limit = 1m;
            for (var i = 0; i < Math.Min(Precision - Scale, 28); i++) limit *= 10;
            return limit;
        }
    }

    public bool Holds(decimal value) => Precision - Scale > 28 || Math.Abs(value) < Limit;

    public override string ToString() => $"DECIMAL({Precision},{Scale})";
}

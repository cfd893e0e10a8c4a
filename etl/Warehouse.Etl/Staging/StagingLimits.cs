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

    [GeneratedRegex(@"^\s*(?<name>[a-z_][a-z0-9_]*)\s+VARCHAR\((?<length>\d+)\)", RegexOptions.Multiline)]
    private static partial Regex VarcharColumn();
}

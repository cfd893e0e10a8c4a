using System.Text.RegularExpressions;

namespace Warehouse.Etl.Configuration;

/// <summary>Source:Incremental — how runs after the first one extract only what changed.</summary>
public sealed partial class IncrementalSettings
{
    /// <summary>False: every run extracts everything (a full extract, merged into the history).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per entity, the column whose value rises when a row changes: a timestamp
    /// (updated_at) or a rising id. An entity mapped to "" is extracted whole on every run (and
    /// upserted). Database sources only; a flat-file source skips the files it loaded before.</summary>
    [KeysFrom(typeof(Sources.SourceEntities), nameof(Sources.SourceEntities.All))]
    public Dictionary<string, string> Watermarks { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["customers"] = "updated_at",
        ["products"] = "updated_at",
        ["campaigns"] = "updated_at",
        ["orders"] = "updated_at",
        ["order_lines"] = "updated_at",
    };

    /// <summary>Timestamp watermarks: extract rows changed after (watermark - look-back), to catch
    /// rows committed late with an earlier updated_at. Reloading a row changes nothing.</summary>
    public double LookBackMinutes { get; set; } = 60;

    /// <summary>Rising-id watermarks: extract ids above (watermark - look-back).</summary>
    public long LookBackIds { get; set; }

    /// <summary>The watermark column of an entity, or null when it has none.</summary>
    public string? ColumnOf(string entity) =>
        Watermarks.TryGetValue(entity, out var column) && !string.IsNullOrWhiteSpace(column) ? column.Trim() : null;

    public void Validate()
    {
        if (LookBackMinutes is < 0 or > 60 * 24 * 366)
            throw new SettingsException("Source:Incremental:LookBackMinutes must be between 0 and 527040 (a year).");
        if (LookBackIds < 0)
            throw new SettingsException("Source:Incremental:LookBackIds must not be negative.");
        foreach (var (entity, column) in Watermarks)
        {
            if (!string.IsNullOrWhiteSpace(column) && !Identifier().IsMatch(column.Trim()))
                throw new SettingsException($"Source:Incremental:Watermarks:{entity} '{column}' is not a column name (letters, digits, _).");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}

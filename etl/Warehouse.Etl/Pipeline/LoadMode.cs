namespace Warehouse.Etl.Pipeline;

/// <summary>How a run loads the warehouse.</summary>
public enum LoadMode
{
    /// <summary>Everything the source has, merged into the warehouse: the operational data store is
    /// replaced (so rows the source no longer has leave), dimensions keep their history.</summary>
    Full,

    /// <summary>Only the rows above the saved watermarks, or the files not loaded before, upserted.</summary>
    Incremental,

    /// <summary>The warehouse emptied and rebuilt from the source (`warehouse run --full-refresh`).</summary>
    FullRefresh,
}

public static class LoadModes
{
    /// <summary>The name stored in etl_run.load_mode.</summary>
    public static string Name(LoadMode mode) => mode switch
    {
        LoadMode.Full => "full",
        LoadMode.Incremental => "incremental",
        LoadMode.FullRefresh => "full_refresh",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}

namespace Warehouse.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The run failed and was rolled back, or a publish failed.</summary>
    public const int Failed = 1;
    /// <summary>Bad arguments or configuration.</summary>
    public const int Usage = 2;
    /// <summary>Another process holds the warehouse.</summary>
    public const int Busy = 3;
    /// <summary>Stopped by SIGINT (Ctrl+C) or SIGTERM: a run in progress was rolled back and recorded as cancelled (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}

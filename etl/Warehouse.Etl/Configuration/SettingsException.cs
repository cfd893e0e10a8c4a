namespace Warehouse.Etl.Configuration;

/// <summary>A setting that is missing or not valid: the command line exits with its usage code (2).</summary>
public sealed class SettingsException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

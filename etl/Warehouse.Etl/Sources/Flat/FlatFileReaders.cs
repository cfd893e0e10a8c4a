using System.Data.Common;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>Picks the reader for a flat source's files by their extension: Parquet when every file
/// is a .parquet, CSV (optionally .gz) when none is.</summary>
internal static class FlatFileReaders
{
    public static bool IsParquet(string file) => file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    internal static DbDataReader Open(IReadOnlyList<string> files, FlatFileSettings settings, Text.TextReadOptions text)
    {
        var parquet = files.Where(IsParquet).ToList();
        if (parquet.Count == 0) return new FlatFileReader(files, settings, text);
        if (parquet.Count == files.Count) return new ParquetFileReader(files, settings);
        var other = files.Where(f => !IsParquet(f)).ToList();
        throw new InvalidOperationException(
            $"The flat source's files mix Parquet ({Sample(parquet)}) and CSV ({Sample(other)}); one source reads one format, so narrow Source:Path to one of them.");
    }

    private static string Sample(List<string> files) =>
        string.Join(", ", files.Take(3).Select(Path.GetFileName)) + (files.Count > 3 ? $" and {files.Count - 3} more" : "");
}

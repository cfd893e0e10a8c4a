namespace Warehouse.SampleSource;

/// <summary>
/// Generates a deterministic retail OLTP database (customers, products, campaigns, orders, order_lines).
/// One generator produces the row stream; the SQLite and CSV writers are two sinks of that same stream,
/// so both hold exactly the same data for the same options.
/// </summary>
public static class SampleGenerator
{
    /// <summary>Writes the sample as a SQLite database at <paramref name="path"/> (an existing file is replaced).</summary>
    public static SampleSummary WriteSqlite(string path, SampleOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("A SQLite file path is required.", nameof(path));
        options.Validate();
        using var sink = new SqliteSink(path);
        return new Simulation(options).Run(sink, ct);
    }

    /// <summary>
    /// Writes the sample as customers.csv, products.csv, orders.csv, order_lines.csv and campaigns.csv in
    /// <paramref name="folder"/> (created if missing; existing files are replaced).
    /// </summary>
    public static SampleSummary WriteCsv(string folder, SampleOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(folder))
            throw new ArgumentException("A CSV output folder is required.", nameof(folder));
        options.Validate();
        using var sink = new CsvSink(folder);
        return new Simulation(options).Run(sink, ct);
    }
}

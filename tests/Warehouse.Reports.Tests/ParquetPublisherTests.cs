using DuckDB.NET.Data;
using Parquet;
using Parquet.Meta;

namespace Warehouse.Reports.Tests;

public sealed class ParquetPublisherTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = Db.OpenInMemory();

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    // Seven rows, so a row-group size of 3 gives groups of 3, 3 and 1. Values were chosen to
    // hit edges: pre-1970 dates and timestamps, microseconds, DECIMAL(18,4) near its limit,
    // DECIMAL(38,8) beyond double precision, non-ASCII text, int32/int16 extremes, a BIGINT
    // above 2^53, and a row of NULLs.
    private const string FactSaleDdl = """
        CREATE TABLE fact_sale (
            sale_id        BIGINT NOT NULL,
            customer_id    INTEGER,
            sale_date      DATE,
            sold_at        TIMESTAMP,
            amount         DECIMAL(18,4),
            amount_precise DECIMAL(38,8),
            note           VARCHAR,
            qty            SMALLINT,
            is_return      BOOLEAN,
            ratio          DOUBLE
        );
        INSERT INTO fact_sale VALUES
            (1, 101, '2024-02-29', '2024-02-29 23:59:59.999999', 10.1250, 0.00000001, 'Zoë', 1, false, 0.5),
            (2, 102, '1999-12-31', '1969-12-31 23:59:59.5', 0.0001, 12345678901234567890.12345678, 'Łódź', 2, false, 0.25),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (4, 2147483647, '1900-01-01', '2000-01-01 00:00:00', 12345678901234.5678, -1.50000000, '東京', 32767, true, -1.0),
            (5, -2147483648, '2038-01-19', '2038-01-19 03:14:08', -5.5000, 2.25, '😀 emoji', -32768, true, 1e10),
            (6, 0, '1970-01-01', '1970-01-01 00:00:00', 100.0000, 0, 'plain', 0, false, 0.0),
            (9007199254740993, 107, '2024-06-30', '2024-06-30 12:00:00.000001', 0.3333, 99.99999999, 'it''s "quoted"', 7, NULL, NULL);
        """;

    private async Task<PublishedFile> PublishFactSaleAsync(int rowGroupSize = 3)
    {
        Db.Execute(_db, FactSaleDdl);
        var publisher = new ParquetPublisher(new ParquetPublisherOptions { RowGroupSize = rowGroupSize });
        var files = await publisher.PublishAsync(_db, ["fact_sale"], _folder.Path, CancellationToken.None);
        return Assert.Single(files);
    }

    [Fact]
    public void Default_row_group_size_is_100000()
    {
        Assert.Equal(100_000, new ParquetPublisher().Options.RowGroupSize);
        Assert.Equal(100_000, ParquetPublisherOptions.DefaultRowGroupSize);
    }

    [Fact]
    public async Task Writes_one_file_per_table_with_rows_and_bytes()
    {
        var file = await PublishFactSaleAsync();

        Assert.Equal("fact_sale", file.Table);
        Assert.Equal(Path.Combine(_folder.Path, "fact_sale.parquet"), file.Path);
        Assert.Equal(7, file.Rows);
        Assert.True(File.Exists(file.Path));
        Assert.Equal(new FileInfo(file.Path).Length, file.Bytes);
        Assert.False(File.Exists(file.Path + ".tmp"));
        Assert.Equal(["fact_sale.parquet"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DuckDB_reads_back_the_warehouse_types()
    {
        var file = await PublishFactSaleAsync();

        var described = Db.Describe(_db, Db.ReadParquet(file.Path));

        Assert.Equal(
            [
                ("sale_id", "BIGINT"),
                ("customer_id", "INTEGER"),
                ("sale_date", "DATE"),
                ("sold_at", "TIMESTAMP"),
                ("amount", "DECIMAL(18,4)"),
                ("amount_precise", "DECIMAL(38,8)"),
                ("note", "VARCHAR"),
                ("qty", "SMALLINT"),
                ("is_return", "BOOLEAN"),
                ("ratio", "DOUBLE"),
            ],
            described);
    }

    [Fact]
    public async Task Money_sums_equal_the_hand_totals_exactly()
    {
        var file = await PublishFactSaleAsync();
        string parquet = Db.ReadParquet(file.Path);

        // 10.1250 + 0.0001 + 12345678901234.5678 - 5.5000 + 100.0000 + 0.3333
        Assert.Equal(12345678901339.5262m, Db.Scalar<decimal>(_db, $"SELECT SUM(amount) FROM {parquet}"));
        // 0.00000001 + 12345678901234567890.12345678 - 1.5 + 2.25 + 0 + 99.99999999
        Assert.Equal(12345678901234567990.87345678m, Db.Scalar<decimal>(_db, $"SELECT SUM(amount_precise) FROM {parquet}"));
        // 101 + 102 + 2147483647 - 2147483648 + 0 + 107
        Assert.Equal(309L, Db.Scalar<long>(_db, $"SELECT SUM(customer_id)::BIGINT FROM {parquet}"));
        // 1 + 2 + 32767 - 32768 + 0 + 7
        Assert.Equal(9L, Db.Scalar<long>(_db, $"SELECT SUM(qty)::BIGINT FROM {parquet}"));
        Assert.Equal(7L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {parquet}"));
        Assert.Equal(6L, Db.Scalar<long>(_db, $"SELECT COUNT(amount) FROM {parquet}"));
        Assert.Equal(5L, Db.Scalar<long>(_db, $"SELECT COUNT(is_return) FROM {parquet}"));
    }

    [Fact]
    public async Task Values_round_trip_exactly_including_nulls_and_non_ascii_text()
    {
        var file = await PublishFactSaleAsync();
        string parquet = Db.ReadParquet(file.Path);

        // Every row of the file equals a row of the table and the other way round.
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM fact_sale EXCEPT ALL SELECT * FROM {parquet})"));
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM (SELECT * FROM {parquet} EXCEPT ALL SELECT * FROM fact_sale)"));

        Assert.Equal("Zoë|Łódź|東京|😀 emoji|plain|it's \"quoted\"",
            Db.Scalar<string>(_db, $"SELECT string_agg(note, '|' ORDER BY sale_id) FROM {parquet}"));
        Assert.True(Db.Scalar<bool>(_db,
            $"SELECT sold_at = TIMESTAMP '1969-12-31 23:59:59.5' AND sale_date = DATE '1999-12-31' FROM {parquet} WHERE sale_id = 2"));
        Assert.True(Db.Scalar<bool>(_db,
            $"SELECT sold_at = TIMESTAMP '2024-02-29 23:59:59.999999' AND sale_date = DATE '2024-02-29' FROM {parquet} WHERE sale_id = 1"));
        Assert.True(Db.Scalar<bool>(_db,
            $"SELECT sale_date = DATE '1900-01-01' AND amount = 12345678901234.5678 FROM {parquet} WHERE sale_id = 4"));
        Assert.True(Db.Scalar<bool>(_db,
            $"SELECT customer_id IS NULL AND sale_date IS NULL AND sold_at IS NULL AND amount IS NULL AND amount_precise IS NULL " +
            $"AND note IS NULL AND qty IS NULL AND is_return IS NULL AND ratio IS NULL FROM {parquet} WHERE sale_id = 3"));
        Assert.Equal(9007199254740993L, Db.Scalar<long>(_db, $"SELECT MAX(sale_id) FROM {parquet}"));
    }

    [Fact]
    public async Task Parquet_metadata_has_row_groups_of_the_configured_size_no_delta_encoding_and_no_int96()
    {
        var file = await PublishFactSaleAsync(rowGroupSize: 3);

        await using var reader = await ParquetReader.CreateAsync(file.Path);
        var metadata = reader.Metadata!;

        Assert.Equal([3L, 3L, 1L], metadata.RowGroups.Select(g => g.NumRows));
        Assert.Equal(7, metadata.NumRows);

        var encodings = metadata.RowGroups.SelectMany(g => g.Columns).SelectMany(c => c.MetaData!.Encodings).Distinct().ToList();
        Assert.NotEmpty(encodings);
        Assert.DoesNotContain(Encoding.DELTA_BINARY_PACKED, encodings);
        Assert.All(metadata.RowGroups.SelectMany(g => g.Columns), c => Assert.NotEqual(Parquet.Meta.Type.INT96, c.MetaData!.Type));
        Assert.DoesNotContain(metadata.Schema, e => e.Type == Parquet.Meta.Type.INT96);

        var byName = metadata.Schema.Skip(1).ToDictionary(e => e.Name);
        Assert.Equal(10, byName.Count);
        Assert.All(byName.Values, e => Assert.Equal(FieldRepetitionType.OPTIONAL, e.RepetitionType));

        Assert.Equal(Parquet.Meta.Type.INT32, byName["sale_date"].Type);
        Assert.NotNull(byName["sale_date"].LogicalType?.DATE);

        Assert.Equal(Parquet.Meta.Type.INT64, byName["sold_at"].Type);
        Assert.NotNull(byName["sold_at"].LogicalType?.TIMESTAMP?.Unit?.MICROS);
        Assert.False(byName["sold_at"].LogicalType!.TIMESTAMP!.IsAdjustedToUTC);

        Assert.Equal((18, 4), (byName["amount"].Precision, byName["amount"].Scale));
        Assert.Equal((38, 8), (byName["amount_precise"].Precision, byName["amount_precise"].Scale));
        Assert.NotNull(byName["amount"].LogicalType?.DECIMAL);

        Assert.Equal(Parquet.Meta.Type.BYTE_ARRAY, byName["note"].Type);
        Assert.NotNull(byName["note"].LogicalType?.STRING);
    }

    [Fact]
    public async Task DuckDB_parquet_metadata_agrees_no_delta_binary_packed()
    {
        var file = await PublishFactSaleAsync(rowGroupSize: 3);

        Assert.Equal(3L, Db.Scalar<long>(_db,
            $"SELECT COUNT(DISTINCT row_group_id) FROM parquet_metadata('{file.Path}')"));
        Assert.Equal(0L, Db.Scalar<long>(_db,
            $"SELECT COUNT(*) FROM parquet_metadata('{file.Path}') WHERE encodings LIKE '%DELTA%'"));
        Assert.Equal(0L, Db.Scalar<long>(_db,
            $"SELECT COUNT(*) FROM parquet_schema('{file.Path}') WHERE type = 'INT96'"));
    }

    [Fact]
    public async Task Timestamp_statistics_are_microseconds_so_filters_find_the_rows()
    {
        // Parquet.Net 6.1 writes these statistics in milliseconds; the publisher corrects them.
        var file = await PublishFactSaleAsync(rowGroupSize: 3);
        string path = file.Path;

        // Row groups: ids 1,2,3 | 4,5,6 | 9007199254740993 (insertion order).
        string[] expected =
        [
            "1969-12-31 23:59:59.5|2024-02-29 23:59:59.999999",
            "1970-01-01 00:00:00|2038-01-19 03:14:08",
            "2024-06-30 12:00:00.000001|2024-06-30 12:00:00.000001",
        ];
        for (int g = 0; g < expected.Length; g++)
        {
            string[] minMax = expected[g].Split('|');
            Assert.True(Db.Scalar<bool>(_db,
                $"SELECT stats_min_value::TIMESTAMP = TIMESTAMP '{minMax[0]}' AND stats_max_value::TIMESTAMP = TIMESTAMP '{minMax[1]}' " +
                $"AND stats_min::TIMESTAMP = TIMESTAMP '{minMax[0]}' AND stats_max::TIMESTAMP = TIMESTAMP '{minMax[1]}' " +
                $"FROM parquet_metadata('{path}') WHERE path_in_schema = 'sold_at' AND row_group_id = {g}"),
                $"row group {g}");
        }

        string parquet = Db.ReadParquet(path);
        Assert.Equal(1L, Db.Scalar<long>(_db, $"SELECT sale_id FROM {parquet} WHERE sold_at = TIMESTAMP '2024-02-29 23:59:59.999999'"));
        Assert.Equal(2L, Db.Scalar<long>(_db, $"SELECT sale_id FROM {parquet} WHERE sold_at = TIMESTAMP '1969-12-31 23:59:59.5'"));
        Assert.Equal(5L, Db.Scalar<long>(_db, $"SELECT sale_id FROM {parquet} WHERE sold_at > TIMESTAMP '2038-01-01'"));
        Assert.Equal(3L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {parquet} WHERE sold_at >= TIMESTAMP '2024-01-01'"));
    }

    [Fact]
    public async Task A_row_group_of_only_null_timestamps_has_no_statistics_and_others_are_right()
    {
        Db.Execute(_db, "CREATE TABLE fact_visit (id INTEGER, visited_at TIMESTAMP)");
        Db.Execute(_db, """
            INSERT INTO fact_visit VALUES
                (1, '2020-05-05 05:05:05.050505'), (2, NULL),
                (3, NULL), (4, NULL),
                (5, '1960-01-01 00:00:00.000001');
            """);
        var publisher = new ParquetPublisher(new ParquetPublisherOptions { RowGroupSize = 2 });

        var file = Assert.Single(await publisher.PublishAsync(_db, ["fact_visit"], _folder.Path));

        Assert.Equal(0L, Db.Scalar<long>(_db,
            $"SELECT COUNT(stats_min_value) FROM parquet_metadata('{file.Path}') WHERE path_in_schema = 'visited_at' AND row_group_id = 1"));
        string parquet = Db.ReadParquet(file.Path);
        Assert.Equal(1, Db.Scalar<int>(_db, $"SELECT id FROM {parquet} WHERE visited_at = TIMESTAMP '2020-05-05 05:05:05.050505'"));
        Assert.Equal(5, Db.Scalar<int>(_db, $"SELECT id FROM {parquet} WHERE visited_at = TIMESTAMP '1960-01-01 00:00:00.000001'"));
        Assert.Equal(3L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {parquet} WHERE visited_at IS NULL"));
    }

    [Fact]
    public async Task Streams_many_rows_in_several_row_groups()
    {
        // 25,000 rows: ids 0..24999, amount = id / 100.
        Db.Execute(_db, """
            CREATE TABLE big_fact AS
            SELECT range::BIGINT AS id, (range / 100)::DECIMAL(18,2) AS amount,
                   DATE '2024-01-01' + (range % 366)::INTEGER AS day, 'row ' || range AS label
            FROM range(25000);
            """);
        var publisher = new ParquetPublisher(new ParquetPublisherOptions { RowGroupSize = 10_000 });

        var file = Assert.Single(await publisher.PublishAsync(_db, ["big_fact"], _folder.Path, CancellationToken.None));

        Assert.Equal(25_000, file.Rows);
        string parquet = Db.ReadParquet(file.Path);
        // sum(0..24999) = 24999 * 25000 / 2 = 312,487,500; the amounts are that / 100.
        Assert.Equal(312_487_500L, Db.Scalar<long>(_db, $"SELECT SUM(id)::BIGINT FROM {parquet}"));
        Assert.Equal(3_124_875.00m, Db.Scalar<decimal>(_db, $"SELECT SUM(amount) FROM {parquet}"));
        await using var reader = await ParquetReader.CreateAsync(file.Path);
        Assert.Equal([10_000L, 10_000L, 5_000L], reader.Metadata!.RowGroups.Select(g => g.NumRows));
        Assert.DoesNotContain(Encoding.DELTA_BINARY_PACKED,
            reader.Metadata.RowGroups.SelectMany(g => g.Columns).SelectMany(c => c.MetaData!.Encodings));
    }

    [Fact]
    public async Task Publishes_several_tables_and_an_empty_one()
    {
        Db.Execute(_db, FactSaleDdl);
        Db.Execute(_db, "CREATE TABLE dim_empty (id INTEGER, name VARCHAR, amount DECIMAL(9,2), day DATE)");
        var publisher = new ParquetPublisher();

        var files = await publisher.PublishAsync(_db, ["fact_sale", "dim_empty"], _folder.Path, CancellationToken.None);

        Assert.Equal(["fact_sale", "dim_empty"], files.Select(f => f.Table));
        Assert.Equal([7L, 0L], files.Select(f => f.Rows));
        Assert.Equal(0L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {Db.ReadParquet(files[1].Path)}"));
        Assert.Equal(
            [("id", "INTEGER"), ("name", "VARCHAR"), ("amount", "DECIMAL(9,2)"), ("day", "DATE")],
            Db.Describe(_db, Db.ReadParquet(files[1].Path)));
    }

    [Fact]
    public async Task Replaces_an_existing_file_and_leaves_no_temp_file()
    {
        string target = _folder.File("fact_sale.parquet");
        await File.WriteAllTextAsync(target, "stale");

        var file = await PublishFactSaleAsync();

        Assert.Equal(7L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {Db.ReadParquet(target)}"));
        Assert.False(File.Exists(target + ".tmp"));
        Assert.Equal(target, file.Path);
    }

    [Fact]
    public async Task Time_zone_aware_timestamps_are_marked_adjusted_to_utc()
    {
        Db.Execute(_db, "SET TimeZone = 'UTC'");
        Db.Execute(_db, "CREATE TABLE fact_event (id INTEGER, happened_at TIMESTAMPTZ)");
        Db.Execute(_db, "INSERT INTO fact_event VALUES (1, '2024-03-31 01:30:00.123456+00'), (2, NULL)");

        var file = Assert.Single(await new ParquetPublisher().PublishAsync(_db, ["fact_event"], _folder.Path));

        Assert.Equal([("id", "INTEGER"), ("happened_at", "TIMESTAMP WITH TIME ZONE")],
            Db.Describe(_db, Db.ReadParquet(file.Path)));
        Assert.True(Db.Scalar<bool>(_db,
            $"SELECT happened_at = TIMESTAMPTZ '2024-03-31 01:30:00.123456+00' FROM {Db.ReadParquet(file.Path)} WHERE id = 1"));
    }

    [Theory]
    [InlineData("Fact_Sale")]
    [InlineData("fact-sale")]
    [InlineData("fact_sale; DROP TABLE fact_sale")]
    [InlineData("main.fact_sale")]
    [InlineData("1fact")]
    [InlineData("")]
    [InlineData("\"fact_sale\"")]
    public async Task Rejects_table_names_that_are_not_plain_identifiers(string table)
    {
        Db.Execute(_db, FactSaleDdl);
        var publisher = new ParquetPublisher();

        await Assert.ThrowsAsync<ArgumentException>(
            () => publisher.PublishAsync(_db, ["fact_sale", table], _folder.Path, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_folder.Path));
        Assert.Equal(7L, Db.Scalar<long>(_db, "SELECT COUNT(*) FROM fact_sale"));
    }

    [Fact]
    public async Task A_failing_table_leaves_no_temp_file()
    {
        var publisher = new ParquetPublisher();

        await Assert.ThrowsAnyAsync<Exception>(
            () => publisher.PublishAsync(_db, ["no_such_table"], _folder.Path, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Unsupported_column_types_are_refused_without_leaving_a_file()
    {
        Db.Execute(_db, "CREATE TABLE odd (id INTEGER, tags VARCHAR[])");
        Db.Execute(_db, "INSERT INTO odd VALUES (1, ['a'])");

        var ex = await Assert.ThrowsAsync<NotSupportedException>(
            () => new ParquetPublisher().PublishAsync(_db, ["odd"], _folder.Path));

        Assert.Contains("tags", ex.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task A_cancelled_publish_writes_nothing()
    {
        Db.Execute(_db, FactSaleDdl);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ParquetPublisher().PublishAsync(_db, ["fact_sale"], _folder.Path, cancelled.Token));

        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Needs_an_open_connection()
    {
        using var closed = new DuckDBConnection("DataSource=:memory:");

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ParquetPublisher().PublishAsync(closed, ["fact_sale"], _folder.Path));
    }

    [Fact]
    public void Rejects_a_row_group_size_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetPublisher(new ParquetPublisherOptions { RowGroupSize = 0 }));
    }
}

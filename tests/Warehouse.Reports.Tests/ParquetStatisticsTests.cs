using System.Text;
using DuckDB.NET.Data;
using Parquet;

namespace Warehouse.Reports.Tests;

/// <summary>
/// Parquet.Net 6.1 picks string min/max in UTF-16 order; Parquet (and every reader) uses UTF-8
/// byte order. The two differ when an emoji (above U+FFFF) meets a character in U+E000..U+FFFF
/// such as the full-width 'Ａ' (U+FF21). The publisher corrects the statistics.
/// </summary>
public sealed class ParquetStatisticsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DuckDBConnection _db = Db.OpenInMemory();

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private async Task<string> PublishNotesAsync()
    {
        // Row group 0: UTF-8 max '😀 smile' (10 bytes) where UTF-16 order says 'Ａｂｃ' (9 bytes).
        // Row group 1: UTF-8 max '😀xy' (6 bytes) where UTF-16 order says 'Ａｂ' (6 bytes).
        // Row group 2: plain ASCII, nothing to correct.
        Db.Execute(_db, "CREATE TABLE dim_note (id INTEGER, note VARCHAR)");
        Db.Execute(_db, """
            INSERT INTO dim_note VALUES
                (1, '😀 smile'), (2, 'Ａｂｃ'), (3, 'plain'),
                (4, '😀xy'), (5, 'Ａｂ'), (6, 'abc'),
                (7, 'zeta'), (8, 'alpha'), (9, NULL);
            """);
        var publisher = new ParquetPublisher(new ParquetPublisherOptions { RowGroupSize = 3 });
        var file = Assert.Single(await publisher.PublishAsync(_db, ["dim_note"], _folder.Path));
        return file.Path;
    }

    [Fact]
    public async Task String_statistics_follow_utf8_byte_order()
    {
        string path = await PublishNotesAsync();

        Assert.Equal(
            ["plain|😀 smile", "abc|😀xy", "alpha|zeta"],
            Enumerable.Range(0, 3).Select(g => Db.Scalar<string>(_db,
                $"SELECT stats_min_value || '|' || stats_max_value FROM parquet_metadata('{path}') " +
                $"WHERE path_in_schema = 'note' AND row_group_id = {g}")));
    }

    [Fact]
    public async Task Filters_find_emoji_rows_next_to_full_width_text()
    {
        string parquet = Db.ReadParquet(await PublishNotesAsync());

        Assert.Equal(1, Db.Scalar<int>(_db, $"SELECT id FROM {parquet} WHERE note = '😀 smile'"));
        Assert.Equal(4, Db.Scalar<int>(_db, $"SELECT id FROM {parquet} WHERE note = '😀xy'"));
        Assert.Equal(2, Db.Scalar<int>(_db, $"SELECT id FROM {parquet} WHERE note = 'Ａｂｃ'"));
        Assert.Equal(2L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {parquet} WHERE note > 'Ｚ'"));
    }

    [Fact]
    public async Task The_corrected_file_reads_back_whole_with_duckdb_and_parquet_net()
    {
        string path = await PublishNotesAsync();

        Assert.Equal(0L, Db.Scalar<long>(_db,
            $"SELECT COUNT(*) FROM (SELECT * FROM dim_note EXCEPT ALL SELECT * FROM {Db.ReadParquet(path)})"));
        Assert.Equal(9L, Db.Scalar<long>(_db, $"SELECT COUNT(*) FROM {Db.ReadParquet(path)}"));

        // Parquet.Net walks every page header, including the ones whose statistics were changed.
        await using var reader = await ParquetReader.CreateAsync(path);
        var note = reader.Schema.DataFields.Single(f => f.Name == "note");
        var values = new List<string?>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            var buffer = new string?[rowGroup.RowCount];
            await rowGroup.ReadAsync(note, buffer.AsMemory(), null, CancellationToken.None);
            values.AddRange(buffer);
        }
        Assert.Equal(["😀 smile", "Ａｂｃ", "plain", "😀xy", "Ａｂ", "abc", "zeta", "alpha", null], values);
    }

    [Fact]
    public async Task Page_header_statistics_are_corrected_where_the_length_allows()
    {
        string path = await PublishNotesAsync();

        var pages = await DataPageStatisticsAsync(path, "note");

        // Row group 1: same length (6 bytes), so the page header now says '😀xy' too.
        Assert.Equal(("abc", "😀xy"), pages[1]);
        // Row group 0: '😀 smile' is one byte longer than 'Ａｂｃ'; the page header keeps
        // Parquet.Net's value (readers prune with the footer, corrected above).
        Assert.Equal(("plain", "Ａｂｃ"), pages[0]);
        Assert.Equal(("alpha", "zeta"), pages[2]);
    }

    [Fact]
    public async Task Timestamp_page_header_statistics_are_microseconds()
    {
        Db.Execute(_db, "CREATE TABLE fact_tick (id INTEGER, tick_at TIMESTAMP)");
        Db.Execute(_db, "INSERT INTO fact_tick VALUES (1, '1970-01-01 00:00:01.000002'), (2, '1969-12-31 23:59:59.999999')");
        var file = Assert.Single(await new ParquetPublisher().PublishAsync(_db, ["fact_tick"], _folder.Path));

        var raw = await DataPageStatisticsBytesAsync(file.Path, "tick_at");

        var (min, max) = Assert.Single(raw);
        Assert.Equal(-1L, BitConverter.ToInt64(min));         // 1969-12-31 23:59:59.999999
        Assert.Equal(1_000_002L, BitConverter.ToInt64(max));  // 1970-01-01 00:00:01.000002
    }

    private static async Task<List<(string Min, string Max)>> DataPageStatisticsAsync(string path, string column) =>
        (await DataPageStatisticsBytesAsync(path, column))
            .Select(p => (Encoding.UTF8.GetString(p.Min), Encoding.UTF8.GetString(p.Max)))
            .ToList();

    /// <summary>min_value/max_value of the first data page header of each row group's chunk.</summary>
    private static async Task<List<(byte[] Min, byte[] Max)>> DataPageStatisticsBytesAsync(string path, string column)
    {
        var offsets = new List<long>();
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            foreach (var rowGroup in reader.Metadata!.RowGroups)
            {
                offsets.Add(rowGroup.Columns.Single(c => c.MetaData!.PathInSchema[0] == column).MetaData!.DataPageOffset);
            }
        }
        byte[] bytes = await File.ReadAllBytesAsync(path);
        var result = new List<(byte[], byte[])>();
        foreach (long offset in offsets)
        {
            var header = ParquetStatisticsPatch.FooterParser.ParsePageHeader(bytes[(int)offset..]);
            // Fields 5/6 (max_value/min_value) come after the deprecated 1/2; take the last of each.
            var min = header.Statistics.Last(f => f.IsMin);
            var max = header.Statistics.Last(f => !f.IsMin);
            result.Add((bytes[(int)offset..][min.Offset..(min.Offset + min.Length)],
                        bytes[(int)offset..][max.Offset..(max.Offset + max.Length)]));
        }
        return result;
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("Ａ", "😀")]
    [InlineData("\uE000", "\U00010000")]
    [InlineData("\uFFFF", "\U0010FFFF")]
    [InlineData("\uD7FF", "\uE000")]
    [InlineData("ab", "abc")]
    [InlineData("Zoë", "Łódź")]
    [InlineData("東京", "😀")]
    public void Utf8_comparison_matches_byte_order(string smaller, string larger)
    {
        Assert.True(ParquetColumn.StringColumn.CompareUtf8(smaller, larger) < 0);
        Assert.True(ParquetColumn.StringColumn.CompareUtf8(larger, smaller) > 0);
        Assert.Equal(0, ParquetColumn.StringColumn.CompareUtf8(smaller, smaller));
        Assert.True(Encoding.UTF8.GetBytes(smaller).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(larger)) < 0);
    }

    [Fact]
    public void Utf8_comparison_agrees_with_byte_order_on_random_strings()
    {
        string[] pieces = ["a", "z", "é", "Ł", "東", "\uD7FF", "\uE000", "Ａ", "\uFFFD", "😀", "\U00010000", "\U0010FFFF"];
        var random = new Random(20240630);
        string Next() => string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
        for (int i = 0; i < 5000; i++)
        {
            string a = Next(), b = Next();
            int expected = Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
            Assert.Equal(expected, Math.Sign(ParquetColumn.StringColumn.CompareUtf8(a, b)));
        }
    }
}

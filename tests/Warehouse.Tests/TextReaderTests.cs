using System.IO.Compression;
using System.Text;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Csv;
using Warehouse.Etl.Sources.Flat;
using Warehouse.Etl.Sources.Text;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>The rules every text reader (flat files, the CSV folder) shares, on files whose bytes
/// the test writes: a quote spans a bounded number of lines, a damaged .gz fails the run naming
/// the file, a NUL byte or bytes that are not UTF-8 quarantine their row with the bytes kept as hex
/// (or Source:Encoding decodes them), and each quarantined row says its file and line.</summary>
public sealed class TextReaderTests : IDisposable
{
    private const string Header = "order_id,order_ts,customer_id,customer_name,country,product_id,product_name,quantity,unit_price";
    private readonly TempWarehouse _warehouse = new();

    public void Dispose() => _warehouse.Dispose();

    private static FlatFileSettings Settings() => new()
    {
        TimestampFormats = ["yyyy-MM-dd HH:mm:ss"],
        Columns = new(StringComparer.OrdinalIgnoreCase)
        {
            ["order_id"] = "order_id", ["order_ts"] = "order_ts", ["customer_id"] = "customer_id", ["customer_name"] = "customer_name",
            ["country"] = "country", ["product_id"] = "product_id", ["product_name"] = "product_name", ["quantity"] = "quantity",
            ["unit_price"] = "unit_price",
        },
    };

    /// <summary>Row i of a flat file: order i, one line of P{i} "ITEM i", 1 x 2.00, customer C1 Ann.</summary>
    private static string Row(int i) => $"{i},2024-03-01 10:00:00,C1,Ann,UK,P{i},ITEM {i},1,2.00";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = _warehouse.PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private (long Read, long Loaded, long Quarantined) LoadFlat(string path, TextReadOptions? text = null)
    {
        using var source = new FlatFileSource(path, Settings(), text);
        var lines = _warehouse.Run(source, new DateOnly(2024, 12, 31)).Entities.Single(e => e.Entity == "order_lines");
        return (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined);
    }

    private string[] Quarantine() => _warehouse.Rows("SELECT reason_code, source_location FROM etl_quarantine ORDER BY source_location, reason_code")
        .Select(r => $"{r[0]}|{r[1]}").ToArray();

    private string RawRow(string reason) => (string)_warehouse.Scalar($"SELECT raw_row FROM etl_quarantine WHERE reason_code = '{reason}'")!;

    private static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return memory.ToArray();
    }

    // ---- 1. quotes ---------------------------------------------------------------------------

    [Fact]
    public void An_unclosed_quote_quarantines_its_line_and_every_other_row_of_the_file_loads()
    {
        // The file: 14 rows, row 3 (line 4) opens a quote that never closes.
        var rows = Enumerable.Range(1, 14).Select(Row).ToArray();
        rows[2] = "3,2024-03-01 10:00:00,C1,Ann,UK,P3,\"CREAM CUPID HEARTS COAT HANGER,1,2.00";
        var path = WriteBytes("lines.csv", Utf8(Header + "\n" + string.Join("\n", rows) + "\n"));

        Assert.Equal((14L, 13L, 1L), LoadFlat(path));
        Assert.Equal(["unclosed_quote|lines.csv line 4"], Quarantine());
        Assert.Equal("lines.csv: " + rows[2], RawRow("unclosed_quote"));
        Assert.Contains("not closed by the end of the file", (string)_warehouse.Scalar("SELECT message FROM etl_quarantine")!);
        Assert.Equal(13 * 2.00m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line WHERE order_id = '3'"));
    }

    [Fact]
    public void A_quote_that_does_not_close_within_MaxLinesPerRow_lines_quarantines_only_its_line()
    {
        // Row 3 opens a quote; the next quote is row 28's, 25 lines further: past the bound of 20.
        var rows = Enumerable.Range(1, 30).Select(Row).ToArray();
        rows[2] = "3,2024-03-01 10:00:00,C1,Ann,UK,P3,\"OPEN,1,2.00";
        rows[27] = "28,2024-03-01 10:00:00,C1,Ann,UK,P28,\"ITEM, 28\",1,2.00";
        var path = WriteBytes("lines.csv", Utf8(Header + "\r\n" + string.Join("\r\n", rows) + "\r\n"));

        Assert.Equal((30L, 29L, 1L), LoadFlat(path));
        Assert.Equal(["unclosed_quote|lines.csv line 4"], Quarantine());
        Assert.Contains("not closed within 20 lines (Source:MaxLinesPerRow)", (string)_warehouse.Scalar("SELECT message FROM etl_quarantine")!);
        Assert.Equal("ITEM, 28", _warehouse.Scalar("SELECT product_name FROM dim_product WHERE product_id = 'P28'"));
    }

    [Fact]
    public void A_stray_quote_that_a_later_quote_closes_quarantines_its_line_and_the_lines_between_load()
    {
        // Row 3's quote is "closed" by the opening quote of row 5's "ITEM 5": text follows it.
        var rows = Enumerable.Range(1, 14).Select(Row).ToArray();
        rows[2] = "3,2024-03-01 10:00:00,C1,Ann,UK,P3,\"CREAM CUPID,1,2.00";
        rows[4] = "5,2024-03-01 10:00:00,C1,Ann,UK,P5,\"ITEM 5\",1,2.00";
        var path = WriteBytes("lines.csv", Utf8(Header + "\n" + string.Join("\n", rows) + "\n"));

        Assert.Equal((14L, 13L, 1L), LoadFlat(path));
        Assert.Equal(["unclosed_quote|lines.csv line 4"], Quarantine());
        Assert.Equal("ITEM 5", _warehouse.Scalar("SELECT product_name FROM dim_product WHERE product_id = 'P5'"));
        Assert.Equal("ITEM 4", _warehouse.Scalar("SELECT product_name FROM dim_product WHERE product_id = 'P4'"));
    }

    [Fact]
    public void A_record_over_several_lines_with_the_wrong_field_count_is_a_stray_quote()
    {
        // Row 3 (line 4) opens a quote closed at the start of line 5, whose record then has 8 fields
        // instead of 9: line 4 is unclosed_quote; line 5 read alone has 2 fields; row 4 loads.
        var text = Header + "\n" + Row(1) + "\n" + Row(2) + "\n"
            + "3,2024-03-01 10:00:00,C1,Ann,UK,P3,\"A\n"
            + "B\",1\n"
            + Row(4) + "\n";
        var path = WriteBytes("lines.csv", Utf8(text));

        Assert.Equal((5L, 3L, 2L), LoadFlat(path));
        Assert.Equal(["unclosed_quote|lines.csv line 4", "wrong_column_count|lines.csv line 5"], Quarantine());
        Assert.Equal("lines.csv: B\",1", RawRow("wrong_column_count"));
    }

    [Fact]
    public void A_legitimate_multi_line_field_loads_and_a_bad_row_over_lines_names_both_lines()
    {
        var text = Header + "\n" + Row(1) + "\n"
            + "2,2024-03-01 10:00:00,C1,Ann,UK,P2,\"LINE ONE\r\nLINE \"\"TWO\"\"\",1,2.00\r\n"
            + "3,2024-03-01 10:00:00,C1,Ann,UK,P3,\"BAD\nPRICE\",1,abc\n"
            + Row(4);   // no line end at the end of the file
        var path = WriteBytes("lines.csv", Utf8(text));

        Assert.Equal((4L, 3L, 1L), LoadFlat(path));
        Assert.Equal(["unparsable_number|lines.csv lines 5-6"], Quarantine());
        Assert.Equal("LINE ONE\r\nLINE \"TWO\"", _warehouse.Scalar("SELECT product_name FROM dim_product WHERE product_id = 'P2'"));
        Assert.Equal("lines.csv: 3,2024-03-01 10:00:00,C1,Ann,UK,P3,\"BAD\nPRICE\",1,abc", RawRow("unparsable_number"));
    }

    [Fact]
    public void An_unclosed_quote_in_a_CSV_folder_file_is_quarantined_the_same_way()
    {
        var folder = CsvFolder(customers: Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"
            + "C2,\"Bob,b@x.com,UK,Leeds,2024-01-01,web,0,,2024-01-01 00:00:00\n"
            + "C3,Cy,c@x.com,UK,York,2024-01-01,web,0,,2024-01-01 00:00:00\n"));
        var customers = RunCsv(folder).Entities.Single(e => e.Entity == "customers");
        Assert.Equal((3L, 2L, 1L), (customers.RowsRead, customers.RowsWritten, customers.RowsQuarantined));
        Assert.Equal(["unclosed_quote|customers.csv line 3"], Quarantine());
    }

    // ---- 2 and 11. gzip ----------------------------------------------------------------------

    private static byte[] FourRows() => Utf8(Header + "\n" + string.Join("\n", Enumerable.Range(1, 4).Select(Row)) + "\n");

    [Theory]
    [InlineData("truncated-half", "it ends before its trailer (truncated?)")]
    [InlineData("trailer-cut", "it ends before its trailer (truncated?)")]
    [InlineData("crc-flipped", "its compressed data is corrupt")]
    [InlineData("length-flipped", "its compressed data is corrupt")]
    [InlineData("not-gzip", "it does not start with the gzip signature (1f 8b)")]
    [InlineData("garbage-40-bytes", "it does not start with the gzip signature (1f 8b)")]
    [InlineData("dot", "it does not start with the gzip signature (1f 8b)")]
    [InlineData("wrong-method", "its header names compression method 7, not deflate (8)")]
    [InlineData("header-only", "it is 10 bytes, shorter than any complete gzip stream (18 bytes)")]
    [InlineData("trailing-garbage", "bytes that are not gzip follow its last member")]
    public void A_damaged_gzip_fails_the_run_naming_the_file_and_is_not_recorded_as_loaded(string damage, string expected)
    {
        var good = Gzip(FourRows());
        byte[] Flip(int at) { var copy = (byte[])good.Clone(); copy[at] ^= 0x5A; return copy; }
        var bytes = damage switch
        {
            "truncated-half" => good[..(good.Length / 2)],
            "trailer-cut" => good[..^8],
            "crc-flipped" => Flip(good.Length - 7),
            "length-flipped" => Flip(good.Length - 3),
            "not-gzip" => FourRows(),
            "garbage-40-bytes" => Enumerable.Range(0, 40).Select(i => (byte)(i * 37 + 11)).ToArray(),
            "dot" => "."u8.ToArray(),
            "wrong-method" => [0x1f, 0x8b, 7, .. good[3..]],
            "header-only" => good[..10],
            _ => [.. good, 1, 2, 3],
        };
        var path = WriteBytes("lines.csv.gz", bytes);

        var e = Assert.Throws<JobFailedException>(() => LoadFlat(path));
        Assert.Contains($"'lines.csv.gz' is not a valid gzip stream: {expected}", e.Message);
        Assert.DoesNotContain("unsupported compression method", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_loaded_file"));

        // The file replaced by a good copy is read by the next run (it was never recorded).
        File.WriteAllBytes(path, good);
        Assert.Equal((4L, 4L, 0L), LoadFlat(path));
    }

    [Fact]
    public void Concatenated_gzip_members_are_one_valid_file_in_both_readers()
    {
        var all = FourRows();   // two members, split inside row 1 (gzip -c a >> f; gzip -c b >> f)
        var path = WriteBytes("lines.csv.gz", [.. Gzip(all[..120]), .. Gzip(all[120..])]);
        Assert.Equal((4L, 4L, 0L), LoadFlat(path));
        Assert.Equal(8.00m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);

        using var second = new TempWarehouse();
        var folder = Directory.CreateDirectory(second.PathOf("csv")).FullName;
        WriteMinimalFolder(folder, Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"));
        var customers = Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\nC2,Bob,b@x.com,UK,Leeds,2024-01-01,web,0,,2024-01-01 00:00:00\n");
        File.Delete(Path.Combine(folder, "customers.csv"));
        File.WriteAllBytes(Path.Combine(folder, "customers.csv.gz"), [.. Gzip(customers[..70]), .. Gzip(customers[70..])]);
        using var source = new CsvFolderSource(folder);
        var read = second.Run(source, new DateOnly(2024, 12, 31)).Entities.Single(e => e.Entity == "customers");
        Assert.Equal((2L, 2L, 0L), (read.RowsRead, read.RowsWritten, read.RowsQuarantined));
    }

    [Fact]
    public void A_truncated_gzip_in_a_CSV_folder_fails_the_run_naming_the_file()
    {
        var folder = CsvFolder(customers: Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"));
        var good = Gzip(File.ReadAllBytes(Path.Combine(folder, "orders.csv")));
        File.Delete(Path.Combine(folder, "orders.csv"));
        File.WriteAllBytes(Path.Combine(folder, "orders.csv.gz"), good[..^4]);
        var e = Assert.Throws<JobFailedException>(() => RunCsv(folder));
        Assert.Contains("'orders.csv.gz' is not a valid gzip stream: it ends before its trailer (truncated?)", e.Message);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM etl_loaded_file"));
    }

    // ---- 3. NUL bytes ------------------------------------------------------------------------

    [Fact]
    public void A_NUL_in_a_flat_row_quarantines_the_row_early_or_after_the_first_8_KiB_and_keeps_its_bytes()
    {
        // 300 rows (over 8 KiB); a NUL in row 2 (line 3) and in row 290 (line 291).
        var text = Header + "\n" + string.Join("\n", Enumerable.Range(1, 300).Select(i => i switch
        {
            2 => "2,2024-03-01 10:00:00,C1,Ann,UK,P2,AL\0ARM CLOCK,1,2.00",
            290 => "290,2024-03-01 10:00:00,C1,Ann,UK,P290,AL\0ARM CLOCK,1,2.00",
            _ => Row(i),
        })) + "\n";
        Assert.True(text.IndexOf("290,", StringComparison.Ordinal) > 8192);
        var path = WriteBytes("lines.csv", Utf8(text));

        Assert.Equal((300L, 298L, 2L), LoadFlat(path));
        Assert.Equal(["nul_byte|lines.csv line 291", "nul_byte|lines.csv line 3"], Quarantine());
        var raw = (string)_warehouse.Scalar("SELECT raw_row FROM etl_quarantine WHERE source_location = 'lines.csv line 3'")!;
        Assert.StartsWith("lines.csv: hex:", raw);
        Assert.Equal(Utf8("2,2024-03-01 10:00:00,C1,Ann,UK,P2,AL\0ARM CLOCK,1,2.00"), Convert.FromHexString(raw["lines.csv: hex:".Length..]));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM dim_product WHERE product_name LIKE 'AL%'"));
        Assert.Equal(298 * 2.00m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
    }

    [Fact]
    public void A_NUL_in_a_CSV_folder_row_quarantines_the_row_and_never_stores_a_cut_value()
    {
        var folder = CsvFolder(customers: Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"
            + "C2,AL\0ICE,b@x.com,UK,Leeds,2024-01-01,web,0,,2024-01-01 00:00:00\n"));
        var customers = RunCsv(folder).Entities.Single(e => e.Entity == "customers");
        Assert.Equal((2L, 1L, 1L), (customers.RowsRead, customers.RowsWritten, customers.RowsQuarantined));
        Assert.Equal(["nul_byte|customers.csv line 3"], Quarantine());
        Assert.Equal("customers.csv: hex:" + Convert.ToHexString(Utf8("C2,AL\0ICE,b@x.com,UK,Leeds,2024-01-01,web,0,,2024-01-01 00:00:00")), RawRow("nul_byte"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM dim_customer WHERE name = 'AL'"));
    }

    // ---- 5. encodings ------------------------------------------------------------------------

    private static readonly byte[] Latin1Row = [.. "2,2024-03-01 10:00:00,C2,Jos"u8, 0xE9, .. " M"u8, 0xFC, .. "ller \u20AC,UK,P2,ITEM 2,1,2.00"u8];

    [Fact]
    public void Bytes_that_are_not_UTF8_quarantine_the_flat_row_as_hex_unless_Source_Encoding_names_the_encoding()
    {
        // Line 3 is windows-1252 (é, ü) with a real UTF-8 € in it too; line 4 holds a genuine U+FFFD.
        byte[] file = [.. Utf8(Header + "\n" + Row(1) + "\n"), .. Latin1Row, (byte)'\n', .. Utf8("3,2024-03-01 10:00:00,C3,Ren\uFFFD,UK,P3,ITEM 3,1,2.00\n")];
        var path = WriteBytes("lines.csv", file);

        Assert.Equal((3L, 2L, 1L), LoadFlat(path));
        Assert.Equal(["invalid_encoding|lines.csv line 3"], Quarantine());
        Assert.Equal("lines.csv: hex:" + Convert.ToHexString(Latin1Row), RawRow("invalid_encoding"));
        Assert.Contains("0xE9 at byte 29", (string)_warehouse.Scalar("SELECT message FROM etl_quarantine")!);
        Assert.Equal("Ren\uFFFD", _warehouse.Scalar("SELECT name FROM dim_customer WHERE customer_id = 'C3'"));
    }

    [Fact]
    public void Source_Encoding_windows_1252_decodes_a_flat_file_that_is_not_UTF8()
    {
        byte[] row = [.. "2,2024-03-01 10:00:00,C2,Jos"u8, 0xE9, .. " M"u8, 0xFC, .. "ller "u8, 0x80, .. ",UK,P2,ITEM 2,1,2.00"u8];
        var path = WriteBytes("lines.csv", [.. Utf8(Header + "\n" + Row(1) + "\n"), .. row, (byte)'\n']);
        var options = TextReadOptions.From(new SourceSettings { Encoding = "windows-1252" });

        Assert.Equal((2L, 2L, 0L), LoadFlat(path, options));
        Assert.Equal("Jos\u00e9 M\u00fcller \u20ac", _warehouse.Scalar("SELECT name FROM dim_customer WHERE customer_id = 'C2'"));
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_quarantine_the_CSV_folder_row_too_and_Source_Encoding_decodes_them()
    {
        byte[] bob = [.. "C2,Jos"u8, 0xE9, .. " M"u8, 0xFC, .. "ller,b@x.com,UK,Leeds,2024-01-01,web,0,,2024-01-01 00:00:00"u8];
        byte[] customers = [.. Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"), .. bob, (byte)'\n'];

        var undeclared = RunCsv(CsvFolder(customers)).Entities.Single(e => e.Entity == "customers");
        Assert.Equal((2L, 1L, 1L), (undeclared.RowsRead, undeclared.RowsWritten, undeclared.RowsQuarantined));
        Assert.Equal(["invalid_encoding|customers.csv line 3"], Quarantine());
        Assert.Equal("customers.csv: hex:" + Convert.ToHexString(bob), RawRow("invalid_encoding"));
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM dim_customer WHERE name LIKE '%\uFFFD%'"));

        using var second = new TempWarehouse();
        var folder = Directory.CreateDirectory(second.PathOf("csv")).FullName;
        WriteMinimalFolder(folder, customers);
        using var source = new CsvFolderSource(folder, TextReadOptions.From(new SourceSettings { Encoding = "iso-8859-1" }));
        var declared = second.Run(source, new DateOnly(2024, 12, 31)).Entities.Single(e => e.Entity == "customers");
        Assert.Equal((2L, 2L, 0L), (declared.RowsRead, declared.RowsWritten, declared.RowsQuarantined));
        Assert.Equal("Jos\u00e9 M\u00fcller", second.Scalar("SELECT name FROM dim_customer WHERE customer_id = 'C2'"));
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_skipped_and_a_UTF16_file_with_its_mark_is_decoded()
    {
        var bom = WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF, .. FourRows()]);
        Assert.Equal((4L, 4L, 0L), LoadFlat(bom));

        // Excel's "Unicode text": UTF-16LE with a byte order mark.
        using var other = new TempWarehouse();
        var utf16 = other.PathOf("utf16.csv");
        File.WriteAllText(utf16, Header + "\r\n" + "1,2024-03-01 10:00:00,C7,Jos\u00e9 M\u00fcller,UK,P1,ITEM 1,1,2.00\r\n", Encoding.Unicode);
        using var source = new FlatFileSource(utf16, Settings());
        var lines = other.Run(source, new DateOnly(2024, 12, 31)).Entities.Single(e => e.Entity == "order_lines");
        Assert.Equal((1L, 1L, 0L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        Assert.Equal("Jos\u00e9 M\u00fcller", other.Scalar("SELECT name FROM dim_customer WHERE customer_id = 'C7'"));
    }

    [Theory]
    [InlineData("klingon", "Source:Encoding 'klingon' is not an encoding this program knows")]
    [InlineData("utf-16", "Source:Encoding 'utf-16' does not write ASCII as ASCII")]
    public void An_unknown_or_unusable_Source_Encoding_is_refused_naming_the_key(string encoding, string expected)
    {
        var e = Assert.Throws<SettingsException>(() => TextReadOptions.From(new SourceSettings { Encoding = encoding }));
        Assert.Contains(expected, e.Message);
        Assert.Throws<SettingsException>(() => TextReadOptions.From(new SourceSettings { MaxLinesPerRow = 0 }));
    }

    // ---- header, field count, blank files, lone CR, trimming ----------------------------------

    private static FlatFileSettings Headerless() => new()
    {
        Header = false,
        TimestampFormats = ["yyyy-MM-dd HH:mm:ss"],
        Columns = new(StringComparer.OrdinalIgnoreCase)
        {
            ["order_id"] = "1", ["order_ts"] = "2", ["customer_id"] = "3", ["customer_name"] = "4", ["country"] = "5",
            ["product_id"] = "6", ["product_name"] = "7", ["quantity"] = "8", ["unit_price"] = "9",
        },
    };

    private string FailureOf(Action run) => Assert.ThrowsAny<Exception>(run).ToString();

    [Fact]
    public void A_mapped_column_twice_in_the_header_fails_the_run_naming_the_file_the_column_and_both_positions()
    {
        var path = WriteBytes("lines.csv", Utf8(Header + ",quantity\n" + Row(1) + ",5\n"));
        var message = FailureOf(() => LoadFlat(path));
        Assert.Contains("'lines.csv' has the column 'quantity' (mapped to quantity) 2 times in its header, at positions 8 and 10", message);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM fact_order_line"));
    }

    [Fact]
    public void A_CSV_folder_header_with_a_name_twice_fails_the_run_naming_the_file_the_column_and_both_positions()
    {
        var folder = CsvFolder(customers: Utf8(CustomersHeader + ",Email\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00,b@x.com\n"));
        var message = FailureOf(() => RunCsv(folder));
        Assert.Contains("'customers.csv' has the column 'email' 2 times in its header, at positions 3 and 11", message);
    }

    [Fact]
    public void Without_a_header_every_row_must_have_the_first_rows_field_count()
    {
        // Row 2 has the country split in two (10 fields: by position its product would be "UK"),
        // row 3 lacks its price (8 fields); rows 1 and 4 (9 fields, the first row's) load.
        var text = Row(1) + "\n" + "2,2024-03-01 10:00:00,C1,Ann,United,Kingdom,P2,ITEM 2,1,2.00\n"
            + "3,2024-03-01 10:00:00,C1,Ann,UK,P3,ITEM 3,1\n" + Row(4) + "\n";
        var path = WriteBytes("lines.csv", Utf8(text));
        using (var source = new FlatFileSource(path, Headerless()))
        {
            var lines = _warehouse.Run(source, new DateOnly(2024, 12, 31)).Entities.Single(e => e.Entity == "order_lines");
            Assert.Equal((4L, 2L, 2L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        }
        Assert.Equal(["wrong_column_count|lines.csv line 2", "wrong_column_count|lines.csv line 3"], Quarantine());
        Assert.Equal(["lines.csv line 2: 10 fields where the file's first row has 9 (a file without a header)",
            "lines.csv line 3: 8 fields where the file's first row has 9 (a file without a header)"],
            _warehouse.Rows("SELECT message FROM etl_quarantine ORDER BY source_location").Select(r => (string)r[0]!));
        Assert.Equal(2 * 2.00m, (decimal)_warehouse.Scalar("SELECT SUM(net_amount) FROM fact_order_line")!);
        Assert.Equal(0L, _warehouse.Scalar("SELECT COUNT(*) FROM dim_product WHERE product_id IN ('UK', 'Kingdom')"));
    }

    [Fact]
    public void Without_a_header_a_row_shorter_than_the_highest_mapped_position_is_a_wrong_column_count()
    {
        // Every row has 8 fields (the first row's count) but unit_price is mapped to column 9.
        var path = WriteBytes("lines.csv", Utf8("1,2024-03-01 10:00:00,C1,Ann,UK,P1,ITEM 1,1\n2,2024-03-01 10:00:00,C1,Ann,UK,P2,ITEM 2,1\n"));
        using (var source = new FlatFileSource(path, Headerless()))
        {
            var lines = _warehouse.Run(source, new DateOnly(2024, 12, 31)).Entities.Single(e => e.Entity == "order_lines");
            Assert.Equal((2L, 0L, 2L), (lines.RowsRead, lines.RowsWritten, lines.RowsQuarantined));
        }
        Assert.Equal(["wrong_column_count|lines.csv line 1", "wrong_column_count|lines.csv line 2"], Quarantine());
        Assert.Equal("lines.csv line 1: 8 fields, but Source:Flat:Columns maps column 9 (a file without a header; its first row has 8)",
            _warehouse.Scalar("SELECT message FROM etl_quarantine WHERE source_location = 'lines.csv line 1'"));
    }

    [Theory]
    [InlineData("\n\r\n\n")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF\r\n")]
    public void A_file_of_blank_lines_or_a_byte_order_mark_alone_is_empty_for_both_readers(string content)
    {
        var path = WriteBytes("lines.csv", Utf8(content));
        Assert.Contains("'lines.csv' is empty: not even a header.", FailureOf(() => LoadFlat(path)));
        Assert.DoesNotContain("has no column", FailureOf(() => LoadFlat(path)));

        var folder = CsvFolder(customers: Utf8(content));
        Assert.Contains("'customers.csv' is empty: not even a header.", FailureOf(() => RunCsv(folder)));
    }

    [Fact]
    public void A_lone_CR_in_an_LF_file_is_a_character_of_its_field_trimmed_at_the_edge_and_kept_inside()
    {
        // 3 rows, not 4 or 5: line 1's country ends in a CR, line 2's product name holds one.
        var text = Header + "\n" + "1,2024-03-01 10:00:00,C1,Ann,UK\r,P1,ITEM 1,1,2.00\n"
            + "2,2024-03-01 10:00:00,C1,Ann,UK,P2,ITEM\rTWO,1,2.00\n" + Row(3) + "\r\n";
        var path = WriteBytes("lines.csv", Utf8(text));
        Assert.Equal((3L, 3L, 0L), LoadFlat(path));
        Assert.Equal("UK", _warehouse.Scalar("SELECT country FROM dim_customer WHERE customer_id = 'C1' AND is_current"));
        Assert.Equal("ITEM\rTWO", _warehouse.Scalar("SELECT product_name FROM dim_product WHERE product_id = 'P2'"));
        Assert.Equal("ITEM 3", _warehouse.Scalar("SELECT product_name FROM dim_product WHERE product_id = 'P3'"));
    }

    [Fact]
    public void CSV_folder_values_are_trimmed_like_flat_values_so_a_padded_customer_id_is_the_same_customer()
    {
        var folder = CsvFolder(customers: Utf8(CustomersHeader + "\nC1,Ann,a@x.com,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"));
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "order_id,customer_id,order_ts,sales_channel,campaign_id,status,updated_at\n"
            + "O1, C1,2024-03-01 10:00:00,web,,completed,2024-03-01 10:00:00\n"
            + "O2,\"C1\u00a0\",2024-03-02 10:00:00,web,,completed,2024-03-02 10:00:00\n"
            + "\tO3 ,C1,2024-03-03 10:00:00,web,,completed,2024-03-03 10:00:00\n");
        File.WriteAllText(Path.Combine(folder, "order_lines.csv"), "order_id,line_number,product_id,quantity,unit_price,discount_rate,updated_at\n"
            + "O1,1,P1,2,4.00,0,2024-03-01 10:00:00\nO2,1, P1 ,1,4.00,0,2024-03-02 10:00:00\nO3,1,P1,1, 4.00 ,0,2024-03-03 10:00:00\n");
        var orders = RunCsv(folder).Entities.Single(e => e.Entity == "orders");
        Assert.Equal((3L, 3L, 0L), (orders.RowsRead, orders.RowsWritten, orders.RowsQuarantined));
        Assert.Equal(["C1|False"], _warehouse.Rows("SELECT customer_id, is_inferred FROM dim_customer WHERE is_current").Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal(["O1|8.00", "O2|4.00", "O3|4.00"],
            _warehouse.Rows("SELECT f.order_id, CAST(f.net_amount AS DECIMAL(18,2)) FROM fact_order f JOIN dim_customer c ON c.customer_key = f.customer_key WHERE c.customer_id = 'C1' ORDER BY f.order_id")
                .Select(r => FormattableString.Invariant($"{r[0]}|{r[1]}")));
    }

    [Fact]
    public void A_CSV_folder_file_that_lacks_a_column_is_named_in_the_message()
    {
        var folder = CsvFolder(customers: Utf8("customer_id,name,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at\n"
            + "C1,Ann,UK,London,2024-01-01,web,0,,2024-01-01 00:00:00\n"));
        File.WriteAllText(Path.Combine(folder, "customers-2024-03-02.csv"), "customer_id,name,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at\n");
        Assert.Contains("The source's 'customers' extract lacks column(s) email (file(s) customers.csv, customers-2024-03-02.csv).", FailureOf(() => RunCsv(folder)));
    }

    // ---- the command line --------------------------------------------------------------------

    [Fact]
    public void The_warehouse_command_fails_with_exit_1_and_one_line_on_a_truncated_gzip()
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("cli")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "lines.csv.gz"), Gzip(FourRows())[..^8]);
        File.WriteAllText(Path.Combine(folder, "warehouse.json"), """
            { "Warehouse": { "Path": "w.duckdb" },
              "Source": { "Kind": "flatfile", "Path": "lines.csv.gz", "Encoding": "utf-8", "MaxLinesPerRow": 5,
                "Flat": { "TimestampFormats": [ "yyyy-MM-dd HH:mm:ss" ],
                  "Columns": { "order_id": "order_id", "order_ts": "order_ts", "customer_id": "customer_id", "quantity": "quantity", "unit_price": "unit_price" } } },
              "Publish": { "OutputFolder": "out" } }
            """);
        var (code, output, stderr) = Warehouse(folder, "run", "--config", "warehouse.json", "--no-publish");
        Assert.True(code == 1, $"exit {code}: {stderr} {output}");
        var error = Assert.Single(stderr.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));   // the log's lines besides
        Assert.DoesNotContain("   at ", stderr);
        Assert.StartsWith("error: Run 1 failed and was rolled back: 'lines.csv.gz' is not a valid gzip stream: it ends before its trailer (truncated?)", error);
    }

    [Theory]
    [InlineData("\"Encoding\": \"klingon\"", "error: Source:Encoding 'klingon' is not an encoding this program knows; use for example utf-8 (the default), windows-1252 or iso-8859-1.")]
    [InlineData("\"MaxLinesPerRow\": 0", "error: Source:MaxLinesPerRow must be at least 1 (got 0).")]
    public void The_warehouse_command_refuses_a_bad_Source_Encoding_or_MaxLinesPerRow_with_exit_2(string setting, string expected)
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("cli")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "lines.csv"), FourRows());
        File.WriteAllText(Path.Combine(folder, "warehouse.json"), $$"""
            { "Warehouse": { "Path": "w.duckdb" },
              "Source": { "Kind": "flatfile", "Path": "lines.csv", {{setting}},
                "Flat": { "Columns": { "order_id": "order_id", "order_ts": "order_ts", "quantity": "quantity", "unit_price": "unit_price" } } } }
            """);
        var (code, output, error) = Warehouse(folder, "run", "--config", "warehouse.json", "--no-publish");
        Assert.True(code == 2, $"exit {code}: {error} {output}");
        Assert.Equal(expected, error.Trim());
    }

    [Theory]
    [InlineData(";;", "(got ';;')")]
    [InlineData("\\\"", "(got '\"')")]
    [InlineData("\\n", "(got '\\n')")]
    [InlineData("\u00a7", "(got '\u00a7')")]
    public void The_warehouse_command_refuses_a_bad_Source_Flat_Delimiter_with_exit_2_before_reading_a_file(string delimiter, string got)
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("cli")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "lines.csv"), FourRows());
        File.WriteAllText(Path.Combine(folder, "warehouse.json"), $$"""
            { "Warehouse": { "Path": "w.duckdb" },
              "Source": { "Kind": "flatfile", "Path": "lines.csv",
                "Flat": { "Delimiter": "{{delimiter}}", "Columns": { "order_id": "order_id", "order_ts": "order_ts", "quantity": "quantity", "unit_price": "unit_price" } } } }
            """);
        var (code, output, error) = Warehouse(folder, "run", "--config", "warehouse.json", "--no-publish");
        Assert.True(code == 2, $"exit {code}: {error} {output}");
        Assert.Equal("error: Source:Flat:Delimiter must be one ASCII character other than a double quote or a line break, or the word tab " + got + ".", error.Trim());
        Assert.False(File.Exists(Path.Combine(folder, "w.duckdb")), "the warehouse was opened before the settings were checked");
    }

    [Fact]
    public void Source_Flat_Delimiter_tab_the_word_or_a_JSON_tab_reads_a_tab_separated_file()
    {
        Assert.Equal('\t', FlatFileSettings.DelimiterOf("tab"));
        Assert.Equal('\t', FlatFileSettings.DelimiterOf("TAB"));
        Assert.Equal('\t', FlatFileSettings.DelimiterOf("\t"));
        Assert.Equal(';', FlatFileSettings.DelimiterOf(";"));
    }

    private static (int Code, string Out, string Err) Warehouse(string folder, params string[] args)
    {
        using var p = WarehouseProcess.Start(folder, args);
        var code = p.WaitForExitCode(TimeSpan.FromMinutes(3));
        return (code, p.Stdout, p.Stderr);
    }

    // ---- the CSV folder ----------------------------------------------------------------------

    private const string CustomersHeader = "customer_id,name,email,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at";

    /// <summary>A CSV folder with the given customers.csv and one product, order and line for C1.</summary>
    private string CsvFolder(byte[] customers)
    {
        var folder = Directory.CreateDirectory(_warehouse.PathOf("csv")).FullName;
        WriteMinimalFolder(folder, customers);
        return folder;
    }

    private static void WriteMinimalFolder(string folder, byte[] customers)
    {
        File.WriteAllBytes(Path.Combine(folder, "customers.csv"), customers);
        File.WriteAllText(Path.Combine(folder, "products.csv"), "product_id,name,category,unit_cost,list_price,updated_at\nP1,Mug,Kitchen,1.00,4.00,2024-01-01 00:00:00\n");
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "order_id,customer_id,order_ts,sales_channel,campaign_id,status,updated_at\nO1,C1,2024-03-01 10:00:00,web,,completed,2024-03-01 10:00:00\n");
        File.WriteAllText(Path.Combine(folder, "order_lines.csv"), "order_id,line_number,product_id,quantity,unit_price,discount_rate,updated_at\nO1,1,P1,2,4.00,0,2024-03-01 10:00:00\n");
    }

    private RunResult RunCsv(string folder)
    {
        using var source = new CsvFolderSource(folder);
        return _warehouse.Run(source, new DateOnly(2024, 12, 31));
    }
}

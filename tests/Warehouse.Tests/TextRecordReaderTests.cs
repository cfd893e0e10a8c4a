using System.IO.Compression;
using System.Text;
using Warehouse.Etl.Sources.Text;

namespace Warehouse.Tests;

/// <summary>The shared record reader on its own: RFC 4180 fields, line ends, the quote bound, the
/// line numbers of each record, blank lines, whitespace-separated lines and records longer than
/// its buffer.</summary>
public sealed class TextRecordReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("text-records-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private List<(string Location, string[] Fields, string? Problem)> Read(byte[] bytes, int maxLines = 20, bool whitespace = false,
        int expected = 0, string name = "f.csv", char delimiter = ',')
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        using var reader = new TextRecordReader(path, new TextReadOptions { MaxLinesPerRow = maxLines }, delimiter, whitespace) { ExpectedFields = expected };
        var records = new List<(string, string[], string?)>();
        while (reader.Next()) records.Add((reader.Location, reader.Fields(), reader.Problem?.Code));
        return records;
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Quoted_fields_hold_delimiters_doubled_quotes_and_line_breaks()
    {
        var records = Read(B("a,\"b,c\",\"say \"\"hi\"\"\"\n\"x\ny\",,\"\"\n1,2,\n"));
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b,c", "say \"hi\""], records[0].Fields);
        Assert.Equal("f.csv line 1", records[0].Location);
        Assert.Equal(["x\ny", "", ""], records[1].Fields);
        Assert.Equal("f.csv lines 2-3", records[1].Location);
        Assert.Equal(["1", "2", ""], records[2].Fields);
        Assert.Equal("f.csv line 4", records[2].Location);
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    [Fact]
    public void LF_and_CRLF_end_lines_a_lone_CR_is_a_character_blank_lines_are_skipped_but_counted_and_the_last_line_needs_no_end()
    {
        // The first line break is CR LF: a CR alone (line 3) is a character of its field.
        var records = Read(B("h1;h2\r\n\r\n1;2\r3;4\n\n5;\"6\r\n7\"\r\n8;9"), delimiter: ';');
        Assert.Equal(["f.csv line 1", "f.csv line 3", "f.csv lines 5-6", "f.csv line 7"], records.Select(r => r.Location));
        Assert.Equal(["1", "2\r3", "4"], records[1].Fields);
        Assert.Equal(["5", "6\r\n7"], records[2].Fields);
        Assert.Equal(["8", "9"], records[3].Fields);
    }

    [Fact]
    public void In_a_file_whose_first_line_break_is_a_lone_CR_a_lone_CR_ends_lines_and_so_do_LF_and_CRLF()
    {
        var records = Read(B("h1;h2\r1;2\r\n3;4\n5;\"6\r7\"\r8;9"), delimiter: ';');
        Assert.Equal(["f.csv line 1", "f.csv line 2", "f.csv line 3", "f.csv lines 4-5", "f.csv line 6"], records.Select(r => r.Location));
        Assert.Equal(["5", "6\r7"], records[3].Fields);
        Assert.Equal(["8", "9"], records[4].Fields);
    }

    [Fact]
    public void In_an_LF_file_a_lone_CR_inside_quotes_or_in_a_whitespace_separated_line_does_not_end_the_line()
    {
        var quoted = Read(B("a,b,c\n1,\"x\ry\",2\n3,4,5\n"));
        Assert.Equal(["f.csv line 1", "f.csv line 2", "f.csv line 3"], quoted.Select(r => r.Location));
        Assert.Equal(["1", "x\ry", "2"], quoted[1].Fields);

        var blanks = Read(B("a b c\n1 2\r3 4\n"), whitespace: true);
        Assert.Equal(["f.csv line 1", "f.csv line 2"], blanks.Select(r => r.Location));
        Assert.Equal(["1", "2\r3", "4"], blanks[1].Fields);
    }

    [Fact]
    public void Value_is_the_field_trimmed_of_blanks_tabs_CR_and_no_break_spaces_quoted_or_not()
    {
        var path = Path.Combine(_folder, "v.csv");
        File.WriteAllBytes(path, B("h1,h2,h3,h4\n\u00a0 1\t,\" 2 \",a b\r,\u00a0\n"));
        using var reader = new TextRecordReader(path, TextReadOptions.Default);
        Assert.True(reader.Next() && reader.Next());
        Assert.Equal(["\u00a0 1\t", " 2 ", "a b\r", "\u00a0"], reader.Fields());
        Assert.Equal(["1", "2", "a b", ""], Enumerable.Range(0, reader.FieldCount).Select(reader.Value).ToArray());
    }

    [Fact]
    public void A_quoted_field_may_span_exactly_MaxLinesPerRow_lines_and_one_more_is_an_unclosed_quote()
    {
        var within = Read(B("1,\"a\nb\nc\",2\n3,4\n"), maxLines: 3);
        Assert.Equal(["f.csv lines 1-3", "f.csv line 4"], within.Select(r => r.Location));
        Assert.Equal(["1", "a\nb\nc", "2"], within[0].Fields);

        var beyond = Read(B("1,\"a\nb\nc\nd\",2\n3,4\n"), maxLines: 3);
        Assert.Equal(["f.csv line 1", "f.csv line 2", "f.csv line 3", "f.csv line 4", "f.csv line 5"], beyond.Select(r => r.Location));
        Assert.Equal(["unclosed_quote", null, null, null, null], beyond.Select(r => r.Problem));
        Assert.Equal(["d\"", "2"], beyond[3].Fields);   // a quote inside an unquoted field is text
        Assert.Equal(["3", "4"], beyond[4].Fields);
    }

    [Fact]
    public void A_record_over_lines_with_another_field_count_than_expected_is_a_stray_quote_but_one_line_is_not()
    {
        var records = Read(B("a,b,c\n1,\"x\ny\",3\n1,\"x\ny\"\n4,5\n"), expected: 3);
        Assert.Equal(["f.csv line 1", "f.csv lines 2-3", "f.csv line 4", "f.csv line 5", "f.csv line 6"], records.Select(r => r.Location));
        Assert.Equal([null, null, "unclosed_quote", null, null], records.Select(r => r.Problem));
        Assert.Equal(["y\""], records[3].Fields);
        var single = Read(B("a,b,c\n1,2\n"), expected: 3);   // one line: the reader's caller says wrong_column_count
        Assert.Null(single[1].Problem);
    }

    [Fact]
    public void Text_after_a_closing_quote_on_the_same_line_belongs_to_the_field()
    {
        var records = Read(B("\"ab\"cd,e\n"));
        Assert.Equal(["abcd", "e"], records[0].Fields);
        Assert.Null(records[0].Problem);
    }

    [Fact]
    public void Whitespace_separated_lines_split_on_runs_of_blanks_and_quotes_are_text()
    {
        var records = Read(B("  00001 19970101   1  11.77\n\t\n00002\t19970112 \"2\"  12.00  \n"), whitespace: true);
        Assert.Equal(2, records.Count);
        Assert.Equal(["00001", "19970101", "1", "11.77"], records[0].Fields);
        Assert.Equal(["00002", "19970112", "\"2\"", "12.00"], records[1].Fields);
        Assert.Equal("f.csv line 3", records[1].Location);
    }

    [Fact]
    public void NUL_bytes_and_invalid_UTF8_are_problems_of_their_record_and_a_valid_replacement_character_is_not()
    {
        byte[] bytes = [.. B("a,b\n1,x\0y\n2,"), 0xC3, 0x28, .. B("\n3,\uFFFD\n")];
        var records = Read(bytes);
        Assert.Equal([null, "nul_byte", "invalid_encoding", null], records.Select(r => r.Problem));
        Assert.Equal(["3", "\uFFFD"], records[3].Fields);
    }

    [Fact]
    public void A_file_mostly_of_NUL_bytes_is_refused_byte_order_marks_say_the_encoding_and_invalid_UTF16_fails()
    {
        // UTF-16 without a mark: every other byte a NUL.
        Assert.Contains("is not a text file", Assert.Throws<InvalidDataException>(() => Read(Encoding.Unicode.GetBytes("a,b\n1,2\n"))).Message);
        Assert.Equal(["a", "b"], Read([0xEF, 0xBB, 0xBF, .. B("a,b\n")])[0].Fields);
        foreach (var encoding in new Encoding[] { Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32 })
        {
            var records = Read([.. encoding.GetPreamble(), .. encoding.GetBytes("id,name\n1,Jos\u00e9 \U0001F600\n")]);
            Assert.Equal(["1", "Jos\u00e9 \U0001F600"], records[1].Fields);
            Assert.Equal("f.csv line 2", records[1].Location);
        }
        // A lone high surrogate (D800) followed by "a".
        byte[] invalid = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("id\n1,"), 0x00, 0xD8, (byte)'a', 0, (byte)'\n', 0];
        Assert.Contains("'f.csv' starts with a utf-16 byte order mark but holds bytes that are not utf-16",
            Assert.Throws<InvalidDataException>(() => Read(invalid)).Message);
    }

    [Fact]
    public void A_row_longer_than_the_byte_bound_refuses_the_file_naming_its_line()
    {
        var path = Path.Combine(_folder, "long.csv");
        File.WriteAllBytes(path, B("a,b\n1,2\n3," + new string('x', 300_000) + "\n"));
        using var reader = new TextRecordReader(path, TextReadOptions.Default, maxRecordBytes: 100_000);
        Assert.True(reader.Next());
        Assert.True(reader.Next());
        var e = Assert.Throws<InvalidDataException>(() => reader.Next());
        Assert.Equal("'long.csv' line 3 starts a row of more than 100,000 bytes without a line end: not a file of rows.", e.Message);
    }

    [Fact]
    public void Records_across_buffer_ends_and_longer_than_the_buffer_are_read_whole_from_gzip_too()
    {
        var longField = new string('x', 200_000);
        var text = new StringBuilder("id,text\n");
        for (var i = 1; i <= 20_000; i++) text.Append(i).Append(",\"row ").Append(i).Append(i == 7_000 ? "\n" + longField : "").Append("\"\n");
        var bytes = B(text.ToString());
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        foreach (var (name, content) in new[] { ("big.csv", bytes), ("big.csv.gz", memory.ToArray()) })
        {
            var records = Read(content, name: name, expected: 2);
            Assert.Equal(20_001, records.Count);
            Assert.All(records, r => Assert.Null(r.Problem));
            Assert.Equal("row 7000\n" + longField, records[7_000].Fields[1]);
            Assert.Equal($"{name} lines 7001-7002", records[7_000].Location);
            Assert.Equal(["20000", "row 20000"], records[^1].Fields);
            Assert.Equal($"{name} line 20002", records[^1].Location);
        }
    }
}

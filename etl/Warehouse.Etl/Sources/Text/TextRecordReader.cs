using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Warehouse.Etl.Sources.Text;

/// <summary>
/// Reads the records of one text file, the same way for every text reader: the file is opened
/// (a .gz checked by <see cref="CheckedGzipStream"/>), split into physical lines and records (RFC 4180: a field in double quotes may hold the delimiter, doubled quotes and line
/// breaks), on bytes. One rule holds for every record:
/// <list type="bullet">
/// <item>A line ends at LF or CR LF. A CR alone ends a line only in a file whose first line break is
/// a CR alone (old Mac files); in any other file it is a character of its field (then trimmed by
/// <see cref="Value"/> when at its edge).</item>
/// <item>A quoted field may span at most <see cref="TextReadOptions.MaxLinesPerRow"/> physical lines.
/// A quote that does not close within them or by the end of the file, and a record over several
/// lines whose field count differs from the header's (a stray quote that a later quote closed), make
/// the record the line that opened it alone, with the problem <c>unclosed_quote</c>; the lines after
/// it are read again as records of their own. So every physical line belongs to one record.</item>
/// <item>A record holding a NUL byte has the problem <c>nul_byte</c>; a record whose bytes are not
/// UTF-8 (when no other encoding is configured) has <c>invalid_encoding</c>. Their raw text is the
/// record's bytes in hex, so the original stays recoverable.</item>
/// <item>A UTF-8 byte order mark is skipped; a file that starts with a UTF-16 or UTF-32 byte order
/// mark is decoded as such (strictly: invalid bytes fail the file); a file whose first 8 KiB are one
/// tenth or more NUL bytes (binary, or UTF-16 without a mark) is refused.</item>
/// </list>
/// The current record's fields and raw text are valid until the next <see cref="Next"/>.
/// </summary>
internal sealed class TextRecordReader : IDisposable
{
    private const byte Quote = (byte)'"', Cr = (byte)'\r', Lf = (byte)'\n';
    private const int BinaryCheckBytes = 8192;

    /// <summary>The most bytes one record may take by default: 64 MiB.</summary>
    public const int MaxRecordBytes = 64 << 20;
    private static readonly SearchValues<byte> LineStops = SearchValues.Create([Cr, Lf]);
    private static readonly SearchValues<byte> QuotedStops = SearchValues.Create([Quote, Cr, Lf]);
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t\v\f"u8);

    private Stream _stream;
    private Encoding? _unicode;
    private readonly Encoding _decoding;
    private readonly bool _checkUtf8;
    private readonly int _maxLines;
    private readonly int _maxRecordBytes;
    private readonly byte _delimiter;
    private readonly bool _whitespace;
    private readonly SearchValues<byte> _fieldStops;
    private readonly List<FieldSpan> _fields = [];
    private byte[] _buffer = new byte[1 << 16];
    private byte[] _scratch = [];
    private int _start, _end;
    private bool _eof;
    private bool _crBreaks;
    private long _linesBefore;
    private int _recordStart, _recordLength;

    private readonly record struct FieldSpan(int Start, int End, bool Unescape);

    /// <param name="path">The file (.gz: gzip, checked).</param>
    /// <param name="delimiter">The field delimiter (one ASCII character); ignored when
    /// <paramref name="whitespace"/>: then fields are split on runs of blanks and quotes are text.</param>
    /// <param name="maxRecordBytes">The most bytes one record may take (lines without an end in
    /// sight are not rows: the file is refused rather than held in memory).</param>
    public TextRecordReader(string path, TextReadOptions options, char delimiter = ',', bool whitespace = false, int maxRecordBytes = MaxRecordBytes)
    {
        _maxRecordBytes = maxRecordBytes;
        Name = System.IO.Path.GetFileName(path);
        _maxLines = options.MaxLinesPerRow;
        _whitespace = whitespace;
        if (!whitespace && (delimiter > 127 || delimiter is '"' or '\r' or '\n'))
            throw new Configuration.SettingsException($"Source:Flat:Delimiter must be one ASCII character other than a quote or a line break (got '{delimiter}').");
        _delimiter = (byte)delimiter;
        _fieldStops = SearchValues.Create([_delimiter, Cr, Lf]);
        _stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? CheckedGzipStream.Open(path)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            while (_end < BinaryCheckBytes && Fill()) { }
            var utf8 = options.Encoding is null;
            var head = _buffer.AsSpan(0, _end);
            if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _start = 3;
                utf8 = true;   // a UTF-8 byte order mark says what the file is
            }
            else if (UnicodeOf(head) is { } unicode)
            {
                // UTF-16 or UTF-32 with its byte order mark: transcoded to UTF-8 on the way in.
                _unicode = unicode;
                var rest = _buffer[unicode.GetPreamble().Length.._end];
                _stream = Encoding.CreateTranscodingStream(new PrefixedStream(rest, _stream), unicode, Encoding.UTF8);
                _start = _end = 0;
                _eof = false;
                while (_end < BinaryCheckBytes && Fill()) { }
                head = _buffer.AsSpan(0, _end);
                utf8 = true;
            }
            var checkedBytes = head[..Math.Min(head.Length, BinaryCheckBytes)];
            var nuls = checkedBytes.Count((byte)0);
            if (nuls > 0 && nuls * 10 >= checkedBytes.Length)
                throw new InvalidDataException($"'{Name}' is not a text file (NUL bytes are {nuls} of its first {checkedBytes.Length} bytes).");
            _checkUtf8 = utf8;
            _decoding = utf8 ? new UTF8Encoding(false) : options.Encoding!;
            // The file's first line break says whether a CR alone is one (old Mac files).
            var firstBreak = Find(0, LineStops);
            _crBreaks = firstBreak >= 0 && At(firstBreak) == Cr && !(Ensure(firstBreak + 1) && At(firstBreak + 1) == Lf);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The file's name (without its folder).</summary>
    public string Name { get; }

    /// <summary>When greater than 0, the fields a record must have (the header's): a record over
    /// several lines with another count is taken for a stray quote.</summary>
    public int ExpectedFields { get; set; }

    /// <summary>The physical lines (1-based) of the current record.</summary>
    public long FirstLine { get; private set; }
    public long LastLine { get; private set; }

    /// <summary>Null when the record can be read; otherwise a reason code and a message naming
    /// the file and line.</summary>
    public (string Code, string Message)? Problem { get; private set; }

    public int FieldCount => _fields.Count;

    /// <summary>"lines.csv line 7", or "lines.csv lines 3-5" for a record over several lines.</summary>
    public string Location => FirstLine == LastLine
        ? $"{Name} line {FirstLine.ToString(CultureInfo.InvariantCulture)}"
        : $"{Name} lines {FirstLine.ToString(CultureInfo.InvariantCulture)}-{LastLine.ToString(CultureInfo.InvariantCulture)}";

    private ReadOnlySpan<byte> RecordBytes => _buffer.AsSpan(_recordStart, _recordLength);

    /// <summary>The record as it is in the file (without its line end): decoded text, or for a
    /// record with a NUL byte or bytes that are not UTF-8, "hex:" and its bytes in hex.</summary>
    public string RawText(int maxChars = 4000)
    {
        if (Problem is ("nul_byte" or "invalid_encoding", _))
        {
            var bytes = RecordBytes;
            var take = Math.Min(bytes.Length, Math.Max(0, (maxChars - 4) / 2));
            return "hex:" + Convert.ToHexString(bytes[..take]);
        }
        var text = _decoding.GetString(RecordBytes);
        return text.Length > maxChars ? text[..maxChars] : text;
    }

    /// <summary>The field's text (quotes removed, doubled quotes made one).</summary>
    public string Field(int index)
    {
        var field = _fields[index];
        var bytes = _buffer.AsSpan(_recordStart + field.Start, field.End - field.Start);
        if (!field.Unescape) return bytes.IsEmpty ? "" : _decoding.GetString(bytes);
        if (_scratch.Length < bytes.Length) _scratch = new byte[Math.Max(bytes.Length, 256)];
        var n = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == Quote)
            {
                if (i + 1 < bytes.Length && bytes[i + 1] == Quote) i++;
                else continue;   // the closing quote of a field with text after it
            }
            _scratch[n++] = bytes[i];
        }
        return _decoding.GetString(_scratch, 0, n);
    }

    /// <summary>The field's value: its text (<see cref="Field"/>) trimmed of white space as Unicode
    /// defines it (blanks, tabs, CR, LF, the no-break space U+00A0 and the other Unicode spaces;
    /// <see cref="string.Trim()"/>), quoted or not. The rule of every text reader.</summary>
    public string Value(int index) => Field(index).Trim();

    /// <summary>The fields of the current record, decoded.</summary>
    public string[] Fields()
    {
        var fields = new string[_fields.Count];
        for (var i = 0; i < fields.Length; i++) fields[i] = Field(i);
        return fields;
    }

    /// <summary>Moves to the next record, skipping blank lines; false at the end of the file.</summary>
    public bool Next()
    {
        while (true)
        {
            if (_start >= _end && !Fill()) return false;
            int length, consumed, lines;
            string? unclosed = null;
            if (_whitespace)
                (length, consumed, lines) = SplitOnBlanks();
            else
                (length, consumed, lines, unclosed) = ParseCsv();
            if (unclosed is null && lines > 1 && ExpectedFields > 0 && _fields.Count != ExpectedFields)
                unclosed = $"a quoted field opens a record over lines {_linesBefore + 1}-{_linesBefore + lines} that has {_fields.Count} fields where the header has {ExpectedFields}: a stray quote";
            if (unclosed is not null)
            {
                // The line that opened the quote alone; the lines after it are read again.
                var stop = FindStop(0, LineStops);
                length = stop < 0 ? _end - _start : stop;
                consumed = LineEnd(length);
                lines = 1;
                _fields.Clear();
            }
            _recordStart = _start;
            _recordLength = length;
            FirstLine = _linesBefore + 1;
            LastLine = _linesBefore + lines;
            _start += consumed;
            _linesBefore += lines;
            if (unclosed is null && _fields.Count == 1 && _fields[0].Start == _fields[0].End && !_fields[0].Unescape && length == 0)
                continue;   // a blank line
            Problem = unclosed is not null ? ("unclosed_quote", $"{Location}: {unclosed}; the line is quarantined and the lines after it are read as rows of their own")
                : CheckBytes();
            return true;
        }
    }

    private (string Code, string Message)? CheckBytes()
    {
        var bytes = RecordBytes;
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            return ("nul_byte", $"{Location}: a NUL byte at byte {nul + 1} of the row (stored as hex)");
        if (_checkUtf8 && !Utf8.IsValid(bytes))
        {
            var at = FirstInvalidUtf8(bytes);
            return ("invalid_encoding", $"{Location}: bytes that are not UTF-8 (0x{bytes[at]:X2} at byte {at + 1} of the row; stored as hex); if the file is in another encoding, name it in Source:Encoding (e.g. windows-1252)");
        }
        return null;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var used);
            if (status != OperationStatus.Done) return i;
            i += used;
        }
        return 0;
    }

    /// <summary>The bytes a record of <paramref name="length"/> bytes and its line end take.</summary>
    private int LineEnd(int length)
    {
        if (!Ensure(length)) return length;
        if (At(length) == Cr && Ensure(length + 1) && At(length + 1) == Lf) return length + 2;
        return length + 1;
    }

    private (int Length, int Consumed, int Lines) SplitOnBlanks()
    {
        _fields.Clear();
        var stop = FindStop(0, LineStops);
        var length = stop < 0 ? _end - _start : stop;
        var line = _buffer.AsSpan(_start, length);
        var i = 0;
        while (true)
        {
            var first = line[i..].IndexOfAnyExcept(Blanks);
            if (first < 0) break;
            i += first;
            var end = line[i..].IndexOfAny(Blanks);
            var fieldEnd = end < 0 ? line.Length : i + end;
            _fields.Add(new FieldSpan(i, fieldEnd, false));
            i = fieldEnd;
        }
        if (_fields.Count > 0) return (length, LineEnd(length), 1);
        _fields.Add(new FieldSpan(0, 0, false));   // a blank line
        return (0, LineEnd(length), 1);
    }

    private (int Length, int Consumed, int Lines, string? Unclosed) ParseCsv()
    {
        _fields.Clear();
        var rel = 0;
        var lines = 1;
        while (true)
        {
            if (Ensure(rel) && At(rel) == Quote)
            {
                var content = rel + 1;
                var p = content;
                var unescape = false;
                while (true)
                {
                    var q = FindStop(p, QuotedStops);
                    if (q < 0)
                        return (0, 0, lines, $"a quoted field opens on this line and is not closed by the end of the file");
                    if (At(q) == Quote)
                    {
                        if (Ensure(q + 1) && At(q + 1) == Quote)
                        {
                            unescape = true;
                            p = q + 2;
                            continue;
                        }
                        var after = q + 1;
                        if (!Ensure(after) || IsLineBreak(after) || At(after) == _delimiter)
                        {
                            _fields.Add(new FieldSpan(content, q, unescape));
                            rel = after;
                        }
                        else if (lines > 1)
                        {
                            // A quote that "closes" a field begun lines earlier and is followed by
                            // text is the opening quote of a later field: the first one was stray.
                            return (0, 0, lines, $"a quoted field opens on this line and the quote that ends it, {lines - 1} line(s) further, is followed by text: a stray quote");
                        }
                        else
                        {
                            // Text after the closing quote belongs to the field.
                            var stop = FindStop(after, _fieldStops);
                            rel = stop < 0 ? _end - _start : stop;
                            _fields.Add(new FieldSpan(content, rel, true));
                        }
                        break;
                    }
                    var next = q + 1;
                    if (At(q) == Cr && Ensure(next) && At(next) == Lf) next++;
                    lines++;
                    if (lines > _maxLines)
                        return (0, 0, lines, $"a quoted field opens on this line and is not closed within {_maxLines} lines (Source:MaxLinesPerRow)");
                    p = next;
                }
            }
            else
            {
                var stop = FindStop(rel, _fieldStops);
                var end = stop < 0 ? _end - _start : stop;
                _fields.Add(new FieldSpan(rel, end, false));
                rel = end;
            }
            if (!Ensure(rel)) return (rel, rel, lines, null);   // the end of the file
            if (At(rel) == _delimiter)
            {
                rel++;
                continue;
            }
            return (rel, LineEnd(rel), lines, null);
        }
    }

    private byte At(int rel) => _buffer[_start + rel];

    /// <summary>True when the byte at <paramref name="rel"/> (read) starts a line break: LF, CR LF,
    /// or a CR alone in a file whose line breaks are CRs alone.</summary>
    private bool IsLineBreak(int rel) => At(rel) == Lf
        || (At(rel) == Cr && (_crBreaks || (Ensure(rel + 1) && At(rel + 1) == Lf)));

    /// <summary>As <see cref="Find"/>, but a CR that is not a line break (see <see cref="IsLineBreak"/>)
    /// is a character like any other: the search goes on past it.</summary>
    private int FindStop(int rel, SearchValues<byte> stops)
    {
        while (true)
        {
            var found = Find(rel, stops);
            if (found < 0 || At(found) != Cr || IsLineBreak(found)) return found;
            rel = found + 1;
        }
    }

    /// <summary>True when the byte at <paramref name="rel"/> (from the record's start) is read.</summary>
    private bool Ensure(int rel)
    {
        while (_start + rel >= _end)
            if (!Fill()) return false;
        return true;
    }

    /// <summary>The first of <paramref name="stops"/> at or after <paramref name="rel"/>, or -1 at
    /// the end of the file (everything up to it is then in the buffer).</summary>
    private int Find(int rel, SearchValues<byte> stops)
    {
        while (true)
        {
            var found = _buffer.AsSpan(_start + rel, _end - _start - rel).IndexOfAny(stops);
            if (found >= 0) return rel + found;
            rel = _end - _start;
            if (!Fill()) return -1;
        }
    }

    /// <summary>Reads more of the file behind what is buffered (moving the unread part to the front,
    /// growing the buffer when a record fills it); false at the end of the file.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        if (_start > 0 && _end == _buffer.Length)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_end >= _maxRecordBytes)
                throw new InvalidDataException($"'{Name}' line {(_linesBefore + 1).ToString(CultureInfo.InvariantCulture)} starts a row of more than {_maxRecordBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes without a line end: not a file of rows.");
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, Math.Max(_maxRecordBytes, _buffer.Length + 1)));
        }
        int n;
        try
        {
            n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (DecoderFallbackException e) when (_unicode is not null)
        {
            throw new InvalidDataException($"'{Name}' starts with a {_unicode.WebName} byte order mark but holds bytes that are not {_unicode.WebName} after line {_linesBefore.ToString(CultureInfo.InvariantCulture)}.", e);
        }
        if (n == 0)
        {
            _eof = true;
            return false;
        }
        _end += n;
        return true;
    }

    /// <summary>The encoding a UTF-16 or UTF-32 byte order mark names (strict: invalid bytes throw), or null.</summary>
    private static Encoding? UnicodeOf(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) ? new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true)
        : head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]) ? new UTF32Encoding(bigEndian: true, byteOrderMark: true, throwOnInvalidCharacters: true)
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true)
        : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true)
        : null;

    public void Dispose() => _stream.Dispose();

    /// <summary>Bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
    {
        private int _served;

        public override int Read(Span<byte> buffer)
        {
            if (_served == prefix.Length) return rest.Read(buffer);
            var take = Math.Min(buffer.Length, prefix.Length - _served);
            prefix.AsSpan(_served, take).CopyTo(buffer);
            _served += take;
            return take;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}

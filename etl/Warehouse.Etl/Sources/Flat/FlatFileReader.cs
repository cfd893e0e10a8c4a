using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>
/// Streams the rows of one or more flat files as a forward-only reader whose columns are the
/// warehouse's names (the mapped ones). Values are text, except order_ts, parsed with the
/// configured formats (left as text when it does not parse, so staging quarantines the row).
/// </summary>
internal sealed class FlatFileReader : RowBufferReader, Staging.IRawRowReader
{
    /// <summary>The columns of stg_flat_order_lines a file can map (source_row is the loader's).</summary>
    public static readonly string[] Columns =
    [
        "order_id", "order_ts", "customer_id", "customer_name", "email", "country", "city", "product_id", "product_name",
        "category", "unit_cost", "sales_channel", "campaign_id", "status", "quantity", "unit_price", "discount_rate",
    ];

    private readonly Queue<string> _files;
    private readonly FlatFileSettings _settings;
    private TextReader? _text;
    private CsvParser? _parser;
    private int[] _ordinals = [];
    private long _row;
    private int _headerCount;
    private string _currentFile = "";
    private string _rawRow = "";
    private (string Code, string Message)? _problem;
    private const int RowNumber = -2;
    private const int Constant = -3;

    public FlatFileReader(IEnumerable<string> files, FlatFileSettings settings)
    {
        _files = new Queue<string>(files);
        _settings = settings;
        Names = Columns;
        Values = new object?[Names.Length];
    }

    public override bool Read()
    {
        while (true)
        {
            if (_text is null && !OpenNext()) return false;
            var fields = NextFields();
            if (fields is null)
            {
                CloseCurrent();
                continue;
            }
            if (fields.Length == 1 && fields[0].Length == 0) continue;   // blank line
            _row++;
            _rawRow = _settings.Whitespace ? string.Join(' ', fields) : _parser!.RawRecord.TrimEnd('\r', '\n');
            _problem = null;
            if (_headerCount > 0 && fields.Length != _headerCount)
                _problem = ("wrong_column_count", $"{Path.GetFileName(_currentFile)}: {fields.Length} fields where the header has {_headerCount}");
            else if (fields.Any(f => f.Contains('\uFFFD')))
                _problem = ("invalid_encoding", $"{Path.GetFileName(_currentFile)}: bytes that are not UTF-8");
            for (var i = 0; i < Names.Length; i++)
            {
                var o = _ordinals[i];
                Values[i] = o switch
                {
                    RowNumber => _row.ToString(CultureInfo.InvariantCulture),
                    Constant => Normalise(Names[i], _settings.Constants[Names[i]]),
                    >= 0 when o < fields.Length => Normalise(Names[i], fields[o]),
                    _ => null,
                };
            }
            return true;
        }
    }

    private string[]? NextFields()
    {
        if (_settings.Whitespace)
        {
            var line = _text!.ReadLine();
            return line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts ? parts : line is null ? null : [""];
        }
        return _parser!.Read() ? _parser.Record : null;
    }

    private object? Normalise(string name, string raw) => FlatValueNormaliser.Normalise(name, raw, _settings);

    private bool OpenNext()
    {
        if (_files.Count == 0) return false;
        var path = _files.Dequeue();
        _currentFile = path;
        if (new FileInfo(path).Length == 0)
            throw new InvalidOperationException($"'{Path.GetFileName(path)}' is empty: not even a header.");
        if (LooksBinary(path))
            throw new InvalidOperationException($"'{Path.GetFileName(path)}' is not a text file (it holds NUL bytes).");
        var stream = OpenDecompressed(path);
        _text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        if (!_settings.Whitespace)
            _parser = new CsvParser(_text, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = _settings.Delimiter, BadDataFound = null, MissingFieldFound = null });
        var header = _settings.Header ? NextFields() ?? [] : [];
        _headerCount = header.Length;
        _ordinals = Names.Select(n =>
        {
            if (_settings.Constants.ContainsKey(n)) return Constant;
            if (!_settings.Columns.TryGetValue(n, out var column)) return -1;   // not in this file: NULL
            if (column == "#row") return RowNumber;
            if (!_settings.Header)
                return int.TryParse(column, out var position) ? position - 1 : throw new InvalidOperationException($"Without a header, Source:Flat:Columns:{n} must be a 1-based column number.");
            var index = Array.FindIndex(header, h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new InvalidOperationException($"'{Path.GetFileName(path)}' has no column '{column}' (mapped to {n}); its header is: {string.Join(", ", header)}.");
        }).ToArray();
        return true;
    }

    private static Stream OpenDecompressed(string path)
    {
        Stream stream = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>Text files hold no NUL bytes; a look at the first 8 KiB tells.</summary>
    private static bool LooksBinary(string path)
    {
        using var stream = OpenDecompressed(path);
        var buffer = new byte[8192];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Array.IndexOf(buffer, (byte)0, 0, n) >= 0;
    }

    private void CloseCurrent()
    {
        _parser?.Dispose();
        _parser = null;
        _text?.Dispose();
        _text = null;
    }

    public override void Close()
    {
        CloseCurrent();
        Closed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    public string CurrentRawRow => $"{Path.GetFileName(_currentFile)}: {_rawRow}";

    public (string Code, string Message)? CurrentRowProblem => _problem;

}

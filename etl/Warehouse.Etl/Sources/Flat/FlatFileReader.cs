using System.Data.Common;
using System.Globalization;
using Warehouse.Etl.Configuration;
using Warehouse.Etl.Sources.Text;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>
/// Streams the rows of one or more flat files as a forward-only reader whose columns are the
/// warehouse's names (the mapped ones). Values are text, except order_ts, parsed with the
/// configured formats (left as text when it does not parse, so staging quarantines the row).
/// The files are read by <see cref="TextRecordReader"/>, the rules every text reader shares.
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
    private readonly TextReadOptions _options;
    private TextRecordReader? _text;
    private int[] _ordinals = [];
    private long _row;
    private int _expectedFields;
    private int _highestPosition;
    private bool _firstRowPending;
    private (string Code, string Message)? _problem;
    private const int RowNumber = -2;
    private const int Constant = -3;

    public FlatFileReader(IEnumerable<string> files, FlatFileSettings settings, TextReadOptions? options = null)
    {
        _files = new Queue<string>(files);
        _settings = settings;
        _options = options ?? TextReadOptions.Default;
        Names = Columns;
        Values = new object?[Names.Length];
    }

    public override bool Read()
    {
        while (true)
        {
            if (_text is null && !OpenNext()) return false;
            if (!_firstRowPending && !_text!.Next())
            {
                CloseCurrent();
                continue;
            }
            _firstRowPending = false;
            _row++;
            var fieldCount = _text!.FieldCount;
            _problem = _text.Problem;
            if (_problem is null && fieldCount != _expectedFields)
                _problem = ("wrong_column_count", _settings.Header
                    ? $"{_text.Location}: {fieldCount} fields where the header has {_expectedFields}"
                    : $"{_text.Location}: {fieldCount} fields where the file's first row has {_expectedFields} (a file without a header)");
            else if (_problem is null && fieldCount < _highestPosition)
                _problem = ("wrong_column_count", $"{_text.Location}: {fieldCount} fields, but Source:Flat:Columns maps column {_highestPosition} (a file without a header; its first row has {_expectedFields})");
            if (_problem is not null)
            {
                Array.Clear(Values);   // the row is quarantined as a whole: its values are not read
                return true;
            }
            for (var i = 0; i < Names.Length; i++)
            {
                var o = _ordinals[i];
                Values[i] = o switch
                {
                    RowNumber => _row.ToString(CultureInfo.InvariantCulture),
                    Constant => Normalise(Names[i], _settings.Constants[Names[i]]),
                    >= 0 when o < fieldCount => Normalise(Names[i], _text.Value(o)),
                    _ => null,
                };
            }
            return true;
        }
    }

    private object? Normalise(string name, string raw) => FlatValueNormaliser.Normalise(name, raw, _settings);

    private bool OpenNext()
    {
        if (_files.Count == 0) return false;
        var path = _files.Dequeue();
        var delimiter = _settings.Whitespace ? ' ' : FlatFileSettings.DelimiterOf(_settings.Delimiter);
        _text = new TextRecordReader(path, _options, delimiter, _settings.Whitespace);
        // A file of no record (0 bytes, a byte order mark alone, blank lines only) has no header.
        if (!_text.Next())
            throw new InvalidOperationException($"'{_text.Name}' is empty: {(_settings.Header ? "not even a header" : "not a single row")}.");
        // With a header, rows must have its field count; without one, the first row's.
        var header = _settings.Header ? _text.Fields() : [];
        _firstRowPending = !_settings.Header;
        _expectedFields = _text.FieldCount;
        _text.ExpectedFields = _expectedFields;
        _ordinals = Names.Select(n =>
        {
            if (_settings.Constants.ContainsKey(n)) return Constant;
            if (!_settings.Columns.TryGetValue(n, out var column)) return -1;   // not in this file: NULL
            if (column == "#row") return RowNumber;
            if (!_settings.Header)
                return int.TryParse(column, out var position) ? position - 1 : throw new InvalidOperationException($"Without a header, Source:Flat:Columns:{n} must be a 1-based column number.");
            var positions = Enumerable.Range(0, header.Length).Where(i => header[i].Trim().Equals(column, StringComparison.OrdinalIgnoreCase)).ToList();
            if (positions.Count > 1)
                throw new InvalidOperationException($"'{_text.Name}' has the column '{column}' (mapped to {n}) {positions.Count} times in its header, at positions {string.Join(" and ", positions.Select(i => i + 1))}: which one to read is not clear.");
            return positions.Count == 1 ? positions[0] : throw new InvalidOperationException($"'{_text.Name}' has no column '{column}' (mapped to {n}); its header is: {string.Join(", ", header)}.");
        }).ToArray();
        _highestPosition = _settings.Header ? 0 : _ordinals.Max() + 1;
        return true;
    }

    private void CloseCurrent()
    {
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

    /// <summary>"file: " and the row (hex for a row whose bytes cannot be text), at most 4,000 characters in all.</summary>
    public string CurrentRawRow => _text is null ? "" : $"{_text.Name}: " + _text.RawText(4000 - _text.Name.Length - 2);

    public (string Code, string Message)? CurrentRowProblem => _problem;

    public string? CurrentLocation => _text?.Location;

}

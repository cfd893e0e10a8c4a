using System.Data.Common;
using Warehouse.Etl.Sources.Text;

namespace Warehouse.Etl.Sources.Csv;

/// <summary>Streams the rows of CSV files with one header (the same in every file) as a
/// forward-only reader: columns named by the header (each name once), values as text trimmed of
/// white space like the flat reader's (<see cref="TextRecordReader.Value"/>; empty is NULL). A row with
/// the wrong number of fields is reported as a problem, for staging to quarantine.</summary>
internal sealed class CsvTableReader : RowBufferReader, Staging.IRawRowReader
{
    private readonly Queue<string> _files;
    private readonly TextReadOptions _options;
    private TextRecordReader? _text;
    private (string Code, string Message)? _problem;

    /// <summary>The names of the files read (without their folder), for messages about the extract.</summary>
    public IReadOnlyList<string> FileNames { get; }

    /// <summary>Opens the first file at once, so the columns are known before the first row
    /// (no files: no columns and no rows).</summary>
    public CsvTableReader(IReadOnlyList<string> files, TextReadOptions? options = null)
    {
        _files = new Queue<string>(files);
        FileNames = files.Select(f => Path.GetFileName(f)).ToList();
        _options = options ?? TextReadOptions.Default;
        OpenNext();
    }

    public override bool Read()
    {
        while (true)
        {
            if (_text is null && !OpenNext()) return false;
            if (!_text!.Next())
            {
                _text.Dispose();
                _text = null;
                continue;
            }
            var count = _text.FieldCount;
            _problem = _text.Problem;
            if (_problem is null && count != Names.Length)
                _problem = ("wrong_column_count", $"{_text.Location}: {count} fields where the header has {Names.Length}");
            if (_problem is not null)
            {
                Array.Clear(Values);   // the row is quarantined as a whole: its values are not read
                return true;
            }
            for (var i = 0; i < Values.Length; i++)
            {
                var field = i < count ? _text.Value(i) : "";
                Values[i] = field.Length > 0 ? field : null;
            }
            return true;
        }
    }

    private bool OpenNext()
    {
        if (_files.Count == 0) return false;
        var file = _files.Dequeue();
        var text = new TextRecordReader(file, _options);
        try
        {
            if (!text.Next()) throw new InvalidOperationException($"'{text.Name}' is empty: not even a header.");
            var header = text.Fields().Select(h => h.Trim()).ToArray();
            var twice = header.Select((name, i) => (name, i)).GroupBy(h => h.name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                throw new InvalidOperationException($"'{text.Name}' has the column '{twice.Key}' {twice.Count()} times in its header, at positions {string.Join(" and ", twice.Select(h => h.i + 1))}: which one to read is not clear.");
            if (Names.Length == 0)
            {
                Names = header;
                Values = new object?[Names.Length];
            }
            else if (!header.SequenceEqual(Names, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"'{text.Name}' has the header {string.Join(",", header)}, not {string.Join(",", Names)} as the entity's first file.");
            }
            text.ExpectedFields = Names.Length;
        }
        catch
        {
            text.Dispose();
            throw;
        }
        _text = text;
        return true;
    }

    /// <summary>"file: " and the row (hex for a row whose bytes cannot be text), at most 4,000 characters in all.</summary>
    public string CurrentRawRow => _text is null ? "" : $"{_text.Name}: " + _text.RawText(4000 - _text.Name.Length - 2);
    public (string Code, string Message)? CurrentRowProblem => _problem;
    public string? CurrentLocation => _text?.Location;

    public override void Close()
    {
        _text?.Dispose();
        _text = null;
        Closed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }
}

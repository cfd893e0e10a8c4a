using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Warehouse.Etl.Sources.Csv;

/// <summary>Streams the rows of CSV files with one header (the same in every file) as a
/// forward-only reader: columns named by the header, values as text (empty is NULL). A row with
/// the wrong number of fields is reported as a problem, for staging to quarantine.</summary>
internal sealed class CsvTableReader : RowBufferReader, Staging.IRawRowReader
{
    private readonly Queue<string> _files;
    private CsvParser? _parser;
    private string _file = "";
    private (string Code, string Message)? _problem;

    /// <summary>Opens the first file at once, so the columns are known before the first row
    /// (no files: no columns and no rows).</summary>
    public CsvTableReader(IReadOnlyList<string> files)
    {
        _files = new Queue<string>(files);
        OpenNext();
    }

    public override bool Read()
    {
        while (true)
        {
            if (_parser is null && !OpenNext()) return false;
            if (!_parser!.Read())
            {
                _parser.Dispose();
                _parser = null;
                continue;
            }
            var fields = _parser.Record!;
            if (fields.Length == 1 && fields[0].Length == 0) continue;
            _problem = fields.Length == Names.Length ? null
                : ("wrong_column_count", $"{Path.GetFileName(_file)}: {fields.Length} fields where the header has {Names.Length}");
            for (var i = 0; i < Values.Length; i++)
                Values[i] = i < fields.Length && fields[i].Length > 0 ? fields[i] : null;
            return true;
        }
    }

    private bool OpenNext()
    {
        if (_files.Count == 0) return false;
        _file = _files.Dequeue();
        Stream stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (_file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
        var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!_parser.Read()) throw new InvalidOperationException($"'{Path.GetFileName(_file)}' is empty: not even a header.");
        var header = _parser.Record!.Select(h => h.Trim()).ToArray();
        if (Names.Length == 0)
        {
            Names = header;
            Values = new object?[Names.Length];
        }
        else if (!header.SequenceEqual(Names, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{Path.GetFileName(_file)}' has the header {string.Join(",", header)}, not {string.Join(",", Names)} as the entity's first file.");
        }
        return true;
    }

    public string CurrentRawRow => $"{Path.GetFileName(_file)}: {_parser?.RawRecord.TrimEnd('\r', '\n')}";
    public (string Code, string Message)? CurrentRowProblem => _problem;

    public override void Close()
    {
        _parser?.Dispose();
        _parser = null;
        Closed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

}

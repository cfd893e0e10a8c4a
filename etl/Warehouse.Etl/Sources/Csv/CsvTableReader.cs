using System.Collections;
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
internal sealed class CsvTableReader : DbDataReader, Staging.IRawRowReader
{
    private readonly Queue<string> _files;
    private string[] _names = [];
    private object?[] _values = [];
    private CsvParser? _parser;
    private string _file = "";
    private bool _closed;
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
            _problem = fields.Length == _names.Length ? null
                : ("wrong_column_count", $"{Path.GetFileName(_file)}: {fields.Length} fields where the header has {_names.Length}");
            for (var i = 0; i < _values.Length; i++)
                _values[i] = i < fields.Length && fields[i].Length > 0 ? fields[i] : null;
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
        if (_names.Length == 0)
        {
            _names = header;
            _values = new object?[_names.Length];
        }
        else if (!header.SequenceEqual(_names, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{Path.GetFileName(_file)}' has the header {string.Join(",", header)}, not {string.Join(",", _names)} as the entity's first file.");
        }
        return true;
    }

    public string CurrentRawRow => $"{Path.GetFileName(_file)}: {_parser?.RawRecord.TrimEnd('\r', '\n')}";
    public (string Code, string Message)? CurrentRowProblem => _problem;

    public override void Close()
    {
        _parser?.Dispose();
        _parser = null;
        _closed = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    public override int FieldCount => _names.Length;
    public override string GetName(int ordinal) => _names[ordinal];
    public override int GetOrdinal(string name) => Array.FindIndex(_names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
    public override object GetValue(int ordinal) => _values[ordinal] ?? DBNull.Value;
    public override bool IsDBNull(int ordinal) => _values[ordinal] is null;
    public override Type GetFieldType(int ordinal) => typeof(string);
    public override string GetDataTypeName(int ordinal) => "text";
    public override string GetString(int ordinal) => (string?)_values[ordinal] ?? "";
    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, _values.Length);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override bool HasRows => true;
    public override bool IsClosed => _closed;
    public override int RecordsAffected => -1;
    public override int Depth => 0;
    public override bool NextResult() => false;
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();
    public override bool GetBoolean(int ordinal) => throw new NotSupportedException();
    public override byte GetByte(int ordinal) => throw new NotSupportedException();
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override char GetChar(int ordinal) => throw new NotSupportedException();
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();
    public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();
    public override double GetDouble(int ordinal) => throw new NotSupportedException();
    public override float GetFloat(int ordinal) => throw new NotSupportedException();
    public override Guid GetGuid(int ordinal) => throw new NotSupportedException();
    public override short GetInt16(int ordinal) => throw new NotSupportedException();
    public override int GetInt32(int ordinal) => throw new NotSupportedException();
    public override long GetInt64(int ordinal) => throw new NotSupportedException();
}

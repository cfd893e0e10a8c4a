using System.Data.Common;
using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Data;
using Parquet.Schema;
using Warehouse.Etl.Configuration;

namespace Warehouse.Etl.Sources.Flat;

/// <summary>
/// Streams the rows of one or more Parquet files, one row group at a time, as a forward-only reader
/// with the same columns and values as <see cref="FlatFileReader"/>: Source:Flat:Columns maps
/// warehouse columns to the files' column names (case-insensitive; "#row" numbers the rows),
/// Constants give fixed values. Values are text normalised like a CSV field (numbers rendered
/// exactly in invariant culture: a DECIMAL as its decimal, a double as its shortest round-trip
/// digits), except order_ts: a timestamp or date column gives the DateTime as written (wall clock,
/// never shifted to or from the machine's local time; a UTC-adjusted timestamp is converted to
/// Source:Flat:TimeZone), a text column is parsed with TimestampFormats.
/// </summary>
internal sealed class ParquetFileReader : RowBufferReader, Staging.IRawRowReader
{
    private const int Unmapped = -1;
    private const int RowNumber = -2;
    private const int Constant = -3;
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Queue<string> _files;
    private readonly FlatFileSettings _settings;
    private ParquetReader? _parquet;
    private string _currentFile = "";
    private DataField[] _fields = [];          // the file's columns this extract reads, in the file's order
    private int[] _ordinals = [];              // per warehouse column: an index in _fields, or Unmapped, RowNumber, Constant
    private ColumnValues?[] _columns = [];     // the current row group's values of each of _fields
    private int _nextGroup;
    private int _groupRows;
    private int _position;                     // the next row of the current row group
    private int _current;                      // the current row of the current row group
    private long _row;

    public ParquetFileReader(IEnumerable<string> files, FlatFileSettings settings)
    {
        _files = new Queue<string>(files);
        _settings = settings;
        Names = FlatFileReader.Columns;
        Values = new object?[Names.Length];
    }

    public override bool Read()
    {
        while (_position >= _groupRows)
        {
            if (_parquet is null)
            {
                if (!OpenNext()) return false;
            }
            else if (_nextGroup < _parquet.RowGroupCount) LoadRowGroup(_nextGroup++);
            else CloseCurrent();
        }
        _current = _position++;
        _row++;
        for (var i = 0; i < Names.Length; i++)
        {
            var name = Names[i];
            Values[i] = _ordinals[i] switch
            {
                RowNumber => _row.ToString(CultureInfo.InvariantCulture),
                Constant => FlatValueNormaliser.Normalise(name, _settings.Constants[name], _settings),
                Unmapped => null,
                var o => _columns[o]!.Get(_current) switch
                {
                    null => null,
                    DateTime ts when name == "order_ts" => FlatValueNormaliser.InZone(ts, _settings),
                    decimal m when _settings.IntegerKeys && FlatValueNormaliser.KeyColumns.Contains(name) && m == decimal.Truncate(m) =>
                        m.ToString("0", CultureInfo.InvariantCulture),
                    // A typed number is written with a point whatever the text files' DecimalSeparator.
                    var value when value is not string && FlatValueNormaliser.NumberColumns.Contains(name) => Text(value),
                    var value => FlatValueNormaliser.Normalise(name, Text(value), _settings),
                },
            };
        }
        return true;
    }

    private bool OpenNext()
    {
        if (_files.Count == 0) return false;
        var path = _files.Dequeue();
        _currentFile = path;
        var file = Path.GetFileName(path);
        var stream = File.OpenRead(path);
        try
        {
            if (stream.Length == 0) throw new InvalidOperationException($"'{file}' is empty (0 bytes): not a Parquet file.");
            if (!HasMagic(stream))
                throw new InvalidOperationException($"'{file}' is not a Parquet file: it does not begin and end with the Parquet magic bytes PAR1.");
            try
            {
                _parquet = Wait(() => ParquetReader.CreateAsync(stream, new ParquetOptions { TreatByteArrayAsString = true }, leaveStreamOpen: false));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"'{file}' is not a readable Parquet file: {e.Message}", e);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        MapColumns(file, _parquet.Schema);
        _nextGroup = 0;
        _groupRows = 0;
        _position = 0;
        return true;
    }

    /// <summary>Finds each mapped column among the file's top-level columns, by name (an exact match
    /// first, else one differing only in case).</summary>
    private void MapColumns(string file, ParquetSchema schema)
    {
        var top = schema.Fields;
        var mapped = new Field?[Names.Length];
        var ordinals = new int[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            var n = Names[i];
            if (_settings.Constants.ContainsKey(n)) ordinals[i] = Constant;
            else if (!_settings.Columns.TryGetValue(n, out var column)) ordinals[i] = Unmapped;   // not in this file: NULL
            else if (column == "#row") ordinals[i] = RowNumber;
            else
            {
                var wanted = column.Trim();
                var field = top.FirstOrDefault(f => f.Name == wanted) ?? top.FirstOrDefault(f => f.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidOperationException($"'{file}' has no column '{column}' (mapped to {n}); its columns are: {string.Join(", ", top.Select(f => f.Name))}.");
                if (field is not DataField { IsArray: false })
                    throw new InvalidOperationException($"'{file}': column '{field.Name}' (mapped to {n}) is a {(field is DataField ? "repeated" : field.SchemaType.ToString().ToLowerInvariant())} column; a flat file's columns hold one value per row.");
                mapped[i] = field;
            }
        }
        _fields = top.Where(f => mapped.Any(m => ReferenceEquals(m, f))).Cast<DataField>().ToArray();
        for (var i = 0; i < Names.Length; i++)
            if (mapped[i] is { } field) ordinals[i] = Array.FindIndex(_fields, f => ReferenceEquals(f, field));
        _ordinals = ordinals;
        DisposeColumns();
        _columns = new ColumnValues?[_fields.Length];
    }

    private void LoadRowGroup(int index)
    {
        DisposeColumns();
        _groupRows = 0;
        _position = 0;
        try
        {
            var group = _parquet!.OpenRowGroupReader(index);
            var rows = checked((int)group.RowCount);
            for (var j = 0; j < _fields.Length; j++)
                _columns[j] = ColumnValues.Read(group, _fields[j], rows);
            _groupRows = rows;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(_currentFile)}': row group {index} cannot be read: {e.Message}", e);
        }
    }

    private static bool HasMagic(FileStream stream)
    {
        if (stream.Length < 2 * Magic.Length + 4) return false;
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[4];
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = stream.Length - tail.Length;
        stream.ReadExactly(tail);
        stream.Position = 0;
        return head.SequenceEqual(Magic) && tail.SequenceEqual(Magic);
    }

    /// <summary>Parquet.Net is asynchronous; a DbDataReader is not. Waits with no synchronisation
    /// context, so no continuation waits for the thread that is blocked here.</summary>
    private static T Wait<T>(Func<Task<T>> work)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return work().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>A value as the text a CSV file would hold.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime ts => ts.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private void DisposeColumns()
    {
        for (var j = 0; j < _columns.Length; j++)
        {
            _columns[j]?.Dispose();
            _columns[j] = null;
        }
    }

    private void CloseCurrent()
    {
        DisposeColumns();
        _groupRows = 0;
        _position = 0;
        if (_parquet is null) return;
        var parquet = _parquet;
        _parquet = null;
        Wait(async () =>
        {
            await parquet.DisposeAsync().ConfigureAwait(false);
            return true;
        });
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

    /// <summary>The file and the row's values of the mapped columns, in the file's column order.</summary>
    public string CurrentRawRow =>
        $"{Path.GetFileName(_currentFile)}: {string.Join(',', _columns.Select(c => c is null ? "" : Text(c.Get(_current))))}";

    /// <summary>Parquet rows are typed: a row is never unreadable as a whole (a value that does not
    /// convert stays text, and staging quarantines it).</summary>
    public (string Code, string Message)? CurrentRowProblem => null;


    /// <summary>One column of one row group: its non-null values as Parquet.Net decoded them, and
    /// where each row's value is. A row's value is null, a string, a DateTime or a decimal.</summary>
    private abstract class ColumnValues : IDisposable
    {
        public abstract object? Get(int row);

        public abstract void Dispose();

        public static ColumnValues Read(ParquetRowGroupReader group, DataField field, int rows)
        {
            var data = Wait(() => group.ReadRawColumnDataBaseAsync(field).AsTask());
            try
            {
                var type = data.GetType();
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(RawColumnData<>))
                    throw new NotSupportedException($"column '{field.Name}' came back as {type.Name}");
                var values = typeof(ColumnValues<>).MakeGenericType(type.GetGenericArguments()[0]);
                return (ColumnValues)Activator.CreateInstance(values, data, field.MaxDefinitionLevel, rows)!;
            }
            catch
            {
                data.Dispose();
                throw;
            }
        }
    }

    private sealed class ColumnValues<T> : ColumnValues where T : struct
    {
        private static readonly Func<T, object> Render = Renderer();
        private readonly RawColumnData<T> _data;
        private readonly int[]? _index;   // row -> index in the values, -1 for null; none for a required column

        public ColumnValues(RawColumnData<T> data, int maxDefinitionLevel, int rows)
        {
            _data = data;
            if (maxDefinitionLevel == 0) return;
            var levels = data.DefinitionLevels;
            if (levels.Length != rows) throw new NotSupportedException($"{levels.Length} definition levels for {rows} rows");
            _index = new int[rows];
            var next = 0;
            for (var i = 0; i < rows; i++) _index[i] = levels[i] == maxDefinitionLevel ? next++ : -1;
        }

        public override object? Get(int row)
        {
            var i = _index is null ? row : _index[row];
            return i < 0 ? null : Render(_data.Values[i]);
        }

        public override void Dispose() => _data.Dispose();

        private static Func<T, object> Renderer()
        {
            if (typeof(T) == typeof(ReadOnlyMemory<char>)) return As<ReadOnlyMemory<char>>(m => new string(m.Span));
            if (typeof(T) == typeof(ReadOnlyMemory<byte>)) return As<ReadOnlyMemory<byte>>(m => Encoding.UTF8.GetString(m.Span));
            if (typeof(T) == typeof(decimal)) return As<decimal>(m => m);   // exact: rendered by Read, keys without a zero fraction
            if (typeof(T) == typeof(double)) return As<double>(d => Number(d.ToString(CultureInfo.InvariantCulture)));
            if (typeof(T) == typeof(float)) return As<float>(f => Number(f.ToString(CultureInfo.InvariantCulture)));
            if (typeof(T) == typeof(bool)) return As<bool>(b => b ? "true" : "false");
            // Parquet.Net gives a timestamp that is not UTC-adjusted as Kind Local with the written wall
            // clock (kept as written); a UTC-adjusted one as Kind Utc (order_ts: converted to Source:Flat:TimeZone).
            if (typeof(T) == typeof(DateTime)) return As<DateTime>(t => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Unspecified));
            if (typeof(T) == typeof(DateTimeOffset)) return As<DateTimeOffset>(t => t.UtcDateTime);
            if (typeof(T) == typeof(DateOnly)) return As<DateOnly>(d => d.ToDateTime(TimeOnly.MinValue));
            return v => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v.ToString() ?? "";
        }

        private static Func<T, object> As<TValue>(Func<TValue, object> render) => (Func<T, object>)(object)render;

        /// <summary>A float's shortest round-trip digits, written out where .NET chose an exponent
        /// ("1E-05" is "0.00001").</summary>
        private static string Number(string text) =>
            text.Contains('E') && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
                ? m.ToString(CultureInfo.InvariantCulture)
                : text;
    }
}

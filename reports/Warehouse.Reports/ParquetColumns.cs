using System.Data;
using System.Data.Common;
using Parquet;
using Parquet.Schema;

namespace Warehouse.Reports;

/// <summary>
/// One column of the row group being filled: a reusable array of at most row-group-size
/// values, read from the <see cref="DbDataReader"/> one row at a time and flushed as one
/// column chunk. Only one row group per column is ever held in memory.
/// </summary>
internal abstract class ParquetColumn
{
    protected ParquetColumn(DataField field) => Field = field;

    public DataField Field { get; }

    /// <summary>Reads the value at <paramref name="ordinal"/> of the current row into slot <paramref name="row"/>.</summary>
    public abstract void Read(DbDataReader reader, int ordinal, int row);

    /// <summary>Writes slots [0, count) as this column's chunk of the row group.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter writer, int count, CancellationToken ct);

    /// <summary>
    /// Picks the Parquet field for one result column. All fields are nullable (a published file
    /// may come from a view or a query whose nullability the provider does not report).
    /// </summary>
    public static ParquetColumn Create(ColumnDescription column, int rowGroupSize, ParquetPublisherOptions options)
    {
        string name = column.Name;
        Type type = column.ClrType;
        string typeName = column.DataTypeName;

        // A DATE that a provider hands out as DateTime (SQL Server does) is still a date.
        if (type == typeof(DateTime) && string.Equals(typeName, "date", StringComparison.OrdinalIgnoreCase))
        {
            return new StructColumn<DateOnly>(
                new DataField(name, typeof(DateOnly), isNullable: true), rowGroupSize,
                static (r, i) => DateOnly.FromDateTime(r.GetDateTime(i)));
        }

        if (type == typeof(DateOnly))
        {
            return new StructColumn<DateOnly>(
                new DataField(name, typeof(DateOnly), isNullable: true), rowGroupSize,
                static (r, i) => r.GetFieldValue<DateOnly>(i));
        }

        if (type == typeof(DateTime))
        {
            // INT64 microseconds with the TIMESTAMP logical type, never INT96. A time-zone-aware
            // column (DuckDB TIMESTAMPTZ, read back as the UTC instant) is marked adjusted to UTC.
            return new TimestampColumn(name, IsTimeZoneAware(typeName), rowGroupSize, static (r, i) => r.GetDateTime(i));
        }

        if (type == typeof(DateTimeOffset))
        {
            return new TimestampColumn(name, adjustedToUtc: true, rowGroupSize,
                static (r, i) => r.GetFieldValue<DateTimeOffset>(i).UtcDateTime);
        }

        if (type == typeof(decimal))
        {
            if (column.Precision is not int precision || column.Scale is not int scale)
            {
                throw new NotSupportedException(
                    $"Column '{name}' is DECIMAL but the provider did not report its precision and scale.");
            }
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
            {
                throw new NotSupportedException(
                    $"Column '{name}' has DECIMAL({precision},{scale}), which Parquet cannot hold.");
            }
            // The value goes in as System.Decimal and is stored as an unscaled integer: no double.
            return new StructColumn<decimal>(
                new DecimalDataField(name, precision, scale,
                    forceByteArrayEncoding: options.DecimalsAsFixedLengthByteArray, isNullable: true),
                rowGroupSize, static (r, i) => r.GetDecimal(i));
        }

        if (type == typeof(string))
        {
            return new StringColumn(new DataField(name, typeof(string), isNullable: true), rowGroupSize,
                static (r, i) => r.GetString(i));
        }

        if (type == typeof(Guid))
        {
            return new StringColumn(new DataField(name, typeof(string), isNullable: true), rowGroupSize,
                static (r, i) => r.GetGuid(i).ToString("D"));
        }

        return type switch
        {
            _ when type == typeof(bool) => Native<bool>(name, rowGroupSize, static (r, i) => r.GetBoolean(i)),
            _ when type == typeof(sbyte) => Native<sbyte>(name, rowGroupSize, static (r, i) => r.GetFieldValue<sbyte>(i)),
            _ when type == typeof(byte) => Native<byte>(name, rowGroupSize, static (r, i) => r.GetByte(i)),
            _ when type == typeof(short) => Native<short>(name, rowGroupSize, static (r, i) => r.GetInt16(i)),
            _ when type == typeof(ushort) => Native<ushort>(name, rowGroupSize, static (r, i) => r.GetFieldValue<ushort>(i)),
            _ when type == typeof(int) => Native<int>(name, rowGroupSize, static (r, i) => r.GetInt32(i)),
            _ when type == typeof(uint) => Native<uint>(name, rowGroupSize, static (r, i) => r.GetFieldValue<uint>(i)),
            _ when type == typeof(long) => Native<long>(name, rowGroupSize, static (r, i) => r.GetInt64(i)),
            _ when type == typeof(ulong) => Native<ulong>(name, rowGroupSize, static (r, i) => r.GetFieldValue<ulong>(i)),
            _ when type == typeof(float) => Native<float>(name, rowGroupSize, static (r, i) => r.GetFloat(i)),
            _ when type == typeof(double) => Native<double>(name, rowGroupSize, static (r, i) => r.GetDouble(i)),
            _ => throw new NotSupportedException(
                $"Column '{name}' has type {typeName} ({type.FullName}), which the Parquet publisher does not write."),
        };
    }

    private static StructColumn<T> Native<T>(string name, int rowGroupSize, Func<DbDataReader, int, T> get)
        where T : struct =>
        new(new DataField(name, typeof(T), isNullable: true), rowGroupSize, get);

    private static bool IsTimeZoneAware(string typeName) =>
        typeName.Contains("tz", StringComparison.OrdinalIgnoreCase)
        || typeName.Contains("time zone", StringComparison.OrdinalIgnoreCase)
        || typeName.Contains("offset", StringComparison.OrdinalIgnoreCase);

    internal class StructColumn<T> : ParquetColumn where T : struct
    {
        private readonly T?[] _values;
        private readonly Func<DbDataReader, int, T> _get;

        protected T?[] Values => _values;

        public StructColumn(DataField field, int rowGroupSize, Func<DbDataReader, int, T> get) : base(field)
        {
            _values = new T?[rowGroupSize];
            _get = get;
        }

        public override void Read(DbDataReader reader, int ordinal, int row) =>
            _values[row] = reader.IsDBNull(ordinal) ? null : _get(reader, ordinal);

        public override Task WriteAsync(ParquetRowGroupWriter writer, int count, CancellationToken ct) =>
            writer.WriteAsync<T>(Field, new ReadOnlyMemory<T?>(_values, 0, count), null, null, ct);
    }

    /// <summary>
    /// A TIMESTAMP column: INT64 microseconds since the Unix epoch. Keeps the true min/max of each
    /// row group, because Parquet.Net 6.1 writes this column's statistics in milliseconds and
    /// <see cref="ParquetStatisticsPatch"/> has to put the right ones in.
    /// </summary>
    internal sealed class TimestampColumn : StructColumn<DateTime>, IStatisticsFixes
    {
        private const long UnixEpochMicroseconds = 62_135_596_800_000_000L;
        private readonly List<ParquetStatisticsPatch.StatisticsFix?> _fixes = [];

        public TimestampColumn(string name, bool adjustedToUtc, int rowGroupSize, Func<DbDataReader, int, DateTime> get)
            : base(
                new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: adjustedToUtc,
                    unit: DateTimeTimeUnit.Micros, isNullable: true),
                rowGroupSize,
                // Parquet.Net shifts a DateTime of Kind Local to UTC; the warehouse's values are
                // wall-clock (TIMESTAMP) or already the UTC instant (TIMESTAMPTZ), so never shift.
                (r, i) => DateTime.SpecifyKind(get(r, i), DateTimeKind.Unspecified))
        {
        }

        /// <summary>Min/max in microseconds of each row group written so far (null: only NULLs).</summary>
        public IReadOnlyList<ParquetStatisticsPatch.StatisticsFix?> RowGroupFixes => _fixes;

        /// <summary>Microseconds since 1970-01-01, as Parquet.Net encodes the data.</summary>
        public static long ToUnixMicroseconds(DateTime value) => value.Ticks / 10 - UnixEpochMicroseconds;

        public override Task WriteAsync(ParquetRowGroupWriter writer, int count, CancellationToken ct)
        {
            long min = long.MaxValue, max = long.MinValue;
            bool any = false;
            foreach (var value in Values.AsSpan(0, count))
            {
                if (value is DateTime v)
                {
                    long micros = ToUnixMicroseconds(v);
                    min = Math.Min(min, micros);
                    max = Math.Max(max, micros);
                    any = true;
                }
            }
            _fixes.Add(any ? ParquetStatisticsPatch.StatisticsFix.ForInt64(min, max) : null);
            return base.WriteAsync(writer, count, ct);
        }
    }

    /// <summary>
    /// A UTF-8 string column. Parquet.Net picks min/max in UTF-16 order; where that differs from
    /// the UTF-8 byte order Parquet specifies, the true min/max are kept for
    /// <see cref="ParquetStatisticsPatch"/>.
    /// </summary>
    internal sealed class StringColumn : ParquetColumn, IStatisticsFixes
    {
        private readonly string?[] _values;
        private readonly Func<DbDataReader, int, string> _get;
        private readonly List<ParquetStatisticsPatch.StatisticsFix?> _fixes = [];

        public StringColumn(DataField field, int rowGroupSize, Func<DbDataReader, int, string> get) : base(field)
        {
            _values = new string?[rowGroupSize];
            _get = get;
        }

        public IReadOnlyList<ParquetStatisticsPatch.StatisticsFix?> RowGroupFixes => _fixes;

        public override void Read(DbDataReader reader, int ordinal, int row) =>
            _values[row] = reader.IsDBNull(ordinal) ? null : _get(reader, ordinal);

        public override async Task WriteAsync(ParquetRowGroupWriter writer, int count, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            _fixes.Add(FixFor(_values.AsSpan(0, count)));
            await writer.WriteAsync(Field, new ArraySegment<string>(_values!, 0, count), null).ConfigureAwait(false);
            // Let the strings of this row group go before the next one is read.
            Array.Clear(_values, 0, count);
        }

        private static ParquetStatisticsPatch.StatisticsFix? FixFor(ReadOnlySpan<string?> values)
        {
            string? utf16Min = null, utf16Max = null, min = null, max = null;
            foreach (string? value in values)
            {
                if (value is null)
                {
                    continue;
                }
                if (utf16Min is null || string.CompareOrdinal(value, utf16Min) < 0) utf16Min = value;
                if (utf16Max is null || string.CompareOrdinal(value, utf16Max) > 0) utf16Max = value;
                if (min is null || CompareUtf8(value, min) < 0) min = value;
                if (max is null || CompareUtf8(value, max) > 0) max = value;
            }
            if (min is null || (min == utf16Min && max == utf16Max))
            {
                return null;
            }
            return ParquetStatisticsPatch.StatisticsFix.ForUtf8(min, max!);
        }

        /// <summary>Compares as the UTF-8 bytes would (that is, by code point).</summary>
        internal static int CompareUtf8(string a, string b)
        {
            int length = Math.Min(a.Length, b.Length);
            for (int i = 0; i < length; i++)
            {
                char x = a[i], y = b[i];
                if (x != y)
                {
                    return Fixup(x) - Fixup(y);
                }
            }
            return a.Length - b.Length;
        }

        // Moves surrogates (U+D800..U+DFFF, i.e. code points above U+FFFF) above U+E000..U+FFFF.
        private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}

/// <summary>A column whose Parquet.Net statistics need correcting in some row groups.</summary>
internal interface IStatisticsFixes
{
    DataField Field { get; }

    /// <summary>The fix for each row group written so far; null where Parquet.Net is right.</summary>
    IReadOnlyList<ParquetStatisticsPatch.StatisticsFix?> RowGroupFixes { get; }
}

/// <summary>What the publisher needs to know about one result column, provider-neutral.</summary>
internal sealed record ColumnDescription(string Name, Type ClrType, string DataTypeName, int? Precision, int? Scale)
{
    /// <summary>
    /// Describes the reader's columns. DECIMAL precision and scale come from
    /// <paramref name="declared"/> (information_schema.columns of the table) and otherwise from the
    /// ADO.NET schema table (NumericPrecision / NumericScale). DuckDB.NET's schema table takes them
    /// from the first data chunk, so for an empty result it says (0,0): zero counts as unknown.
    /// </summary>
    public static IReadOnlyList<ColumnDescription> Describe(
        DbDataReader reader, IReadOnlyDictionary<string, (int Precision, int Scale)> declared)
    {
        var precision = new int?[reader.FieldCount];
        var scale = new int?[reader.FieldCount];
        DataTable? schema = reader.GetSchemaTable();
        if (schema is not null
            && schema.Columns.Contains(SchemaTableColumn.ColumnOrdinal)
            && schema.Columns.Contains(SchemaTableColumn.NumericPrecision)
            && schema.Columns.Contains(SchemaTableColumn.NumericScale))
        {
            foreach (DataRow row in schema.Rows)
            {
                int ordinal = Convert.ToInt32(row[SchemaTableColumn.ColumnOrdinal], System.Globalization.CultureInfo.InvariantCulture);
                if (ordinal < 0 || ordinal >= reader.FieldCount)
                {
                    continue;
                }
                precision[ordinal] = AsInt(row[SchemaTableColumn.NumericPrecision]);
                scale[ordinal] = AsInt(row[SchemaTableColumn.NumericScale]);
            }
        }

        var columns = new ColumnDescription[reader.FieldCount];
        for (int i = 0; i < reader.FieldCount; i++)
        {
            string name = reader.GetName(i);
            int? p = precision[i] is > 0 ? precision[i] : null;
            int? s = p is null ? null : scale[i];
            if (declared.TryGetValue(name, out var d) && d.Precision > 0)
            {
                (p, s) = (d.Precision, d.Scale);
            }
            columns[i] = new ColumnDescription(name, reader.GetFieldType(i), reader.GetDataTypeName(i), p, s);
        }
        return columns;
    }

    private static int? AsInt(object value) =>
        value is null or DBNull ? null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
}

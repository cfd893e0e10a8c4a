using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace Warehouse.Etl.Sources;

/// <summary>
/// What the file readers (CSV, flat CSV, Parquet) share: a forward-only reader whose current row
/// is an array of named values (text, or a value the reader already typed), NULL for null. A
/// subclass sets <see cref="Names"/> and fills <see cref="Values"/> in <see cref="DbDataReader.Read"/>.
/// </summary>
public abstract class RowBufferReader : DbDataReader
{
    protected string[] Names { get; set; } = [];
    protected object?[] Values { get; set; } = [];
    protected bool Closed { get; set; }

    public override int FieldCount => Names.Length;
    public override string GetName(int ordinal) => Names[ordinal];
    public override int GetOrdinal(string name) => Array.FindIndex(Names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
    public override object GetValue(int ordinal) => Values[ordinal] ?? DBNull.Value;
    public override bool IsDBNull(int ordinal) => Values[ordinal] is null;
    public override Type GetFieldType(int ordinal) => typeof(object);
    public override string GetDataTypeName(int ordinal) => "text";
    public override string GetString(int ordinal) => Convert.ToString(Values[ordinal], CultureInfo.InvariantCulture) ?? "";
    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, Values.Length);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override bool HasRows => true;
    public override bool IsClosed => Closed;
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

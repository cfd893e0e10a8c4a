using System.Globalization;

namespace Warehouse.Etl.Sources;

/// <summary>A watermark value: a timestamp (updated_at) or a rising id. Saved as invariant text.</summary>
public readonly record struct Watermark(DateTime? Timestamp, long? Id) : IComparable<Watermark>
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static Watermark Of(DateTime t) => new(t, null);

    public static Watermark Of(long id) => new(null, id);

    /// <summary>The value a source row gave, if it is a timestamp or an integer (text too).</summary>
    public static Watermark? FromValue(object? value) => value switch
    {
        null or DBNull => null,
        DateTime t => Of(t),
        DateTimeOffset o => Of(o.UtcDateTime),
        long l => Of(l),
        int i => Of(i),
        short s => Of(s),
        decimal d when d == decimal.Truncate(d) => Of((long)d),
        string s => Parse(s),
        _ => null,
    };

    /// <summary>Text saved in etl_watermark (or a source's text column) back to a value.</summary>
    public static Watermark? Parse(string text)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)) return Of(id);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var t)) return Of(t);
        return null;
    }

    public Watermark LessLookBack(TimeSpan time, long ids) => Timestamp is { } t
        ? Of(t - time < DateTime.MinValue.AddYears(1) ? DateTime.MinValue.AddYears(1) : t - time)
        : Of(Id!.Value - ids);

    /// <summary>The value to compare the source column with.</summary>
    public object Value => Timestamp is { } t ? t : Id!.Value;

    public int CompareTo(Watermark other) => (Timestamp, other.Timestamp) switch
    {
        ({ } a, { } b) => a.CompareTo(b),
        (null, null) => Id!.Value.CompareTo(other.Id!.Value),
        _ => throw new InvalidOperationException("A watermark column mixes timestamps and ids."),
    };

    public override string ToString() => Timestamp is { } t
        ? t.ToString(TimestampFormat, CultureInfo.InvariantCulture)
        : Id!.Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Extract only the rows whose <paramref name="Column"/> is above <paramref name="Above"/>.</summary>
public sealed record WatermarkFilter(string Column, Watermark Above);

namespace Warehouse.Etl.Staging;

/// <summary>A source value that a reader already knows cannot be staged (a flat file's "1.234" when
/// its decimal separator is ","): staging quarantines the row with this reason and message. Its
/// text is the value as written.</summary>
public sealed class RejectedText(string text, string reasonCode, string message)
{
    public string Text { get; } = text;
    public string ReasonCode { get; } = reasonCode;
    public string Message { get; } = message;

    public override string ToString() => Text;
}

namespace Warehouse.Etl.Staging;

/// <summary>A reader that can tell, for its current row, the raw text it read and whether the row
/// is unreadable as a whole (wrong column count, undecodable bytes): such a row is quarantined with
/// that reason instead of being converted.</summary>
public interface IRawRowReader
{
    string CurrentRawRow { get; }

    /// <summary>Null when the row can be read; otherwise a reason code and a message.</summary>
    (string Code, string Message)? CurrentRowProblem { get; }

    /// <summary>Where the current row is, for etl_quarantine.source_location ("lines.csv line 7",
    /// "lines.csv lines 3-5"); null: the loader says "{source} row {n}".</summary>
    string? CurrentLocation => null;

    /// <summary>The files the extract is read from (names without their folder), for a message
    /// about the extract as a whole (a missing column); empty when it is not read from files.</summary>
    IReadOnlyList<string> FileNames => [];
}

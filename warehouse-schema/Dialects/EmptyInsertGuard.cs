using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Warehouse.Schema.Dialects;

/// <summary>
/// The DuckDB 1.5.6 workaround, kept per runner (see DuckDbDialect): an INSERT into a table that an
/// earlier INSERT of the same transaction left with nothing inserted runs with one thread (and
/// the thread count is restored after it); every other statement runs with all of them. A table
/// is marked by an insert that inserted 0 rows and cleared by one that inserted some.
/// </summary>
public sealed partial class EmptyInsertGuard
{
    private readonly HashSet<string> _emptied = new(StringComparer.OrdinalIgnoreCase);
    private DbTransaction? _transaction;

    /// <summary>Runs one rendered statement; returns the rows it affected.</summary>
    public long Execute(DbCommand command)
    {
        // A new transaction starts with no marks (a statement without one may run in the caller's).
        if (command.Transaction is not null && !ReferenceEquals(command.Transaction, _transaction))
        {
            _emptied.Clear();
            _transaction = command.Transaction;
        }
        var match = InsertTarget().Match(command.CommandText);
        if (!match.Success) return command.ExecuteNonQuery();
        var table = match.Groups["table"].Value.Trim('"');
        long affected;
        if (_emptied.Contains(table)) affected = OneThread(command);
        else affected = command.ExecuteNonQuery();
        if (affected == 0) _emptied.Add(table);
        else _emptied.Remove(table);
        return affected;
    }

    private static long OneThread(DbCommand command)
    {
        var threads = Convert.ToInt64(Scalar(command, "SELECT current_setting('threads')"), CultureInfo.InvariantCulture);
        if (threads <= 1) return command.ExecuteNonQuery();
        Scalar(command, "SET threads = 1");
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Scalar(command, "SET threads = " + threads.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static object? Scalar(DbCommand statement, string sql)
    {
        using var command = statement.Connection!.CreateCommand();
        command.Transaction = statement.Transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    // The table of an INSERT (also after a WITH clause); the statement's comments are already gone.
    [GeneratedRegex(@"^\s*(?:WITH\b[\s\S]*?)?\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?<table>""[^""]+""|[A-Za-z_][\w.]*)", RegexOptions.IgnoreCase)]
    private static partial Regex InsertTarget();
}

using System.Data.Common;
using DuckDB.NET.Data;

namespace Warehouse.Reports.Tests;

internal static class Db
{
    public static DuckDBConnection OpenInMemory()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    public static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static T Scalar<T>(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return (T)value!;
    }

    public static List<(string Name, string Type)> Describe(DbConnection connection, string from)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DESCRIBE SELECT * FROM " + from;
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        return columns;
    }

    /// <summary>SQL for reading a Parquet file with DuckDB.</summary>
    public static string ReadParquet(string path) => "read_parquet('" + path.Replace("'", "''") + "')";
}

using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// A throwaway database on the SQL Server named by <see cref="Variable"/> (a connection string to
/// a server where the login may create and drop databases), holding the operational tables the
/// default extraction queries (etl/Warehouse.Etl/Sources/Relational/sql) read, filled from a
/// generated SQLite sample with SqlBulkCopy streaming from the SQLite reader. The database is
/// dropped on dispose. The connection string holds a password: it is never printed, and errors
/// name the server only.
/// </summary>
public sealed class SqlServerDatabase : IDisposable
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "WAREHOUSE_TEST_SQLSERVER";

    /// <summary>The message of a test skipped because no SQL Server is given.</summary>
    public const string SkipReason =
        Variable + " is not set: set it to a SQL Server connection string whose login may create and drop databases " +
        "(e.g. 'Server=host,1433;Database=master;User Id=sa;Password=...;TrustServerCertificate=true') to run the live SQL Server tests.";

    /// <summary>The connection string from <see cref="Variable"/>, or null when it is unset or blank.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>One column of an operational table: its name and its T-SQL type with nullability.</summary>
    public sealed record Column(string Name, string Type);

    /// <summary>An operational table as the default extraction query reads it: the same names as
    /// the sample generator's SQLite schema (etl/Warehouse.SampleSource/Sinks.cs), money as DECIMAL,
    /// timestamps as DATETIME2, text as NVARCHAR within the staging tables' lengths.</summary>
    public sealed record Table(string Name, IReadOnlyList<Column> Columns, string PrimaryKey)
    {
        public string CreateSql =>
            $"CREATE TABLE dbo.{Name} (\n    {string.Join(",\n    ", Columns.Select(c => $"{c.Name} {c.Type}"))},\n    CONSTRAINT pk_{Name} PRIMARY KEY ({PrimaryKey})\n);";

        /// <summary>The query that reads the table from the SQLite sample (SQLite, never sent to SQL Server).</summary>
        public string SqliteSelect => $"SELECT {string.Join(", ", Columns.Select(c => c.Name))} FROM {Name}";
    }

    public static IReadOnlyList<Table> Tables { get; } =
    [
        new("customers",
        [
            new("customer_id", "BIGINT NOT NULL"),
            new("name", "NVARCHAR(400) NOT NULL"),
            new("email", "NVARCHAR(400) NOT NULL"),
            new("country", "NVARCHAR(100) NOT NULL"),
            new("city", "NVARCHAR(100) NOT NULL"),
            new("signup_date", "DATE NOT NULL"),
            new("acquisition_channel", "NVARCHAR(100) NOT NULL"),
            new("acquisition_cost", "DECIMAL(12,2) NOT NULL"),
            new("referred_by", "BIGINT NULL"),
            new("updated_at", "DATETIME2 NOT NULL"),
        ], "customer_id"),
        new("products",
        [
            new("product_id", "BIGINT NOT NULL"),
            new("name", "NVARCHAR(400) NOT NULL"),
            new("category", "NVARCHAR(100) NOT NULL"),
            new("unit_cost", "DECIMAL(12,2) NOT NULL"),
            new("list_price", "DECIMAL(12,2) NOT NULL"),
            new("updated_at", "DATETIME2 NOT NULL"),
        ], "product_id"),
        new("campaigns",
        [
            new("campaign_id", "BIGINT NOT NULL"),
            new("name", "NVARCHAR(400) NOT NULL"),
            new("channel", "NVARCHAR(100) NOT NULL"),
            new("start_date", "DATE NOT NULL"),
            new("end_date", "DATE NOT NULL"),
            new("cost", "DECIMAL(14,2) NOT NULL"),
            new("updated_at", "DATETIME2 NOT NULL"),
        ], "campaign_id"),
        new("orders",
        [
            new("order_id", "BIGINT NOT NULL"),
            new("customer_id", "BIGINT NOT NULL"),
            new("order_ts", "DATETIME2 NOT NULL"),
            new("sales_channel", "NVARCHAR(100) NOT NULL"),
            new("campaign_id", "BIGINT NULL"),
            new("status", "NVARCHAR(20) NOT NULL"),
            new("updated_at", "DATETIME2 NOT NULL"),
        ], "order_id"),
        new("order_lines",
        [
            new("order_id", "BIGINT NOT NULL"),
            new("line_number", "INT NOT NULL"),
            new("product_id", "BIGINT NOT NULL"),
            new("quantity", "INT NOT NULL"),
            new("unit_price", "DECIMAL(12,2) NOT NULL"),
            new("discount_rate", "DECIMAL(5,2) NOT NULL"),
            new("updated_at", "DATETIME2 NOT NULL"),
        ], "order_id, line_number"),
    ];

    public static string CreateDatabaseSql(string database) => $"CREATE DATABASE {Quote(database)};";

    /// <summary>Drops the database if it exists, first ending any session still in it.</summary>
    public static string DropDatabaseSql(string database) => $"""
        IF DB_ID(N'{database.Replace("'", "''")}') IS NOT NULL
        BEGIN
            ALTER DATABASE {Quote(database)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
            DROP DATABASE {Quote(database)};
        END;
        """;

    /// <summary>Every statement this fixture sends to SQL Server, in order (SqlBulkCopy's own
    /// INSERT BULK aside): what the T-SQL parsing test checks.</summary>
    public static IEnumerable<string> Statements(string database) =>
        [CreateDatabaseSql(database), .. Tables.Select(t => t.CreateSql), DropDatabaseSql(database)];

    private static string Quote(string identifier) => "[" + identifier.Replace("]", "]]") + "]";

    private readonly string _server;

    /// <summary>Creates the database on the server of <paramref name="serverConnectionString"/> and
    /// copies the tables of the SQLite sample at <paramref name="sqlitePath"/> into it.</summary>
    public SqlServerDatabase(string serverConnectionString, string sqlitePath)
    {
        var admin = new SqlConnectionStringBuilder(serverConnectionString) { Pooling = false };
        _server = admin.DataSource;
        AdminConnectionString = admin.ConnectionString;
        Name = "warehouse_test_" + Guid.NewGuid().ToString("N");
        ConnectionString = new SqlConnectionStringBuilder(AdminConnectionString) { InitialCatalog = Name }.ConnectionString;

        Execute(AdminConnectionString, CreateDatabaseSql(Name), "create the test database");
        // SqlBulkCopy converts SQLite's text dates with the current culture: make it the invariant one.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var copied = new Dictionary<string, long>();
            using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            sqlite.Open();
            using var connection = Open(ConnectionString, "connect to the test database");
            foreach (var table in Tables)
            {
                using (var create = new SqlCommand(table.CreateSql, connection)) create.ExecuteNonQuery();
                using var read = sqlite.CreateCommand();
                read.CommandText = table.SqliteSelect;
                using var rows = read.ExecuteReader();
                using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.TableLock | SqlBulkCopyOptions.KeepNulls, null)
                {
                    DestinationTableName = "dbo." + table.Name,
                    BatchSize = 10_000,
                    BulkCopyTimeout = 600,
                };
                // By name: SQLite's text dates and timestamps, and its REAL/INTEGER money, are
                // converted by SqlBulkCopy to the DATE, DATETIME2 and DECIMAL columns.
                foreach (var column in table.Columns) bulk.ColumnMappings.Add(column.Name, column.Name);
                bulk.WriteToServer(rows);
                copied[table.Name] = bulk.RowsCopied64;
            }
            RowsCopied = copied;
        }
        catch
        {
            TryDrop();
            throw;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>The database's name: warehouse_test_ and a GUID.</summary>
    public string Name { get; }

    /// <summary>A connection string to the database (holds the password: never print it).</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string without pooling (holds the password: never print it).</summary>
    public string AdminConnectionString { get; }

    /// <summary>Rows SqlBulkCopy copied per table.</summary>
    public IReadOnlyDictionary<string, long> RowsCopied { get; } = new Dictionary<string, long>();

    /// <summary>Drops the database; a failure is an error naming the database (left to drop by hand).</summary>
    public void Dispose()
    {
        SqlConnection.ClearAllPools();
        Execute(AdminConnectionString, DropDatabaseSql(Name), $"drop the test database {Name}");
    }

    private void TryDrop()
    {
        try
        {
            Dispose();
        }
        catch (InvalidOperationException)
        {
            // The original failure matters more; the error above names the leftover database.
        }
    }

    private SqlConnection Open(string connectionString, string what)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqlException e)
        {
            connection.Dispose();
            throw Failure(what, e);
        }
    }

    private void Execute(string connectionString, string sql, string what)
    {
        using var connection = Open(connectionString, what);
        using var command = new SqlCommand(sql, connection) { CommandTimeout = 300 };
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqlException e)
        {
            throw Failure(what, e);
        }
    }

    // The server's name and SQL Server's message only: SqlException messages never hold the connection string.
    private InvalidOperationException Failure(string what, SqlException e) =>
        new($"Could not {what} on the SQL Server {_server} given by {Variable}: {e.Message}", e);
}

/// <summary>A fact that needs a SQL Server; skipped, with the variable to set, when
/// <see cref="SqlServerDatabase.Variable"/> is not set.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (SqlServerDatabase.ServerConnectionString is null) Skip = SqlServerDatabase.SkipReason;
    }
}

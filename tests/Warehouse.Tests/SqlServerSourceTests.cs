using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Relational;
using Warehouse.SampleSource;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests;

/// <summary>A real SQL Server as the operational source, when WAREHOUSE_TEST_SQLSERVER names one
/// (skipped otherwise): the same shop loaded from SQLite and from SQL Server gives the same
/// warehouse, and a wrong password is a clear error without the password. The fixture's T-SQL is
/// parsed with SQL Server's parser everywhere, server or not.</summary>
public sealed class SqlServerSourceTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2025, 12, 31);

    private TempWarehouse? _fromSqlite;
    private TempWarehouse? _fromSqlServer;
    private SqlServerDatabase? _database;

    /// <summary>The test database is dropped here rather than in a using block, so that a failure to
    /// drop it is reported beside the test's own failure instead of replacing it.</summary>
    public void Dispose()
    {
        _fromSqlite?.Dispose();
        _fromSqlServer?.Dispose();
        _database?.Dispose();
    }

    /// <summary>Dimensions, facts and marts (staging keeps each extract's row order, which differs;
    /// schema_version records when each warehouse was created).</summary>
    private static Dictionary<string, string> Warehouse(TempWarehouse w) =>
        w.Snapshot().Where(t => !t.Key.StartsWith("stg_", StringComparison.Ordinal) && t.Key != "schema_version").ToDictionary();

    /// <summary>Per table: the row count and the sum of every DECIMAL column (money, and the
    /// discount rate) rounded to the cent.</summary>
    private static Dictionary<string, string> CountsAndSums(TempWarehouse w) =>
        Warehouse(w).Keys.ToDictionary(table => table, table =>
        {
            var decimals = w.Rows($"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND data_type LIKE 'DECIMAL%' ORDER BY ordinal_position")
                .Select(r => (string)r[0]!).ToList();
            var sums = decimals.Select(c => $", COALESCE(CAST(ROUND(SUM({c}), 2) AS VARCHAR), 'null')");
            var row = w.Rows($"SELECT CAST(COUNT(*) AS VARCHAR){string.Concat(sums)} FROM {table}").Single();
            return $"rows={row[0]}" + string.Concat(decimals.Select((c, i) => $" {c}={row[i + 1]}"));
        });

    private static long SqliteCount(string sqlitePath, string table)
    {
        using var sqlite = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly;Pooling=False");
        sqlite.Open();
        using var count = sqlite.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [SqlServerFact]
    public void The_same_shop_from_SQL_Server_and_from_SQLite_gives_the_same_warehouse()
    {
        _fromSqlite = new TempWarehouse();
        _fromSqlServer = new TempWarehouse();
        var sqlitePath = _fromSqlite.PathOf("source.db");
        SampleGenerator.WriteSqlite(sqlitePath, new SampleOptions { Customers = 300, Seed = 5 });
        _database = new SqlServerDatabase(SqlServerDatabase.ServerConnectionString!, sqlitePath);
        foreach (var table in SqlServerDatabase.Tables)
            Assert.True(SqliteCount(sqlitePath, table.Name) == _database.RowsCopied[table.Name],
                $"{table.Name}: SQLite has {SqliteCount(sqlitePath, table.Name)} rows, SqlBulkCopy copied {_database.RowsCopied[table.Name]}");

        RunResult fromSqlite, fromSqlServer;
        using (var sqlite = new SqliteSource($"Data Source={sqlitePath}")) fromSqlite = _fromSqlite.Run(sqlite, AsOf);
        using (var sqlServer = new SqlServerSource(_database.ConnectionString))
        {
            var server = new SqlConnectionStringBuilder(_database.ConnectionString).DataSource;
            Assert.Equal($"sqlserver:{server}/{_database.Name}", sqlServer.Description);
            fromSqlServer = _fromSqlServer.Run(sqlServer, AsOf);
        }

        // Rows read, written and quarantined per entity.
        Assert.Equal(fromSqlite.Entities, fromSqlServer.Entities);

        // Per warehouse table: row count and money to the cent, with both sides in the message.
        var expected = CountsAndSums(_fromSqlite);
        var actual = CountsAndSums(_fromSqlServer);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var differing = expected.Keys.Where(k => expected[k] != actual[k]).Select(k => $"{k}: SQLite {expected[k]} / SQL Server {actual[k]}").ToList();
        Assert.True(differing.Count == 0, "counts or sums differ:\n" + string.Join("\n", differing));

        // Every row of the dimensions, facts and marts, as in the PostgreSQL test.
        var a = Warehouse(_fromSqlite);
        var b = Warehouse(_fromSqlServer);
        Assert.Contains(a.Keys, k => k.StartsWith("mart_", StringComparison.Ordinal));
        var differingTables = a.Keys.Where(k => a[k] != b[k]).ToList();
        Assert.True(differingTables.Count == 0, "tables differ: " + string.Join(", ", differingTables));

        Assert.True(Convert.ToInt64(_fromSqlServer.Scalar("SELECT COUNT(*) FROM fact_order_line"), CultureInfo.InvariantCulture) > 1_000);
        Assert.True(Convert.ToDecimal(_fromSqlServer.Scalar("SELECT SUM(gross_amount) FROM fact_order_line"), CultureInfo.InvariantCulture) > 0m);
    }

    [SqlServerFact]
    public void A_wrong_password_is_a_clear_error_without_the_password()
    {
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        var builder = new SqlConnectionStringBuilder(SqlServerDatabase.ServerConnectionString!)
        {
            IntegratedSecurity = false,
            Authentication = SqlAuthenticationMethod.NotSpecified,
            Password = wrongPassword,
            Pooling = false,
        };
        if (string.IsNullOrEmpty(builder.UserID)) builder.UserID = "warehouse_test_nobody";

        var e = Assert.Throws<InvalidOperationException>(() => new SqlServerSource(builder.ConnectionString));

        Assert.StartsWith($"Cannot connect to the SQL Server source sqlserver:{builder.DataSource}/{builder.InitialCatalog}: ", e.Message);
        var login = Assert.IsType<SqlException>(e.InnerException);
        Assert.Equal(18456, login.Number);   // Login failed for user '…'.
        Assert.Contains("Login failed", e.Message);
        Assert.DoesNotContain(wrongPassword, e.ToString());
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_error_without_the_password()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            new SqlServerSource("Server=tcp:127.0.0.1,1;Database=shop;User Id=etl;Password=s3cret-XYZ;Connect Timeout=3;Pooling=false;TrustServerCertificate=true"));
        Assert.StartsWith("Cannot connect to the SQL Server source sqlserver:tcp:127.0.0.1,1/shop: ", e.Message);
        Assert.DoesNotContain("s3cret-XYZ", e.ToString());
    }

    private static TSqlFragment Parse(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, $"{string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
        return fragment;
    }

    private static TSqlStatement SingleStatement(string sql) =>
        Assert.Single(Assert.Single(Assert.IsType<TSqlScript>(Parse(sql)).Batches).Statements);

    [Fact]
    public void Every_statement_the_fixture_sends_parses_as_T_SQL()
    {
        var name = "warehouse_test_" + Guid.NewGuid().ToString("N");
        var statements = SqlServerDatabase.Statements(name).ToList();
        Assert.Equal(2 + SqlServerDatabase.Tables.Count, statements.Count);
        foreach (var sql in statements) Parse(sql);

        Assert.Equal(name, Assert.IsType<CreateDatabaseStatement>(SingleStatement(SqlServerDatabase.CreateDatabaseSql(name))).DatabaseName.Value);
        foreach (var table in SqlServerDatabase.Tables)
        {
            var create = Assert.IsType<CreateTableStatement>(SingleStatement(table.CreateSql));
            Assert.Equal(table.Name, create.SchemaObjectName.BaseIdentifier.Value);
            Assert.Equal(table.Columns.Select(c => c.Name), create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        }
        var drop = Assert.IsType<IfStatement>(SingleStatement(SqlServerDatabase.DropDatabaseSql(name)));
        var block = Assert.IsType<BeginEndBlockStatement>(drop.ThenStatement);
        Assert.IsType<AlterDatabaseSetStatement>(block.StatementList.Statements[0]);
        Assert.Equal(name, Assert.Single(Assert.IsType<DropDatabaseStatement>(block.StatementList.Statements[1]).Databases).Value);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("products")]
    [InlineData("campaigns")]
    [InlineData("orders")]
    [InlineData("order_lines")]
    public void The_fixture_tables_hold_exactly_the_columns_the_default_extraction_query_reads(string entity)
    {
        var select = Assert.IsType<SelectStatement>(SingleStatement(RelationalSource.DefaultQuery(entity)));
        var query = Assert.IsType<QuerySpecification>(select.QueryExpression);
        var from = Assert.IsType<NamedTableReference>(Assert.Single(query.FromClause.TableReferences));
        var read = query.SelectElements
            .Select(e => Assert.IsType<ColumnReferenceExpression>(Assert.IsType<SelectScalarExpression>(e).Expression).MultiPartIdentifier.Identifiers[^1].Value)
            .Order(StringComparer.Ordinal);

        var table = Assert.Single(SqlServerDatabase.Tables, t => t.Name == from.SchemaObject.BaseIdentifier.Value);
        Assert.Equal(read, table.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
    }
}

using Microsoft.SqlServer.TransactSql.ScriptDom;
using Warehouse.Schema;
using Warehouse.Schema.Dialects;

namespace Warehouse.Tests;

/// <summary>No SQL Server runs here, so every statement the project can render for it is parsed
/// with SQL Server's own parser (TSql160Parser, SQL Server 2022) and must parse with zero errors.</summary>
public sealed class TSqlRenderingTests
{
    public static TheoryData<string> Objects()
    {
        var data = new TheoryData<string>();
        foreach (var path in SqlCatalog.Embedded.ObjectPaths) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void Every_statement_renders_to_T_SQL_that_SQL_Server_parses(string path)
    {
        var statements = SqlDialect.SplitStatements(SqlCatalog.Embedded.Read(path));
        Assert.NotEmpty(statements);
        foreach (var statement in statements)
        {
            var rendered = TSqlDialect.Instance.Render(statement);
            Assert.DoesNotContain("{{", rendered);
            Assert.DoesNotMatch(@"(?<![:\w]):[a-z_]+", rendered);
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(rendered);
            parser.Parse(reader, out var errors);
            Assert.True(errors.Count == 0,
                $"{path}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{rendered}");
        }
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("products")]
    [InlineData("campaigns")]
    [InlineData("orders")]
    [InlineData("order_lines")]
    public void The_default_extraction_queries_parse_as_T_SQL(string entity)
    {
        var sql = Warehouse.Etl.Sources.Relational.RelationalSource.DefaultQuery(entity);
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Message)));
    }

    [Fact]
    public void The_deployment_scripts_for_SQL_Server_parse_batch_by_batch()
    {
        // `warehouse script --engine sqlserver`: every file, every GO batch.
        var files = SqlScript.Render(TSqlDialect.Instance, SqlCatalog.Embedded);
        Assert.Equal(Migrator.Declared(SqlCatalog.Embedded).Count, files.Keys.Count(k => k.StartsWith("migrations/", StringComparison.Ordinal)));
        foreach (var (path, text) in files)
        {
            foreach (var batch in text.Split("\nGO\n").Where(b => b.Trim().Length > 0))
            {
                new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(batch), out var errors);
                Assert.True(errors.Count == 0, $"{path}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{batch}");
            }
        }
        Assert.Contains("CREATE CLUSTERED COLUMNSTORE INDEX cci_fact_order_line ON fact_order_line", files["migrations/0004_fact_columnstore.sql"]);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("products")]
    [InlineData("campaigns")]
    [InlineData("orders")]
    [InlineData("order_lines")]
    public void The_incremental_extraction_queries_parse_as_T_SQL(string entity)
    {
        // What the SQL Server source sends after the first load: the entity's query above a watermark.
        var sql = Warehouse.Etl.Sources.Relational.RelationalSource.IncrementalQuery(
            Warehouse.Etl.Sources.Relational.RelationalSource.DefaultQuery(entity), "updated_at");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Message)) + "\n" + sql);
        Assert.Contains("WHERE extract_query.updated_at > @watermark", sql);
    }

    [Fact]
    public void Every_mart_exists_on_every_engine()
    {
        // Each engine's migrations create every mart table, and every mart transform renders for it
        // (run on DuckDB and PostgreSQL by the end-to-end tests, parsed for SQL Server above).
        foreach (var dialect in new SqlDialect[] { DuckDbDialect.Instance, PostgresDialect.Instance, TSqlDialect.Instance })
        {
            var migrations = string.Join('\n', SqlScript.Render(dialect, SqlCatalog.Embedded).Where(f => f.Key.StartsWith("migrations/", StringComparison.Ordinal)).Select(f => f.Value));
            foreach (var mart in Warehouse.Etl.Pipeline.MartCatalog.All)
            {
                foreach (var table in mart.Tables)
                    Assert.True(migrations.Contains($"CREATE TABLE {table} (", StringComparison.Ordinal), $"{dialect.Name} lacks table {table} of mart {mart.Name}");
                foreach (var transform in mart.Transforms)
                    Assert.All(SqlDialect.SplitStatements(SqlCatalog.Embedded.Read(transform)), s => Assert.DoesNotContain("{{", dialect.Render(s)));
            }
        }
    }

    [Fact]
    public void Every_object_is_covered()
    {
        // The catalog holds tables, views, transforms and queries: all of them are rendered above.
        Assert.Contains("transforms/marts/mart_customer_rfm", SqlCatalog.Embedded.ObjectPaths);
        Assert.True(SqlCatalog.Embedded.ObjectPaths.Count() > 50);
    }
}

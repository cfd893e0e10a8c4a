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
    public void Every_object_is_covered()
    {
        // The catalog holds tables, views, transforms and queries: all of them are rendered above.
        Assert.Contains("transforms/marts/mart_customer_rfm", SqlCatalog.Embedded.ObjectPaths);
        Assert.True(SqlCatalog.Embedded.ObjectPaths.Count() > 50);
    }
}

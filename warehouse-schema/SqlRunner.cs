using System.Data.Common;
using Warehouse.Schema.Dialects;

namespace Warehouse.Schema;

/// <summary>Runs the catalog's SQL objects on a warehouse connection, rendered for its dialect.</summary>
public sealed class SqlRunner(DbConnection connection, SqlDialect dialect, SqlCatalog catalog)
{
    public DbConnection Connection => connection;
    public SqlDialect Dialect => dialect;
    public SqlCatalog Catalog => catalog;

    private readonly EmptyInsertGuard? _guard = dialect.NewStatementGuard();

    /// <summary>Runs every statement of one object; returns the rows its last statement affected
    /// (for a transform, the rows it inserted or updated).</summary>
    public long Execute(string objectPath, DbTransaction? transaction, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        long affected = 0;
        foreach (var statement in SqlDialect.SplitStatements(catalog.Read(objectPath)))
        {
            if (dialect.Render(statement).Trim().Length == 0) continue;   // a macro this engine has nothing for
            using var command = Prepare(statement, transaction, parameters, objectPath);
            affected = Math.Max(0, _guard?.Execute(command) ?? command.ExecuteNonQuery());
        }
        return affected;
    }

    /// <summary>The first column of the first row of an object's (single) query.</summary>
    public object? Scalar(string objectPath, DbTransaction? transaction, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        using var command = PrepareQuery(objectPath, transaction, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Opens a reader over an object's (single) query. The caller disposes it.</summary>
    public DbDataReader Query(string objectPath, DbTransaction? transaction, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var command = PrepareQuery(objectPath, transaction, parameters);
        return command.ExecuteReader(System.Data.CommandBehavior.Default);
    }

    private DbCommand PrepareQuery(string objectPath, DbTransaction? transaction, IReadOnlyDictionary<string, object?>? parameters)
    {
        var statements = SqlDialect.SplitStatements(catalog.Read(objectPath));
        if (statements.Count != 1) throw new InvalidOperationException($"'{objectPath}' must hold exactly one query.");
        return Prepare(statements[0], transaction, parameters, objectPath);
    }

    private DbCommand Prepare(string portableStatement, DbTransaction? transaction, IReadOnlyDictionary<string, object?>? parameters, string objectPath)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = dialect.Render(portableStatement);
        foreach (var name in SqlDialect.ParametersOf(portableStatement))
        {
            if (parameters is null || !parameters.TryGetValue(name, out var value))
                throw new InvalidOperationException($"SQL object '{objectPath}' needs parameter :{name}, which was not given.");
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

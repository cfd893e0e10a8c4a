using System.Data.Common;

namespace Warehouse.Etl.Sources.Relational;

/// <summary>
/// An operational database reached through ADO.NET. Each entity is read with a query: by default
/// the standard SQL in Relational/sql (tables customers, products, campaigns, orders, order_lines
/// with the staging tables' column names), or the query configured for it
/// (Source:Queries:&lt;entity&gt;), whose column aliases must be the staging names.
/// </summary>
public abstract class RelationalSource : ISource
{
    private readonly DbConnection _connection;
    private readonly IReadOnlyDictionary<string, string> _queries;

    protected RelationalSource(DbConnection connection, string description, IReadOnlyDictionary<string, string>? queries)
    {
        _connection = connection;
        _queries = queries ?? new Dictionary<string, string>();
        Description = description;
        var unknown = _queries.Keys.Where(k => SourceEntities.All.All(e => !e.Name.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"Source:Queries names unknown entities {string.Join(", ", unknown)}; entities: {string.Join(", ", SourceEntities.All.Select(e => e.Name))}.");
    }

    public string Description { get; }

    public DbDataReader OpenEntity(string entity) => OpenEntity(entity, null);

    public bool SupportsWatermarks => true;

    /// <summary>With a filter, the entity's query is wrapped: its rows whose watermark column is
    /// above the value (bound as a parameter, never spliced into the text).</summary>
    public DbDataReader OpenEntity(string entity, WatermarkFilter? filter)
    {
        var command = _connection.CreateCommand();
        var query = _queries.FirstOrDefault(q => q.Key.Equals(entity, StringComparison.OrdinalIgnoreCase)).Value ?? DefaultQuery(entity);
        if (filter is null)
        {
            command.CommandText = query;
        }
        else
        {
            command.CommandText = IncrementalQuery(query, filter.Column);
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@watermark";
            parameter.Value = WatermarkValue(filter.Above);
            command.Parameters.Add(parameter);
        }
        return command.ExecuteReader();
    }

    /// <summary>How the watermark is bound: the value as is by default (a DateTime or a long).</summary>
    protected virtual object WatermarkValue(Watermark watermark) => watermark.Value;

    public static string DefaultQuery(string entity) => Resource($"{entity}.sql");

    /// <summary>An entity's query restricted to the rows whose <paramref name="column"/> is above
    /// the parameter @watermark (sql/incremental.sql).</summary>
    public static string IncrementalQuery(string query, string column) => Resource("incremental.sql")
        .Replace("{query}", query.Trim().TrimEnd(';'), StringComparison.Ordinal)
        .Replace("{column}", column, StringComparison.Ordinal);

    private static string Resource(string file)
    {
        var name = $"Warehouse.Etl.Sources.Relational.sql.{file}";
        using var stream = typeof(RelationalSource).Assembly.GetManifestResourceStream(name)
            ?? throw new KeyNotFoundException($"No extraction query '{file}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        _connection.Dispose();
        GC.SuppressFinalize(this);
    }
}

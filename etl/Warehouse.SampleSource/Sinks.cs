using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Warehouse.SampleSource;

/// <summary>
/// Receives the generated rows in write order (products, campaigns, customers, then orders each followed by its lines).
/// Numeric money/rate values arrive already rounded and formatted (invariant, at most 2 decimals), so every sink
/// stores the same text.
/// </summary>
internal interface ISampleSink : IDisposable
{
    void Product(int productId, string name, string category, string unitCost, string listPrice, string updatedAt);
    void Campaign(int campaignId, string name, string channel, string startDate, string endDate, string cost, string updatedAt);
    void Customer(int customerId, string name, string email, string country, string city, string signupDate,
        string acquisitionChannel, string acquisitionCost, int? referredBy, string updatedAt);
    void Order(long orderId, int customerId, string orderTs, string salesChannel, int? campaignId, string status, string updatedAt);
    void OrderLine(long orderId, int lineNumber, int productId, int quantity, string unitPrice, string discountRate, string updatedAt);
    void Complete();
}

internal static class Fmt
{
    /// <summary>Canonical invariant text of a decimal already rounded to 2 places: "12.5", "0", "0.05".</summary>
    public static string Money(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

internal sealed class SqliteSink : ISampleSink
{
    private const int RowsPerTransaction = 50_000;

    private const string Schema = """
        CREATE TABLE customers (
            customer_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            country TEXT NOT NULL,
            city TEXT NOT NULL,
            signup_date TEXT NOT NULL,
            acquisition_channel TEXT NOT NULL,
            acquisition_cost NUMERIC NOT NULL,
            referred_by INTEGER NULL REFERENCES customers(customer_id),
            updated_at TEXT NOT NULL
        );
        CREATE TABLE products (
            product_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            unit_cost NUMERIC NOT NULL,
            list_price NUMERIC NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE campaigns (
            campaign_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            channel TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            cost NUMERIC NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE orders (
            order_id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
            order_ts TEXT NOT NULL,
            sales_channel TEXT NOT NULL,
            campaign_id INTEGER NULL REFERENCES campaigns(campaign_id),
            status TEXT NOT NULL CHECK (status IN ('completed', 'cancelled', 'returned')),
            updated_at TEXT NOT NULL
        );
        CREATE TABLE order_lines (
            order_id INTEGER NOT NULL REFERENCES orders(order_id),
            line_number INTEGER NOT NULL,
            product_id INTEGER NOT NULL REFERENCES products(product_id),
            quantity INTEGER NOT NULL CHECK (quantity >= 1),
            unit_price NUMERIC NOT NULL,
            discount_rate NUMERIC NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (order_id, line_number)
        );
        """;

    // Secondary indexes are built after the bulk load (cheaper than maintaining them row by row).
    private const string Indexes = """
        CREATE INDEX ix_customers_updated_at ON customers(updated_at);
        CREATE INDEX ix_orders_customer_id ON orders(customer_id);
        CREATE INDEX ix_orders_updated_at ON orders(updated_at);
        """;

    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly Insert _product, _campaign, _customer, _order, _line;
    private readonly Insert[] _all;
    private int _rowsInTransaction;
    private bool _completed;

    public SqliteSink(string path)
    {
        foreach (var f in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
            if (File.Exists(f))
                File.Delete(f);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);

        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = false,
        }.ToString();
        _path = path;
        _connection = new SqliteConnection(cs);
        try
        {
            _connection.Open();
            _db = _connection.Handle ?? throw new InvalidOperationException("SQLite connection has no native handle.");
            Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;");
            Exec(Schema);

            // The bulk insert talks to the connection's native handle with prepared statements that are bound,
            // stepped and reset per row: the ADO.NET command layer costs more than SQLite itself at this volume.
            _product = new Insert(_db, "products", 6);
            _campaign = new Insert(_db, "campaigns", 7);
            _customer = new Insert(_db, "customers", 10);
            _order = new Insert(_db, "orders", 7);
            _line = new Insert(_db, "order_lines", 7);
            _all = [_product, _campaign, _customer, _order, _line];
            Exec("BEGIN");
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    private void Exec(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void Row(Insert insert)
    {
        insert.Step();
        if (++_rowsInTransaction >= RowsPerTransaction)
        {
            Exec("COMMIT");
            Exec("BEGIN");
            _rowsInTransaction = 0;
        }
    }

    public void Product(int productId, string name, string category, string unitCost, string listPrice, string updatedAt)
    {
        var s = _product;
        s.Int(1, productId); s.Text(2, name); s.Text(3, category); s.Text(4, unitCost); s.Text(5, listPrice); s.Text(6, updatedAt);
        Row(s);
    }

    public void Campaign(int campaignId, string name, string channel, string startDate, string endDate, string cost, string updatedAt)
    {
        var s = _campaign;
        s.Int(1, campaignId); s.Text(2, name); s.Text(3, channel); s.Text(4, startDate); s.Text(5, endDate); s.Text(6, cost); s.Text(7, updatedAt);
        Row(s);
    }

    public void Customer(int customerId, string name, string email, string country, string city, string signupDate,
        string acquisitionChannel, string acquisitionCost, int? referredBy, string updatedAt)
    {
        var s = _customer;
        s.Int(1, customerId); s.Text(2, name); s.Text(3, email); s.Text(4, country); s.Text(5, city); s.Text(6, signupDate);
        s.Text(7, acquisitionChannel); s.Text(8, acquisitionCost); s.IntOrNull(9, referredBy); s.Text(10, updatedAt);
        Row(s);
    }

    public void Order(long orderId, int customerId, string orderTs, string salesChannel, int? campaignId, string status, string updatedAt)
    {
        var s = _order;
        s.Int(1, orderId); s.Int(2, customerId); s.Text(3, orderTs); s.Text(4, salesChannel); s.IntOrNull(5, campaignId); s.Text(6, status); s.Text(7, updatedAt);
        Row(s);
    }

    public void OrderLine(long orderId, int lineNumber, int productId, int quantity, string unitPrice, string discountRate, string updatedAt)
    {
        var s = _line;
        s.Int(1, orderId); s.Int(2, lineNumber); s.Int(3, productId); s.Int(4, quantity); s.Text(5, unitPrice); s.Text(6, discountRate); s.Text(7, updatedAt);
        Row(s);
    }

    public void Complete()
    {
        Exec("COMMIT");
        Exec("BEGIN");
        Exec(Indexes);
        Exec("COMMIT");
        _rowsInTransaction = 0;
        _completed = true;
    }

    /// <summary>Closes the file; an unfinished database (error or cancellation) is deleted rather than left half written.</summary>
    public void Dispose()
    {
        foreach (var s in _all)
            s.Dispose();
        _connection.Dispose();
        if (!_completed)
            File.Delete(_path);
    }

    /// <summary>One reusable prepared INSERT statement with positional parameters.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        public Insert(sqlite3 db, string table, int columns)
        {
            _db = db;
            string sql = $"INSERT INTO {table} VALUES ({string.Join(",", Enumerable.Repeat("?", columns))})";
            Check(raw.sqlite3_prepare_v2(db, sql, out _stmt));
        }

        public void Int(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

        public void IntOrNull(int index, int? value) =>
            Check(value.HasValue ? raw.sqlite3_bind_int64(_stmt, index, value.Value) : raw.sqlite3_bind_null(_stmt, index));

        private byte[] _utf8 = new byte[256];

        public void Text(int index, string value)
        {
            int max = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (max > _utf8.Length)
                _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
            int n = Encoding.UTF8.GetBytes(value, _utf8);
            Check(raw.sqlite3_bind_text(_stmt, index, _utf8.AsSpan(0, n)));
        }

        public void Step()
        {
            int rc = raw.sqlite3_step(_stmt);
            raw.sqlite3_reset(_stmt);
            if (rc != raw.SQLITE_DONE)
                Check(rc);
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
                throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }

        public void Dispose() => _stmt.Dispose();
    }
}

internal sealed class CsvSink : ISampleSink
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly string[] Files = ["customers.csv", "products.csv", "orders.csv", "order_lines.csv", "campaigns.csv"];
    private readonly string _folder;
    private readonly StreamWriter _customers, _products, _orders, _lines, _campaigns;
    private bool _completed;

    public CsvSink(string folder)
    {
        Directory.CreateDirectory(folder);
        _folder = folder;
        _customers = Open(folder, "customers.csv", "customer_id,name,email,country,city,signup_date,acquisition_channel,acquisition_cost,referred_by,updated_at");
        _products = Open(folder, "products.csv", "product_id,name,category,unit_cost,list_price,updated_at");
        _orders = Open(folder, "orders.csv", "order_id,customer_id,order_ts,sales_channel,campaign_id,status,updated_at");
        _lines = Open(folder, "order_lines.csv", "order_id,line_number,product_id,quantity,unit_price,discount_rate,updated_at");
        _campaigns = Open(folder, "campaigns.csv", "campaign_id,name,channel,start_date,end_date,cost,updated_at");
    }

    private static StreamWriter Open(string folder, string file, string header)
    {
        var stream = new FileStream(Path.Combine(folder, file), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        var w = new StreamWriter(stream, Utf8NoBom, 1 << 16) { NewLine = "\n" };
        w.Write(header);
        w.Write('\n');
        return w;
    }

    private static void Num(StreamWriter w, long value)
    {
        Span<char> buf = stackalloc char[24];
        value.TryFormat(buf, out int n, default, CultureInfo.InvariantCulture);
        w.Write(buf[..n]);
    }

    private static void Text(StreamWriter w, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            w.Write(value);
            return;
        }
        w.Write('"');
        w.Write(value.Replace("\"", "\"\""));
        w.Write('"');
    }

    private static void Sep(StreamWriter w) => w.Write(',');

    private static void End(StreamWriter w) => w.Write('\n');

    public void Product(int productId, string name, string category, string unitCost, string listPrice, string updatedAt)
    {
        var w = _products;
        Num(w, productId); Sep(w); Text(w, name); Sep(w); Text(w, category); Sep(w); w.Write(unitCost); Sep(w); w.Write(listPrice); Sep(w); w.Write(updatedAt); End(w);
    }

    public void Campaign(int campaignId, string name, string channel, string startDate, string endDate, string cost, string updatedAt)
    {
        var w = _campaigns;
        Num(w, campaignId); Sep(w); Text(w, name); Sep(w); Text(w, channel); Sep(w); w.Write(startDate); Sep(w); w.Write(endDate); Sep(w);
        w.Write(cost); Sep(w); w.Write(updatedAt); End(w);
    }

    public void Customer(int customerId, string name, string email, string country, string city, string signupDate,
        string acquisitionChannel, string acquisitionCost, int? referredBy, string updatedAt)
    {
        var w = _customers;
        Num(w, customerId); Sep(w); Text(w, name); Sep(w); Text(w, email); Sep(w); Text(w, country); Sep(w); Text(w, city); Sep(w);
        w.Write(signupDate); Sep(w); Text(w, acquisitionChannel); Sep(w); w.Write(acquisitionCost); Sep(w);
        if (referredBy.HasValue) Num(w, referredBy.Value);
        Sep(w); w.Write(updatedAt); End(w);
    }

    public void Order(long orderId, int customerId, string orderTs, string salesChannel, int? campaignId, string status, string updatedAt)
    {
        var w = _orders;
        Num(w, orderId); Sep(w); Num(w, customerId); Sep(w); w.Write(orderTs); Sep(w); Text(w, salesChannel); Sep(w);
        if (campaignId.HasValue) Num(w, campaignId.Value);
        Sep(w); w.Write(status); Sep(w); w.Write(updatedAt); End(w);
    }

    public void OrderLine(long orderId, int lineNumber, int productId, int quantity, string unitPrice, string discountRate, string updatedAt)
    {
        var w = _lines;
        Num(w, orderId); Sep(w); Num(w, lineNumber); Sep(w); Num(w, productId); Sep(w); Num(w, quantity); Sep(w);
        w.Write(unitPrice); Sep(w); w.Write(discountRate); Sep(w); w.Write(updatedAt); End(w);
    }

    public void Complete()
    {
        foreach (var w in new[] { _customers, _products, _orders, _lines, _campaigns })
            w.Flush();
        _completed = true;
    }

    /// <summary>Closes the files; unfinished output (error or cancellation) is deleted rather than left truncated.</summary>
    public void Dispose()
    {
        foreach (var w in new[] { _customers, _products, _orders, _lines, _campaigns })
            w.Dispose();
        if (!_completed)
            foreach (var f in Files)
                File.Delete(Path.Combine(_folder, f));
    }
}

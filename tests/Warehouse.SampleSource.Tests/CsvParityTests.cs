using System.Globalization;
using System.Text;

namespace Warehouse.SampleSource.Tests;

/// <summary>The CSV writer holds exactly the same rows and values as the SQLite writer.</summary>
public sealed class CsvParityTests
{
    private enum Kind { Int, Text, Money }

    private static readonly (string Table, (string Column, Kind Kind)[] Columns)[] Schema =
    [
        ("customers", [("customer_id", Kind.Int), ("name", Kind.Text), ("email", Kind.Text), ("country", Kind.Text), ("city", Kind.Text),
            ("signup_date", Kind.Text), ("acquisition_channel", Kind.Text), ("acquisition_cost", Kind.Money), ("referred_by", Kind.Int), ("updated_at", Kind.Text)]),
        ("products", [("product_id", Kind.Int), ("name", Kind.Text), ("category", Kind.Text), ("unit_cost", Kind.Money), ("list_price", Kind.Money), ("updated_at", Kind.Text)]),
        ("campaigns", [("campaign_id", Kind.Int), ("name", Kind.Text), ("channel", Kind.Text), ("start_date", Kind.Text), ("end_date", Kind.Text), ("cost", Kind.Money), ("updated_at", Kind.Text)]),
        ("orders", [("order_id", Kind.Int), ("customer_id", Kind.Int), ("order_ts", Kind.Text), ("sales_channel", Kind.Text), ("campaign_id", Kind.Int),
            ("status", Kind.Text), ("updated_at", Kind.Text)]),
        ("order_lines", [("order_id", Kind.Int), ("line_number", Kind.Int), ("product_id", Kind.Int), ("quantity", Kind.Int), ("unit_price", Kind.Money),
            ("discount_rate", Kind.Money), ("updated_at", Kind.Text)]),
    ];

    /// <summary>RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"')
            {
                Assert.True(field.Length == 0, "quote inside an unquoted field");
                quoted = wasQuoted = true;
            }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); wasQuoted = false; }
            else if (c == '\n')
            {
                row.Add(field.ToString()); field.Clear(); wasQuoted = false;
                rows.Add(row.ToArray()); row.Clear();
            }
            else
            {
                Assert.True(c != '\r', "CSV must use LF line endings");
                field.Append(c);
            }
        }
        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && row.Count == 0 && !wasQuoted, "last line must end with LF");
        return rows;
    }

    [Fact]
    public void Csv_has_the_same_rows_and_values_as_sqlite()
    {
        using var tmp = new TempFolder();
        var options = new SampleOptions { Customers = 400, Seed = 7, Months = 30 };
        var sqliteSummary = SampleGenerator.WriteSqlite(tmp.File("shop.db"), options);
        var csvSummary = SampleGenerator.WriteCsv(tmp.File("csv"), options);
        Assert.Equal(sqliteSummary.RowsPerTable, csvSummary.RowsPerTable);
        Assert.Equal(new[] { "campaigns", "customers", "order_lines", "orders", "products" }, csvSummary.RowsPerTable.Keys.Order());

        using var con = SampleData.Open(tmp.File("shop.db"));
        int quotedValues = 0;
        foreach (var (table, columns) in Schema)
        {
            var bytes = File.ReadAllBytes(Path.Combine(tmp.File("csv"), table + ".csv"));
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no BOM");
            string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            quotedValues += text.Split('\n').Count(l => l.Contains('"'));
            var csv = ParseCsv(text);
            Assert.Equal(columns.Select(c => c.Column), csv[0]);

            using var cmd = con.CreateCommand();
            cmd.CommandText = $"SELECT {string.Join(", ", columns.Select(c => c.Column))} FROM {table} ORDER BY 1, 2";
            using var r = cmd.ExecuteReader();
            int n = 1;
            while (r.Read())
            {
                Assert.True(n < csv.Count, $"{table}: CSV has fewer rows than SQLite");
                var fields = csv[n];
                Assert.Equal(columns.Length, fields.Length);
                for (int i = 0; i < columns.Length; i++)
                {
                    string f = fields[i];
                    string where = $"{table} row {n} column {columns[i].Column}";
                    if (r.IsDBNull(i))
                    {
                        Assert.True(f.Length == 0, $"{where}: NULL must be an empty field, got '{f}'");
                        continue;
                    }
                    switch (columns[i].Kind)
                    {
                        case Kind.Int:
                            Assert.Equal(r.GetInt64(i), long.Parse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                            break;
                        case Kind.Money:
                            Assert.Matches(@"^-?\d+(\.\d{1,2})?$", f);
                            Assert.Equal(r.GetDecimal(i), decimal.Parse(f, NumberStyles.Number, CultureInfo.InvariantCulture));
                            break;
                        default:
                            Assert.Equal(r.GetString(i), f);
                            break;
                    }
                }
                n++;
            }
            Assert.Equal(csv.Count, n);
            Assert.Equal(sqliteSummary.RowsPerTable[table], n - 1);
        }
        Assert.True(quotedValues > 0, "product names with commas or quotes exercise CSV quoting");
    }
}

using System.Text;

namespace Warehouse.SampleSource.Tests;

// 9
public sealed class DeterminismTests
{
    private static readonly string[] Tables = ["customers", "products", "campaigns", "orders", "order_lines"];

    /// <summary>Every row of every table, with SQLite's storage type and exact quoted value of each cell.</summary>
    private static string Dump(string path)
    {
        using var con = SampleData.Open(path);
        var sb = new StringBuilder();
        foreach (var table in Tables)
        {
            using var cmd = con.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2";
            using var r = cmd.ExecuteReader();
            sb.Append("## ").Append(table).Append('\n');
            while (r.Read())
            {
                for (int i = 0; i < r.FieldCount; i++)
                {
                    object v = r.GetValue(i);
                    sb.Append(v switch
                    {
                        DBNull => "NULL",
                        double d => "R" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                        long l => "I" + l.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        string s => "T" + s,
                        _ => "?" + v,
                    }).Append('|');
                }
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    private static readonly SampleOptions Small = new() { Customers = 300, Seed = 11, Months = 24, StartDate = new DateOnly(2022, 3, 1) };

    [Fact]
    public void Same_options_give_identical_sqlite_contents()
    {
        using var tmp = new TempFolder();
        var a = SampleGenerator.WriteSqlite(tmp.File("a.db"), Small);
        var b = SampleGenerator.WriteSqlite(tmp.File("b.db"), Small);
        Assert.Equal(a.RowsPerTable, b.RowsPerTable);
        Assert.Equal(Dump(tmp.File("a.db")), Dump(tmp.File("b.db")));

        // Writing over an existing file replaces it.
        SampleGenerator.WriteSqlite(tmp.File("b.db"), Small);
        Assert.Equal(Dump(tmp.File("a.db")), Dump(tmp.File("b.db")));
    }

    [Fact]
    public void Same_options_give_byte_identical_csv_files()
    {
        using var tmp = new TempFolder();
        SampleGenerator.WriteCsv(tmp.File("a"), Small);
        SampleGenerator.WriteCsv(tmp.File("b"), Small);
        foreach (var table in Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.File("a"), table + ".csv")), File.ReadAllBytes(Path.Combine(tmp.File("b"), table + ".csv")));
    }

    [Fact]
    public void A_different_seed_gives_different_data()
    {
        using var tmp = new TempFolder();
        SampleGenerator.WriteCsv(tmp.File("a"), Small);
        SampleGenerator.WriteCsv(tmp.File("b"), Small with { Seed = 12 });
        foreach (var table in new[] { "customers", "products", "orders", "order_lines", "campaigns" })
            Assert.NotEqual(File.ReadAllText(Path.Combine(tmp.File("a"), table + ".csv")), File.ReadAllText(Path.Combine(tmp.File("b"), table + ".csv")));
    }
}

namespace Warehouse.SampleSource.Tests;

public sealed class OptionsTests
{
    public static TheoryData<SampleOptions, string> Invalid => new()
    {
        { new SampleOptions { Customers = 0 }, "Customers" },
        { new SampleOptions { Customers = -5 }, "Customers" },
        { new SampleOptions { Months = 23 }, "Months" },
        { new SampleOptions { Products = -1 }, "Products" },
        { new SampleOptions { Campaigns = -1 }, "Campaigns" },
        { new SampleOptions { StartDate = new DateOnly(1800, 1, 1) }, "StartDate" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_options_are_rejected_with_a_clear_message(SampleOptions options, string option)
    {
        using var tmp = new TempFolder();
        var e1 = Assert.ThrowsAny<ArgumentException>(() => SampleGenerator.WriteSqlite(tmp.File("x.db"), options));
        Assert.Contains(option, e1.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => SampleGenerator.WriteCsv(tmp.File("csv"), options));
        Assert.Contains(option, e2.Message);
        Assert.False(File.Exists(tmp.File("x.db")), "nothing is written for invalid options");
    }

    [Fact]
    public void Empty_paths_are_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => SampleGenerator.WriteSqlite("", new SampleOptions()));
        Assert.ThrowsAny<ArgumentException>(() => SampleGenerator.WriteCsv(" ", new SampleOptions()));
        Assert.Throws<ArgumentNullException>(() => SampleGenerator.WriteCsv("x", null!));
    }

    [Fact]
    public void Explicit_sizes_are_honoured_and_tiny_samples_work()
    {
        using var tmp = new TempFolder();
        var summary = SampleGenerator.WriteSqlite(tmp.File("t.db"), new SampleOptions { Customers = 1, Products = 7, Campaigns = 3, Months = 24 });
        Assert.Equal(1, summary.RowsPerTable["customers"]);
        Assert.Equal(7, summary.RowsPerTable["products"]);
        Assert.Equal(3, summary.RowsPerTable["campaigns"]);

        using var con = SampleData.Open(tmp.File("t.db"));
        using var cmd = con.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM order_lines)";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(summary.RowsPerTable["orders"], r.GetInt64(0));
        Assert.Equal(summary.RowsPerTable["order_lines"], r.GetInt64(1));
    }

    [Fact]
    public void Derived_sizes_follow_the_customer_count()
    {
        Assert.Equal(50, new SampleOptions { Customers = 10 }.EffectiveProducts);
        Assert.Equal(500, new SampleOptions { Customers = 10_000 }.EffectiveProducts);
        Assert.Equal(5000, new SampleOptions { Customers = 1_000_000 }.EffectiveProducts);
        Assert.InRange(new SampleOptions { Months = 36 }.EffectiveCampaigns, 36, 72);
    }

    [Fact]
    public void Cancellation_stops_the_generation()
    {
        using var tmp = new TempFolder();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SampleGenerator.WriteSqlite(tmp.File("c.db"), new SampleOptions { Customers = 500 }, cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => SampleGenerator.WriteCsv(tmp.File("c"), new SampleOptions { Customers = 500 }, cts.Token));
        // No half-written output is left behind.
        Assert.False(File.Exists(tmp.File("c.db")));
        Assert.Empty(Directory.GetFiles(tmp.File("c")));
    }

    [Fact]
    public void Another_start_date_and_length_shift_the_data_range()
    {
        using var tmp = new TempFolder();
        var options = new SampleOptions { Customers = 300, Seed = 3, StartDate = new DateOnly(2020, 7, 15), Months = 25 };
        var summary = SampleGenerator.WriteSqlite(tmp.File("s.db"), options);
        var data = SampleData.Load(tmp.File("s.db"), options, summary);
        Assert.All(data.Customers, c => Assert.InRange(c.Signup, options.StartDate, options.StartDate.AddMonths(25).AddDays(-1)));
        Assert.All(data.Orders, o => Assert.True(o.Ts >= data.RangeStart && o.Ts < data.RangeEnd));
        Assert.True(data.Orders.Count > 300);
    }
}

namespace Warehouse.SampleSource.Tests;

/// <summary>The shop behaves like a real one: each numbered property of the brief on a 2,000-customer sample.</summary>
public sealed class BehaviourTests(Seed42Fixture fixture) : IClassFixture<Seed42Fixture>
{
    private SampleData D => fixture.Data;

    private static int MonthIndex(DateOnly d) => d.Year * 12 + d.Month - 1;

    private static int MonthIndex(DateTime d) => d.Year * 12 + d.Month - 1;

    [Fact]
    public void Sizes_are_as_asked()
    {
        Assert.Equal(2_000, D.Customers.Count);
        Assert.Equal(100, D.Products.Count); // clamp(2000 / 20, 50, 5000)
        Assert.InRange(D.Campaigns.Count, D.Options.Months, 2 * D.Options.Months);
        double linesPerCustomer = D.Lines.Count / (double)D.Customers.Count;
        Assert.InRange(linesPerCustomer, 7.0, 13.0);
        Assert.Equal(D.Customers.Count, D.Summary.RowsPerTable["customers"]);
        Assert.Equal(D.Products.Count, D.Summary.RowsPerTable["products"]);
        Assert.Equal(D.Campaigns.Count, D.Summary.RowsPerTable["campaigns"]);
        Assert.Equal(D.Orders.Count, D.Summary.RowsPerTable["orders"]);
        Assert.Equal(D.Lines.Count, D.Summary.RowsPerTable["order_lines"]);
    }

    // 1
    [Fact]
    public void Customers_are_acquired_every_month_through_channels_with_channel_dependent_cost()
    {
        var byMonth = D.Customers.GroupBy(c => MonthIndex(c.Signup)).ToDictionary(g => g.Key, g => g.Count());
        int first = MonthIndex(D.Options.StartDate);
        for (int m = 0; m < D.Options.Months; m++)
            Assert.True(byMonth.GetValueOrDefault(first + m) >= 10, $"month {m} has only {byMonth.GetValueOrDefault(first + m)} signups");
        Assert.Equal(D.Options.Months, byMonth.Count); // nothing outside the range

        // Growth: the last year acquires clearly more than the first.
        int firstYear = Enumerable.Range(first, 12).Sum(m => byMonth[m]);
        int lastYear = Enumerable.Range(first + D.Options.Months - 12, 12).Sum(m => byMonth[m]);
        Assert.True(lastYear > 1.3 * firstYear, $"first year {firstYear}, last year {lastYear}");

        var cost = D.Customers.GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => g.Average(c => c.AcquisitionCost));
        Assert.Superset(new HashSet<string> { "organic", "paid_search", "social", "email", "referral", "affiliate" }, cost.Keys.ToHashSet());
        foreach (var ch in cost.Keys)
            Assert.True(D.Customers.Count(c => c.Channel == ch) >= 20, $"channel {ch} is too rare");
        Assert.Equal(0m, cost["organic"]);
        Assert.True(cost["paid_search"] == cost.Values.Max(), "paid search must be the most expensive channel");
        Assert.True(cost["referral"] < cost["paid_search"] / 2);
        Assert.True(cost["referral"] < cost["social"]);
        Assert.All(D.Customers, c => Assert.True(c.AcquisitionCost >= 0));
        // Within a paid channel the cost varies per customer.
        Assert.True(D.Customers.Where(c => c.Channel == "paid_search").Select(c => c.AcquisitionCost).Distinct().Count() > 20);
    }

    // 2
    [Fact]
    public void Spending_is_heavily_skewed()
    {
        var revenue = D.Completed.GroupBy(o => o.CustomerId)
            .Select(g => g.Sum(o => D.OrderNet[o.Id]))
            .Where(v => v > 0)
            .OrderByDescending(v => v)
            .ToList();
        decimal total = revenue.Sum();
        decimal Share(double fraction) => revenue.Take((int)Math.Round(revenue.Count * fraction)).Sum() / total;

        decimal top20 = Share(0.20), top1 = Share(0.01), bottom50 = 1m - Share(0.50);
        Assert.InRange(top20, 0.60m, 0.80m);
        Assert.True(top1 >= 0.07m, $"top 1% share {top1:P1} is not outsized"); // at least 7x its head count
        Assert.True(bottom50 < 0.15m, $"bottom half share {bottom50:P1}");
        // Value pyramid tiers are all populated and ordered.
        var tierAverage = new[] { (0.0, 0.01), (0.01, 0.05), (0.05, 0.20), (0.20, 1.0) }
            .Select(t => revenue.Skip((int)(revenue.Count * t.Item1)).Take((int)(revenue.Count * (t.Item2 - t.Item1))).Average())
            .ToList();
        for (int i = 1; i < tierAverage.Count; i++)
            Assert.True(tierAverage[i - 1] > 1.5m * tierAverage[i], $"tier {i - 1} average {tierAverage[i - 1]:F0} vs tier {i} {tierAverage[i]:F0}");
    }

    // 3
    [Fact]
    public void Customers_repeat_lapse_come_back_and_churn()
    {
        var months = D.Orders.GroupBy(o => o.CustomerId)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Id).Select(o => MonthIndex(o.Ts)).ToList());
        int buyers = months.Count;
        int repeat = months.Values.Count(m => m.Count > 1);
        Assert.InRange(repeat / (double)buyers, 0.30, 0.75);

        // Reactivation: a gap of >= 3 calendar months between two orders, then ordering again.
        int reactivated = months.Values.Count(m => m.Zip(m.Skip(1)).Any(p => p.Second - p.First >= 3));
        Assert.True(reactivated >= 0.05 * buyers, $"only {reactivated} of {buyers} buyers came back after a 3-month gap");

        // Share of customers active k months after their first order declines.
        int lastMonth = MonthIndex(D.RangeEnd) - 1;
        double Active(int k)
        {
            var eligible = months.Values.Where(m => m[0] + k <= lastMonth).ToList();
            return eligible.Count(m => m.Contains(m[0] + k)) / (double)eligible.Count;
        }
        double a1 = Active(1), a3 = Active(3), a6 = Active(6), a12 = Active(12), a24 = Active(24);
        Assert.True(a1 > a3 && a3 > a6 && a6 > a12 && a12 > a24, $"active shares {a1:P1} {a3:P1} {a6:P1} {a12:P1} {a24:P1}");
        Assert.True(a24 < 0.5 * a1, $"month 24 {a24:P1} vs month 1 {a1:P1}");
        Assert.True(a24 > 0.01, "some customers stay for two years");
    }

    // 4
    [Fact]
    public void November_and_December_are_the_peak_months()
    {
        var byMonth = D.Completed.GroupBy(o => (o.Ts.Year, o.Ts.Month)).ToDictionary(g => g.Key, g => g.Sum(o => D.OrderNet[o.Id]));
        var fullYears = byMonth.Keys.GroupBy(k => k.Year).Where(g => g.Count() == 12).Select(g => g.Key).ToList();
        Assert.True(fullYears.Count >= 2);
        foreach (int year in fullYears)
        {
            decimal average = Enumerable.Range(1, 12).Sum(m => byMonth[(year, m)]) / 12m;
            decimal nov = byMonth[(year, 11)] / average, dec = byMonth[(year, 12)] / average;
            Assert.True(nov >= 1.3m, $"{year}: November is {nov:F2}x the monthly average");
            Assert.True(dec >= 1.3m, $"{year}: December is {dec:F2}x the monthly average");
        }
    }

    // 5
    [Fact]
    public void Some_customers_were_referred_by_earlier_customers_with_chains()
    {
        var byId = D.Customers.ToDictionary(c => c.Id);
        var referred = D.Customers.Where(c => c.ReferredBy is not null).ToList();
        Assert.InRange(referred.Count / (double)D.Customers.Count, 0.05, 0.15);
        foreach (var c in referred)
        {
            Assert.NotEqual(c.Id, c.ReferredBy);
            Assert.True(byId.TryGetValue(c.ReferredBy!.Value, out var referrer), $"referrer {c.ReferredBy} missing");
            Assert.True(referrer.Signup < c.Signup, $"customer {c.Id} signed up {c.Signup} but referrer {referrer.Id} only {referrer.Signup}");
            Assert.Equal("referral", c.Channel);
        }
        Assert.All(D.Customers.Where(c => c.Channel == "referral"), c => Assert.NotNull(c.ReferredBy));
        int chains = referred.Count(c => byId[c.ReferredBy!.Value].ReferredBy is not null);
        Assert.True(chains >= 5, $"only {chains} referral chains");
        // Referrers are buyers.
        var buyers = D.Orders.Select(o => o.CustomerId).ToHashSet();
        Assert.All(referred, c => Assert.Contains(c.ReferredBy!.Value, buyers));
    }

    // 6
    [Fact]
    public void Campaign_orders_fall_inside_the_campaign_and_campaigns_acquire_customers()
    {
        var campaigns = D.Campaigns.ToDictionary(c => c.Id);
        Assert.All(D.Campaigns, c =>
        {
            Assert.True(c.Start <= c.End);
            Assert.True(c.Cost > 0);
            Assert.False(string.IsNullOrWhiteSpace(c.Name));
            Assert.True(c.Start >= D.Options.StartDate && c.End < D.Options.StartDate.AddMonths(D.Options.Months));
        });
        Assert.True(D.Campaigns.Select(c => c.Channel).Distinct().Count() >= 3);

        var tagged = D.Orders.Where(o => o.CampaignId is not null).ToList();
        foreach (var o in tagged)
        {
            var c = campaigns[o.CampaignId!.Value];
            var day = DateOnly.FromDateTime(o.Ts);
            Assert.True(day >= c.Start && day <= c.End, $"order {o.Id} on {day} carries campaign {c.Id} ({c.Start}..{c.End})");
        }
        var during = D.Orders.Where(o => D.Campaigns.Any(c => DateOnly.FromDateTime(o.Ts) >= c.Start && DateOnly.FromDateTime(o.Ts) <= c.End)).ToList();
        double share = tagged.Count / (double)during.Count;
        Assert.InRange(share, 0.10, 0.60);

        // Customers acquired through a campaign: signed up during it, same channel, first order carries it.
        var byId = D.Customers.ToDictionary(c => c.Id);
        int acquired = D.Orders.GroupBy(o => o.CustomerId).Select(g => g.First())
            .Count(o => o.CampaignId is long id && byId[o.CustomerId].Channel == campaigns[id].Channel
                && byId[o.CustomerId].Signup >= campaigns[id].Start && byId[o.CustomerId].Signup <= campaigns[id].End);
        Assert.True(acquired >= 0.05 * D.Customers.Count, $"only {acquired} customers acquired through campaigns");

        // Every campaign brings some completed revenue; returns on cost differ between campaigns.
        var revenue = D.Completed.Where(o => o.CampaignId is not null).GroupBy(o => o.CampaignId!.Value)
            .ToDictionary(g => g.Key, g => g.Sum(o => D.OrderNet[o.Id]));
        var roi = D.Campaigns.Select(c => revenue.GetValueOrDefault(c.Id) / c.Cost).ToList();
        Assert.True(roi.Count(r => r > 1m) >= roi.Count / 2, "most campaigns should pay back");
        Assert.True(roi.Any(r => r < 1m), "some campaigns should lose money");
    }

    // 7
    [Fact]
    public void Few_orders_are_cancelled_or_returned()
    {
        Assert.All(D.Orders, o => Assert.Contains(o.Status, new[] { "completed", "cancelled", "returned" }));
        double cancelled = D.Orders.Count(o => o.Status == "cancelled") / (double)D.Orders.Count;
        double returned = D.Orders.Count(o => o.Status == "returned") / (double)D.Orders.Count;
        Assert.InRange(cancelled, 0.02, 0.05);
        Assert.InRange(returned, 0.02, 0.05);
        // A return is recorded after the order.
        Assert.All(D.Orders.Where(o => o.Status == "returned"), o => Assert.True(SampleData.ParseTs(o.UpdatedAt) > o.Ts));
    }

    // 8
    [Fact]
    public void Some_customers_never_buy()
    {
        var buyers = D.Orders.Select(o => o.CustomerId).ToHashSet();
        double never = 1 - buyers.Count / (double)D.Customers.Count;
        Assert.InRange(never, 0.10, 0.20);
    }

    // 10
    [Fact]
    public void Data_is_referentially_consistent_and_ordered()
    {
        var customers = D.Customers.ToDictionary(c => c.Id);
        var products = D.Products.ToDictionary(p => p.Id);
        Assert.Equal(Enumerable.Range(1, D.Customers.Count).Select(i => (long)i), D.Customers.Select(c => c.Id));
        Assert.Equal(D.Customers.Count, D.Customers.Select(c => c.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(D.Customers, c => Assert.Matches(@"^[a-z0-9._]+@[a-z.]+$", c.Email));

        DateTime previous = DateTime.MinValue;
        long previousId = 0;
        foreach (var o in D.Orders)
        {
            Assert.True(o.Id > previousId);
            Assert.True(o.Ts >= previous, $"order {o.Id} at {o.Ts} before order {previousId} at {previous}");
            previous = o.Ts;
            previousId = o.Id;
            Assert.True(customers.TryGetValue(o.CustomerId, out var c), $"order {o.Id}: customer {o.CustomerId} missing");
            Assert.True(DateOnly.FromDateTime(o.Ts) >= c.Signup, $"order {o.Id} before signup of customer {c.Id}");
            Assert.True(o.Ts >= D.RangeStart && o.Ts < D.RangeEnd);
            Assert.True(SampleData.ParseTs(o.UpdatedAt) >= o.Ts && SampleData.ParseTs(o.UpdatedAt) < D.RangeEnd);
            Assert.Contains(o.SalesChannel, new[] { "web", "mobile_app", "store", "marketplace" });
        }
        Assert.True(D.Orders.Select(o => o.SalesChannel).Distinct().Count() == 4);

        var linesByOrder = D.Lines.GroupBy(l => l.OrderId).ToDictionary(g => g.Key, g => g.Select(l => l.LineNumber).ToList());
        Assert.Equal(D.Orders.Count, linesByOrder.Count);
        Assert.All(D.Orders, o => Assert.True(linesByOrder.ContainsKey(o.Id), $"order {o.Id} has no lines"));
        foreach (var (orderId, numbers) in linesByOrder)
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        double upToFive = linesByOrder.Values.Count(n => n.Count <= 5) / (double)linesByOrder.Count;
        Assert.True(upToFive >= 0.9, $"only {upToFive:P1} of orders have 1-5 lines");
        Assert.True(linesByOrder.Values.Count(n => n.Count > 1) > 0.4 * linesByOrder.Count);

        Assert.All(D.Lines, l =>
        {
            Assert.True(products.ContainsKey(l.ProductId), $"line {l.OrderId}/{l.LineNumber}: product {l.ProductId} missing");
            Assert.True(l.Quantity >= 1);
            Assert.True(l.UnitPrice > 0);
            Assert.InRange(l.DiscountRate, 0m, 0.5m);
        });
    }

    [Fact]
    public void Products_and_prices_look_like_retail()
    {
        var categories = D.Products.GroupBy(p => p.Category).ToList();
        Assert.InRange(categories.Count, 8, 12);
        Assert.All(D.Products, p =>
        {
            Assert.True(p.UnitCost > 0 && p.UnitCost < p.ListPrice, $"product {p.Id}: cost {p.UnitCost} list {p.ListPrice}");
            decimal margin = 1 - p.UnitCost / p.ListPrice;
            Assert.InRange(margin, 0.19m, 0.71m);
        });
        // Skewed prices: many cheap, few expensive.
        var prices = D.Products.Select(p => p.ListPrice).OrderBy(p => p).ToList();
        decimal median = prices[prices.Count / 2], mean = prices.Average();
        Assert.True(mean > 1.2m * median, $"mean {mean:F2} vs median {median:F2}");
        Assert.True(prices[^1] > 5 * median, $"max {prices[^1]} vs median {median}");

        var list = D.Products.ToDictionary(p => p.Id, p => p.ListPrice);
        double atList = D.Lines.Count(l => l.UnitPrice == list[l.ProductId]) / (double)D.Lines.Count;
        Assert.InRange(atList, 0.85, 0.99);
        double discounted = D.Lines.Count(l => l.DiscountRate > 0) / (double)D.Lines.Count;
        Assert.InRange(discounted, 0.05, 0.40);
        Assert.True(D.Lines.Count(l => l.Quantity > 1) > 0.1 * D.Lines.Count);

        var countries = D.Customers.GroupBy(c => c.Country).ToList();
        Assert.InRange(countries.Count, 4, 10);
        Assert.All(countries, g => Assert.InRange(g.Select(c => c.City).Distinct().Count(), 2, 6));
        Assert.True(countries.Max(g => g.Count()) > 3 * countries.Min(g => g.Count()), "countries are weighted");
    }

    [Fact]
    public void Money_and_rates_have_at_most_two_decimals()
    {
        static bool TwoDecimals(decimal d) => d * 100m == decimal.Truncate(d * 100m);
        Assert.All(D.Products, p => Assert.True(TwoDecimals(p.UnitCost) && TwoDecimals(p.ListPrice)));
        Assert.All(D.Customers, c => Assert.True(TwoDecimals(c.AcquisitionCost)));
        Assert.All(D.Campaigns, c => Assert.True(TwoDecimals(c.Cost)));
        Assert.All(D.Lines, l => Assert.True(TwoDecimals(l.UnitPrice) && TwoDecimals(l.DiscountRate)));

        // SQLite holds them as exact numbers (NUMERIC affinity), and the text of a value is its 2-decimal form.
        using var con = SampleData.Open(fixture.DbPath);
        using var cmd = con.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM order_lines WHERE typeof(unit_price) NOT IN ('integer','real') OR typeof(discount_rate) NOT IN ('integer','real') OR round(unit_price, 2) <> unit_price";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
    }
}

using System.Globalization;
using static Warehouse.SampleSource.Catalog;

namespace Warehouse.SampleSource;

/// <summary>
/// The generator. Memory is O(customers + products + campaigns + days): one small struct per customer and a
/// priority queue of customers keyed by their next purchase time. Orders are produced by popping the queue in
/// timestamp order, so order ids rise with order_ts, and every order and its lines go straight to the sink.
/// </summary>
/// <remarks>
/// Customer model ("buy till you die" with seasonality):
/// - a latent value z ~ N(0,1) (shifted by acquisition channel) drives the purchase rate (lognormal), the basket
///   size and, inversely, the churn probability, which gives the heavy-tailed revenue distribution;
/// - after each order the customer churns with a per-customer probability (higher after the first order), and
///   otherwise may lapse for 100-300 days before the next purchase (reactivation);
/// - inter-purchase times are exponential in "intensity time": the calendar intensity (month season, weekday,
///   Black Friday / Cyber Monday, running campaigns) is integrated per day and inverted, so busy days get more orders.
/// </remarks>
internal sealed class Simulation
{
    private const int SecondsPerDay = 86_400;
    private const double DaysPerMonth = 30.44;

    // Stream ids of the independent random sequences (changing one part does not reshuffle the others).
    private const ulong StreamCalendar = 1, StreamCampaigns = 2, StreamProducts = 3, StreamCustomers = 4, StreamSimulation = 5, StreamSignups = 6;

    private readonly SampleOptions _o;
    private readonly DateOnly _start;
    private readonly int _totalDays;
    private readonly long _endSec;
    private readonly int[] _monthStartDay;   // Months + 1 entries
    private readonly string[] _dayText;      // yyyy-MM-dd per day of the range
    private readonly double[] _dayIntensity; // purchase intensity per day
    private readonly double[] _cumIntensity; // prefix sums, length totalDays + 1
    private readonly bool[] _blackFridayWeek;

    private CampaignInfo[] _campaigns = [];
    private int[][] _activeByDay = [];
    private ProductInfo[] _products = [];
    private double[] _productCum = [];
    private int[][] _categoryProducts = [];
    private double[][] _categoryCum = [];
    private CustomerState[] _customers = [];

    private struct CampaignInfo
    {
        public int StartDay, EndDay, Channel;
        public string DiscountText;
    }

    private struct ProductInfo
    {
        public decimal ListPrice;
        public string ListText;
        public int Category;
    }

    private struct CustomerState
    {
        public int SignupSec;    // seconds since StartDate 00:00
        public int FirstSec;     // first order time, -1 = never buys (within the range)
        public float Value;      // latent value z
        public float Rate;       // orders per 30.44 intensity-days
        public float ChurnP;     // probability to churn after an order (repeat orders)
        public float LapseP;     // probability of a 100-300 day pause before the next order
        public float BasketMul;  // basket size multiplier
        public int AcqCampaign;  // index of the acquiring campaign, -1 = none
        public int Orders;
        public byte FavCategory, PrefChannel, NextChannel;
        public bool Referred;
    }

    public Simulation(SampleOptions options)
    {
        _o = options;
        _start = options.StartDate;
        var end = options.EndDate;
        _totalDays = end.DayNumber - _start.DayNumber;
        _endSec = (long)_totalDays * SecondsPerDay;
        _monthStartDay = new int[options.Months + 1];
        for (int m = 0; m <= options.Months; m++)
            _monthStartDay[m] = _start.AddMonths(m).DayNumber - _start.DayNumber;
        _dayText = new string[_totalDays];
        for (int d = 0; d < _totalDays; d++)
            _dayText[d] = _start.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _dayIntensity = new double[_totalDays];
        _cumIntensity = new double[_totalDays + 1];
        _blackFridayWeek = new bool[_totalDays];
    }

    public SampleSummary Run(ISampleSink sink, CancellationToken ct)
    {
        BuildCalendar();
        var signupsPerMonth = SignupsPerMonth(new Rng(_o.Seed, StreamSignups));
        BuildCampaigns(new Rng(_o.Seed, StreamCampaigns), signupsPerMonth, out var campaignRows);
        FinishIntensity();
        ct.ThrowIfCancellationRequested();

        long products = BuildProducts(new Rng(_o.Seed, StreamProducts), sink);
        foreach (var row in campaignRows)
            sink.Campaign(row.Id, row.Name, row.Channel, row.Start, row.End, row.Cost, row.UpdatedAt);
        ct.ThrowIfCancellationRequested();

        long customers = BuildCustomers(new Rng(_o.Seed, StreamCustomers), signupsPerMonth, sink, ct);
        var (orders, lines) = Simulate(new Rng(_o.Seed, StreamSimulation), sink, ct);
        sink.Complete();

        return new SampleSummary(new Dictionary<string, long>
        {
            ["customers"] = customers,
            ["products"] = products,
            ["orders"] = orders,
            ["order_lines"] = lines,
            ["campaigns"] = campaignRows.Count,
        });
    }

    // ---------------------------------------------------------------- calendar

    private int DayOfWeek(int day) => (int)_start.AddDays(day).DayOfWeek;

    private void BuildCalendar()
    {
        var rng = new Rng(_o.Seed, StreamCalendar);
        for (int d = 0; d < _totalDays; d++)
        {
            var date = _start.AddDays(d);
            double f = MonthSeason[date.Month - 1] * WeekdayFactor[(int)date.DayOfWeek];
            if (date.Month == 12)
                f *= date.Day switch { <= 20 => 1.15, <= 24 => 0.9, 25 => 0.35, _ => 0.8 };
            f *= 0.95 + 0.1 * rng.NextDouble(); // daily noise
            _dayIntensity[d] = f;
        }
        // Black Friday to Cyber Monday.
        for (int year = _start.Year; year <= _start.Year + _o.Months / 12 + 1; year++)
        {
            var nov1 = new DateOnly(year, 11, 1);
            int firstThursday = 1 + ((int)System.DayOfWeek.Thursday - (int)nov1.DayOfWeek + 7) % 7;
            var blackFriday = new DateOnly(year, 11, firstThursday + 21 + 1);
            for (int k = 0; k < 4; k++)
            {
                int d = blackFriday.AddDays(k).DayNumber - _start.DayNumber;
                if (d >= 0 && d < _totalDays)
                {
                    _dayIntensity[d] *= k == 0 ? 2.6 : k == 3 ? 2.2 : 1.7;
                    _blackFridayWeek[d] = true;
                }
            }
        }
    }

    private void FinishIntensity()
    {
        for (int d = 0; d < _totalDays; d++)
        {
            _dayIntensity[d] *= 1.0 + 0.12 * Math.Min(_activeByDay[d].Length, 3); // campaigns lift sales
            _cumIntensity[d + 1] = _cumIntensity[d] + _dayIntensity[d];
        }
    }

    private double IntensityAt(double sec)
    {
        if (sec >= _endSec)
            return _cumIntensity[_totalDays];
        int d = (int)(sec / SecondsPerDay);
        return _cumIntensity[d] + (sec - (double)d * SecondsPerDay) / SecondsPerDay * _dayIntensity[d];
    }

    /// <summary>First day whose cumulative intensity passes <paramref name="target"/>, or -1 past the range.</summary>
    private int DayAtIntensity(double target)
    {
        if (target >= _cumIntensity[_totalDays])
            return -1;
        int i = Array.BinarySearch(_cumIntensity, target);
        int day = i >= 0 ? i : ~i - 1;
        return Math.Clamp(day, 0, _totalDays - 1);
    }

    private string Ts(long sec)
    {
        int day = (int)Math.Floor(sec / (double)SecondsPerDay);
        int s = (int)(sec - (long)day * SecondsPerDay);
        if (day < 0 || day >= _totalDays)
            return _start.ToDateTime(TimeOnly.MinValue).AddSeconds(sec).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return string.Create(19, (_dayText[day], s), static (span, st) =>
        {
            st.Item1.AsSpan().CopyTo(span);
            int h = st.s / 3600, m = st.s / 60 % 60, x = st.s % 60;
            span[10] = ' ';
            span[11] = (char)('0' + h / 10); span[12] = (char)('0' + h % 10); span[13] = ':';
            span[14] = (char)('0' + m / 10); span[15] = (char)('0' + m % 10); span[16] = ':';
            span[17] = (char)('0' + x / 10); span[18] = (char)('0' + x % 10);
        });
    }

    private static readonly double[] OnlineHourCum = Rng.Cumulate(OnlineHourWeights);

    private static int TimeOfDay(Rng rng, bool store)
    {
        int hour = store ? rng.Next(9, 21) : rng.Pick(OnlineHourCum);
        return hour * 3600 + rng.Next(3600);
    }

    // ---------------------------------------------------------------- campaigns

    private sealed record CampaignRow(int Id, string Name, string Channel, string Start, string End, string Cost, string UpdatedAt);

    private int[] SignupsPerMonth(Rng rng)
    {
        int months = _o.Months, n = _o.Customers;
        var weights = new double[months];
        double total = 0;
        for (int m = 0; m < months; m++)
        {
            int calMonth = _start.AddMonths(m).Month;
            double growth = 1.0 + 1.2 * m / (months - 1.0); // the shop grows: last month ~2.2x the first
            weights[m] = growth * AcquisitionSeason[calMonth - 1] * (0.9 + 0.2 * rng.NextDouble());
            total += weights[m];
        }
        var counts = new int[months];
        int floor = n >= months ? 1 : 0; // every month gets new signups when there are enough customers
        int rest = n - floor * months;
        var remainders = new (double Frac, int Month)[months];
        int assigned = 0;
        for (int m = 0; m < months; m++)
        {
            double exact = rest * weights[m] / total;
            int whole = (int)Math.Floor(exact);
            counts[m] = floor + whole;
            assigned += whole;
            remainders[m] = (exact - whole, m);
        }
        Array.Sort(remainders, (a, b) => a.Frac != b.Frac ? b.Frac.CompareTo(a.Frac) : a.Month.CompareTo(b.Month));
        for (int k = 0; k < rest - assigned; k++)
            counts[remainders[k].Month]++;
        return counts;
    }

    private void BuildCampaigns(Rng rng, int[] signupsPerMonth, out List<CampaignRow> rows)
    {
        int count = _o.EffectiveCampaigns;
        var cumSignups = new double[_o.Months + 1];
        for (int m = 0; m < _o.Months; m++)
            cumSignups[m + 1] = cumSignups[m] + signupsPerMonth[m];
        var channelCum = Rng.Cumulate(CampaignChannelWeights);

        var list = new List<(int Start, int End, int Channel, string Theme, decimal Discount, double Rand)>(count);
        for (int k = 0; k < count; k++)
        {
            int m = (int)((k + 0.5) * _o.Months / count);
            m = Math.Clamp(m, 0, _o.Months - 1);
            var monthStart = _start.AddMonths(m);
            int monthDays = _monthStartDay[m + 1] - _monthStartDay[m];
            int calMonth = monthStart.Month;
            int channel = CampaignChannels[rng.Pick(channelCum)];
            int startDay, endDay;
            decimal discount;
            if (calMonth == 11)
            {
                // Black Friday campaign: about a week before to Cyber Monday.
                var nov1 = new DateOnly(monthStart.Year, 11, 1);
                int firstThursday = 1 + ((int)System.DayOfWeek.Thursday - (int)nov1.DayOfWeek + 7) % 7;
                var bf = new DateOnly(monthStart.Year, 11, firstThursday + 22);
                startDay = bf.AddDays(-rng.Next(3, 10)).DayNumber - _start.DayNumber;
                endDay = bf.AddDays(3).DayNumber - _start.DayNumber;
                discount = rng.Chance(0.5) ? 0.25m : 0.20m;
            }
            else if (calMonth == 12)
            {
                startDay = new DateOnly(monthStart.Year, 12, 1).AddDays(rng.Next(0, 5)).DayNumber - _start.DayNumber;
                endDay = new DateOnly(monthStart.Year, 12, 20).AddDays(rng.Next(0, 4)).DayNumber - _start.DayNumber;
                discount = rng.Chance(0.5) ? 0.15m : 0.10m;
            }
            else
            {
                startDay = _monthStartDay[m] + rng.Next(Math.Max(1, monthDays - 5));
                endDay = startDay + rng.Next(4, 21);
                discount = channel == Email ? 0.10m : rng.Chance(0.5) ? 0.15m : (rng.Chance(0.5) ? 0.10m : 0.20m);
            }
            startDay = Math.Clamp(startDay, 0, _totalDays - 1);
            endDay = Math.Clamp(endDay, startDay, _totalDays - 1);
            list.Add((startDay, endDay, channel, CampaignThemes[calMonth - 1], discount, rng.Normal()));
        }
        list.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));

        _campaigns = new CampaignInfo[list.Count];
        var active = new List<int>[_totalDays];
        rows = new List<CampaignRow>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            var c = list[i];
            _campaigns[i] = new CampaignInfo { StartDay = c.Start, EndDay = c.End, Channel = c.Channel, DiscountText = Fmt.Money(c.Discount) };
            for (int d = c.Start; d <= c.End; d++)
                (active[d] ??= new List<int>(2)).Add(i);

            // Cost scales with the customer base reached (signups so far) and the duration; noisy so ROI varies.
            double monthPos = MonthIndexOfDay(c.Start);
            double reach = Math.Max(1.0, cumSignups[(int)monthPos] + 0.5 * signupsPerMonth[(int)monthPos]);
            int days = c.End - c.Start + 1;
            double cost = 0.60 * reach * Math.Sqrt(days) * CampaignCostFactor[c.Channel] * Math.Exp(0.5 * c.Rand);
            decimal costDec = Math.Max(50m, Fmt.Round2((decimal)Math.Round(cost, 2)));

            var startDate = _start.AddDays(c.Start);
            string name = $"{c.Theme} {startDate.Year} - {Pretty(AcquisitionChannels[c.Channel])}";
            long updated = (long)(c.Start - rng.Next(3, 22)) * SecondsPerDay + TimeOfDay(rng, true);
            rows.Add(new CampaignRow(i + 1, name, AcquisitionChannels[c.Channel], _dayText[c.Start], _dayText[c.End], Fmt.Money(costDec), Ts(updated)));
        }
        _activeByDay = new int[_totalDays][];
        for (int d = 0; d < _totalDays; d++)
            _activeByDay[d] = active[d]?.ToArray() ?? [];
    }

    private int MonthIndexOfDay(int day)
    {
        int i = Array.BinarySearch(_monthStartDay, day);
        return Math.Clamp(i >= 0 ? i : ~i - 1, 0, _o.Months - 1);
    }

    private static string Pretty(string channel) => channel switch
    {
        "paid_search" => "Paid Search",
        "email" => "Email",
        "social" => "Social",
        "affiliate" => "Affiliate",
        "display" => "Display",
        _ => channel,
    };

    // ---------------------------------------------------------------- products

    private long BuildProducts(Rng rng, ISampleSink sink)
    {
        int n = _o.EffectiveProducts;
        var catWeights = Categories.Select(c => c.Weight).ToArray();
        var catCum = Rng.Cumulate(catWeights);
        _products = new ProductInfo[n];
        var popularity = new double[n];
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var perCategory = new List<int>[Categories.Length];
        for (int c = 0; c < Categories.Length; c++)
            perCategory[c] = [];

        // Random popularity ranks (Zipf-like).
        var rank = new int[n];
        for (int i = 0; i < n; i++)
            rank[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (rank[i], rank[j]) = (rank[j], rank[i]);
        }

        for (int i = 0; i < n; i++)
        {
            int cat = i < Categories.Length ? i : rng.Pick(catCum);
            var category = Categories[cat];
            double raw = category.MedianPrice * Math.Exp(category.PriceSigma * rng.Normal());
            decimal list = CharmPrice(Math.Clamp(raw, 1.0, 4000.0));
            decimal margin = Math.Round((decimal)(0.20 + 0.50 * rng.NextDouble()), 3, MidpointRounding.AwayFromZero);
            decimal cost = Fmt.Round2(list * (1m - margin));
            if (cost >= list) cost = list - 0.01m;
            if (cost <= 0m) cost = 0.01m;

            string noun = category.Nouns[rng.Next(category.Nouns.Length)];
            string name = $"{Adjectives[rng.Next(Adjectives.Length)]} {noun}";
            if (!usedNames.Add(name))
            {
                name = $"{name} {Variants[rng.Next(Variants.Length)]}";
                if (!usedNames.Add(name))
                {
                    name = $"{name} No. {i + 1}";
                    usedNames.Add(name);
                }
            }

            _products[i] = new ProductInfo { ListPrice = list, ListText = Fmt.Money(list), Category = cat };
            perCategory[cat].Add(i);
            // Popular = high in the random rank and not too expensive for its category.
            popularity[i] = 1.0 / Math.Pow(rank[i] + 1, 0.8) * Math.Pow(category.MedianPrice / raw, 0.3);

            long updated = -(long)rng.Next(1, 365) * SecondsPerDay + TimeOfDay(rng, true);
            sink.Product(i + 1, name, category.Name, Fmt.Money(cost), _products[i].ListText, Ts(updated));
        }

        _productCum = Rng.Cumulate(popularity);
        _categoryProducts = new int[Categories.Length][];
        _categoryCum = new double[Categories.Length][];
        for (int c = 0; c < Categories.Length; c++)
        {
            _categoryProducts[c] = perCategory[c].ToArray();
            _categoryCum[c] = Rng.Cumulate(perCategory[c].Select(p => popularity[p]).ToArray());
        }
        return n;
    }

    /// <summary>Retail price points: 4.99, 23.99, 149.99 (decimal, exact).</summary>
    private static decimal CharmPrice(double raw)
    {
        decimal p = (decimal)Math.Round(raw, 4);
        if (p < 10m) return Math.Max(1m, Math.Round(p, 0, MidpointRounding.AwayFromZero)) - 0.01m;
        if (p < 100m) return Math.Floor(p) + 0.99m;
        if (p < 1000m) return Math.Floor(p / 5m) * 5m + 4.99m;
        return Math.Floor(p / 50m) * 50m + 49.99m;
    }

    // ---------------------------------------------------------------- customers

    private long BuildCustomers(Rng rng, int[] signupsPerMonth, ISampleSink sink, CancellationToken ct)
    {
        int n = _o.Customers;
        _customers = new CustomerState[n];

        // Signup times: per month the apportioned count, days weighted by weekday and running campaigns.
        var signup = new int[n];
        int idx = 0;
        for (int m = 0; m < _o.Months; m++)
        {
            int first = _monthStartDay[m], days = _monthStartDay[m + 1] - first;
            var w = new double[days];
            for (int d = 0; d < days; d++)
                w[d] = WeekdayFactor[DayOfWeek(first + d)] * (1.0 + 0.35 * Math.Min(_activeByDay[first + d].Length, 3)) * (_blackFridayWeek[first + d] ? 1.8 : 1.0);
            var cum = Rng.Cumulate(w);
            int from = idx;
            for (int k = 0; k < signupsPerMonth[m]; k++)
                signup[idx++] = (first + rng.Pick(cum)) * SecondsPerDay + TimeOfDay(rng, false);
            Array.Sort(signup, from, idx - from);
        }

        var acqCum = Rng.Cumulate(AcquisitionWeights);
        var salesCum = Rng.Cumulate(SalesChannelWeights);
        var favCum = Rng.Cumulate(Categories.Select(c => c.Weight).ToArray());
        var countryCum = Rng.Cumulate(Countries.Select(c => c.Weight).ToArray());
        var cityCum = Countries.Select(c => Rng.Cumulate(c.Cities.Select(x => x.Weight).ToArray())).ToArray();

        int earlierBound = 0; // customers [0, earlierBound) signed up on an earlier day than the current one
        for (int i = 0; i < n; i++)
        {
            if ((i & 0xFFF) == 0)
                ct.ThrowIfCancellationRequested();
            int sec = signup[i];
            int day = sec / SecondsPerDay;
            if (i > 0 && day != signup[i - 1] / SecondsPerDay)
                earlierBound = i;

            ref var c = ref _customers[i];
            c.SignupSec = sec;
            c.AcqCampaign = -1;
            int channel = -1;
            int? referredBy = null;

            var active = _activeByDay[day];
            if (active.Length > 0 && rng.Chance(0.18))
            {
                c.AcqCampaign = active[rng.Next(active.Length)];
                channel = _campaigns[c.AcqCampaign].Channel;
            }
            else if (earlierBound > 0 && rng.Chance(0.12))
            {
                int referrer = FindReferrer(rng, earlierBound, sec);
                if (referrer >= 0)
                {
                    referredBy = referrer + 1;
                    channel = Referral;
                    c.Referred = true;
                }
            }
            if (channel < 0)
                channel = rng.Pick(acqCum);

            double z = rng.Normal() + ChannelValueShift[channel];
            c.Value = (float)z;
            c.Rate = (float)Math.Clamp(0.75 * Math.Exp(0.75 * z + 0.45 * rng.Normal()), 0.02, 20.0);
            c.ChurnP = (float)Math.Clamp(0.14 * Math.Exp(-0.55 * z + 0.3 * rng.Normal()), 0.01, 0.8);
            c.LapseP = (float)(0.04 + 0.10 * rng.NextDouble());
            c.BasketMul = (float)Math.Exp(0.30 * z + 0.30 * rng.Normal());
            c.FavCategory = (byte)rng.Pick(favCum);
            c.PrefChannel = (byte)rng.Pick(salesCum);

            // First purchase.
            c.FirstSec = -1;
            if (c.AcqCampaign >= 0)
            {
                // Acquired through a campaign: the first order falls inside the campaign and carries it.
                long campaignEnd = (long)(_campaigns[c.AcqCampaign].EndDay + 1) * SecondsPerDay - 1;
                long t = sec + (rng.Chance(0.6) ? rng.Next(60, 3 * 3600) : (long)(rng.Exponential() * 1.5 * SecondsPerDay));
                c.FirstSec = (int)Math.Min(t, Math.Min(campaignEnd, _endSec - 1));
                c.NextChannel = c.PrefChannel == StoreChannel ? (byte)0 : c.PrefChannel; // signed up online
            }
            else if (!rng.Chance(NeverBuyProbability[channel]))
            {
                long t = sec + (rng.Chance(0.55) ? rng.Next(60, 2 * 3600) : (long)(rng.Exponential() * 14.0 * SecondsPerDay));
                c.NextChannel = c.PrefChannel;
                if (t < _endSec)
                    c.FirstSec = (int)t;
            }

            // Master data row.
            string first = FirstNames[rng.Next(FirstNames.Length)];
            string last = LastNames[rng.Next(LastNames.Length)];
            int country = rng.Pick(countryCum);
            string city = Countries[country].Cities[rng.Pick(cityCum[country])].City;
            string email = MakeEmail(rng, first, last, i + 1);
            decimal acqCost = AcquisitionCostFor(rng, channel);
            long updated = sec;
            if (rng.Chance(0.15))
                updated = sec + (long)(rng.NextDouble() * (_endSec - 1 - sec));
            sink.Customer(i + 1, first + " " + last, email, Countries[country].Name, city, _dayText[day],
                AcquisitionChannels[channel], Fmt.Money(acqCost), referredBy, Ts(updated));
        }
        return n;
    }

    /// <summary>An earlier customer who already bought, preferring valuable (and themselves referred) customers.</summary>
    private int FindReferrer(Rng rng, int earlierBound, int signupSec)
    {
        for (int attempt = 0; attempt < 40; attempt++)
        {
            int j = rng.Next(earlierBound);
            ref var r = ref _customers[j];
            if (r.FirstSec < 0 || r.FirstSec >= signupSec)
                continue;
            double accept = Math.Min(1.0, 0.25 * Math.Exp(0.8 * r.Value)) * (r.Referred ? 1.6 : 1.0);
            if (rng.Chance(accept))
                return j;
        }
        return -1;
    }

    private static string MakeEmail(Rng rng, string first, string last, int id)
    {
        static string Clean(string s)
        {
            Span<char> buf = stackalloc char[s.Length];
            int n = 0;
            foreach (char ch in s.Normalize(System.Text.NormalizationForm.FormD))
            {
                if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
                    buf[n++] = ch;
                else if (ch is >= 'A' and <= 'Z')
                    buf[n++] = (char)(ch + 32);
            }
            return new string(buf[..n]);
        }
        string f = Clean(first), l = Clean(last);
        string domain = EmailDomains[rng.Next(EmailDomains.Length)];
        string idText = id.ToString(CultureInfo.InvariantCulture);
        return rng.Next(3) switch
        {
            0 => $"{f}.{l}{idText}@{domain}",
            1 => $"{f[0]}{l}.{idText}@{domain}",
            _ => $"{f}_{l}_{idText}@{domain}",
        };
    }

    private static decimal AcquisitionCostFor(Rng rng, int channel)
    {
        if (channel == Organic)
            return 0m;
        if (channel == Referral)
            return rng.Chance(0.5) ? 10m : 15m; // referral bonus
        double cost = AcquisitionCost[channel] * Math.Exp(0.3 * rng.Normal());
        return Fmt.Round2((decimal)Math.Round(cost, 4));
    }

    // ---------------------------------------------------------------- orders

    private static readonly double[] DiscountCum = Rng.Cumulate([0, 30, 30, 20, 12, 8]);
    private static readonly decimal[] PriceFactors = [0.85m, 0.90m, 0.95m, 1.05m, 1.10m];

    private (long Orders, long Lines) Simulate(Rng rng, ISampleSink sink, CancellationToken ct)
    {
        int n = _customers.Length;
        var salesCum = Rng.Cumulate(SalesChannelWeights);
        var initial = new List<(int, long)>();
        for (int i = 0; i < n; i++)
            if (_customers[i].FirstSec >= 0)
                initial.Add((i, Key(_customers[i].FirstSec, i)));
        var queue = new PriorityQueue<int, long>(initial);
        initial.Clear();
        initial.TrimExcess();

        long orderId = 0, lineCount = 0;
        Span<int> chosen = stackalloc int[32];
        while (queue.TryDequeue(out int ci, out long key))
        {
            long ts = key >> 32;
            if (ts >= _endSec)
                break;
            if ((orderId & 0xFFF) == 0)
                ct.ThrowIfCancellationRequested();
            ref var c = ref _customers[ci];
            int day = (int)(ts / SecondsPerDay);
            orderId++;

            // Campaign attribution: the acquiring campaign on the first order, else maybe a running campaign.
            int campaign = -1;
            if (c.Orders == 0 && c.AcqCampaign >= 0)
                campaign = c.AcqCampaign;
            else
            {
                var active = _activeByDay[day];
                if (active.Length > 0)
                {
                    int pick = active[rng.Next(active.Length)];
                    if (rng.Chance(CampaignTagProbability[_campaigns[pick].Channel]))
                        campaign = pick;
                }
            }

            double u = rng.NextDouble();
            string status;
            long updated;
            if (u < 0.035)
            {
                status = "cancelled";
                updated = ts + rng.Next(300, SecondsPerDay);
            }
            else if (u < 0.07)
            {
                status = "returned";
                updated = ts + rng.Next(5 * SecondsPerDay, 30 * SecondsPerDay);
            }
            else
            {
                status = "completed";
                updated = ts + rng.Next(0, 3 * SecondsPerDay);
            }
            updated = Math.Min(updated, _endSec - 1);

            string tsText = Ts(ts), updatedText = Ts(updated);
            sink.Order(orderId, ci + 1, tsText, SalesChannels[c.NextChannel], campaign >= 0 ? campaign + 1 : null, status, updatedText);

            // Lines.
            var date = _start.AddDays(day);
            bool holiday = date.Month is 11 or 12;
            int lines = 1 + rng.Poisson(1.1 * c.BasketMul * (holiday ? 1.2 : 1.0));
            lines = Math.Min(lines, chosen.Length);
            string? campaignDiscount = campaign >= 0 ? _campaigns[campaign].DiscountText : null;
            bool promoDay = _blackFridayWeek[day];
            for (int ln = 0; ln < lines; ln++)
            {
                int p = PickProduct(rng, c.FavCategory, chosen[..ln]);
                chosen[ln] = p;
                ref var prod = ref _products[p];
                var category = Categories[prod.Category];

                double q = rng.NextDouble();
                int qty = q < 0.80 ? 1 : q < 0.93 ? 2 : q < 0.98 ? 3 : rng.Next(4, 7);
                if (category.QuantityBoost > 0 && rng.Chance(category.QuantityBoost))
                    qty += 1 + rng.Next(3);

                string price = prod.ListText;
                if (rng.Chance(0.07))
                {
                    decimal other = Fmt.Round2(prod.ListPrice * PriceFactors[rng.Next(PriceFactors.Length)]);
                    price = Fmt.Money(Math.Max(0.01m, other));
                }

                string discount = DiscountTexts[0];
                if (campaignDiscount is not null && rng.Chance(0.8))
                    discount = campaignDiscount;
                else if (rng.Chance(promoDay ? 0.35 : 0.10))
                    discount = DiscountTexts[rng.Pick(DiscountCum)];

                sink.OrderLine(orderId, ln + 1, p + 1, qty, price, discount, updatedText);
                lineCount++;
            }
            c.Orders++;

            // Next purchase, churn or lapse.
            double churn = c.Orders == 1 ? Math.Min(0.9, 2.2 * c.ChurnP + 0.1) : c.ChurnP;
            if (rng.Chance(churn))
                continue;
            double t = ts;
            if (rng.Chance(c.LapseP))
                t += (100 + 200 * rng.NextDouble()) * SecondsPerDay;
            double target = IntensityAt(t) + rng.Exponential() * DaysPerMonth / c.Rate;
            int nextDay = DayAtIntensity(target);
            if (nextDay < 0)
                continue;
            c.NextChannel = rng.Chance(0.8) ? c.PrefChannel : (byte)rng.Pick(salesCum);
            long next = (long)nextDay * SecondsPerDay + TimeOfDay(rng, c.NextChannel == StoreChannel);
            next = Math.Max(next, ts + 3600);
            if (next >= _endSec)
                continue;
            queue.Enqueue(ci, Key(next, ci));
        }
        return (orderId, lineCount);
    }

    private static long Key(long ts, int customerIndex) => (ts << 32) | (uint)customerIndex;

    private int PickProduct(Rng rng, int favCategory, ReadOnlySpan<int> already)
    {
        int p = 0;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            if (rng.Chance(0.55) && _categoryProducts[favCategory].Length > 0)
                p = _categoryProducts[favCategory][rng.Pick(_categoryCum[favCategory])];
            else
                p = rng.Pick(_productCum);
            if (!already.Contains(p))
                return p;
        }
        return p;
    }
}

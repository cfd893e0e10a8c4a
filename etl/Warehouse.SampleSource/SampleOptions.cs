namespace Warehouse.SampleSource;

/// <summary>Size and shape of a generated sample shop. The same options always give the same data.</summary>
public sealed record SampleOptions
{
    /// <summary>Customer master size; about 10 order lines per customer on average overall.</summary>
    public int Customers { get; init; } = 2_000;

    /// <summary>Seed of the pseudo-random generator; a different seed gives different data.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>First signup month; the data spans [StartDate, StartDate + Months).</summary>
    public DateOnly StartDate { get; init; } = new(2023, 1, 1);

    /// <summary>Number of months covered (at least 24).</summary>
    public int Months { get; init; } = 36;

    /// <summary>Number of products; 0 derives it from Customers (clamp(Customers / 20, 50, 5000)).</summary>
    public int Products { get; init; } = 0;

    /// <summary>Number of marketing campaigns; 0 derives it (about 1.5 per month).</summary>
    public int Campaigns { get; init; } = 0;

    public const int MinCustomers = 1;
    public const int MaxCustomers = 100_000_000;
    public const int MinMonths = 24;
    public const int MaxMonths = 600;
    public const int MinStartYear = 1900;
    public const int MaxEndYear = 9000;
    internal const int MaxProducts = 1_000_000;
    internal const int MaxCampaigns = 100_000;

    internal int EffectiveProducts => Products > 0 ? Products : Math.Clamp(Customers / 20, 50, 5000);

    internal int EffectiveCampaigns => Campaigns > 0 ? Campaigns : Math.Max(1, (int)Math.Round(Months * 1.5, MidpointRounding.AwayFromZero));

    internal DateOnly EndDate => StartDate.AddMonths(Months);

    /// <summary>Whether <paramref name="months"/> of history from <paramref name="start"/> lie
    /// between <see cref="MinStartYear"/> and <see cref="MaxEndYear"/>.</summary>
    public static bool SpanFits(DateOnly start, int months) =>
        start.Year >= MinStartYear && start.Year + (months / 12) + 1 <= MaxEndYear;

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when an option is out of range.</summary>
    internal void Validate()
    {
        if (Customers < MinCustomers || Customers > MaxCustomers)
            throw new ArgumentException($"SampleOptions.Customers must be between {MinCustomers} and {MaxCustomers:N0}; got {Customers}.", "options");
        if (Months < MinMonths || Months > MaxMonths)
            throw new ArgumentException($"SampleOptions.Months must be between {MinMonths} and {MaxMonths}; got {Months}.", "options");
        if (Products < 0 || Products > MaxProducts)
            throw new ArgumentException($"SampleOptions.Products must be 0 (derive from Customers) or between 1 and {MaxProducts:N0}; got {Products}.", "options");
        if (Campaigns < 0 || Campaigns > MaxCampaigns)
            throw new ArgumentException($"SampleOptions.Campaigns must be 0 (derive from Months) or between 1 and {MaxCampaigns:N0}; got {Campaigns}.", "options");
        if (!SpanFits(StartDate, Months))
            throw new ArgumentException($"SampleOptions.StartDate must lie between {MinStartYear} and {MaxEndYear} including the whole span; got {StartDate:yyyy-MM-dd} plus {Months} months.", "options");
    }
}

/// <summary>Rows written per table (keys: customers, products, orders, order_lines, campaigns).</summary>
public sealed record SampleSummary(IReadOnlyDictionary<string, long> RowsPerTable);

namespace Warehouse.Etl.Pipeline;

/// <summary>The parameters every mart transform may use (see docs/metrics.md).</summary>
public sealed record MartOptions
{
    /// <summary>Which marts to build (names from <see cref="MartCatalog"/>); empty means all.</summary>
    public IReadOnlyList<string> Enabled { get; init; } = [];

    /// <summary>RFM looks at qualifying orders dated in (as-of - window, as-of].</summary>
    public int RfmWindowDays { get; init; } = 365;

    /// <summary>Pyramid cut-offs, in basis points of active customers: Top, Big (cumulative),
    /// Medium (cumulative).</summary>
    public int PyramidTopBasisPoints { get; init; } = 100;
    public int PyramidBigBasisPoints { get; init; } = 500;
    public int PyramidMediumBasisPoints { get; init; } = 2_000;

    /// <summary>The Pareto share is the revenue share of this top share of active customers.</summary>
    public int ParetoBasisPoints { get; init; } = 2_000;

    /// <summary>How many levels of referrals count towards a customer's value (1 = direct only).</summary>
    public int ReferralDepth { get; init; } = 3;

    /// <summary>"margin" or "revenue": what "value" means in the customer lifetime value.</summary>
    public string ClvValueBasis { get; init; } = "margin";

    /// <summary>Value x loyalty split points; null means the median over active customers.</summary>
    public decimal? ValueSplit { get; init; }
    public decimal? LoyaltySplit { get; init; }

    public void Validate()
    {
        if (RfmWindowDays < 1) throw new ArgumentException("the RFM window must be at least 1 day");
        if (!(0 < PyramidTopBasisPoints && PyramidTopBasisPoints <= PyramidBigBasisPoints && PyramidBigBasisPoints <= PyramidMediumBasisPoints && PyramidMediumBasisPoints <= 10_000))
            throw new ArgumentException("pyramid cut-offs must satisfy 0 < top <= big <= medium <= 10000 basis points");
        if (ParetoBasisPoints is <= 0 or > 10_000) throw new ArgumentException("the Pareto share must be 1..10000 basis points");
        if (ReferralDepth < 1) throw new ArgumentException("the referral depth must be at least 1");
        if (ClvValueBasis is not ("margin" or "revenue")) throw new ArgumentException("the CLV value basis must be 'margin' or 'revenue'");
        if (LoyaltySplit is < 0 or > 1) throw new ArgumentException("the loyalty split must be between 0 and 1");
        MartCatalog.Resolve(Enabled);
    }

    /// <summary>The SQL parameters for one as-of date.</summary>
    public Dictionary<string, object?> Parameters(long runId, DateOnly asOf) => new()
    {
        ["run_id"] = runId,
        ["as_of"] = asOf,
        ["window_days"] = RfmWindowDays,
        ["tier_top_bp"] = PyramidTopBasisPoints,
        ["tier_big_bp"] = PyramidBigBasisPoints,
        ["tier_medium_bp"] = PyramidMediumBasisPoints,
        ["pareto_bp"] = ParetoBasisPoints,
        ["referral_depth"] = ReferralDepth,
        ["clv_value_basis"] = ClvValueBasis,
        ["value_split"] = ValueSplit,
        ["loyalty_split"] = LoyaltySplit,
    };
}

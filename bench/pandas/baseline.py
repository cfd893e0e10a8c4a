#!/usr/bin/env python3
"""Benchmark baseline (issue 7): the project's RFM scores and segments, customer value pyramid and
monthly retention, computed with pandas the way a pandas user would (read_csv, groupby, rank,
merge), straight from the sample generator's CSV files.

    /usr/bin/python3 bench/pandas/baseline.py <csv-folder> <yyyy-MM-dd>

Prints the same summary as bench/baseline (the DuckDB SQL baseline):
    rfm_segment <segment, spaces as _> <customers>       every segment, in the project's order
    r_score|f_score|m_score <1..5> <customers>
    pyramid <tier> <customers> <12-month revenue, 2 decimals, half away from zero>
    retention <yyyy-MM> <active> <retained> <new> <reactivated> <churned>
    elapsed_ms <reading the CSVs and computing>

Definitions are the project's (docs/metrics.md). Money is kept in exact integers (ten-thousandths
of the currency unit: the source has at most 2 decimals for prices and discount rates), never in
floats: floating sums could break ties between customers with equal monetary value differently
from the project's exact decimals, and so change a score.
"""
import sys
import time

import numpy as np
import pandas as pd

RFM_WINDOW_DAYS = 365                      # Marts:RfmWindowDays
TIER_CUTS_BP = (("Top", 100), ("Big", 500), ("Medium", 2000))   # cumulative basis points of active customers
TIERS = ["Top", "Big", "Medium", "Small", "Inactive", "Prospect"]
# Segment by R score then F score: (segment, R scores, F scores), in the project's presentation order.
SEGMENTS = [
    ("Champions", {5}, {4, 5}),
    ("Loyal", {3, 4}, {4, 5}),
    ("Potential Loyalist", {4, 5}, {2, 3}),
    ("New", {5}, {1}),
    ("Promising", {4}, {1}),
    ("Need Attention", {3}, {3}),
    ("About to Sleep", {3}, {1, 2}),
    ("At Risk", {1, 2}, {3, 4}),
    ("Can't Lose Them", {1, 2}, {5}),
    ("Hibernating", {1, 2}, {1, 2}),
]


def hundredths(values: pd.Series, what: str) -> pd.Series:
    """A money or rate column with at most 2 decimals, as exact integer hundredths."""
    scaled = (values * 100).round()
    if not np.allclose(scaled, values * 100, rtol=0, atol=1e-6):
        raise SystemExit(f"{what} has more than 2 decimals; this baseline keeps money exact only to 2")
    return scaled.astype("int64")


def months_before(d: pd.Timestamp, n: int) -> pd.Timestamp:
    """The same point n months earlier: a month end maps to a month end, any other day to the same
    day (clamped to the month's end)."""
    earlier = d - pd.DateOffset(months=n)
    return earlier + pd.offsets.MonthEnd(0) if d.is_month_end else earlier


def quintile_score(x: pd.Series) -> pd.Series:
    """Score 1..5 of a value where higher is better: 1 + #{k = 1..4 : x > t_k}, t_k the value at
    position ceil(k n / 5) in ascending order (PERCENTILE_DISC(k / 5)). x > t_k exactly when at
    least ceil(k n / 5) values are below x, i.e. 5 (rank_min - 1) >= k n, so the score is
    1 + floor(5 (rank_min - 1) / n). Equal values get equal scores."""
    n = len(x)
    below = x.rank(method="min").astype("int64") - 1
    return 1 + (5 * below) // n


def compute(folder: str, as_of: pd.Timestamp):
    orders = pd.read_csv(f"{folder}/orders.csv", usecols=["order_id", "customer_id", "order_ts", "status"],
                         dtype={"order_id": "int64", "customer_id": str, "order_ts": str, "status": str})
    lines = pd.read_csv(f"{folder}/order_lines.csv", usecols=["order_id", "quantity", "unit_price", "discount_rate"],
                        dtype={"order_id": "int64", "quantity": "int64", "unit_price": "float64",
                               "discount_rate": "float64"})
    customers = pd.read_csv(f"{folder}/customers.csv", usecols=["customer_id", "signup_date"],
                            dtype={"customer_id": str, "signup_date": str})

    # Net amount of an order = sum over its lines of quantity * unit_price * (1 - discount_rate),
    # in ten-thousandths: quantity * price in cents * (100 - discount in percent).
    lines["net"] = lines["quantity"] * hundredths(lines["unit_price"], "unit_price") \
        * (100 - hundredths(lines["discount_rate"], "discount_rate"))
    order_net = lines.groupby("order_id")["net"].sum()

    orders["order_date"] = pd.to_datetime(orders["order_ts"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    orders = orders.merge(order_net, left_on="order_id", right_index=True, how="inner")
    # Qualifying orders: completed, net amount above zero; those dated up to the as-of date.
    sales = orders[(orders["status"] == "completed") & (orders["net"] > 0)]
    sales = sales[sales["order_date"] <= as_of]

    # --- RFM over (as_of - 365 days, as_of] ---
    window = sales[sales["order_date"] > as_of - pd.Timedelta(days=RFM_WINDOW_DAYS)]
    rfm = window.groupby("customer_id").agg(last_order=("order_date", "max"),
                                            frequency=("order_id", "nunique"),
                                            monetary=("net", "sum"))
    rfm["recency_days"] = (as_of - rfm["last_order"]).dt.days
    rfm["r_score"] = quintile_score(-rfm["recency_days"])
    rfm["f_score"] = quintile_score(rfm["frequency"])
    rfm["m_score"] = quintile_score(rfm["monetary"])
    segment_of = {10 * r + f: name for name, rs, fs in SEGMENTS for r in rs for f in fs}
    rfm["segment"] = (10 * rfm["r_score"] + rfm["f_score"]).map(segment_of)
    segment_counts = rfm["segment"].value_counts().reindex([s[0] for s in SEGMENTS], fill_value=0)
    score_counts = {c: rfm[c].value_counts().reindex(range(1, 6), fill_value=0) for c in ("r_score", "f_score", "m_score")}

    # --- Customer value pyramid: trailing 12 months (months_before(as_of, 12), as_of] ---
    start = months_before(as_of, 12)
    buyers = sales.assign(revenue_12m=sales["net"].where(sales["order_date"] > start, 0)) \
        .groupby("customer_id", as_index=False)["revenue_12m"].sum()
    active = buyers[buyers["revenue_12m"] > 0].sort_values(["revenue_12m", "customer_id"], ascending=[False, True])
    rank = np.arange(1, len(active) + 1)
    cuts = [-(-len(active) * bp // 10000) for _, bp in TIER_CUTS_BP]   # ceil(N * bp / 10000)
    active = active.assign(tier=np.select([rank <= c for c in cuts], [t for t, _ in TIER_CUTS_BP], "Small"))
    inactive = buyers[buyers["revenue_12m"] == 0].assign(tier="Inactive")
    # Prospects: the customer master, plus customers only orders name (no signup date), signed up
    # on or before as_of (or no signup date), with no qualifying order on or before as_of.
    known = pd.concat([customers.assign(signup=pd.to_datetime(customers["signup_date"], format="%Y-%m-%d")),
                       pd.DataFrame({"customer_id": orders.loc[~orders["customer_id"].isin(customers["customer_id"]),
                                                               "customer_id"].unique()})],
                      ignore_index=True)
    prospects = known[(known["signup"].isna() | (known["signup"] <= as_of))
                      & ~known["customer_id"].isin(buyers["customer_id"])]
    tiers = pd.concat([active[["customer_id", "revenue_12m", "tier"]], inactive[["customer_id", "revenue_12m", "tier"]],
                       prospects[["customer_id"]].assign(revenue_12m=0, tier="Prospect")], ignore_index=True)
    pyramid = tiers.groupby("tier")["revenue_12m"].agg(["size", "sum"]).reindex(TIERS, fill_value=0)

    # --- Monthly retention: months from the first qualifying order's to as_of's ---
    activity = pd.DataFrame({"customer_id": sales["customer_id"],
                             "month": sales["order_date"].dt.year * 12 + sales["order_date"].dt.month - 1}) \
        .drop_duplicates()
    activity["new"] = activity["month"] == activity.groupby("customer_id")["month"].transform("min")
    previous = activity[["customer_id", "month"]].assign(month=activity["month"] + 1)   # active the month before
    activity = activity.merge(previous, on=["customer_id", "month"], how="left", indicator=True)
    activity["retained"] = activity["_merge"] == "both"
    months = range(activity["month"].min(), as_of.year * 12 + as_of.month) if len(activity) else range(0)
    retention = activity.groupby("month").agg(active=("customer_id", "size"), retained=("retained", "sum"),
                                              new=("new", "sum")).reindex(months, fill_value=0)
    retention["reactivated"] = retention["active"] - retention["retained"] - retention["new"]
    retention["churned"] = retention["active"].shift(1, fill_value=0) - retention["retained"]

    return segment_counts, score_counts, pyramid, retention


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: baseline.py <csv-folder> <yyyy-MM-dd>", file=sys.stderr)
        return 2
    folder = sys.argv[1].rstrip("/")
    as_of = pd.to_datetime(sys.argv[2], format="%Y-%m-%d")

    clock = time.perf_counter()
    segment_counts, score_counts, pyramid, retention = compute(folder, as_of)
    elapsed_ms = int((time.perf_counter() - clock) * 1000)

    out = []
    for segment, count in segment_counts.items():
        out.append(f"rfm_segment {segment.replace(' ', '_')} {count}")
    for column, counts in score_counts.items():
        out.extend(f"{column} {score} {count}" for score, count in counts.items())
    for tier, row in pyramid.iterrows():
        cents = (int(row["sum"]) + 50) // 100          # ten-thousandths to cents, half away from zero (revenue >= 0)
        out.append(f"pyramid {tier} {int(row['size'])} {cents // 100}.{cents % 100:02d}")
    for month, row in retention.iterrows():
        out.append(f"retention {month // 12:04d}-{month % 12 + 1:02d} {row['active']} {row['retained']} "
                   f"{row['new']} {row['reactivated']} {row['churned']}")
    out.append(f"elapsed_ms {elapsed_ms}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

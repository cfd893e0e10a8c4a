#!/usr/bin/env python3
"""Writes bench/results.md (to stdout) from bench/work/measurements.tsv: the machine, the median
figures per size and step, the ratios against the targets of the benchmark issue, and the SQLite
extraction throughput. Standard library only.

usage: report.py <work-folder>
"""
import csv
import os
import platform
import statistics
import sys
from collections import defaultdict

work = sys.argv[1]
runs = defaultdict(list)
lines_of = {}
checks = defaultdict(dict)
with open(os.path.join(work, "measurements.tsv"), newline="") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        n = int(row["customers"])
        step = row["step"]
        if step.startswith(("equal_", "differ_")):
            verdict, other = step.split("_", 1)
            checks[n][other] = verdict
            continue
        if not step.startswith("incremental"):
            lines_of[n] = int(row["order_lines"])
        runs[(n, step)].append((float(row["wall_s"]), int(row["peak_rss_mb"]), int(row["order_lines"])))


def median(n, step, i=0):
    values = [r[i] for r in runs.get((n, step), [])]
    return statistics.median(values) if values else None


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0


def fmt(x, unit=""):
    return "—" if x is None else f"{x:,.1f}{unit}"


sizes = sorted({n for n, _ in runs})
print("# Benchmark results")
print()
print("Written by `bench/run.sh` (see [docs/performance.md](../docs/performance.md)). Medians of the runs")
print("shown; wall-clock time and peak resident memory from `/usr/bin/time -v`.")
print()
print(f"Machine: {os.cpu_count()} cores ({cpu()}), {memory_gib():.0f} GiB RAM, {platform.system()} {platform.release()}.")
print()
print("| customers | order lines | step | runs | median wall s | median peak MB |")
print("| ---: | ---: | --- | ---: | ---: | ---: |")
for n in sizes:
    for step in ("full", "incremental", "incremental_next_day", "duckdb_sql", "pandas"):
        r = runs.get((n, step))
        if not r:
            continue
        shown_lines = r[0][2] if step.startswith("incremental") else lines_of.get(n, 0)
        label = {"full": "full `warehouse run` (CSV source, all marts, Parquet, workbooks)",
                 "incremental": "incremental run (1% new orders, 1% changed customers; same as-of date)",
                 "incremental_next_day": "incremental run, next day (another 1%; as-of date moved: a new mart snapshot)",
                 "duckdb_sql": "hand-written SQL in DuckDB (RFM, pyramid, retention)",
                 "pandas": "pandas (RFM, pyramid, retention)"}[step]
        print(f"| {n:,} | {shown_lines:,} | {label} | {len(r)} | {fmt(median(n, step))} | {fmt(median(n, step, 1))} |")
print()
print("## Against the targets")
print()
print("| customers | full / DuckDB SQL (target ≤ 1.5) | pandas / full (target ≥ 10) | incremental / full (target < 0.10) | next-day incremental / full | full peak MB (target < 1,536) | results equal |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for n in sizes:
    full, duck, pandas, inc, nxt = (median(n, s) for s in ("full", "duckdb_sql", "pandas", "incremental", "incremental_next_day"))
    ratio = lambda a, b: "—" if a is None or b in (None, 0) else f"{a / b:.2f}"
    eq = ", ".join(f"{k}: {v}" for k, v in sorted(checks[n].items())) or "—"
    print(f"| {n:,} | {ratio(full, duck)} | {ratio(pandas, full)} | {ratio(inc, full)} | {ratio(nxt, full)} | {fmt(median(n, 'full', 1))} | {eq} |")
print()
path = os.path.join(work, "sqlite-extract.tsv")
if os.path.exists(path):
    print("## SQLite source: extraction throughput")
    print()
    print("| entity | rows | seconds | rows per second |")
    print("| --- | ---: | ---: | ---: |")
    total_rows = total_s = 0
    with open(path) as f:
        for line in f:
            entity, rows, seconds = line.strip().split("\t")
            rows, seconds = int(rows), float(seconds)
            total_rows += rows
            total_s += seconds
            print(f"| {entity} | {rows:,} | {seconds:.2f} | {rows / seconds if seconds else 0:,.0f} |")
    if total_s:
        print(f"| all | {total_rows:,} | {total_s:.2f} | {total_rows / total_s:,.0f} |")

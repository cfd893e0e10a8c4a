#!/usr/bin/env bash
# The benchmark: the nightly job against the hand-written DuckDB limit and against pandas.
#
#   bench/run.sh                      # 1M and 10M order lines (100k and 1M customers)
#   bench/run.sh 100000               # one size, in customers (about 9.4 order lines each)
#   REPEAT=5 bench/run.sh 100000      # runs per measurement (median reported); default 3
#
# For each size: generates the CSV source (the generator's CSV mode), then measures with
# /usr/bin/time -v (wall clock, peak memory):
#   full         `warehouse run` on the CSV folder: extract, load, all marts, Parquet and workbooks
#   incremental  `warehouse run` after a drop of 1% new orders and 1% changed customers (as-of date
#                unchanged: the drop's orders are dated after it, so its mart snapshot is kept)
#   incremental_next_day  the same after a second drop, with the as-of date moved past the new
#                orders: a new mart snapshot is built, as a nightly run does every night
#   duckdb_sql   the same RFM, pyramid and monthly retention in hand-written SQL, DuckDB alone
#   pandas       the same in pandas (Debian's python3-pandas)
#   sqlite       the SQLite source's extraction throughput (rows per second), at 100k customers
# and checks that the project's RFM and pyramid (and retention) equal both baselines'. Figures go
# to bench/work/measurements.tsv; bench/results.md is written from them (bench/report.py).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK="$ROOT/bench/work"
REPEAT=${REPEAT:-3}
AS_OF=2025-12-31
NEXT_DAY=2026-01-31   # after both drops' orders (make_drop.py dates them in the days after the data)
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
mkdir -p "$WORK"
TSV="$WORK/measurements.tsv"
[ -f "$TSV" ] || printf 'customers\torder_lines\tstep\trun\twall_s\tpeak_rss_mb\n' > "$TSV"

echo "Building (Release) ..."
dotnet build -c Release "$ROOT/etl/Warehouse.Cli" -nologo -v q > "$WORK/build.log"
dotnet build -c Release "$ROOT/bench/baseline" -nologo -v q >> "$WORK/build.log"
WAREHOUSE=(dotnet "$ROOT/etl/Warehouse.Cli/bin/Release/net10.0/warehouse.dll")
BASELINE=(dotnet "$ROOT/bench/baseline/bin/Release/net10.0/Baseline.dll")
PANDAS=(/usr/bin/python3 "$ROOT/bench/pandas/baseline.py")
if ! /usr/bin/python3 -c 'import pandas' 2> /dev/null; then
    echo "Installing Debian's python3-pandas (the pandas baseline) ..."
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y python3-pandas > "$WORK/apt.log" 2>&1 || { echo "could not install python3-pandas; see $WORK/apt.log" >&2; exit 2; }
fi

# keep <customers> / restore <customers>: a copy of the warehouse and its publish, and putting it back.
keep() {
    rm -rf "$WORK/saved-$1" && mkdir -p "$WORK/saved-$1"
    cp "$WORK/warehouse-$1.duckdb" "$WORK/saved-$1/"
    cp -a "$WORK/out-$1" "$WORK/saved-$1/out"
}
restore() {
    rm -rf "$WORK/warehouse-$1.duckdb" "$WORK/warehouse-$1.duckdb.wal" "$WORK/out-$1"
    cp "$WORK/saved-$1/warehouse-$1.duckdb" "$WORK/"
    cp -a "$WORK/saved-$1/out" "$WORK/out-$1"
}

# measure <customers> <lines> <step> <run> <command...>: one timed run, appended to the TSV.
measure() {
    local customers=$1 lines=$2 step=$3 run=$4; shift 4
    local log="$WORK/$step-$customers-$run.log"
    if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$log" 2>&1; then
        echo "$step failed; see $log" >&2; tail -5 "$log" >&2; exit 1
    fi
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$customers" "$lines" "$step" "$run" "$wall" "$rss" >> "$TSV"
    echo "  $step #$run: ${wall} s, ${rss} MB"
}

for N in "${SIZES[@]}"; do
    CSV="$WORK/csv-$N"
    if [ ! -f "$CSV/order_lines.csv" ]; then
        echo "Generating $N customers as CSV ..."
        "${WAREHOUSE[@]}" generate-sample --format csv --customers "$N" -o "$CSV" > /dev/null
    fi
    rm -f "$CSV"/*-drop*.csv
    LINES=$(( $(wc -l < "$CSV/order_lines.csv") - 1 ))
    echo "Size: $N customers, $LINES order lines"
    CONFIG="$WORK/config-$N.json"
    cat > "$CONFIG" <<JSON
{
  "Warehouse": { "Path": "$WORK/warehouse-$N.duckdb" },
  "Source": { "Kind": "csv", "Path": "$CSV" },
  "Marts": { "AsOf": "$AS_OF" },
  "Publish": { "OutputFolder": "$WORK/out-$N", "Keep": 1 }
}
JSON
    for r in $(seq 1 "$REPEAT"); do
        rm -rf "$WORK/warehouse-$N.duckdb" "$WORK/warehouse-$N.duckdb.wal" "$WORK/out-$N"
        measure "$N" "$LINES" full "$r" "${WAREHOUSE[@]}" run --config "$CONFIG"
    done
    # The project's results, for the comparison below (from the last full run's warehouse).
    "${BASELINE[@]}" --project "$WORK/warehouse-$N.duckdb" "$AS_OF" > "$WORK/summary-project-$N.txt"

    /usr/bin/python3 "$ROOT/bench/make_drop.py" "$CSV" drop1 > /dev/null
    DROP_LINES=$(( $(wc -l < "$CSV/order_lines-drop1.csv") - 1 ))
    echo "  drop: $DROP_LINES new order lines, $(( $(wc -l < "$CSV/customers-drop1.csv") - 1 )) changed customers"
    for r in $(seq 1 "$REPEAT"); do
        # Each run on a copy of the warehouse and publish the full run left, so each sees the same drop.
        if [ "$r" -gt 1 ]; then restore "$N"; else keep "$N"; fi
        measure "$N" "$DROP_LINES" incremental "$r" "${WAREHOUSE[@]}" run --config "$CONFIG"
    done
    /usr/bin/python3 "$ROOT/bench/make_drop.py" "$CSV" drop2 > /dev/null
    DROP_LINES=$(( $(wc -l < "$CSV/order_lines-drop2.csv") - 1 ))
    export WAREHOUSE_Marts__AsOf=$NEXT_DAY
    measure "$N" "$DROP_LINES" incremental_next_day 1 "${WAREHOUSE[@]}" run --config "$CONFIG"
    unset WAREHOUSE_Marts__AsOf
    rm -f "$CSV"/*-drop*.csv
    rm -rf "$WORK/saved-$N"

    for r in $(seq 1 "$REPEAT"); do
        measure "$N" "$LINES" duckdb_sql "$r" "${BASELINE[@]}" "$CSV" "$AS_OF"
    done
    cp "$WORK/duckdb_sql-$N-1.log" "$WORK/summary-duckdb-$N.txt"
    PANDAS_REPEAT=$REPEAT
    [ "$N" -le 200000 ] || PANDAS_REPEAT=1   # minutes per run at 10M lines
    for r in $(seq 1 "$PANDAS_REPEAT"); do
        measure "$N" "$LINES" pandas "$r" "${PANDAS[@]}" "$CSV" "$AS_OF"
    done
    cp "$WORK/pandas-$N-1.log" "$WORK/summary-pandas-$N.txt"

    for other in duckdb pandas; do
        if diff <(grep -v '^elapsed_ms' "$WORK/summary-project-$N.txt") <(grep -v '^elapsed_ms' "$WORK/summary-$other-$N.txt") > "$WORK/diff-$other-$N.txt"; then
            echo "  results: project = $other"
            printf '%s\t%s\tequal_%s\t1\t0\t0\n' "$N" "$LINES" "$other" >> "$TSV"
        else
            echo "  results: project and $other DIFFER (see $WORK/diff-$other-$N.txt)" >&2
            printf '%s\t%s\tdiffer_%s\t1\t0\t0\n' "$N" "$LINES" "$other" >> "$TSV"
        fi
    done
done

# The SQLite source's extraction throughput, at 100k customers (SQLITE_CUSTOMERS).
N=${SQLITE_CUSTOMERS:-100000}
SQLITE="$WORK/sqlite-$N.db"
[ -f "$SQLITE" ] || "${WAREHOUSE[@]}" generate-sample --customers "$N" -o "$SQLITE" > /dev/null
rm -f "$WORK/warehouse-sqlite.duckdb"
WAREHOUSE_Source__ConnectionString="Data Source=$SQLITE" WAREHOUSE_Warehouse__Path="$WORK/warehouse-sqlite.duckdb" \
    "${WAREHOUSE[@]}" run --no-publish > "$WORK/sqlite-run.log" 2>&1
grep -E 'stage (customers|products|campaigns|orders|order_lines):' "$WORK/sqlite-run.log" | sed -E 's/.*stage ([a-z_]+): ([0-9,]+) rows?( read)? in ([0-9.]+) s/\1\t\2\t\4/' | tr -d , > "$WORK/sqlite-extract.tsv"

/usr/bin/python3 "$ROOT/bench/report.py" "$WORK" > "$ROOT/bench/results.md"
echo "Wrote bench/results.md"

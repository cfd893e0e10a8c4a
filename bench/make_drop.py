#!/usr/bin/env python3
"""Writes a nightly drop beside a generated CSV source: 1% new orders (copies of every 100th order,
with ids above every order already in the folder, drops included, dated in the days after the
data ends: 1-5 January 2026 for the first drop, 6-10 for the second, ...) with their lines, and 1%
of the customers changed (a new city, so a new history version; another 1% in each drop). Streams
the files; standard library only.

usage: make_drop.py <csv-folder> <drop-name ending in its number, e.g. drop1>
"""
import csv
import glob
import os
import re
import sys

folder, name = sys.argv[1], sys.argv[2]
number = int(re.search(r"(\d+)$", name).group(1))
first_day = 1 + 5 * (number - 1)


def rows(entity):
    with open(os.path.join(folder, entity + ".csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        yield header
        yield from reader


def write(entity, header, produce):
    path = os.path.join(folder, f"{entity}-{name}.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        n = 0
        for row in produce:
            w.writerow(row)
            n += 1
    return path, n


def first_pass_max_order_id():
    highest = 0
    for path in glob.glob(os.path.join(folder, "orders*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            highest = max([highest] + [int(r[0]) for r in reader])
    return highest


max_id = first_pass_max_order_id()
new_id = {}

it = rows("orders")
header = next(it)
col = {c: i for i, c in enumerate(header)}


def new_orders():
    k = 0
    for r in it:
        oid = int(r[col["order_id"]])
        if oid % 100 != 0:
            continue
        k += 1
        new_id[oid] = max_id + k
        day = first_day + k % 5
        time = r[col["order_ts"]][11:]
        r = list(r)
        r[col["order_id"]] = str(max_id + k)
        r[col["order_ts"]] = f"2026-01-{day:02d} {time}"
        r[col["status"]] = "completed"
        r[col["updated_at"]] = f"2026-01-{day:02d} {time}"
        yield r


print(*write("orders", header, new_orders()))

it = rows("order_lines")
header = next(it)
lcol = {c: i for i, c in enumerate(header)}


def new_lines():
    for r in it:
        oid = int(r[lcol["order_id"]])
        if oid in new_id:
            r = list(r)
            r[lcol["order_id"]] = str(new_id[oid])
            r[lcol["updated_at"]] = f"2026-01-{first_day + 5:02d} 00:00:00"
            yield r


print(*write("order_lines", header, new_lines()))

it = rows("customers")
header = next(it)
ccol = {c: i for i, c in enumerate(header)}


def changed_customers():
    for r in it:
        if int(r[ccol["customer_id"]]) % 100 == (number - 1) % 100:
            r = list(r)
            r[ccol["city"]] = r[ccol["city"]] + f" {name}"
            r[ccol["updated_at"]] = f"2026-01-{first_day + 5:02d} 00:00:00"
            yield r


print(*write("customers", header, changed_customers()))

#!/usr/bin/env python3
"""Reads bench-matrix.sh output (JSON lines) and prints a Markdown table of medians per case.
Usage: scripts/bench-summary.py results.jsonl [more.jsonl ...]"""
import json
import statistics
import sys
from collections import defaultdict

cases = defaultdict(list)
for path in sys.argv[1:]:
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                key = (r["connection"], r["mode"], r["concurrency"], r.get("backlog", 0))
                cases[key].append(r)

print("| backend | mode | C | runs | jobs/s (median) | enqueue/s | p50 ms | p95 ms | p99 ms | max ms |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (conn, mode, c, backlog), runs in sorted(cases.items()):
    med = lambda k: statistics.median(r[k] for r in runs) if k in runs[0] else None
    fmt = lambda v, d=0: "" if v is None else f"{v:,.{d}f}"
    label = mode + (f" +{backlog:,} waiting" if backlog else "")
    print(f"| {conn} | {label} | {c} | {len(runs)} | {fmt(med('jobs_per_s'))} | {fmt(med('enqueue_jobs_per_s'))} "
          f"| {fmt(med('p50_ms'), 2)} | {fmt(med('p95_ms'), 2)} | {fmt(med('p99_ms'), 2)} | {fmt(med('max_ms'), 2)} |")

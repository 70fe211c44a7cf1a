"""The core at scale: build a 20,000-family demo, check it, run every rule over it.

usage: python bench/core_bench.py [--families N] [--keep PATH]

Prints: demo build time, `tac check` time, time to list open families with their overdue
counts (target: under 100 ms), the rules over every family, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def _tac(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tac.cli", *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--keep", metavar="PATH", help="build the database here and keep it")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = Path(args.keep) if args.keep else folder / "bench.db"

    print(f"families: {args.families}")
    print(f"tac demo: {_tac('--db', str(db), 'demo', '--families', str(args.families)):.1f} s")
    print(f"tac check: {_tac('--db', str(db), 'check'):.2f} s")
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    from tac import rules
    from tac.store import Store

    store = Store.open(db, actor="bench", create=False)
    settings = store.settings()
    today = date.today()
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        rows = store.family_rows(open_only=True, limit=None, today=today)
        timings.append(time.perf_counter() - started)
    overdue = sum(r.overdue_actions for r in rows)
    print(f"list open families with overdue counts: {statistics.median(timings) * 1000:.0f} ms "
          f"(median of 7; {len(rows)} open families, {overdue} overdue actions; target < 100 ms)")

    # Every rule over every family, reading the caseload 500 families at a time.
    read_time = rule_time = 0.0
    drifting, trends, waiting, families = [], [], 0, 0
    started = time.perf_counter()
    for files in store.family_file_batches(500):
        read_time += time.perf_counter() - started
        started = time.perf_counter()
        for file in files:
            families += 1
            standing = rules.standing(file, today, interval_weeks=settings.review_interval_weeks)
            drift = rules.family_drift(standing, today)
            if drift:
                drifting.append(drift)
            trends.append(rules.trend_direction(rules.scaling_trend(file.tac_meetings)))
            waiting += sum(
                1 for r in file.referrals
                if rules.is_waiting_too_long(
                    r, today, limit_working_days=settings.screening_wait_working_days)
            )
        rule_time += time.perf_counter() - started
        started = time.perf_counter()
    print(f"read every family's file as models, 500 at a time: {read_time:.1f} s")
    print(f"rules over all {families} families: {rule_time * 1000:.0f} ms "
          f"({sum(1 for d in drifting if d.review_late)} late reviews, "
          f"{sum(1 for d in drifting if d.no_lead_professional)} open without a lead professional, "
          f"{sum(d.overdue_actions for d in drifting)} overdue actions, "
          f"{sum(1 for t in trends if t)} scaling trends, {waiting} referrals waiting too long)")
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: tac demo/check {children_peak:.0f} MB; this process {own_peak:.0f} MB")
    print(f"database size: {db.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()

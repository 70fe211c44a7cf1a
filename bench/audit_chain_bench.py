"""The chained audit trail and access log at scale: what `tac check` spends verifying them,
and what each write spends appending to them.

usage: python bench/audit_chain_bench.py [--families N] [--db PATH] [--looks N]

Builds a demo of N families (default 20,000), or uses the database at PATH, then prints:
the time of `tac check` (a fresh process: integrity check, foreign keys, links, the logs,
counts); the time of verifying the two logs alone (`trail.problems`, median of 3) with their
rows; and the time to log N looks at a family's record one by one (each its own
transaction, as the app does), before and after which the logs still verify.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tac.store import Store, trail  # noqa: E402


def _tac(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tac.cli", *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--db", metavar="PATH", help="use this database (built when missing)")
    parser.add_argument("--looks", type=int, default=1000)
    args = parser.parse_args()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.db"
    if not db.exists():
        print(f"tac demo --families {args.families}: "
              f"{_tac('--db', str(db), 'demo', '--families', str(args.families)):.1f} s")
    print(f"tac check: {_tac('--db', str(db), 'check'):.2f} s")

    conn = sqlite3.connect(db)
    rows = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("audit_log", "access_log")}
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        found = trail.problems(conn)
        timings.append(time.perf_counter() - started)
    conn.close()
    print(f"verify the logs alone: {statistics.median(timings):.2f} s (median of 3; "
          f"{rows['audit_log']} audit rows, {rows['access_log']} access rows; {found or 'sound'})")

    with Store.open(db, actor="bench", create=False) as store:
        family = store.families()[0]
        started = time.perf_counter()
        for _ in range(args.looks):
            store.log_access("opened the record", family_id=family.id, reference=family.reference)
        elapsed = time.perf_counter() - started
        print(f"log {args.looks} looks, one transaction each: {elapsed * 1000 / args.looks:.2f} ms a look")
    conn = sqlite3.connect(db)
    assert not trail.problems(conn), "the logs no longer verify"
    conn.close()


if __name__ == "__main__":
    main()

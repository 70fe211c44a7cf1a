"""The audit log's size as progress notes pile up: a demo database, then 10,000 notes added
the way the app adds them (read the action, append a note, save), one audited save each.

usage: python bench/audit_bench.py [--families N] [--notes N] [--keep PATH]

Prints: the time to add the notes; the audit log's rows and size (the length of its text
columns, and its pages on disk with its indexes where SQLite has dbstat) before and after
the notes; the database file's size after VACUUM. Issue 9's target: the audit log after
10,000 notes at most a third of what whole copies of each action made it.

It measures the TAC beside it (this checkout's `tac/`), not whichever one is installed, so
running the same file from a checkout of older code gives the "before" figures.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tac.cli import main as tac  # noqa: E402
from tac.models import Action, ProgressNote  # noqa: E402
from tac.store import Store  # noqa: E402

_NOTES = (
    "Rang Kerry: the chart is on the fridge and Jayden ticks it off each morning.",
    "Home visit. Mornings calmer; Jayden was on time four days out of five this week.",
    "School says attendance is up to 91% this half term; keep going.",
    "Kerry missed the appointment at the housing office; rebooked for next Tuesday.",
    "Spoke to the health visitor: weight check fine, next one in six weeks.",
)


def audit_size(db: Path) -> dict[str, int]:
    """The audit log's rows, the length of its text columns, and its pages on disk."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(audit_log)") if row[2] == "TEXT"]
        text = " + ".join(f"coalesce(length(CAST({c} AS BLOB)), 0)" for c in columns)
        rows, chars = conn.execute(f"SELECT count(*), coalesce(sum({text}), 0) FROM audit_log").fetchone()
        found = {"rows": rows, "text bytes": chars}
        with contextlib.suppress(sqlite3.OperationalError):  # SQLite built without dbstat
            found["on disk"] = conn.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name = 'audit_log' OR name IN"
                " (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log')"
            ).fetchone()[0]
        return found
    finally:
        conn.close()


def add_notes(db: Path, count: int) -> float:
    """Add `count` progress notes across every action in turn, as the app does."""
    store = Store.open(db, actor="Priya Shah", create=False)
    try:
        action_ids = [a.id for a in store.actions()]
        started = time.perf_counter()
        for number in range(count):
            action = store.get(Action, action_ids[number % len(action_ids)])
            note = ProgressNote(on=date.today(), by="Priya Shah", text=_NOTES[number % len(_NOTES)])
            action.progress = [*action.progress, note]
            store.save(action)
        return time.perf_counter() - started
    finally:
        store.close()


def _megabytes(size: int | None) -> str:
    return "n/a" if size is None else f"{size / 1e6:.1f} MB"


def _show(label: str, found: dict[str, int]) -> None:
    print(f"audit log {label}: {found['rows']} rows, {_megabytes(found['text bytes'])} of text, "
          f"{_megabytes(found.get('on disk'))} on disk with its indexes")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--keep", metavar="PATH", help="build the database here and keep it")
    args = parser.parse_args()
    db = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "audit-bench.db"

    tac(["--db", str(db), "demo", "--families", str(args.families)])
    _show("after tac demo", audit_size(db))
    seconds = add_notes(db, args.notes)
    print(f"added {args.notes} progress notes through Store.save in {seconds:.1f} s "
          f"({seconds / args.notes * 1000:.1f} ms each)")
    conn = sqlite3.connect(db)
    conn.execute("VACUUM")  # so the sizes are the records', not free pages
    conn.close()
    found = audit_size(db)
    _show(f"after {args.notes} notes", found)
    size = db.stat().st_size
    print(f"database size after VACUUM: {_megabytes(size)}", end="")
    print(f" (the audit log {found['on disk'] / size:.0%} of it)" if found.get("on disk") else "")

if __name__ == "__main__":
    main()

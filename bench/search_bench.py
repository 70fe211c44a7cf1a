"""Search as you type, and a referral import, on big demo databases.

usage: python bench/search_bench.py [--families 20000 100000] [--folder /tmp] [--no-import]

For each size it builds a demo database with `tac demo --families N` (or reuses the one it
built before: FOLDER/tac-search-bench-N.db; 20,000 families take a minute or two, 100,000
ten or more), then types names, a reference, a postcode, a street and a word nobody has, a
letter at a time, asking `Store.family_rows` for what the families list shows after each
keystroke (its first 61 rows; all families, then open ones only). Prints the median and the
worst keystroke (issue 10's target: the worst under 50 ms at 20,000 and at 100,000
families), the slowest words, and the same typing through `find_families` (the front door's
search: slips forgiven, people ranked) for comparison.

Then, on a copy of the database, it times `tac referrals import` of 1,000 referrals (2,000
rows: a child and a parent each, some with a sibling): re-referrals of children the demo
knows, typed in capitals without accents; possible matches (a known name, another date of
birth); and new families. Target: under 10 s at 20,000 families.

It measures the TAC beside it (this checkout's `tac/`), not whichever one is installed.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tac.demo import names as demo_names  # noqa: E402
from tac.intake.matching import find_families  # noqa: E402
from tac.intake.referral_file import COLUMNS  # noqa: E402
from tac.store import Store  # noqa: E402

SHOWN = 61  # what the families list asks for: the rows it shows, and one to know there are more
ROUNDS = 3


def _tac(*args: str) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", "tac.cli", *args], cwd=root, capture_output=True, text=True, check=False
    )


def database(folder: Path, families: int) -> Path:
    path = folder / f"tac-search-bench-{families}.db"
    if path.exists():
        print(f"{families} families: reusing {path}")
        return path
    started = time.perf_counter()
    done = _tac("--db", str(path), "demo", "--families", str(families))
    if done.returncode:
        path.unlink(missing_ok=True)
        raise SystemExit(f"tac demo failed: {done.stderr.strip().splitlines()[-1:]}")
    print(f"{families} families: built {path} in {time.perf_counter() - started:.0f} s")
    return path


def typed_words(path: Path, rng: random.Random) -> list[str]:
    """What someone might type: real surnames, a full name, a reference, a postcode, a street,
    a school, and a word no family has."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    people = [r[0] for r in conn.execute("SELECT name FROM family_members ORDER BY rowid LIMIT 5000")]
    family = conn.execute(
        "SELECT reference, postcode, address FROM families ORDER BY rowid LIMIT 1 OFFSET ?",
        (rng.randrange(conn.execute("SELECT count(*) FROM families").fetchone()[0]),),
    ).fetchone()
    conn.close()
    picked = rng.sample(people, 3)
    street = " ".join(w for w in family[2].split(",")[0].split() if not w[0].isdigit())
    return [
        picked[0].split()[-1],
        picked[1],
        family[0],
        family[1],
        street,
        "st joseph",
        "zzqx",
        picked[2].split()[0] + " " + picked[2].split()[-1][:3],
    ]


def keystrokes(words: list[str]) -> list[str]:
    return [word[:n] for word in words for n in range(1, len(word) + 1)]


def time_typing(search, typed: list[str]) -> tuple[list[float], dict[str, float]]:
    for text in typed:  # once to warm SQLite's page cache, as an open app has
        search(text)
    timings, worst = [], {}
    for _ in range(ROUNDS):
        for text in typed:
            started = time.perf_counter()
            search(text)
            took = (time.perf_counter() - started) * 1000
            timings.append(took)
            worst[text] = max(worst.get(text, 0.0), took)
    return timings, worst


def report(label: str, timings: list[float], worst: dict[str, float]) -> None:
    slowest = sorted(worst.items(), key=lambda item: -item[1])[:3]
    print(f"  {label}: median {statistics.median(timings):.1f} ms, worst {max(timings):.1f} ms "
          f"over {len(timings)} keystrokes; slowest: "
          + ", ".join(f"{text!r} {took:.1f} ms" for text, took in slowest))


def bench_search(path: Path, rng: random.Random) -> float:
    store = Store.open(path, actor="bench", create=False)
    words = typed_words(path, rng)
    typed = keystrokes(words)
    print(f"  typing {len(typed)} keystrokes: " + ", ".join(repr(w) for w in words))
    timings, worst = time_typing(lambda text: store.family_rows(text, limit=SHOWN), typed)
    report("families list", timings, worst)
    open_timings, open_worst = time_typing(
        lambda text: store.family_rows(text, open_only=True, limit=SHOWN), typed
    )
    report("families list, open only", open_timings, open_worst)
    find_timings, find_worst = time_typing(lambda text: find_families(store, text, limit=20), typed[::3])
    report("find_families (slips forgiven, 20 shown)", find_timings, find_worst)
    store.close()
    return max(timings + open_timings)


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).upper()


def referral_file(path: Path, out: Path, rng: random.Random, count: int = 1000) -> dict[str, int]:
    """1,000 referrals: 30% re-referrals of known children, 10% possible matches, the rest new."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    children = conn.execute(
        "SELECT m.name, m.date_of_birth, m.relationship, f.postcode, f.address FROM family_members m"
        " JOIN families f ON f.id = m.family_id WHERE m.subject = 1 AND m.date_of_birth IS NOT NULL"
        " ORDER BY m.rowid"
    ).fetchall()
    agencies = [r[0] for r in conn.execute("SELECT name FROM agencies ORDER BY name")]
    conn.close()
    known = rng.sample(children, int(count * 0.4))
    received = date.today() - timedelta(days=3)
    rows, kinds = [], {"re-referral": 0, "possible": 0, "new": 0}
    for n in range(count):
        ref = f"B-{n:05d}"
        agency = rng.choice(agencies)
        head = [ref, received.strftime("%d/%m/%Y"), "Sam Referrer", agency,
                "Attendance has dropped and the children are often hungry.",
                rng.choice(["yes", "no", "not asked"])]
        if n < len(known):
            name, born, relationship, postcode, address = known[n]
            first, _, last = name.rpartition(" ")
            kind = "re-referral" if n < count * 0.3 else "possible"
            if kind == "possible":
                born = (date.fromisoformat(born) - timedelta(days=365)).isoformat()
            relationship = "daughter" if relationship == "daughter" else "son"
            rows.append(head + [_plain(first), _plain(last), date.fromisoformat(born).strftime("%d/%m/%Y"),
                                relationship, postcode, address, "", ""])
            rows.append(head + [rng.choice(demo_names.WOMEN), last, "", "mother", postcode, address, "", ""])
        else:
            kind = "new"
            last = rng.choice(demo_names.SURNAMES) + rng.choice(["", "-Ali", "-Nowak", "é"])
            born = date(2012, 1, 1) + timedelta(days=rng.randrange(4000))
            inward = f"{rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}"
            home = [f"NN{rng.randint(1, 9)} {inward}", "1 New Street", "", ""]
            girl = [rng.choice(demo_names.GIRLS), last, born.strftime("%d/%m/%Y"), "daughter"]
            rows.append(head + girl + home)
            rows.append(head + [rng.choice(demo_names.WOMEN), last, "", "mother", *home])
            if rng.random() < 0.3:
                brother = (born + timedelta(days=700)).strftime("%d/%m/%Y")
                rows.append(head + [rng.choice(demo_names.BOYS), last, brother, "son", *home])
        kinds[kind] += 1
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return kinds


def bench_import(path: Path, rng: random.Random) -> float:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "import.db"
        shutil.copyfile(path, copy)
        source = Path(folder) / "referrals.csv"
        kinds = referral_file(path, source, rng)
        rows = sum(1 for _ in source.open(encoding="utf-8")) - 1
        started = time.perf_counter()
        done = _tac("--db", str(copy), "referrals", "import", str(source))
        took = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"tac referrals import failed: {(done.stderr or done.stdout).strip()[:400]}")
        print(f"  tac referrals import of {sum(kinds.values())} referrals ({rows} rows; "
              f"{kinds['re-referral']} re-referrals, {kinds['possible']} possible matches, "
              f"{kinds['new']} new): {took:.1f} s, the command from start to end (target: under 10 s)")
        print(f"    it said: {done.stdout.strip().splitlines()[-1]}")
        return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()),
                        help="where the demo databases are built and kept for the next run")
    parser.add_argument("--no-import", action="store_true", help="time the search only")
    args = parser.parse_args()
    for families in args.families:
        rng = random.Random(families)
        path = database(args.folder, families)
        worst = bench_search(path, rng)
        print(f"  worst keystroke at {families} families: {worst:.1f} ms (target: under 50 ms)")
        if not args.no_import:
            bench_import(path, rng)


if __name__ == "__main__":
    main()

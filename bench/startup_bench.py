"""How fast the screens are on a 20,000-family database. Prints one figure per line.

    python bench/startup_bench.py [--db PATH] [--families 20000] [--runs 5]

- first screen: launch `tac` in tmux until the home screen is on the terminal, the median
  of `--runs`, beside an empty Textual app (a header and a footer) started the same way
  in the same run, and their ratio (goal: under 1 s, at most 1.3x);
- filter: a keystroke in the families filter until the list shows its result (< 50 ms);
- family record: opening a family with 100 chronology events until it is drawn (< 100 ms);
- peak memory of the app process that did the above (< 250 MB).

The database is built with `tac demo` unless `--db` names one that exists already.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

EMPTY_APP = '''
from textual.app import App
from textual.widgets import Footer, Header


class Empty(App):
    def compose(self):
        yield Header()
        yield Footer()


Empty().run()
'''


def tac_command() -> list[str]:
    installed = Path(sys.executable).with_name("tac")
    if installed.exists():
        return [str(installed)]
    return [sys.executable, "-c", "import sys; from tac.cli import main; sys.exit(main())"]


def build_database(path: Path, families: int) -> float:
    start = time.perf_counter()
    env = {**os.environ, "TAC_DB": str(path)}
    subprocess.run([*tac_command(), "demo", "--families", str(families)], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_to_screen(command: list[str], pattern: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` in a fresh tmux session until `pattern` shows."""
    name = f"bench{uuid.uuid4().hex[:8]}"
    wanted = re.compile(pattern)
    launch = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                    f"env {launch} {shlex.join(command)}"], check=True)
    try:
        while time.perf_counter() - start < 20:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            if wanted.search(screen) and "Traceback" not in screen:
                return time.perf_counter() - start
            time.sleep(0.01)
        raise RuntimeError(f"{command[0]} showed nothing matching {pattern!r} within 20 s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def first_screen(db: Path, runs: int, scratch: Path) -> tuple[float, float]:
    empty = scratch / "empty_app.py"
    empty.write_text(EMPTY_APP)
    tac, bare = [], []
    for run in range(runs + 1):
        t = time_to_screen(tac_command(), r"EH-[0-9]|[Ss]creening|[Ff]amil",
                           {"TAC_DB": str(db)})
        e = time_to_screen([sys.executable, str(empty)], "palette", {})
        if run:  # the first pair warms the file cache
            tac.append(t)
            bare.append(e)
    return statistics.median(tac), statistics.median(bare)


def add_chronology(db: Path, wanted: int) -> str:
    """Give one family `wanted` chronology events; return its id."""
    from tac.models import ChronologyEvent, EventKind
    from tac.store import Store

    with Store.open(db, actor="Benchmark") as store:
        family = store.families()[0]
        have = len(store.chronology(family.id))
        kinds = list(EventKind)
        start = date.today() - timedelta(days=wanted * 7)
        for n in range(max(0, wanted - have)):
            store.save(ChronologyEvent(
                family_id=family.id, occurred_on=start + timedelta(days=7 * n),
                kind=kinds[n % len(kinds)], summary=f"Benchmark event {n + 1}: a school "
                "attendance letter, a health visit, a police call-out, and so on."))
        return family.id


async def in_app(db: Path, family_id: str) -> tuple[list[float], float]:
    """Keystroke-to-list times in the families filter, and time to open a family record."""
    from screens.app import TacApp
    from screens.families import FamiliesScreen
    from screens.family_record import FamilyRecordScreen

    async def until(test, limit: float = 10.0) -> None:
        end = time.perf_counter() + limit
        while not test():
            if time.perf_counter() > end:
                raise RuntimeError("the screen did not update within 10 s")
            await asyncio.sleep(0.001)

    app = TacApp(db_path=db, actor="Benchmark")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: app.store is not None)
        await app.workers.wait_for_complete()
        await app.action_open_families()
        screen = app.screen
        assert isinstance(screen, FamiliesScreen)
        await until(lambda: screen._shown is not None)
        keystrokes = []
        for text in ["s", "sm", "smi", "smit", "smith", "smit", "smi", "sm", "s", "",
                     "e", "eh", "eh-", "eh-2", "eh-20"]:
            current = screen.query_one("#filter").value
            key = "backspace" if len(text) < len(current) else text[-1]
            start = time.perf_counter()
            await pilot.press(key)
            await until(lambda text=text: screen._shown == (text, False))
            keystrokes.append((time.perf_counter() - start) * 1000)
        await app.action_open_home()
        start = time.perf_counter()
        await app.action_open_family(family_id)
        record = app.screen
        assert isinstance(record, FamilyRecordScreen)
        await until(lambda: record.ready_ms is not None)
        opened = (time.perf_counter() - start) * 1000
    return keystrokes, opened


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database to use (built if missing)")
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed to time the first screen", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        db = args.db or scratch / "bench.db"
        if not db.exists():
            took = build_database(db, args.families)
            print(f"demo database of {args.families} families built in {took:.1f} s")
        family_id = add_chronology(db, 100)
        tac_s, empty_s = first_screen(db, args.runs, scratch)
        print(f"first screen: {tac_s:.3f} s; empty Textual app: {empty_s:.3f} s; "
              f"ratio {tac_s / empty_s:.2f}x (target under 1 s, goal at most 1.3x)")
        keystrokes, opened = asyncio.run(in_app(db, family_id))
        print(f"families filter, keystroke to updated list: median "
              f"{statistics.median(keystrokes):.1f} ms, worst {max(keystrokes):.1f} ms "
              f"over {len(keystrokes)} keys (target under 50 ms)")
        print(f"family record with 100 chronology events: {opened:.1f} ms "
              "(target under 100 ms)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the app process: {peak:.0f} MB (target under 250 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

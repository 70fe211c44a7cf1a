"""How fast the screens are on a 20,000-family database. Prints one figure per line.

    python bench/startup_bench.py [--db PATH] [--families 20000] [--runs 5]

Everything a user would feel is timed in a real terminal (tmux), from outside the app:

- first screen: launching `tac` until its home screen is on the terminal, the median of
  `--runs`, beside an empty Textual app (a header and a footer) started the same way in
  the same run, and their ratio (target under 1 s; goal at most 1.3x);
- filter: a keystroke in the families filter until the list on the terminal changes,
  beside the time the same keystroke takes just to appear in the filter (target under
  50 ms for the list);
- peak memory of that `tac` process, read from /proc after the above (target 250 MB).

Opening a family record is timed inside the app (headless), from the request to the
record drawn: the first opening, then the median of the next ones, which reuse the record
screen (target under 100 ms), each with the processor time the app spent on it (which a
machine busy with other work does not inflate); then its chronology tab, from asking for
it to the table drawn. The family is one with a screened referral and at least three
finished TAC meetings, given 100 typed chronology events, so TAC writes its own entries
(referral, screening decision, meetings, lead professional, status) beside them.
`--record-only --db PATH` times just this.

The database is built with `tac demo` unless `--db` names one that exists already.

Figures for the record, 20,000 families, 27 November 2026, on 2 processors shared with
seven other builds (load average 6 to 11, so wall times are several times what an idle
machine gives; the processor times compare fairly), median of 3 runs:

    before (main 473d891)   first 838 ms (processor 283 ms), then 461 ms (174 ms)
    after (chronology)      first 611 ms (processor 211 ms), then 476 ms (165 ms)

The first opening costs a quarter less: the record's styles are read with the app's at
start-up (read on first push, Textual re-read every style sheet and restyled every
widget), its hidden tabs' insides are mounted just after the first frame, the footer is
redrawn only when the chronology's filters come or go, and the record's code and the
directory are loaded while home is on screen. On an idle machine the issue measured 160 ms
first and 43 ms after before these changes; a quarter less is about 120 ms, so whether the
first opening is under 100 ms is still to be measured on an idle machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
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

ACTOR = "Benchmark"
CHRONOLOGY = 100


def tac_command(db: Path) -> list[str]:
    installed = Path(sys.executable).with_name("tac")
    command = [str(installed)] if installed.exists() else [
        sys.executable, "-c", "import sys; from tac.cli import main; sys.exit(main())"]
    return [*command, "--db", str(db)]  # you, the file's owner


class Terminal:
    """A tmux session running one command, read as text."""

    def __init__(self, command: list[str]) -> None:
        self.name = f"bench{uuid.uuid4().hex[:8]}"
        for attempt in range(3):
            self.started = time.perf_counter()
            started = subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x",
                                      "120", "-y", "40", shlex.join(command)],
                                     capture_output=True)
            if started.returncode == 0:
                break
            # tmux refuses while its last server is still shutting down: wait, try again.
            time.sleep(0.5 * (attempt + 1))
        else:
            raise RuntimeError("tmux would not start a session")

    def text(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True).stdout

    def wait(self, seen: Callable[[str], bool], limit: float = 20.0) -> float:
        """Seconds until `seen(screen text)` holds."""
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if seen(self.text()):
                return time.perf_counter() - start
            time.sleep(0.002)
        raise RuntimeError(f"not seen within {limit} s:\n{self.text()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *(["-l"] if literal else []),
                        *keys], check=True)

    def peak_memory_mb(self) -> float:
        """The highest resident memory of the pane's processes (VmHWM), in MB."""
        pid = subprocess.run(["tmux", "display", "-p", "-t", self.name, "#{pane_pid}"],
                             capture_output=True, text=True).stdout.strip()
        pids = [pid] + subprocess.run(["pgrep", "-P", pid], capture_output=True,
                                      text=True).stdout.split()
        peak = 0
        for each in pids:
            status = Path(f"/proc/{each}/status")
            if status.exists():
                found = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
                peak = max(peak, int(found.group(1)) if found else 0)
        return peak / 1024

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def first_screen(command: list[str], pattern: str) -> float:
    terminal = Terminal(command)
    try:
        wanted = re.compile(pattern)
        terminal.wait(lambda text: bool(wanted.search(text)) and "Traceback" not in text)
        return time.perf_counter() - terminal.started
    finally:
        terminal.close()


def first_screens(db: Path, runs: int, scratch: Path) -> tuple[float, float, float]:
    """Median seconds to the first screen: `tac`, an empty app, and TacApp on its own."""
    empty = scratch / "empty_app.py"
    empty.write_text(EMPTY_APP)
    app_alone = [sys.executable, "-c", "from screens.app import TacApp; "
                 f"TacApp(db_path={str(db)!r}, actor={ACTOR!r}).run()"]
    tac, bare, alone = [], [], []
    home = r"EH-[0-9]|[Ss]creening|[Ff]amil"
    for run in range(runs + 1):
        t = first_screen(tac_command(db), home)
        e = first_screen([sys.executable, str(empty)], "palette")
        a = first_screen(app_alone, home)
        if run:  # the first round warms the file cache
            tac.append(t)
            bare.append(e)
            alone.append(a)
    return statistics.median(tac), statistics.median(bare), statistics.median(alone)


def filter_keystrokes(db: Path) -> tuple[list[float], list[float], float]:
    """(ms to the list changing, ms to the key showing in the filter, peak MB) per key."""
    terminal = Terminal(tac_command(db))
    try:
        terminal.wait(lambda text: "Find a family" in text)
        terminal.keys("f")
        terminal.wait(lambda text: "Enter opens" in text)
        terminal.keys("eh-2026-", literal=True)
        time.sleep(1.0)
        to_list, to_echo = [], []
        # Each key changes the families at the top of the list (references sort in order).
        for key in ["1", "2", "BSpace", "3", "4", "BSpace", "5", "BSpace", "BSpace", "7", "8"]:
            before = terminal.text().splitlines()
            start = time.perf_counter()
            terminal.keys(key, literal=key != "BSpace")
            terminal.wait(lambda text, b=before: text.splitlines()[3] != b[3])
            to_echo.append((time.perf_counter() - start) * 1000)
            terminal.wait(lambda text, b=before: text.splitlines()[6:14] != b[6:14])
            to_list.append((time.perf_counter() - start) * 1000)
            time.sleep(0.2)
        return to_list, to_echo, terminal.peak_memory_mb()
    finally:
        terminal.close()


def build_database(path: Path, families: int) -> float:
    start = time.perf_counter()
    env = {**os.environ, "TAC_DB": str(path)}
    command = tac_command(path)[:-2]  # without --db: demo takes the path from TAC_DB
    subprocess.run([*command, "demo", "--families", str(families)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def add_chronology(db: Path, wanted: int) -> str:
    """Give a family with a screened referral and at least three finished TAC meetings (so
    that TAC writes its own entries beside the typed ones) `wanted` typed chronology events;
    return its id."""
    from tac.models import ChronologyEvent, EventKind, MeetingStatus
    from tac.store import Store

    with Store.open(db, actor=ACTOR) as store:
        family_id = next(
            row.id for row in store.family_rows(limit=None)
            if store.screenings_of_family(row.id)
            and len(store.tac_meetings(row.id, MeetingStatus.FINISHED)) >= 3)
        have = len(store.chronology(family_id))
        kinds = list(EventKind)
        start = date.today() - timedelta(days=wanted * 7)
        for n in range(max(0, wanted - have)):
            store.save(ChronologyEvent(
                family_id=family_id, occurred_on=start + timedelta(days=7 * n),
                kind=kinds[n % len(kinds)], summary=f"Benchmark event {n + 1}: a school "
                "attendance letter, a health visit, a police call-out, and so on."))
        return family_id


async def record_openings(
    db: Path, family_id: str, times: int = 6
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds from asking for a family's record to the record drawn, each time; the
    processor time the app's threads spent on it; and from asking for its chronology tab
    to the chronology drawn, each time."""
    from textual.widgets import DataTable

    from screens.app import TacApp
    from screens.family_record import FamilyRecordScreen

    async def until(test: Callable[[], bool]) -> None:
        end = time.perf_counter() + 10
        while not test():
            if time.perf_counter() > end:
                raise RuntimeError("the record was not drawn within 10 s")
            await asyncio.sleep(0.001)

    async def drawn(screen: FamilyRecordScreen) -> None:
        shown = asyncio.get_running_loop().create_future()
        screen.call_after_refresh(shown.set_result, None)
        await shown

    app = TacApp(db_path=db, actor=ACTOR)
    openings, processor, chronologies = [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: app.store is not None)
        await asyncio.sleep(1)
        await app.workers.wait_for_complete()
        for _ in range(times):
            start, used = time.perf_counter(), time.process_time()
            app.action_open_family(family_id)
            await until(lambda: isinstance(app.screen, FamilyRecordScreen)
                        and app.screen.ready_ms is not None)
            openings.append((time.perf_counter() - start) * 1000)
            processor.append((time.process_time() - used) * 1000)
            record = app.screen
            assert isinstance(record, FamilyRecordScreen)
            # A person reads the record before pressing 2: its other tabs are ready by then.
            await until(lambda screen=record: bool(screen.query("#events")))
            await pilot.pause()
            start = time.perf_counter()
            record.action_tab("chronology")
            events = record.query_one("#events", DataTable)
            await until(lambda table=events: table.row_count > 0)
            await drawn(record)
            chronologies.append((time.perf_counter() - start) * 1000)
            await app.action_open_home()
            await pilot.pause()
    return openings, processor, chronologies


def record_figures(db: Path, family_id: str) -> None:
    openings, processor, chronologies = asyncio.run(record_openings(db, family_id))
    print(f"family record with {CHRONOLOGY} typed chronology events, its referrals and "
          f"meetings: first opening {openings[0]:.0f} ms, then median "
          f"{statistics.median(openings[1:]):.0f} ms (target under 100 ms); processor time "
          f"{processor[0]:.0f} ms first, then median {statistics.median(processor[1:]):.0f} ms "
          f"(the same work on a busy machine); its chronology tab drawn in "
          f"{chronologies[0]:.0f} ms the first time, then median "
          f"{statistics.median(chronologies[1:]):.0f} ms")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"  (load average {load:.1f} on {os.cpu_count()} processors: the times above "
              "include waiting for a processor; compare processor times)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database to use (built if missing)")
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--record-only", action="store_true",
                        help="time only the family record (with --db: no terminal needed)")
    args = parser.parse_args()
    if args.record_only and args.db and args.db.exists():
        record_figures(args.db, add_chronology(args.db, CHRONOLOGY))
        return 0
    if shutil.which("tmux") is None:
        print("tmux is needed: the figures are read from a real terminal", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        db = args.db or scratch / "bench.db"
        if not db.exists():
            took = build_database(db, args.families)
            print(f"demo database of {args.families} families built in {took:.1f} s")
        family_id = add_chronology(db, CHRONOLOGY)

        tac_s, empty_s, alone_s = first_screens(db, args.runs, scratch)
        print(f"first screen: {tac_s:.3f} s; empty Textual app: {empty_s:.3f} s; "
              f"ratio {tac_s / empty_s:.2f}x (target under 1 s, goal at most 1.3x)")
        print(f"first screen of TacApp started without the tac command: {alone_s:.3f} s, "
              f"ratio {alone_s / empty_s:.2f}x (what the command adds is the difference)")

        to_list, to_echo, peak = filter_keystrokes(db)
        print(f"families filter, keystroke to the list changing: median "
              f"{statistics.median(to_list):.0f} ms, worst {max(to_list):.0f} ms over "
              f"{len(to_list)} keys (target under 50 ms); the key alone shows in the "
              f"filter in {statistics.median(to_echo):.0f} ms")

        record_figures(db, family_id)
        print(f"peak memory of the tac process: {peak:.0f} MB (target under 250 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

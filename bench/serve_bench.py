"""TAC in browsers: ten sessions at once on a 20,000-family database. Prints one figure a line.

    python bench/serve_bench.py [--db PATH] [--families 20000] [--sessions 10] [--keys 20]

Starts `tac serve` on a free port and opens the sessions as textual-serve's page does (its
websocket, `["stdin", keys]` in, the terminal's bytes out), without browsers, so that what
is measured is TAC and the server, not Chromium. The sessions are opened at once, then each
signs in, one after another, as its own early help manager (who sees every family):

- start: the websocket opened until the sign-in screen is drawn; sign-in: the password's
  Enter until the home screen is drawn;
- memory per session: the resident size (RSS) of each session's app process, and its
  proportional share (PSS: pages shared between the sessions, such as Python's own, counted
  once between them), from /proc, with the ten on their home screens and after typing;
- keystroke to updated screen, every session typing at once, a key every 0.1 to 0.3 s:
  `down` in a list on the home screen, and letters typed into the families filter (each a
  search of the 20,000 families). "first" is the key sent until the first bytes of the new
  screen arrive; "settled" until the last of them (nothing more for 150 ms after it).

The database is made with `tac demo` under /tmp unless --db names one that exists; the
users are added to it (a second run reuses them).

Figures for the record, 27 November 2026, 10 sessions on 20,000 families (181,688 actions),
2 processors shared with other builds (load average 4 to 7), 20 keys a session a test:

    start, websocket opened to sign-in screen    median 7.7 s, max 7.9 s (ten opened at once)
    sign-in, Enter to home screen drawn          median 1.4 s, max 1.9 s
    memory per session, home screen              RSS 91 MB, PSS 74 MB (ten: 743 MB PSS)
    memory per session, after typing             RSS 92 MB, PSS 76 MB; the server 61 MB
    down in a home screen list                   median 11 ms, 95th percentile 37 ms
    families filter, first bytes (the letter)    median 43 ms, 95th percentile 140 ms
    families filter, list settled (a search)     median 112 ms, 95th percentile 232 ms

A session's start is Python and Textual starting and the database read whole before use
(a second or more at 20,000 families): ten at once on two processors queue for them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

DEFAULT_DB = Path("/tmp/tac-serve-bench/demo-20000.db")
PASSWORD = "Bench-Correct-Horse-9"
WIDTH, HEIGHT = 140, 44  # a 1400 x 1000 browser window at the page's 16 px font
DOWN, F3, TAB, ENTER, BACKSPACE = "\x1b[B", "\x1bOR", "\t", "\r", "\x7f"
ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
QUIET = 0.15
"""Seconds with nothing more from the app after which its screen counts as settled."""


def bench_users(db: Path, sessions: int) -> list[str]:
    """`sessions` professionals of the demo, each given an early help manager's sign-in."""
    from tac.access.roles import Role
    from tac.access.users import add_user, user_named
    from tac.errors import NotFound
    from tac.store import Store

    with Store.open(db, actor="Bench Owner", create=False) as store:
        names = sorted({p.name for p in store.professionals() if p.active})[:sessions]
        for name in names:
            try:
                user_named(store, name)
            except NotFound:
                add_user(store, name, Role.EARLY_HELP_MANAGER, PASSWORD)
    if len(names) < sessions:
        sys.exit(f"the demo has only {len(names)} professionals for {sessions} sessions")
    return names


@dataclass
class Session:
    """One browser session, as textual-serve's page holds it: a websocket."""

    ws: aiohttp.ClientWebSocketResponse
    packets: list[tuple[float, bytes]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.packets.append((time.perf_counter(), message.data))
                self.arrived.set()

    async def send(self, keys: str) -> float:
        sent = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", keys]))
        return sent

    async def wait_for(self, shows: Callable[[bytes], bool], since: int, timeout: float = 120) -> float:
        """When (the arrival of the packet by which) the text drawn after packet `since`
        first satisfies `shows`."""
        deadline = time.perf_counter() + timeout
        seen, checked = b"", since
        while True:
            while checked < len(self.packets):
                arrived, data = self.packets[checked]
                seen += ESCAPE.sub(b"", data)  # the text drawn, without colours and moves
                checked += 1
                if shows(seen):
                    return arrived
            self.arrived.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                words = seen.decode(errors="replace").split()
                raise TimeoutError("the screen never showed what was awaited; its last words: "
                                   + " ".join(w for w in words if any(c.isalnum() for c in w))[-400:])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), left)

    def text(self, since: int) -> bytes:
        """The text drawn after packet `since`."""
        return ESCAPE.sub(b"", b"".join(data for _, data in self.packets[since:]))

    async def keystroke(self, keys: str) -> tuple[float, float]:
        """Send `keys`; the seconds until the screen's first bytes, and until it settled."""
        since = len(self.packets)
        sent = await self.send(keys)
        first = await self.wait_for(lambda seen: bool(seen), since, timeout=30)
        while True:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), QUIET)
            except TimeoutError:
                break
        return first - sent, self.packets[-1][0] - sent


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB."""
    rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("VmRSS:"))
    pss = next(int(line.split()[1]) for line in
               Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if line.startswith("Pss:"))
    return rss, pss


def session_processes(server: int) -> list[int]:
    """The app process of each session: the Python ones under the server."""
    return [p for p in descendants(server)
            if "screens.browser" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")
            and Path(f"/proc/{p}/exe").resolve().name.startswith("python")]


def ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"median {statistics.median(ordered) * 1000:.0f} ms, 95th percentile {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms ({len(ordered)} keys)")


def report_memory(server: int, when: str) -> None:
    sessions = session_processes(server)
    sizes = [memory_kb(p) for p in sessions]
    rss = [r / 1024 for r, _ in sizes]
    pss = [p / 1024 for _, p in sizes]
    print(f"memory per session ({when}, {len(sessions)} sessions): RSS median "
          f"{statistics.median(rss):.0f} MB (max {max(rss):.0f}), PSS median "
          f"{statistics.median(pss):.0f} MB; all sessions' PSS {sum(pss):.0f} MB; "
          f"the server {memory_kb(server)[0] / 1024:.0f} MB RSS")


async def run(url: str, server: int, users: list[str], keys: int) -> None:
    async with aiohttp.ClientSession() as http:
        opened = []
        for _ in users:
            started = time.perf_counter()
            ws = await http.ws_connect(f"{url}ws?width={WIDTH}&height={HEIGHT}",
                                       origin=url.rstrip("/"), max_msg_size=0)
            session = Session(ws)
            asyncio.get_running_loop().create_task(session.read())
            await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
            opened.append((session, started))

        async def sign_in(session: Session, started: float, name: str) -> tuple[float, float]:
            shown = await session.wait_for(lambda seen: b"Password" in seen, 0)
            since = len(session.packets)
            # A key goes to the field focused when the app reads it: each field is awaited
            # before typing on (the password shows as dots only in the password field).
            await session.send(name)
            await session.wait_for(lambda seen: name.encode() in seen, since)
            since = len(session.packets)
            await asyncio.sleep(1)
            await session.send(TAB)
            await asyncio.sleep(1)
            since = len(session.packets)
            await session.send(PASSWORD)
            await session.wait_for(lambda seen: "\u2022".encode() * len(PASSWORD) in seen, since)
            while True:
                since = len(session.packets)
                entered = await session.send(ENTER)
                try:
                    home = await session.wait_for(lambda seen: b"Find a family" in seen, since, 10)
                    break
                except TimeoutError:
                    if b"still opening" not in session.text(since):
                        raise
                    # Each session reads the whole database before use (a second or more at
                    # 20,000 families, ten at once): press Enter again, as the screen asks.
            await asyncio.sleep(2)  # the home screen's panels read what they show
            return shown - started, home - entered

        # All opened at once; signed in one after another, as a team arriving would.
        timings = [await sign_in(s, t, n) for (s, t), n in zip(opened, users, strict=True)]
        sessions = [s for s, _ in opened]
        print(f"start, websocket opened to sign-in screen: median "
              f"{statistics.median(t for t, _ in timings):.2f} s, max {max(t for t, _ in timings):.2f} s "
              f"({len(sessions)} opened at once)")
        print(f"sign-in, Enter to home screen drawn (one at a time): median "
              f"{statistics.median(h for _, h in timings):.2f} s, max {max(h for _, h in timings):.2f} s")
        report_memory(server, "home screen")

        async def press_all(pick: Callable[[int], str]) -> tuple[list[float], list[float]]:
            async def one(session: Session, offset: int) -> list[tuple[float, float]]:
                await asyncio.sleep(0.02 * offset)  # not all in the same instant
                got = []
                for n in range(keys):
                    got.append(await session.keystroke(pick(n)))
                    await asyncio.sleep(0.1 + 0.2 * ((n * 7 + offset) % 10) / 10)
                return got

            results = await asyncio.gather(*(one(s, i) for i, s in enumerate(sessions)))
            return ([f for got in results for f, _ in got], [d for got in results for _, d in got])

        first, settled = await press_all(lambda n: DOWN)
        print(f"keystroke, down in a home screen list, first bytes: {ms(first)}")
        print(f"keystroke, down in a home screen list, settled: {ms(settled)}")

        for session in sessions:
            since = len(session.packets)
            await session.send(F3)
            await session.wait_for(lambda seen: b"families" in seen and b"EH-" in seen, since)
        await asyncio.sleep(2)
        word = "patel"
        # Type the word, then take it back a letter at a time: every key is a new search.
        typing = [*word, *[BACKSPACE] * len(word)]
        first, settled = await press_all(lambda n: typing[n % len(typing)])
        print(f"keystroke, typed in the families filter, first bytes: {ms(first)}")
        print(f"keystroke, typed in the families filter, list settled: {ms(settled)}")
        report_memory(server, "after typing")
        for session in sessions:
            await session.ws.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--keys", type=int, default=20, help="keys each session types, per test")
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        print(f"making {args.db} with tac demo --families {args.families} (a few minutes)", flush=True)
        subprocess.run([sys.executable, "-m", "tac.cli", "--db", str(args.db), "demo",
                        "--families", str(args.families)], check=True, stdout=subprocess.DEVNULL)
    users = bench_users(args.db, args.sessions)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = open(args.db.parent / "serve-bench.log", "w")  # noqa: SIM115 (the server's, to its end)
    server = subprocess.Popen([sys.executable, "-m", "tac.cli", "--db", str(args.db), "serve",
                               "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        print(f"{args.sessions} sessions on {args.families} families; load average before: "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} processors")
        asyncio.run(run(url, server.pid, users, args.keys))
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()

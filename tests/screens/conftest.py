"""Shared fixtures for the screens' tests: a demo database in tmp_path, and the app on it.

Demo data is built for a fixed day and seed, and the app is told that day, so what the
screens show (overdue, due soon, late) and their snapshots do not change over time. A
small store whose names and notes look like markup checks they are shown as typed.
Snapshots are taken with text cursors held still, so they do not depend on the clock.
"""

from __future__ import annotations

import html
import inspect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from screens.app import TacApp
from tac import rules
from tac.demo import build_demo
from tac.models import (
    ActionStatus,
    AssessmentItem,
    ChronologyEvent,
    DangerStatement,
    Family,
    Professional,
    ProgressNote,
    Referral,
)
from tac.store import Store
from tests.screens import meeting_data

TODAY = date(2026, 3, 3)
"""The day the demo data and the app are set on."""

SEED = 1
FAMILIES = 40


async def settle(pilot: Any) -> None:
    """Wait until every worker has finished and the screen has redrawn what they read."""
    for _ in range(20):
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            await pilot.pause()
            if not any(w.is_running for w in pilot.app.workers):
                return
        await pilot.app.workers.wait_for_complete()


def busiest_lead(store: Store) -> str:
    """The professional with the most open actions: the person at the keyboard in tests."""
    counts = Counter(
        a.professional_id for a in store.actions(status=ActionStatus.OPEN) if a.professional_id
    )
    names = {p.id: p.name for p in store.professionals()}
    # Ties go to the name first in the alphabet, so the choice never depends on row order.
    best = min(counts, key=lambda pid: (-counts[pid], names[pid]))
    return names[best]


def undated_review_late_by_six_weeks_not_eight(store: Store) -> tuple[Family, date]:
    """An open family whose latest TAC meeting is made to have agreed no review date, so
    the review interval decides it: late after the default six weeks, not after eight.

    Returns the family and the day eight weeks after that meeting.
    """
    for family in store.families():
        latest = rules.latest_meeting(store.tac_meetings(family_id=family.id))
        if family.is_open and latest is not None and (
            latest.held_on + timedelta(weeks=6) < TODAY <= latest.held_on + timedelta(weeks=8)
        ):
            store.save(latest.model_copy(update={"next_review_on": None}))
            return family, latest.held_on + timedelta(weeks=8)
    raise AssertionError("the demo has a family whose review falls between six and eight weeks")


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's `snap_compare`, with every text cursor held still for the
    screenshot.

    A focused Input or TextArea blinks on a wall-clock timer (0.5 s), so whether the cursor
    is drawn depended on how long the machine took to get to the screenshot: on a loaded
    machine the cursor was caught hidden. Held still, it is always drawn.
    """

    def compare(app: Any, *args: Any, run_before: Any = None, **kwargs: Any) -> bool:
        async def then_hold_cursors_still(pilot: Any) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            for screen in pilot.app.screen_stack:
                for field in screen.query("Input, TextArea"):
                    field.cursor_blink = False  # type: ignore[attr-defined]

        return snap_compare(app, *args, run_before=then_hold_cursors_still, **kwargs)

    return compare


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    """An open store holding the 40-family demo for 3 March 2026, seed 1."""
    store = Store.open(tmp_path / "tac.db", actor="Test setup", create=True)
    store.load(build_demo(families=FAMILIES, seed=SEED, today=TODAY), note="test demo")
    store.actor = busiest_lead(store)
    yield store
    store.close()


@pytest.fixture
def app_factory(demo_store: Store, tmp_path: Path) -> Callable[..., TacApp]:
    """Make a TacApp on the demo store, set on TODAY, with the busiest lead at the keyboard.

    Whoever the store is for is at the keyboard (the busiest lead, as the file's owner,
    unless a test signed someone else in on the store). Keyword arguments override TacApp's
    (for instance `actor=` or `today=`).
    """

    def make(**overrides: Any) -> TacApp:
        who = demo_store.principal  # a test may have signed someone in on the store
        options: dict[str, Any] = {"store": demo_store, "today": TODAY,
                                   "crash_folder": tmp_path / "crashes"}
        options.update({"actor": who.name} if who.owner else {"principal": who})
        options.update(overrides)
        return TacApp(**options)

    return make


def screen_text(app: Any) -> str:
    """What the terminal shows now, line by line, read back from the app's own screenshot.

    Runs of spaces between differently styled words come back as one space.
    """
    svg = app.export_screenshot()
    lines: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    for x, width, line, text in re.findall(
        r'<text [^>]*x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
        r'clip-path="url\(#terminal-(?:\d+-)?line-(\d+)\)">([^<]*)</text>', svg
    ):
        lines[int(line)].append((float(x), float(width), html.unescape(text)))
    shown = []
    for number in sorted(lines):
        words, end = "", None
        for x, width, text in sorted(lines[number]):
            words += text if end is not None and abs(x - end) < 0.5 else f" {text}"
            end = x + width
        shown.append(words.replace("\xa0", " ").strip())
    return "\n".join(shown)


LOOKS_LIKE_MARKUP = ("[/]", "[b]x[/b]", "[locum]")
"""Typed text that Rich and Textual would read as markup: a closing tag with nothing open,
a bold tag, and a word in brackets that would vanish as an unknown style."""

BRACKETED = {
    "priya": "Priya [locum] Shah",
    "sam": "Sam [b]x[/b] Okafor",
    "hannah": "Hannah [/] Berry",
    "jayden": "Jayden [locum] Walsh[/]",
    "kerry": "Kerry [b]x[/b] Walsh",
    "school": "Oakfield [/] School",
    "chart": "Chart [/] mornings [locum]",
    "club": "Offer [b]x[/b] club [/]",
    "note": "[/] rang school [locum]",
    "event": "Attendance fell [/] to [b]82%[/b] [locum]",
    "danger": "Jayden [b]x[/b] falls behind [/] [locum]",
    "next_step": "Kerry [locum] walks him [/] to school",
    "referrer": "PC [b]x[/b] Dale [/]",
    "concerns": "No food [/] at home [b]x[/b] [locum]",
}
"""What the bracketed store calls its people and records, each holding markup look-alikes."""


@pytest.fixture
def bracketed_store(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    """The meeting tests' small store, with every name and note holding `[/]`, `[b]x[/b]`
    or `[locum]`; yields the store and the ids of what `meeting_data.fill_store` made."""
    store = Store.open(tmp_path / "tac.db", actor="Test setup", create=True)
    ids = meeting_data.fill_store(store)
    for key in ("priya", "sam", "hannah"):
        store.save(store.get(Professional, ids[key]).model_copy(update={"name": BRACKETED[key]}))
    school = next(a for a in store.agencies() if a.name == "Oakfield Primary School")
    store.save(school.model_copy(update={"name": BRACKETED["school"]}))
    walsh = store.get(Family, ids["walsh"])
    for person in walsh.people:
        person.name = BRACKETED["jayden" if person.id == ids["jayden"] else "kerry"]
    store.save(walsh)
    for action in store.actions(family_id=ids["walsh"]):
        mine = action.professional_id == ids["sam"]
        action.what = BRACKETED["club" if mine else "chart"]
        if mine:
            action.progress = [ProgressNote(on=meeting_data.TODAY, by=BRACKETED["sam"],
                                            text=BRACKETED["note"])]
        store.save(action)
    store.save(ChronologyEvent(family_id=ids["walsh"], occurred_on=date(2026, 3, 1),
                               agency_id=school.id, kind="school_exclusion",
                               significance="high", summary=BRACKETED["event"]))
    meeting = store.tac_meetings(family_id=ids["walsh"])[0]
    meeting.danger_statements = [DangerStatement(text=BRACKETED["danger"])]
    meeting.assessment = [*meeting.assessment,
                          AssessmentItem(column="next_steps", text=BRACKETED["next_step"])]
    store.save(meeting)
    referral = store.get(Referral, ids["referral_walsh"])
    referral.referrer_name = BRACKETED["referrer"]
    referral.concerns = BRACKETED["concerns"]
    store.save(referral)
    yield store, ids
    store.close()


@pytest.fixture
def bracketed_app(bracketed_store: tuple[Store, dict[str, str]], tmp_path: Path) -> TacApp:
    """A TacApp on the bracketed store, on the meeting tests' day, with Sam at the keyboard."""
    store, _ = bracketed_store
    return TacApp(store=store, actor=BRACKETED["sam"], today=meeting_data.TODAY,
                  crash_folder=tmp_path / "crashes")

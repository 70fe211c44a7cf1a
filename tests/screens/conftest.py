"""Shared fixtures for the screens' tests: a demo database in tmp_path, and the app on it.

Demo data is built for a fixed day and seed, and the app is told that day, so what the
screens show (overdue, due soon, late) and their snapshots do not change over time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from screens.app import TacApp
from tac import rules
from tac.demo import build_demo
from tac.models import ActionStatus, Family
from tac.store import Store

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

    Keyword arguments override TacApp's (for instance `actor=` or `today=`).
    """

    def make(**overrides: Any) -> TacApp:
        options: dict[str, Any] = {"store": demo_store, "actor": demo_store.actor,
                                   "today": TODAY, "crash_folder": tmp_path / "crashes"}
        options.update(overrides)
        return TacApp(**options)

    return make

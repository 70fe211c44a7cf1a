"""A family's history on screen, for managers and auditors: from the record (h) or the
palette, who changed what, who looked and who was refused; anyone else is refused by the
core, and the screen says so in one line."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from textual.widgets import DataTable, Static

from screens.app import TacApp
from screens.family_history import FamilyHistoryScreen
from screens.family_record import FamilyRecordScreen
from tac.access.permissions import Permission, refusal
from tac.access.roles import Origin, Principal, Role
from tac.errors import Refused
from tac.history import family_history
from tac.models import Family, Professional
from tac.store import Store
from tests.screens import meeting_data
from tests.screens.conftest import screen_text, settle


def partner_of(store: Store, name: str) -> Principal:
    """`name`, a professional in the store's directory, as a partner in a browser."""
    someone = next(p for p in store.professionals() if p.name == name)
    agency = next(a for a in store.agencies() if a.id == someone.agency_id)
    return Principal(name=someone.name, role=Role.PARTNER, professional_id=someone.id,
                     agency_id=agency.id, agency_name=agency.name, origin=Origin.BROWSER)


async def test_a_manager_reads_the_history_from_the_record_with_their_own_look_in_it(
    app_factory, demo_store
):
    family = next(f for f in demo_store.families() if f.is_open)
    app = app_factory()
    async with app.run_test(size=(240, 30)) as pilot:  # wide: the whole footer shows
        await settle(pilot)
        app.action_open_family(family.id)
        await settle(pilot)
        assert "h History" in screen_text(app).splitlines()[-1]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, FamilyHistoryScreen)
        table = app.screen.query_one("#history", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert rows[-1][1:] == [demo_store.actor, "opened the record", "terminal"]
        assert "loaded (test demo" in rows[0][2] and rows[0][3] == ""  # a change: no origin kept
        # Read again: with one line more, the screen's own read of the history.
        assert table.row_count == len(family_history(demo_store, family.reference).lines) - 1
        await pilot.press("escape")
        assert isinstance(app.screen, FamilyRecordScreen)


async def test_the_palette_offers_the_history_of_the_family_on_screen(app_factory, demo_store):
    family = demo_store.families()[2]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_family(family.id)
        await settle(pilot)
        await pilot.press("ctrl+p", *"history of this")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamilyHistoryScreen)
        assert app.screen.reference == family.reference


async def test_a_partner_is_not_offered_the_history_and_is_refused_it_in_one_line(
    app_factory, demo_store
):
    family, partner = next(
        (f, partner_of(demo_store, p.name))
        for f in demo_store.families() if f.is_open
        for p in demo_store.professionals() if p.agency_id
        and refusal(partner_of(demo_store, p.name), Permission.SEE_FAMILY,
                    demo_store.reach(f.id)) is None)
    demo_store.principal = partner
    app = app_factory()
    async with app.run_test(size=(240, 30)) as pilot:
        await settle(pilot)
        app.action_open_family(family.id)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert family.reference in screen_text(app) and "History" not in footer
        await pilot.press("h")  # not offered: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        await app.push_screen(FamilyHistoryScreen(family.reference))
        await settle(pilot)
        refused = app.screen.query_one("#history-refused", Static)
        said = str(refused.content)
        assert refused.display and said.count("\n") == 0
        assert said.startswith(f"{partner.name} (partner, ") and "may not read the audit" in said
        assert not app.screen.query_one("#history", DataTable).display
    partner = demo_store.principal
    demo_store.principal = Principal.file_owner("Someone at the terminal")
    history = family_history(demo_store, family.reference)
    assert history.lines[-1].what == f"refused: {said}" and history.lines[-1].who == partner.name
    assert history.lines[-1].origin == "browser"


# -- the snapshot: a small store, its every stamp on a clock the test sets -----------------


class Clock:
    """What `now()` says: set by the test, in UTC, shown in UTC (TZ=UTC)."""

    def __init__(self) -> None:
        self.at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def set(self, hour: int, minute: int) -> None:
        self.at = self.at.replace(hour=hour, minute=minute)

    def __call__(self) -> datetime:
        return self.at


@contextmanager
def clock_set() -> Iterator[Clock]:
    clock = Clock()
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        with mock.patch("tac.store.records.now", clock), mock.patch("tac.store.bulk.now", clock):
            yield clock
    finally:
        if zone is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = zone
        time.tzset()


@pytest.fixture
def looked_at(tmp_path: Path) -> Iterator[tuple[Store, str, Clock]]:
    """The meeting tests' small store: the Walsh family made at 09:00, its record opened at
    09:20 by Priya, a look refused to a partner named like markup at 09:25, a dump of every
    family at 09:40; Helen Marsh, a manager, at the keyboard from 10:15."""
    with clock_set() as clock, Store.open(tmp_path / "tac.db", actor="Test setup") as store:
        ids = meeting_data.fill_store(store)
        sam = store.get(Professional, ids["sam"])
        store.save(sam.model_copy(update={"name": "Sam [b]x[/b] Okafor"}))
        walsh = store.get(Family, ids["walsh"])
        clock.set(9, 20)
        store.principal = Principal(name="Priya Shah", role=Role.PRACTITIONER,
                                    professional_id=ids["priya"])
        from tac.family_record import open_record

        open_record(store, walsh.id)
        clock.set(9, 25)
        store.principal = partner_of(store, "Sam [b]x[/b] Okafor")
        with pytest.raises(Refused):
            family_history(store, walsh.reference)
        clock.set(9, 40)
        store.principal = Principal.file_owner("Test setup")
        store.dump()
        clock.set(10, 15)
        store.principal = Principal(name="Helen Marsh", role=Role.EARLY_HELP_MANAGER)
        yield store, walsh.id, clock


def test_snapshot_the_history_of_a_family(looked_at, snap_compare, tmp_path):
    store, family_id, _ = looked_at
    app = TacApp(store=store, actor="Helen Marsh", today=meeting_data.TODAY,
                 crash_folder=tmp_path / "crashes")

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.action_open_family(family_id)
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("up", "up")  # from Helen's own look to the refused one, shown whole
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)

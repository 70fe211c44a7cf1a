"""The family's people, edited by keys alone: a person added (a bad NHS number refused beside
its field first), a person corrected, a named person's removal refused; and snapshots."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from screens.app import TacApp
from screens.family_people import FamilyPeopleScreen
from screens.widgets.record_form import RecordForm
from tac.models import Family
from tac.store import Store
from tests.screens.meeting_data import TODAY, clock_at_five_past_nine, fill_store, settle

TO_NHS_NUMBER = 12
"""Tabs from a person's name to their NHS number."""


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    with clock_at_five_past_nine():
        opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
        yield opened
        opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


def tac_app(store: Store, tmp_path) -> TacApp:
    return TacApp(store=store, actor="Priya Shah", today=TODAY, crash_folder=tmp_path / "crashes")


async def walsh_people(app, pilot, ids) -> None:
    await settle(pilot)
    app.action_open_family(ids["walsh"])
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


def said(widget) -> str:
    return str(widget.render())


async def test_a_person_added_with_a_bad_nhs_number_is_refused_beside_it_then_saved(
    store, ids, tmp_path
):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await walsh_people(app, pilot, ids)
        assert isinstance(app.screen, FamilyPeopleScreen)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Kai Walsh", *["tab"] * TO_NHS_NUMBER, *"943 476 5918", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert "check digit (the last) should be 9" in said(form.query_one("#nhs_number-error"))
        assert form.query_one("#name").value == "Kai Walsh"
        assert app.focused is form.query_one("#nhs_number")
        await pilot.press(*["backspace"] * 20, *"943 476 5919", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FamilyPeopleScreen)
        assert "added Kai Walsh" in said(app.screen.query_one("#people-changes"))

    walsh = store.get(Family, ids["walsh"])
    kai = next(p for p in walsh.people if p.name == "Kai Walsh")
    assert (kai.nhs_number, kai.role.value) == ("9434765919", "child")
    [entry] = store.audit_trail(record_id=walsh.id, limit=1)
    assert (entry.actor, entry.operation) == ("Priya Shah", "update")
    assert entry.changes["people"]["added"][0]["nhs_number"] == "9434765919"


async def test_a_person_corrected_is_saved_and_the_change_names_them(store, ids, tmp_path):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await walsh_people(app, pilot, ids)
        await pilot.press("down", "e")  # Kerry, the second person
        await settle(pilot)
        await pilot.press("tab", *"Kerry Nowak", "tab", "tab", "tab", *"stepmother", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FamilyPeopleScreen)
        changes = said(app.screen.query_one("#people-changes"))
        assert 'Kerry Walsh: relationship: "mother" -> "stepmother"' in changes

    kerry = store.get(Family, ids["walsh"]).person(ids["kerry"])
    assert (kerry.other_names, kerry.relationship) == ("Kerry Nowak", "stepmother")


async def test_removing_someone_the_record_names_is_refused_with_what_to_do(store, ids, tmp_path):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await walsh_people(app, pilot, ids)
        await pilot.press("down", "x")
        assert "press x again" in said(app.screen.query_one("#people-notice"))
        await pilot.press("x")
        await settle(pilot)
        notice = said(app.screen.query_one("#people-notice"))
        assert "Kerry Walsh is named in" in notice and "left the household" in notice
    assert len(store.get(Family, ids["walsh"]).people) == 2


def test_snapshot_the_familys_people(store, ids, tmp_path, snap_compare):
    async def run_before(pilot):
        await walsh_people(pilot.app, pilot, ids)

    assert snap_compare(tac_app(store, tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_the_familys_people_on_a_small_terminal(store, ids, tmp_path, snap_compare):
    async def run_before(pilot):
        await walsh_people(pilot.app, pilot, ids)

    assert snap_compare(tac_app(store, tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_a_bad_nhs_number_refused_beside_it(store, ids, tmp_path, snap_compare):
    async def run_before(pilot):
        await walsh_people(pilot.app, pilot, ids)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Kai Walsh", *["tab"] * TO_NHS_NUMBER, *"943 476 5918", "ctrl+s")
        await settle(pilot)

    assert snap_compare(tac_app(store, tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_a_named_persons_removal_refused(store, ids, tmp_path, snap_compare):
    async def run_before(pilot):
        await walsh_people(pilot.app, pilot, ids)
        await pilot.press("down", "x", "x")
        await settle(pilot)

    assert snap_compare(tac_app(store, tmp_path), terminal_size=(100, 30), run_before=run_before)

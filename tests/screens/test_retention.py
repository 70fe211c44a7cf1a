"""Retention by keys: an administrator opens the list from home, erases a family past it
after typing its reference, and the family is gone with one audit line left; a wrong
reference erases nothing; someone else is told why not."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input

from screens.app import TacApp
from screens.retention import ConfirmErasure, RetentionScreen
from tac.access.roles import Principal, Role
from tac.errors import NotFound
from tac.models import Family, StatusChange
from tac.store import Store
from tests.core.factories import family_file
from tests.screens.conftest import settle

TODAY = date(2033, 6, 1)


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    for reference, closed_on in (("EH-2026-0042", date(2026, 5, 19)),
                                 ("EH-2026-0043", date(2026, 1, 5)),
                                 ("EH-2026-0044", date(2030, 1, 5))):
        bundle, file = family_file(reference)
        opened.load(bundle, note="test")
        family = opened.get(Family, file.family.id)
        history = [*family.status_history,
                   StatusChange(on=closed_on, status="closed", level=1, reason="needs_met")]
        opened.save(family.model_copy(update={"status_history": history}))
    yield opened
    opened.close()


def tac_app(store: Store, tmp_path) -> TacApp:
    return TacApp(store=store, actor="Priya Shah", today=TODAY, crash_folder=tmp_path / "crashes")


async def test_an_administrator_erases_a_family_past_retention_after_typing_its_reference(
    store, tmp_path
):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == [
            "EH-2026-0043", "EH-2026-0042"]  # the longest closed first; 0044 is kept
        await pilot.press("down", "e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmErasure)
        app.screen.query_one(Input).value = "EH-2026-0043"  # the wrong one
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmErasure)
        assert "That is not EH-2026-0042" in str(app.screen.query_one("#typed-error").render())
        app.screen.query_one(Input).value = "eh-2026-0042"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        table = app.screen.query_one(DataTable)
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == ["EH-2026-0043"]
    with pytest.raises(NotFound):
        store.family_by_reference("EH-2026-0042")
    last = store.audit_trail(limit=1)[0]
    assert (last.operation, last.actor, last.after["reference"]) == ("erase", "Priya Shah",
                                                                      "EH-2026-0042")
    assert store.check().ok


async def test_escape_keeps_the_family(store, tmp_path):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_retention()
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
    assert len(store.families()) == 3


async def test_someone_not_an_administrator_is_told_why_not(store, tmp_path):
    app = TacApp(store=store, actor="Sam Okafor", today=TODAY, crash_folder=tmp_path / "crashes")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        store.principal = Principal(name="Sam Okafor", role=Role.EARLY_HELP_MANAGER)
        await app.action_open_retention()
        await settle(pilot)
        summary = str(app.screen.query_one("#retention-summary").render())
        assert "Sam Okafor (early help manager) may not erase families past retention" in summary
        assert app.screen.query_one(DataTable).row_count == 0


def test_snapshot_families_past_retention(store, tmp_path, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(tac_app(store, tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_erasure_refused_until_the_reference_is_typed(store, tmp_path, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("e", *"EH-2026-0099", "enter")
        await settle(pilot)

    assert snap_compare(tac_app(store, tmp_path), terminal_size=(100, 30), run_before=run_before)

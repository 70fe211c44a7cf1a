"""The families list filters as you type and opens a family's record."""

from __future__ import annotations

from textual.widgets import DataTable

from screens.families import FamiliesScreen
from screens.family_record import FamilyRecordScreen
from tests.screens.conftest import settle


async def test_typing_a_surname_narrows_the_list_and_enter_opens_the_family(
    app_factory, demo_store
):
    family = demo_store.families()[7]
    surname = family.display_name().split()[1]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)
        table = app.screen.query_one("#families", DataTable)
        everyone = table.row_count
        await pilot.press(*surname.lower())
        await settle(pilot)
        assert 0 < table.row_count < everyone
        keys = [row.value for row in table.rows]
        assert family.id in keys
        await pilot.press("down")  # from the filter into the list
        assert table.has_focus
        table.move_cursor(row=keys.index(family.id))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        assert app.screen.family_id == family.id


async def test_a_reference_finds_exactly_one_family(app_factory, demo_store):
    family = demo_store.families()[11]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_families()
        await pilot.press(*family.reference)
        await settle(pilot)
        table = app.screen.query_one("#families", DataTable)
        assert [row.value for row in table.rows] == [family.id]
        await pilot.press("enter")  # one match: Enter in the filter opens it
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)


async def test_nothing_matching_says_so(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_families()
        await pilot.press(*"zzqqxx")
        await settle(pilot)
        assert app.screen.query_one("#families", DataTable).row_count == 0
        assert "No families match" in str(app.screen.query_one("#count").content)


def test_snapshot_families_filtered(app_factory, demo_store, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)

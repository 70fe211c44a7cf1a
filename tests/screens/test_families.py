"""The families list filters as you type and opens a family's record."""

from __future__ import annotations

from screens.families import FamiliesScreen
from screens.family_record import FamilyRecordScreen
from screens.widgets.family_list import FamilyList
from tests.screens.conftest import settle, undated_review_late_by_six_weeks_not_eight


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
        families = app.screen.query_one("#families", FamilyList)
        everyone = families.option_count
        await pilot.press(*surname.lower())
        await settle(pilot)
        assert 0 < families.option_count < everyone
        assert family.id in families.family_ids
        await pilot.press("down")  # from the filter into the list
        assert families.has_focus
        families.highlighted = families.family_ids.index(family.id)
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
        assert app.screen.query_one("#families", FamilyList).family_ids == [family.id]
        await pilot.press("enter")  # one match: Enter in the filter opens it
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        assert app.screen.family_id == family.id


async def test_typing_over_a_slow_search_shows_only_the_latest_text(app_factory, demo_store):
    family = demo_store.families()[11]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_families()
        await settle(pilot)
        await pilot.press(*family.reference)  # no pause between keys
        await settle(pilot)
        screen = app.screen
        assert screen._shown == (family.reference, False)
        assert screen.query_one("#families", FamilyList).family_ids == [family.id]


async def test_nothing_matching_says_so(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_families()
        await pilot.press(*"zzqqxx")
        await settle(pilot)
        assert app.screen.query_one("#families", FamilyList).option_count == 0
        assert "No families match" in str(app.screen.query_one("#count").content)


def test_snapshot_families(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_families_filtered_by_a_surname(app_factory, demo_store, snap_compare):
    surname = demo_store.families()[7].display_name().split()[1]

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f")
        await pilot.press(*surname.lower())
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


async def test_a_council_reviewing_every_8_weeks_sees_that_date_in_the_list(
    app_factory, demo_store
):
    family, eight_weeks_on = undated_review_late_by_six_weeks_not_eight(demo_store)
    demo_store.set_setting("review_interval_weeks", 8)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_families()
        await pilot.press(*family.reference)
        await settle(pilot)
        families = app.screen.query_one("#families", FamilyList)
        assert families.family_ids == [family.id]
        line = str(families.get_option_at_index(0).prompt)
        assert f"{eight_weeks_on:%d/%m/%Y}" in line

"""The app as a whole: it starts on Home, quits cleanly, finds families from the palette,
offers to make a database on first run, and never shows a family's details in a crash."""

from __future__ import annotations

from pathlib import Path

from screens.app import TacApp
from screens.family_record import FamilyRecordScreen
from screens.home import HomeScreen
from screens.welcome import WelcomeScreen
from tac.models import Family
from tests.screens.conftest import TODAY, settle


async def test_starts_on_home_and_ctrl_q_quits_cleanly(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_palette_finds_a_family_by_reference_and_opens_it(app_factory, demo_store):
    family = demo_store.families()[3]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*family.reference)
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        assert app.screen.family_id == family.id


async def test_palette_finds_a_family_by_surname(app_factory, demo_store):
    family = demo_store.families()[5]
    surname = family.display_name().split()[1]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*surname)
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        opened = demo_store.get(Family, app.screen.family_id)
        assert surname in opened.display_name()


async def test_first_run_offers_to_create_an_empty_database(tmp_path: Path):
    path = tmp_path / "new.db"
    app = TacApp(db_path=path, actor="Sam Keyboard", today=TODAY,
                 crash_folder=tmp_path / "crashes")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.store is not None
        assert app.store.families() == []
    assert path.exists()


async def test_a_bug_writes_a_report_without_the_familys_details(app_factory, demo_store,
                                                                  tmp_path: Path):
    child = demo_store.families()[0].people[0].name
    app = app_factory()

    def broken() -> None:
        secret = child  # a local holding a child's name, as a real bug's frame would
        raise RuntimeError(f"cannot draw {secret}")

    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.call_later(broken)
            await pilot.pause()
    except RuntimeError:
        pass  # the test harness re-raises the app's exception once it has stopped
    assert app.return_code == 1
    reports = list((tmp_path / "crashes").glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text()
    assert "RuntimeError" in text and "broken" in text
    assert child not in text

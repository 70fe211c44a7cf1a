"""The app as a whole: it starts on Home, quits cleanly, finds families from the palette,
offers to make a database on first run, and never shows a family's details in a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from screens.app import TacApp
from screens.family_record import FamilyRecordScreen
from screens.home import HomeScreen
from screens.tac_meeting import TacMeetingScreen
from screens.welcome import WelcomeScreen
from tac.demo import build_demo
from tac.models import Family
from tac.store import Store
from tests.core.damage import damage_in_the_middle
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


async def test_first_run_with_demo_data_shows_the_demo_families(tmp_path: Path):
    app = TacApp(db_path=tmp_path / "demo.db", actor="Sam Keyboard",
                 crash_folder=tmp_path / "crashes")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        for _ in range(100):  # the demo takes a second or two to invent and save
            await settle(pilot)
            if isinstance(app.screen, HomeScreen):
                break
        assert isinstance(app.screen, HomeScreen)
        assert len(app.store.family_rows(limit=None)) == 40


@pytest.mark.parametrize("harm", ["damaged", "read-only"])
async def test_a_database_tac_must_not_write_into_is_refused_in_one_line(tmp_path: Path, harm):
    path = tmp_path / "tac.db"
    with Store.open(path, actor="Test setup") as store:
        store.load(build_demo(families=40, today=TODAY), note="test demo")
    if harm == "damaged":
        damage_in_the_middle(path)
    else:
        path.chmod(0o400)
    before = path.read_bytes()
    app = TacApp(db_path=path, actor="Sam Keyboard", today=TODAY, crash_folder=tmp_path / "crashes")
    said: list[str] = []
    leave = app.exit
    app.exit = lambda *args, **kwargs: (said.append(str(kwargs.get("message"))), leave(*args, **kwargs))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert len(said) == 1 and said[0].startswith(f"tac: {path}") and "\n" not in said[0]
    assert ("`tac backup`" if harm == "damaged" else "read-only") in said[0]
    assert not (tmp_path / "crashes").exists()
    assert path.read_bytes() == before


async def test_damage_met_while_reading_ends_with_the_restore_advice_not_a_crash_report(
    app_factory, tmp_path: Path
):
    app = app_factory()
    shown: list[str] = []
    panic = app.panic
    app.panic = lambda *texts: (shown.extend(str(t) for t in texts), panic(*texts))

    def unreadable() -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.call_later(unreadable)
            await pilot.pause()
    except sqlite3.DatabaseError:
        pass  # the test harness re-raises the app's exception once it has stopped
    assert app.return_code == 2
    assert len(shown) == 1 and "is damaged" in shown[0] and "`tac backup`" in shown[0]
    assert not (tmp_path / "crashes").exists()


async def test_a_crash_after_a_draft_failed_to_save_does_not_promise_it_was_kept(
    app_factory, demo_store
):
    family = next(f for f in demo_store.families() if f.is_open)
    app = app_factory()
    shown: list[str] = []
    panic = app.panic
    app.panic = lambda *texts: (shown.extend(str(t) for t in texts), panic(*texts))

    def broken() -> None:
        raise RuntimeError("a fault of ours")

    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await app.action_open_tac_meeting(family.id)
            await settle(pilot)
            await pilot.pause(0.5)
            with demo_store._lock:  # the disk stops taking writes mid-meeting
                demo_store._conn.execute("PRAGMA query_only = ON")
            await pilot.press("p")
            await pilot.pause(1.5)
            await settle(pilot)
            assert app.draft_write_failed
            app.call_later(broken)
            await pilot.pause()
    except RuntimeError:
        pass  # the test harness re-raises the app's exception once it has stopped
    finally:
        demo_store._conn.execute("PRAGMA query_only = OFF")
    assert app.return_code == 1
    assert "could not be saved as a draft, so it was not kept" in shown[0]
    assert "was kept as a draft" not in shown[0]


async def test_the_files_owner_at_its_terminal_starts_on_home_without_signing_in(
        demo_store, tmp_path: Path):
    from tac.identity import os_user

    app = TacApp(store=demo_store, today=TODAY, crash_folder=tmp_path / "crashes")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.sub_title == f"Early help meetings · {os_user()}"
    assert app.principal is not None and app.principal.owner
    assert demo_store.actor == os_user()


async def test_palette_starts_a_tac_meeting_for_a_family(app_factory, demo_store):
    family = next(f for f in demo_store.families() if f.is_open)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*f"meeting {family.reference}")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TacMeetingScreen)


def test_crash_reports_keep_the_last_ten_and_leave_out_messages(tmp_path: Path):
    from tac.crash import write_crash_report

    for number in range(12):
        try:
            raise KeyError(f"Lily Smith {number}")
        except KeyError as error:
            path = write_crash_report(error, tmp_path)
    reports = sorted(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 10
    assert path == reports[-1]
    assert "KeyError" in path.read_text()
    assert "Lily" not in path.read_text()

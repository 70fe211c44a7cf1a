"""Signing in to the app, by keys: a partner signs in and is named; a wrong password is one
line and signs nobody in; a second factor asks for its code; the idle lock covers the screen
and gives it back as it was; signing out asks again."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from textual.widgets import Input

from screens.app import TacApp
from screens.families import FamiliesScreen
from screens.home import HomeScreen
from screens.sign_in import LockScreen, SignInScreen
from tac.access.roles import Origin, Principal, Role
from tac.access.users import add_user, enrol_second_factor, sign_in
from tac.store import Store
from tests.screens.conftest import TODAY, screen_text, settle

PASSWORD = "Correct-Horse-9"
SIZE = (110, 32)


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def partner(demo_store: Store) -> str:
    """A professional of a partner agency (not early help), given a sign-in as a partner."""
    name = next(p.name for p in demo_store.professionals()
                if p.active and p.agency_id and "Early Help" not in _agency(demo_store, p))
    add_user(demo_store, name, Role.PARTNER, PASSWORD)
    return name


def _agency(store: Store, professional) -> str:
    return next(a.name for a in store.agencies() if a.id == professional.agency_id)


def browser_app(store: Store, tmp_path: Path, **options) -> TacApp:
    return TacApp(store=store, origin=Origin.BROWSER, today=TODAY,
                  crash_folder=tmp_path / "crashes", **options)


async def type_in(pilot, name: str, password: str) -> None:
    """What a person does: their name, Tab, their password, Enter."""
    await pilot.press(*name, "tab", *password, "enter")
    await settle(pilot)


async def test_a_partner_signs_in_and_the_sub_title_names_them(demo_store, partner, tmp_path):
    # As `tac serve` starts it: the database opened by the app, for a browser.
    app = TacApp(demo_store.path, origin=Origin.BROWSER, today=TODAY,
                 crash_folder=tmp_path / "crashes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.store is None, "nothing is read for nobody"
        assert isinstance(app.focused, Input) and app.focused.id == "sign-in-name"
        await type_in(pilot, partner, PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert app.store is not None
        who = app.store.principal
        assert (who.name, who.role, who.origin) == (partner, Role.PARTNER, Origin.BROWSER)
        assert app.sub_title == f"Early help meetings · {who.describe()}"
        assert who.agency_name in app.sub_title


async def test_a_wrong_password_is_one_line_and_signs_nobody_in(demo_store, partner, tmp_path):
    app = browser_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in(pilot, partner, "not-the-password")
        assert isinstance(app.screen, SignInScreen)
        assert "Not signed in: the name, password or code is wrong." in screen_text(app)
        assert app.store is None and app.principal is None
        assert app.screen.query_one("#sign-in-password", Input).value == ""
        # The palette and the keys to other screens stay shut behind the sign-in screen.
        await pilot.press("ctrl+p", "f3")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)


async def test_a_second_factor_asks_for_the_code_after_the_password(demo_store, partner,
                                                                   tmp_path):
    uri = enrol_second_factor(demo_store, partner)
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    app = browser_app(demo_store, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in(pilot, partner, PASSWORD)
        assert isinstance(app.screen, SignInScreen)
        code = app.screen.query_one("#sign-in-code", Input)
        assert code.display and app.focused is code
        await pilot.press(*pyotp.TOTP(secret).now(), "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.principal is not None and app.principal.name == partner


async def test_the_idle_lock_covers_the_screen_and_gives_it_back_as_it_was(
        demo_store, partner, tmp_path):
    clock = FakeClock()
    who = sign_in(demo_store, partner, PASSWORD, origin=Origin.BROWSER)
    app = browser_app(demo_store, tmp_path, principal=who, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.idle_lock_seconds == 15 * 60, "the setting's default"
        app.lock_after(60)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)
        await pilot.press(*"smi")
        clock.seconds += 59
        app.lock_if_idle()
        assert isinstance(app.screen, FamiliesScreen), "not idle long enough"
        await pilot.press("h")  # a key: the idle time starts again
        clock.seconds += 59
        app.lock_if_idle()
        assert isinstance(app.screen, FamiliesScreen)

        clock.seconds += 61
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "smih" not in screen_text(app), "nothing underneath shows through"
        await pilot.press("f2", "ctrl+p")  # keys to other screens do nothing while locked
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*"wrong-password", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "Not signed in: the name, password or code is wrong." in screen_text(app)

        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)
        assert app.screen.query_one("#filter", Input).value == "smih"
        assert app.principal == who


async def test_the_files_owner_at_its_terminal_is_never_locked(app_factory):
    clock = FakeClock()
    app = app_factory(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.principal == Principal.file_owner(app.principal.name)
        assert app.idle_lock_seconds is None
        clock.seconds += 24 * 60 * 60
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_signing_out_asks_who_is_next_and_forgets_the_last(demo_store, partner, tmp_path):
    who = sign_in(demo_store, partner, PASSWORD, origin=Origin.BROWSER)
    app = browser_app(demo_store, tmp_path, principal=who)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Sign out")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.store is None and app.principal is None
        assert partner not in screen_text(app)
        await pilot.press("escape")  # a browser has no owner to go back to
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await type_in(pilot, partner, PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert app.principal is not None and app.principal.name == partner


def test_snapshot_sign_in_refused(demo_store, partner, tmp_path, snap_compare):
    app = browser_app(demo_store, tmp_path)

    async def run_before(pilot):
        await settle(pilot)
        await type_in(pilot, partner, "not-it")

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_locked(demo_store, partner, tmp_path, snap_compare):
    who = sign_in(demo_store, partner, PASSWORD, origin=Origin.BROWSER)
    app = browser_app(demo_store, tmp_path, principal=who, clock=FakeClock())

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.clock.seconds += 16 * 60
        pilot.app.lock_if_idle()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


async def test_the_owner_may_sign_in_as_someone_else_or_go_back(app_factory, demo_store,
                                                               partner):
    app = app_factory()
    owner = demo_store.principal
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.action_sign_out()
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.principal == owner and demo_store.principal == owner

        await pilot.press("ctrl+p", *"Sign in as someone")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_in(pilot, partner, PASSWORD)
        assert isinstance(app.screen, HomeScreen)
        assert demo_store.principal.role is Role.PARTNER
        assert app.idle_lock_seconds == 15 * 60


async def test_the_idle_lock_keeps_a_meeting_as_it_was(demo_store, tmp_path):
    from screens.tac_meeting import TacMeetingScreen

    name = sorted(p.name for p in demo_store.professionals() if p.active)[0]
    add_user(demo_store, name, Role.EARLY_HELP_MANAGER, PASSWORD)
    who = sign_in(demo_store, name, PASSWORD)
    family = next(f for f in demo_store.families() if f.is_open)
    clock = FakeClock()
    app = TacApp(store=demo_store, principal=who, today=TODAY, clock=clock,
                 crash_folder=tmp_path / "crashes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.action_open_tac_meeting(family.id)
        await settle(pilot)
        meeting = app.screen
        assert isinstance(meeting, TacMeetingScreen)
        field = next(i for i in meeting.query(Input) if i.display and not i.disabled)
        field.focus()
        await settle(pilot)
        await pilot.press(*"10/03/2026")
        typed = field.value
        assert "10/03/2026" in typed
        clock.seconds += 16 * 60
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert app.screen is meeting
        assert app.focused is field and field.value == typed


def test_the_footer_asking_while_the_sign_in_code_is_still_loading_does_not_crash(
        app_factory, monkeypatch):
    """The worker opening the database imports the sign-in code while the footer asks which
    keys to show: a sign-in module not yet whole means no sign-in screen was ever shown
    (this once crashed the app at start-up)."""
    import sys
    import types

    app = app_factory()
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "screens.sign_in", types.ModuleType("screens.sign_in"))
        assert app.asking_for_password is False

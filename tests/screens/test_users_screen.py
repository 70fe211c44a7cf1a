"""The users screen, by keys: an administrator adds a user who can then sign in, resets a
password, disables a sign-in and sets up a second factor; anyone else is refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from screens.app import TacApp
from screens.users import AddUserForm, SecondFactorForm, UsersScreen
from tac.access.roles import Origin, Role
from tac.access.users import SignInRefused, add_user, sign_in, user_named
from tac.store import Store
from tests.screens.conftest import TODAY, screen_text, settle

ADMIN_PASSWORD = "Admin-Horse-1"
NEW_PASSWORD = "Battery-Staple-7"
SIZE = (120, 34)


def newcomer(store: Store) -> str:
    """An active professional with no sign-in yet (first by name)."""
    taken = {u.name for u in store_users(store)}
    return sorted(p.name for p in store.professionals() if p.active and p.name not in taken)[0]


def store_users(store: Store):
    from tac.store.users import users

    return users(store)


@pytest.fixture
def admin_app(demo_store: Store, tmp_path: Path) -> TacApp:
    """The app for a signed-in administrator (not the file's owner), in a browser."""
    name = sorted(p.name for p in demo_store.professionals() if p.active)[-1]
    add_user(demo_store, name, Role.ADMINISTRATOR, ADMIN_PASSWORD)
    who = sign_in(demo_store, name, ADMIN_PASSWORD, origin=Origin.BROWSER)
    return TacApp(store=demo_store, principal=who, origin=Origin.BROWSER, today=TODAY,
                  crash_folder=tmp_path / "crashes")


async def test_an_administrator_adds_a_user_by_keys_who_can_then_sign_in(demo_store, admin_app):
    name = newcomer(demo_store)
    app = admin_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddUserForm)
        # The start of the name, then → takes the directory's suggestion.
        await pilot.press(*name[:4], "right", "tab")
        assert app.screen.query_one("#user-name", Input).value == name
        await pilot.press("enter", *"pa", "enter", "tab")  # the role: partner
        await pilot.press(*NEW_PASSWORD, "tab", *"Battery-Staple-8", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AddUserForm)
        assert "password: the two passwords differ" in screen_text(app)
        await pilot.press(*["backspace"] * 16, *NEW_PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        table = app.screen.query_one("#users-table", DataTable)
        assert [str(c) for c in table.get_row(user_named(demo_store, name).id)][:2] == [
            name, "partner"]
    who = sign_in(demo_store, name, NEW_PASSWORD)
    assert (who.name, who.role) == (name, Role.PARTNER)


async def test_an_administrator_resets_a_password_disables_and_sets_up_a_second_factor(
        demo_store, admin_app):
    name = newcomer(demo_store)
    add_user(demo_store, name, Role.PRACTITIONER, "First-Password-1")
    app = admin_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.action_open_users()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UsersScreen)
        row = [u.name for u in screen.users].index(name)
        screen.query_one("#users-table", DataTable).move_cursor(row=row)

        await pilot.press("p", *NEW_PASSWORD, "tab", *NEW_PASSWORD, "enter")
        await settle(pilot)
        assert sign_in(demo_store, name, NEW_PASSWORD).name == name

        await pilot.press("t")
        await settle(pilot)
        assert "Set up a second factor for" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SecondFactorForm)
        assert app.screen.uri.startswith("otpauth://totp/TAC:")
        assert "otpauth://totp/TAC:" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert user_named(demo_store, name).totp_secret

        await pilot.press("d")
        await settle(pilot)
        assert "disabled" in screen_text(app)
    with pytest.raises(SignInRefused, match="disabled"):
        sign_in(demo_store, name, NEW_PASSWORD, code="000000")


async def test_anyone_but_an_administrator_is_refused_in_one_line(demo_store, tmp_path):
    name = newcomer(demo_store)
    add_user(demo_store, name, Role.EARLY_HELP_MANAGER, NEW_PASSWORD)
    who = sign_in(demo_store, name, NEW_PASSWORD)
    app = TacApp(store=demo_store, principal=who, today=TODAY, crash_folder=tmp_path / "crashes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Users")
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert (f"{who.describe()} may not manage users: that is for an administrator"
                in screen_text(app))
        assert app.screen.query_one("#users-table", DataTable).row_count == 0


def test_snapshot_users(admin_app, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)

    assert snap_compare(admin_app, terminal_size=SIZE, run_before=run_before)



def test_snapshot_add_user_passwords_differ(admin_app, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("u", "a")
        await settle(pilot)
        await pilot.press(*"Aaron Sutton", "tab", "tab", *NEW_PASSWORD, "tab", *"other-one-1",
                          "enter")
        await settle(pilot)

    assert snap_compare(admin_app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_users_refused(demo_store, tmp_path, snap_compare):
    name = newcomer(demo_store)
    add_user(demo_store, name, Role.PRACTITIONER, NEW_PASSWORD)
    who = sign_in(demo_store, name, NEW_PASSWORD)
    app = TacApp(store=demo_store, principal=who, today=TODAY, crash_folder=tmp_path / "crashes")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

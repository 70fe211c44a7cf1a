"""Names and notes that look like markup (`[/]`, `[b]x[/b]`, `[locum]`) are shown as typed.

A person called `Sam Smith [locum]` must not lose a word, and a `[/]` in anyone's name or
note must not stop the app. The tour goes through every screen that shows names or typed
text, reading back what the terminal shows.
"""

from __future__ import annotations

from pathlib import Path

from screens.app import TacApp
from screens.families import FamiliesScreen
from screens.family_record import FamilyRecordScreen
from screens.my_actions import MyActionsScreen
from screens.screening_meeting import ScreeningMeetingScreen
from screens.tac_meeting import TacMeetingScreen
from screens.users import UsersScreen
from screens.welcome import WelcomeScreen
from screens.widgets.meeting_finish_check import FinishCheckModal
from tac.access.roles import Role
from tac.access.users import add_user
from tests.screens import meeting_data
from tests.screens.conftest import BRACKETED, screen_text, settle

SIZE = (160, 50)


def shows(app: TacApp, *wanted: str) -> None:
    """Each of `wanted` is on the terminal, brackets and all."""
    text = screen_text(app)
    missing = [words for words in wanted if words not in text]
    assert not missing, f"not shown as typed: {missing}\n--- the screen ---\n{text}"


async def test_every_screen_shows_bracketed_names_as_typed(bracketed_store, bracketed_app):
    store, ids = bracketed_store
    app = bracketed_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Home: the review due today, and my overdue action.
        shows(app, "EH-2026-0042 Walsh[/] family", BRACKETED["club"])

        # The command palette finds the family by name; its lead is named in the help line.
        await pilot.press("ctrl+p", *"walsh")
        await settle(pilot)
        shows(app, "Open family EH-2026-0042 Walsh[/] family",
              f"open · level 2 · {BRACKETED['priya']}")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)
        shows(app, "Walsh[/]", "Priya [locum] Sh")  # the lead, cut to its column

        app.action_open_family(ids["walsh"])
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        shows(app, "EH-2026-0042 Walsh[/] family", f"lead: {BRACKETED['priya']}",
              BRACKETED["jayden"], BRACKETED["kerry"], BRACKETED["school"],
              BRACKETED["sam"], BRACKETED["priya"])
        await pilot.press("3")
        await settle(pilot)
        shows(app, BRACKETED["danger"], BRACKETED["next_step"], BRACKETED["chart"],
              BRACKETED["club"], BRACKETED["kerry"], BRACKETED["sam"])
        await pilot.press("2")
        await settle(pilot)
        shows(app, BRACKETED["event"], "Oakfield [/]", "Whole family")  # agency wraps
        await pilot.press("4")
        await settle(pilot)
        shows(app, BRACKETED["priya"])

        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, MyActionsScreen)
        shows(app, f"My actions · {BRACKETED['sam']}", BRACKETED["club"],
              "10/03/2026 [/]")  # the last note, cut to its column

        await app.action_open_tac_meeting(ids["walsh"])
        await settle(pilot)
        assert isinstance(app.screen, TacMeetingScreen)
        shows(app, "EH-2026-0042 Walsh[/] family · Review", BRACKETED["kerry"],
              BRACKETED["jayden"], BRACKETED["sam"], BRACKETED["priya"])
        await pilot.press("p", "p", "p", "p", "pagedown")  # everyone present; consent
        await pilot.press("pagedown")
        await settle(pilot)
        shows(app, f"{BRACKETED['jayden']}'s voice")
        await pilot.press("pagedown")
        await settle(pilot)
        shows(app, BRACKETED["chart"], BRACKETED["club"], BRACKETED["kerry"], BRACKETED["sam"])
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        shows(app, BRACKETED["jayden"], BRACKETED["kerry"], BRACKETED["priya"])  # scaling
        await pilot.press("pagedown")
        await settle(pilot)
        # A new action typed with brackets, and a date that is not one: refused, as typed.
        await pilot.press(*"[b]x[/b] typed", "tab")
        await meeting_data.choose(pilot, "Kerry")
        await pilot.press("tab", *"[/]", "enter")
        await settle(pilot)
        shows(app, "[b]x[/b] typed", BRACKETED["kerry"], "by when: '[/]' is not a date")
        await pilot.press("backspace", "backspace", "backspace", *"24/03/2026", "enter")
        await settle(pilot)
        shows(app, "[b]x[/b] typed", f"{BRACKETED['kerry']} · by 24/03/2026")
        await pilot.press("pagedown")
        await settle(pilot)
        shows(app, f"Lead professional now: {BRACKETED['priya']}")
        await pilot.press("escape")
        await settle(pilot)

        await app.action_open_screening()
        await settle(pilot)
        assert isinstance(app.screen, ScreeningMeetingScreen)
        shows(app, BRACKETED["priya"], BRACKETED["hannah"], BRACKETED["sam"])
        await pilot.press("pagedown")
        await settle(pilot)
        shows(app, "EH-2026-0042 Walsh[/] family", BRACKETED["referrer"], BRACKETED["school"],
              BRACKETED["concerns"], BRACKETED["jayden"], BRACKETED["kerry"],
              BRACKETED["event"], f"Lead professional: {BRACKETED['priya']}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FinishCheckModal)
        await pilot.press("b")
        await settle(pilot)
        shows(app, "EH-2026-0042 Walsh[/] family")  # the summary of decisions
        await pilot.press("escape")
        await settle(pilot)

        add_user(store, BRACKETED["sam"], Role.PARTNER, "Correct-Horse-9")
        await app.action_open_users()
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        shows(app, BRACKETED["sam"], BRACKETED["school"])
        await pilot.press("escape")

        # Only shown, never made: a short relative path stays on one line.
        await app.push_screen(WelcomeScreen(Path("[locum]", "[b]x[/b]", "[/]tac.db")))
        await settle(pilot)
        shows(app, "no database at [locum]/[b]x[/b]/[/]tac.db yet")
        assert app.return_code is None, "the app is still running"

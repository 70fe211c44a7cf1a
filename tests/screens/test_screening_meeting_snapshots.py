"""What the screening meeting looks like at each step, on fixed records and a fixed day."""

from __future__ import annotations

import pytest

from screens.screening_meeting import ScreeningMeetingScreen
from tac.meetings.screening import (
    DecisionAsTyped,
    finish_screening_meeting,
    open_screening_meeting,
    start_screening_meeting,
)
from tac.store import Store
from tests.screens.meeting_data import (
    TODAY,
    MeetingApp,
    choose,
    clock_at_five_past_nine,
    fill_store,
    settle,
)

SIZE = (100, 30)


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


async def who_is_here(pilot) -> None:
    await settle(pilot)
    await pilot.press("space", "down", "space", "down", "space")


async def decide_the_walsh_referral(pilot) -> None:
    await who_is_here(pilot)
    await pilot.press("pagedown")
    await choose(pilot, "Early")
    await pilot.press("tab")
    await choose(pilot, "3")
    await pilot.press("tab", *"Several agencies are worried; a plan is needed", "tab", "tab")
    await choose(pilot, "Priya")
    await pilot.press("tab", *"17/03/2026")


def test_who_is_here(snap_compare, store, ids):
    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=who_is_here)


def test_a_known_family_with_its_history_and_a_decision(snap_compare, store, ids):
    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=decide_the_walsh_referral)


def test_a_new_family_with_no_history(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await decide_the_walsh_referral(pilot)
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)

    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=run_before)


def test_a_bad_date_is_refused_beside_the_form(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await decide_the_walsh_referral(pilot)
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"2025")
        await pilot.press("pagedown")

    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=run_before)


def test_the_summary_of_decisions(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await decide_the_walsh_referral(pilot)
        await pilot.press("pagedown")
        await choose(pilot, "Information")
        await pilot.press("tab")
        await choose(pilot, "2")
        await pilot.press("tab", *"Universal help fits", "tab")
        await choose(pilot, "Heaton baby")
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)

    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=run_before)


def test_signposting_with_no_service_chosen_is_refused_beside_the_form(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await decide_the_walsh_referral(pilot)
        await pilot.press("pagedown")
        await choose(pilot, "Information")
        await pilot.press("tab")
        await choose(pilot, "2")
        await pilot.press("tab", *"Universal help fits", "pagedown")
        await settle(pilot)

    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=run_before)


def test_a_referral_fits_a_small_terminal(snap_compare, store, ids):
    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=(80, 24),
                        run_before=decide_the_walsh_referral)


def test_a_referral_reads_well_in_the_light_theme(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await decide_the_walsh_referral(pilot)

    assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                        run_before=run_before)


def test_a_referral_another_chair_decided_first_is_refused(snap_compare, store, ids, tmp_path):
    async def run_before(pilot) -> None:
        await decide_the_walsh_referral(pilot)
        sam = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
        theirs = start_screening_meeting(open_screening_meeting(sam), TODAY)
        theirs.chair_id = ids["sam"]
        theirs.forms[ids["referral_walsh"]] = DecisionAsTyped(
            outcome="signposting", level="2", rationale="Universal help fits",
            service=ids["breakfast_club"])
        finish_screening_meeting(sam, theirs)
        sam.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    with clock_at_five_past_nine():
        assert snap_compare(MeetingApp(store, ScreeningMeetingScreen), terminal_size=SIZE,
                            run_before=run_before)

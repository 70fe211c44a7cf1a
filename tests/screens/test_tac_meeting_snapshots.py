"""What each step of a TAC meeting looks like, on fixed records and a fixed day (SVG).

A review of the Walsh family's plan is typed in by keys up to the step shown; the new
Okoro family shows the warning about missing consent. Run with --snapshot-update after a
deliberate change of look, and look at the report before committing the new pictures.
"""

from __future__ import annotations

import pytest

from screens.tac_meeting import TacMeetingScreen
from tac.meetings.drafts import keep_draft, tac_meeting_draft_key
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting, start_tac_meeting
from tac.models import Family, TacMeetingKind
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


def review_app(store: Store, family_id: str, kind: TacMeetingKind | None = None) -> MeetingApp:
    return MeetingApp(store, lambda: TacMeetingScreen(family_id, kind))


async def review_up_to(pilot, last_step: int) -> None:
    """Type the Walsh review in, step by step, up to and including `last_step` (1 to 9)."""
    await settle(pilot)
    typing = [
        # 1 attendance: the family and Priya here, Sam sends apologies with an update.
        ["p", "p", "p", "a", "u", *"Report sent", "enter", "shift+tab", *"Alex Brown"],
        # 2 consent confirmed.
        ["space"],
        # 3 voices.
        [*"Mornings are easier now", "tab", *"Being late", "tab", *"Football", "tab",
         *"Be a vet"],
        # 4 review: the chart partly done with a note, breakfast club done.
        ["p", "u", *"Most days", "enter", "down", "d"],
        # 5 assessment: two worries, a strength, a next step.
        ["n", *"Jayden was late three days a week", "enter", "k",
         "n", *"Kerry shouts when stressed", "enter", "k", "k",
         "right", "n", *"Kerry walks Jayden to school", "enter",
         "right", "n", *"Keep the breakfast club place", "enter"],
        # 6 a danger statement with the family's view, and its safety goal scaled.
        ["n", *"School worries Jayden will fall behind", "enter",
         "f", *"Kerry says mornings are fine", "enter",
         "tab", "n", *"Jayden arrives by 8:50 every day", "enter", "s", "4", "enter"],
        # 7 scaling: Kerry and Priya.
        ["tab", "tab", "7", "tab", *"Better mornings", "tab", "5", "tab", *"Still late"],
        # 8 an action agreed.
        [*"Keep the routine chart up", "tab", "@Kerry", "tab", *"24/03/2026", "tab",
         *"On time four days in five", "enter"],
    ]
    for step in range(1, last_step + 1):
        if step > 1:
            await pilot.press("pagedown")
            await settle(pilot)
        assert f"{step}/9" in str(pilot.app.screen.query_one("#meeting-title").render())
        for key in typing[step - 1] if step <= len(typing) else []:
            if key.startswith("@"):
                await choose(pilot, key[1:])
            else:
                await pilot.press(key)
    await settle(pilot)


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5, 6, 7, 8, 9])
def test_each_step_of_a_review(snap_compare, store, ids, step):
    async def run_before(pilot) -> None:
        await review_up_to(pilot, step)

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


def test_missing_consent_is_a_warning(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p", "pagedown")

    assert snap_compare(review_app(store, ids["okoro"]), terminal_size=SIZE,
                        run_before=run_before)


def test_a_score_of_eleven_is_refused_next_to_the_scores(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await review_up_to(pilot, 6)
        await pilot.press("pagedown")
        await settle(pilot)
        await pilot.press("1", "1", "pagedown")

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


def test_an_action_with_a_bad_date_is_refused(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await review_up_to(pilot, 8)
        await pilot.press(*"Ring the GP", "tab")
        await choose(pilot, "Priya")
        await pilot.press("tab", *"31/02/2026", "enter")

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


def test_finishing_says_what_is_missing(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p", "p", "ctrl+s")
        await settle(pilot)

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


@pytest.mark.parametrize("step", [1, 5, 7])
def test_steps_fit_a_small_terminal(snap_compare, store, ids, step):
    async def run_before(pilot) -> None:
        await review_up_to(pilot, step)

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=(80, 24),
                        run_before=run_before)


def test_the_columns_read_well_in_the_light_theme(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await review_up_to(pilot, 5)

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


@pytest.fixture
def clock():
    with clock_at_five_past_nine():
        yield


def test_a_second_meeting_the_same_day_is_asked_about(snap_compare, clock, store, ids, tmp_path):
    sam = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
    finish_tac_meeting(sam, start_tac_meeting(open_tac_meeting(sam, ids["walsh"]), TODAY, 6))
    sam.close()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p", "p", "p", "ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


def test_a_change_by_someone_else_stops_the_finish(snap_compare, clock, store, ids, tmp_path):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        sam = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
        family = sam.get(Family, ids["walsh"])
        family.address = "14 Mill Lane, Stockport"
        sam.save(family)
        sam.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE,
                        run_before=run_before)


def test_someone_else_having_the_meeting_open_is_said(snap_compare, clock, store, ids, tmp_path):
    sam = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
    theirs = start_tac_meeting(open_tac_meeting(sam, ids["walsh"]), TODAY, 6)
    keep_draft(sam, tac_meeting_draft_key(ids["walsh"], "Sam Okafor"), theirs)
    sam.close()
    assert snap_compare(review_app(store, ids["walsh"]), terminal_size=SIZE, run_before=settle)


async def closure_up_to_the_closing_step(pilot) -> None:
    """The Walsh closure, straight to its last step, closing as moved to another area."""
    await settle(pilot)
    for _ in range(8):
        await pilot.press("pagedown")
    await settle(pilot)
    await choose(pilot, "Moved")
    await pilot.press("tab", *"Tameside Council")
    await settle(pilot)


def test_a_closure_asks_how_early_help_closes(snap_compare, store, ids):
    assert snap_compare(review_app(store, ids["walsh"], TacMeetingKind.CLOSURE),
                        terminal_size=SIZE, run_before=closure_up_to_the_closing_step)


def test_a_closure_with_no_summary_is_refused_beside_it(snap_compare, store, ids):
    async def run_before(pilot) -> None:
        await closure_up_to_the_closing_step(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(review_app(store, ids["walsh"], TacMeetingKind.CLOSURE),
                        terminal_size=SIZE, run_before=run_before)

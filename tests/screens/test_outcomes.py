"""Needs tagged with their Supporting Families headline outcome by keys, and marked at the
closure meeting as met, partly met or not met; read back from the saved closure."""

from __future__ import annotations

from datetime import date

from tac.models import HeadlineOutcome, NeedMet, TacMeetingKind
from tests.screens.conftest import screen_text
from tests.screens.meeting_data import choose, settle
from tests.screens.test_tac_meeting import (  # noqa: F401 (fixtures)
    go_to_step,
    ids,
    meeting_app,
    step_error,
    store,
)

SECURE_HOUSING = 9  # presses of h: untagged, then the ten outcomes in order
SAFE_FROM_DOMESTIC_ABUSE = 8


async def test_a_closure_marks_each_tagged_need_met_or_partly_met_by_keys(store, ids):  # noqa: F811
    app = meeting_app(store, ids["walsh"], TacMeetingKind.CLOSURE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 6)
        await pilot.press("n", *"Kerry fears losing the flat over arrears", "enter")
        await pilot.press("m")
        assert step_error(app) == "Tag the need with its headline outcome first (h)."
        await pilot.press(*"h" * SECURE_HOUSING, "m")
        await pilot.press("tab", "n", *"Rent paid every month", "enter")
        await pilot.press(*"h" * SAFE_FROM_DOMESTIC_ABUSE, "m", "m")
        await settle(pilot)
        shown = screen_text(app)
        assert "Outcome: Secure housing · Met" in shown
        assert "Outcome: Safe from domestic abuse · Partly" in shown  # wrapped before "met"
        await go_to_step(pilot, 4)  # on to 9/9, closing early help
        await choose(pilot, "Needs met")
        await pilot.press("tab")
        await choose(pilot, "1: Universal")
        app.screen.query_one("#closing-summary").focus()
        await pilot.press(*"The rent is paid and Kerry feels safe at home")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    closure = next(m for m in store.tac_meetings(family_id=ids["walsh"])
                   if m.held_on == date(2026, 3, 10))
    assert closure.kind is TacMeetingKind.CLOSURE
    [statement] = closure.danger_statements
    [goal] = closure.safety_goals
    assert (statement.headline_outcome, statement.met) == (
        HeadlineOutcome.SECURE_HOUSING, NeedMet.MET)
    assert (goal.headline_outcome, goal.met) == (
        HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE, NeedMet.PARTLY_MET)

"""A review carries the plan forward, by keys alone: the last meeting's items come back
marked, the chair keeps one, edits one and says a worry is no longer a worry; the saved
meeting and its minutes (read back with python-docx) say so."""

from __future__ import annotations

from datetime import date

import pytest

from screens.tac_meeting import TacMeetingScreen
from tac.export import gather
from tac.export.documents import tac_minutes
from tac.models import AssessmentItem, Column, DangerStatement, SafetyGoal, TacMeeting
from tac.store import Store
from tests.export.reading import read, rows, section, table_with
from tests.screens.meeting_data import TODAY, MeetingApp, fill_store, settle


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    """The meeting tests' records, the Walsh family's first meeting given a whole plan:
    a worry, a strength, a next step, a danger statement and its goal."""
    ids = fill_store(store)
    first = store.tac_meetings(family_id=ids["walsh"])[0]
    danger = DangerStatement(text="School worry Jayden falls behind")
    store.save(first.model_copy(update={
        "assessment": [*first.assessment,
                       AssessmentItem(column="working_well", text="Kerry walks him to school"),
                       AssessmentItem(column="next_steps", text="Breakfast club")],
        "danger_statements": [danger],
        "safety_goals": [SafetyGoal(text="Jayden in by 8:50", danger_statement_id=danger.id)],
    }))
    return ids


async def go_to_step(pilot, number: int) -> None:
    for _ in range(number - 1):
        await pilot.press("pagedown")
    await settle(pilot)


def listed(app, selector: str) -> list[str]:
    """The items a list on the meeting screen shows, as plain text."""
    items = app.screen.query_one(selector)
    return [items.get_option_at_index(i).prompt.plain for i in range(items.option_count)]


def footer_key(app, key: str) -> str:
    """What the footer says the key does where the cursor is."""
    active = app.screen.active_bindings[key]
    assert active.binding.show and active.enabled
    return active.binding.description


def step_error(app) -> str:
    step = app.screen.steps[app.screen.step]
    return str(step.query_one(".field-error").render())


async def test_a_review_keeps_one_item_edits_one_and_retires_a_worry(store, ids, tmp_path):
    app = MeetingApp(store, lambda: TacMeetingScreen(ids["walsh"]))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p", "a")  # Jayden, Kerry, Priya here; Sam's apologies
        await pilot.press("pagedown", "space")  # consent confirmed
        await go_to_step(pilot, 4)  # on to the Signs of Safety (step 5)
        assert listed(app, "#col-worries") == ["Jayden is late most days  (carried forward)"]
        assert listed(app, "#col-working_well") == [
            "Kerry walks him to school  (carried forward)"]
        assert footer_key(app, "r") == "No longer a worry"

        await pilot.press("delete")  # a carried item is not simply deleted
        assert step_error(app).startswith(
            "“Jayden is late most days” was carried from the last meeting: press r")
        await pilot.press("r")  # the lateness is no longer a worry
        assert step_error(app) == ""
        assert listed(app, "#col-worries") == [
            "Jayden is late most days  (no longer a worry)"]
        await pilot.press("right")  # what's working well: kept as it is
        await pilot.press("right", "e", "ctrl+u", *"Breakfast club on Mondays", "enter")
        assert listed(app, "#col-next_steps") == [
            "Breakfast club on Mondays  (carried forward, edited)"]
        assert footer_key(app, "r") == "Retire"

        await pilot.press("pagedown")
        await settle(pilot)
        assert listed(app, "#statements") == [
            "1. School worry Jayden falls behind  (carried forward)"]

        await pilot.press("pagedown")  # scaling: Kerry gave 6 last time
        await settle(pilot)
        kerry = f"person-{ids['kerry']}"
        await pilot.click(f"#score-{kerry}")
        await pilot.press("8")
        assert str(app.screen.query_one(f"#change-{kerry}").render()) == "up 2"
        await pilot.press("tab", *"Mornings are calmer")

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    [first, review] = store.tac_meetings(family_id=ids["walsh"])
    assert review.held_on == TODAY
    assert [(i.column, i.text, i.retired, i.carried) for i in review.assessment] == [
        (Column.WORRIES, "Jayden is late most days", True, True),
        (Column.WORKING_WELL, "Kerry walks him to school", False, True),
        (Column.NEXT_STEPS, "Breakfast club on Mondays", False, True),
    ]
    assert [i.carried_from_id for i in review.assessment] == [i.id for i in first.assessment]
    assert [(s.text, s.retired) for s in review.danger_statements] == [
        ("School worry Jayden falls behind", False)]
    assert review.items(Column.WORRIES) == []

    minutes = read(tac_minutes(gather.minutes_papers(store, review.id), gather.directory(store),
                               today=TODAY))
    assert rows(table_with(minutes, "Where", "What the plan says", "Since last time")) == [
        ["What are we worried about?", "Jayden is late most days", "No longer a worry"],
        ["What's working well?", "Kerry walks him to school", "Kept"],
        ["What needs to happen?", "Breakfast club on Mondays (was: Breakfast club)", "Changed"],
        ["Danger statement", "School worry Jayden falls behind", "Kept"],
        ["Safety goal", "Jayden in by 8:50", "Kept"],
    ]
    changed = section(minutes, "What changed since the last meeting")
    assert changed[changed.index("No longer a worry") + 1] == "Jayden is late most days"
    assessment = section(minutes, "Signs of Safety assessment")
    assert "Jayden is late most days" not in assessment
    assert [row[:3] for row in rows(table_with(minutes, "Who", "Today", "Last time"))] == [
        ["Kerry Walsh", "8", "6"]]
    assert store.get(TacMeeting, review.id).held_on == date(2026, 3, 10)

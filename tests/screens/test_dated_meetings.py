"""Dated meetings by keys alone: a meeting typed up weeks after it was held, and a finished
meeting's record corrected by its chair, read back from the store and the minutes."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import OptionList

from screens.screening_meeting import ScreeningMeetingScreen
from screens.tac_meeting import TacMeetingScreen
from tac.dates import form_date
from tac.export import tac_minutes
from tac.export.gather import directory, minutes_papers
from tac.meetings.drafts import tac_meeting_draft_key
from tac.models import MeetingStatus, Professional, TacMeeting
from tac.store import Store
from tests.export.reading import headings, read
from tests.screens.meeting_data import MeetingApp, fill_store, settle

SIX_WEEKS_AGO = date(2026, 1, 27)  # meeting_data.TODAY is 10/03/2026


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


def title(app) -> str:
    return str(app.screen.query_one("#meeting-title").render())


def step_error(app) -> str:
    step = app.screen.steps[app.screen.step]
    return str(step.query_one(".field-error").render())


async def type_held_on(pilot, text: str) -> None:
    """From the attendance list back up to Held on, then type the date over what is there."""
    for _ in range(4):
        await pilot.press("shift+tab")
        if pilot.app.focused.id == "held-on":
            break
    assert pilot.app.focused.id == "held-on"
    await pilot.press("end", "ctrl+u", *text)


async def test_a_meeting_typed_up_six_weeks_later_is_dated_the_day_it_was_held(store, ids):
    app = MeetingApp(store, lambda: TacMeetingScreen(ids["okoro"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "10/03/2026" in title(app)
        await pilot.press("p", "p")  # Amara and Grace present
        await type_held_on(pilot, "11/03/2026")
        await pilot.press("pagedown")
        assert step_error(app) == (
            "held on: 11/03/2026 is after today; type the date the meeting was held")
        assert "1/9 Attendance" in title(app)

        await pilot.press("ctrl+u", *"27/01/2026")
        await settle(pilot)
        assert "27/01/2026" in title(app)
        assert store.load_draft(tac_meeting_draft_key(ids["okoro"], "Priya Shah")) is not None
        for _ in range(8):
            await pilot.press("pagedown")
        await settle(pilot)
        assert "9/9 Lead and next review" in title(app)
        # Six weeks from the day it was held, not from the day it was typed up.
        assert app.screen.query_one("#next-review").value == "10/03/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    [meeting] = store.tac_meetings(family_id=ids["okoro"])
    assert (meeting.held_on, meeting.next_review_on) == (SIX_WEEKS_AGO, date(2026, 3, 10))


async def test_the_screening_meeting_takes_the_day_it_was_held(store, ids):
    app = MeetingApp(store, ScreeningMeetingScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab")
        assert app.focused.id == "held-on"
        await pilot.press("end", "ctrl+u", *"03/03/2026")
        await settle(pilot)
        assert title(app) == "Screening meeting 03/03/2026 · Who is here"
        await pilot.press("ctrl+u", *"12/03/2026", "pagedown")
        assert "held on: 12/03/2026 is after today" in str(
            app.screen.query_one("#who-error").render())
        await pilot.press("ctrl+u", *"03/03/2026", "escape")
        await settle(pilot)
    draft = store.load_draft("screening-meeting:Priya Shah")
    assert (draft["held_on"], draft["held_on_as_typed"]) == ("2026-03-03", "03/03/2026")


async def test_the_chair_corrects_a_finished_meeting_and_its_minutes_say_revised(store, ids):
    [first] = store.tac_meetings(family_id=ids["walsh"])
    actions_before = store.actions(family_id=ids["walsh"])
    app = MeetingApp(store, lambda: TacMeetingScreen(ids["walsh"], correcting=first.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Initial · 10/02/2026 · Correcting · 1/7 Attendance" in title(app)
        notice = str(app.screen.query_one("#meeting-notice").render())
        assert "The actions it agreed" in notice and "stay as they are" in notice
        assert app.screen.query_one("#chair").disabled
        await type_held_on(pilot, "09/02/2026")
        await pilot.press("pagedown", "pagedown")  # on to the voices
        await settle(pilot)
        assert "3/7" in title(app)
        await pilot.press(*"Kerry says mornings are a battle")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    corrected = store.get(TacMeeting, first.id)
    assert (corrected.held_on, corrected.family_voice) == (
        date(2026, 2, 9), "Kerry says mornings are a battle")
    assert (corrected.revised_on, corrected.revised_by) == (date(2026, 3, 10), "Priya Shah")
    assert [(s.person_id or s.professional_id, s.score) for s in corrected.scaling] == [
        (s.person_id or s.professional_id, s.score) for s in first.scaling]
    assert store.actions(family_id=ids["walsh"]) == actions_before

    document = read(tac_minutes(minutes_papers(store, first.id), directory(store)))
    assert "Team around the child meeting minutes, revised 10 March 2026" in headings(document)


async def test_someone_not_the_chair_cannot_open_a_correction(store, ids):
    [first] = store.tac_meetings(family_id=ids["walsh"])
    store.actor = "Sam Okafor"
    app = MeetingApp(store, lambda: TacMeetingScreen(ids["walsh"], correcting=first.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, TacMeetingScreen)
        [shown] = [n.message for n in app._notifications]
    assert shown.startswith("Only the meeting's chair, Priya Shah, can correct the record")


async def test_the_family_record_opens_the_meeting_its_chair_chooses_to_correct(
    app_factory, demo_store
):
    meeting = next(m for m in demo_store.tac_meetings(status=MeetingStatus.FINISHED)
                   if m.chair_id)
    chair = demo_store.get(Professional, meeting.chair_id).name
    demo_store.actor = chair
    app = app_factory(actor=chair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open_family(meeting.family_id)
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        listing = app.screen.query_one("#meeting-picker-list", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        for _ in range(ids.index(meeting.id)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TacMeetingScreen)
        assert f"{form_date(meeting.held_on)} · Correcting · 1/7 Attendance" in title(app)

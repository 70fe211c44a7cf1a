"""Dated meetings: a meeting is recorded on the day it was held, and what follows counts
from that day; its chair can correct its record after finishing, marked revised.

Uses the Walsh family of test_meetings: an initial meeting on 10/02/2026 with two open
actions, Priya Shah (the lead) at the keyboard. Its fixtures are imported, hence F811.
"""
# ruff: noqa: F811

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from tac.errors import ConflictError, InvalidInput
from tac.export import tac_minutes
from tac.export.gather import directory, minutes_papers
from tac.meetings.correction import NotTheChair, correct_tac_meeting, open_correction
from tac.meetings.held_on import meeting_held_on, next_review_redated
from tac.meetings.tac_draft import ScalingAnswer
from tac.meetings.tac_meeting import (
    SecondMeetingSameDay,
    finish_tac_meeting,
    open_tac_meeting,
    start_tac_meeting,
)
from tac.models import Action, ActionStatus, AttendanceStatus, Family, TacMeeting, TacMeetingKind
from tests.core.test_meetings import TODAY, ids, priya, review, sam  # noqa: F401 (fixtures)
from tests.export.reading import body_text, headings, read, table_with

TWO_WEEKS_AGO = TODAY - timedelta(weeks=2)  # 24/02/2026, two weeks after the initial meeting


# --- the date a meeting was held ----------------------------------------------------------


def test_a_meeting_is_held_today_or_before_never_after():
    assert meeting_held_on("24/02/2026", today=TODAY) == TWO_WEEKS_AGO
    assert meeting_held_on("10/03/2026", today=TODAY) == TODAY
    with pytest.raises(InvalidInput) as refused:
        meeting_held_on("11/03/2026", today=TODAY)
    assert str(refused.value) == (
        "held on: 11/03/2026 is after today; type the date the meeting was held")
    with pytest.raises(InvalidInput, match="held on: '31/02' is not a date; type it as DD/MM/YYYY"):
        meeting_held_on("31/02", today=TODAY)
    with pytest.raises(InvalidInput, match="held on: type the date the meeting was held"):
        meeting_held_on("  ", today=TODAY)


def test_the_record_itself_refuses_a_meeting_still_to_come():
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="held on: is in the future"):
        TacMeeting(family_id="f", kind="review", held_on=tomorrow)


def test_the_suggested_review_moves_with_the_date_unless_the_chair_typed_their_own():
    assert next_review_redated("21/04/2026", TODAY, TWO_WEEKS_AGO, 6) == "07/04/2026"
    assert next_review_redated("28/04/2026", TODAY, TWO_WEEKS_AGO, 6) == "28/04/2026"


def test_a_review_dated_two_weeks_ago_counts_everything_from_that_day(priya, ids):
    draft = review(priya, ids)
    dated = start_tac_meeting(open_tac_meeting(priya, ids["walsh"]), TWO_WEEKS_AGO,
                              review_weeks=6)
    draft = draft.model_copy(update={"held_on": TWO_WEEKS_AGO, "next_review": dated.next_review})
    assert draft.next_review == "07/04/2026"

    meeting = finish_tac_meeting(priya, draft)

    assert (meeting.held_on, meeting.next_review_on) == (TWO_WEEKS_AGO, date(2026, 4, 7))
    new = [a for a in priya.actions(family_id=ids["walsh"]) if a.meeting_id == meeting.id]
    # The actions were typed on the meeting screen's day, but agreed at the meeting.
    assert {a.agreed_on for a in new} == {TWO_WEEKS_AGO}
    chart = priya.get(Action, ids["chart"])
    assert (chart.status, chart.completed_on, chart.progress[-1].on) == (
        ActionStatus.DONE, TWO_WEEKS_AGO, TWO_WEEKS_AGO)
    assert priya.get(Family, ids["walsh"]).lead_professionals[-1].started_on == TWO_WEEKS_AGO


def test_an_action_due_before_the_meeting_it_was_agreed_at_is_refused(priya, ids):
    draft = review(priya, ids)
    # Due 24/03/2026 and 31/03/2026: fine on 10/03, not for a meeting dated 25/03.
    draft.held_on = date(2026, 3, 25)
    with pytest.raises(InvalidInput) as refused:
        finish_tac_meeting(priya, draft)
    assert str(refused.value) == (
        "new action “Keep the chart up”: by when: is before the meeting that agreed it "
        "(25/03/2026); change its date or the meeting's")
    assert [m.held_on for m in priya.tac_meetings(family_id=ids["walsh"])] == [date(2026, 2, 10)]


def test_a_meeting_dated_on_a_day_with_one_finished_is_asked_about_and_another_day_is_not(
    priya, ids
):
    # The initial meeting was on 10/02/2026: a meeting typed up today but held that day clashes.
    draft = start_tac_meeting(open_tac_meeting(priya, ids["walsh"]), date(2026, 2, 10))
    with pytest.raises(SecondMeetingSameDay, match="finished on 10/02/2026"):
        finish_tac_meeting(priya, draft)
    draft.held_on = date(2026, 2, 11)
    draft.next_review = "24/03/2026"
    assert finish_tac_meeting(priya, draft).held_on == date(2026, 2, 11)


# --- last time, with two meetings on one day ----------------------------------------------


def scored(store, ids, score: str, **update) -> TacMeeting:
    draft = start_tac_meeting(open_tac_meeting(store, ids["walsh"]), TODAY, review_weeks=6)
    for row in draft.attendance:
        row.status = AttendanceStatus.PRESENT
    draft.scaling = [ScalingAnswer(person_id=ids["kerry"], score=score)]
    for name, value in update.items():
        setattr(draft, name, value)
    return finish_tac_meeting(store, draft)


def test_two_meetings_on_one_day_the_second_compares_with_the_first(priya, ids):
    first = scored(priya, ids, "4")
    second = scored(priya, ids, "7", second_meeting=True, kind=TacMeetingKind.CLOSURE,
                    closure_reason="needs_met", closing_level=1,
                    closing_summary="Kerry and the boys are settled")

    assert minutes_papers(priya, second.id).previous.id == first.id
    assert minutes_papers(priya, first.id).previous.held_on == date(2026, 2, 10)

    document = read(tac_minutes(minutes_papers(priya, second.id), directory(priya)))
    rows = [[c.text for c in row.cells] for row in table_with(document, "Who", "Today").rows]
    assert rows[1][:3] == ["Kerry Walsh", "7", "4"]
    assert "None recorded" not in rows[1][2]


# --- correcting a finished meeting --------------------------------------------------------


def test_the_chair_corrects_a_finished_meeting_which_is_marked_revised_and_audited(priya, ids):
    meeting = finish_tac_meeting(priya, review(priya, ids))
    actions_before = priya.actions(family_id=ids["walsh"])
    family_before = priya.get(Family, ids["walsh"])

    opening, draft = open_correction(priya, meeting.id)
    assert opening.previous.held_on == date(2026, 2, 10)
    corrected = priya.get(TacMeeting, meeting.id).model_copy(update={
        "held_on": date(2026, 3, 9), "family_voice": "Mornings are calmer",
        "lead_professional_id": ids["priya"],  # not a correction's to change: left as it was
    })
    saved = correct_tac_meeting(priya, corrected, today=TODAY)

    assert (saved.held_on, saved.family_voice, saved.revised_on, saved.revised_by) == (
        date(2026, 3, 9), "Mornings are calmer", TODAY, "Priya Shah")
    assert saved.lead_professional_id == ids["sam"]
    assert saved.version == meeting.version + 1
    # Finishing is not repeated: the same actions, the family as it was.
    assert priya.actions(family_id=ids["walsh"]) == actions_before
    assert priya.get(Family, ids["walsh"]) == family_before
    [entry, *_] = priya.audit_trail(record_id=meeting.id)
    assert (entry.operation, entry.actor) == ("update", "Priya Shah")

    document = read(tac_minutes(minutes_papers(priya, meeting.id), directory(priya)))
    assert "Team around the child meeting minutes, revised 10 March 2026" in headings(document)
    assert "9 March 2026" in body_text(document)


def test_only_the_chair_may_correct_and_only_what_is_there_to_correct(priya, sam, ids):
    meeting = finish_tac_meeting(priya, review(priya, ids))

    with pytest.raises(NotTheChair) as refused:
        open_correction(sam, meeting.id)
    assert str(refused.value) == (
        "Only the meeting's chair, Priya Shah, can correct the record of the TAC meeting of "
        "10/03/2026; ask them to.")
    with pytest.raises(NotTheChair):
        correct_tac_meeting(sam, meeting.model_copy(update={"family_voice": "x"}), today=TODAY)

    with pytest.raises(InvalidInput, match="nothing to save"):
        correct_tac_meeting(priya, meeting, today=TODAY)
    with pytest.raises(InvalidInput, match="held on: 11/03/2026 is after today"):
        correct_tac_meeting(priya, meeting.model_copy(update={"held_on": date(2026, 3, 11)}),
                            today=TODAY)
    correct_tac_meeting(priya, meeting.model_copy(update={"family_voice": "First"}), today=TODAY)
    with pytest.raises(ConflictError, match="changed by Priya Shah"):
        correct_tac_meeting(priya, meeting.model_copy(update={"family_voice": "Stale"}),
                            today=TODAY)
    assert priya.get(TacMeeting, meeting.id).family_voice == "First"

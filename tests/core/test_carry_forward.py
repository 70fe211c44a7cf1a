"""A review carries the plan forward: the last meeting's columns, danger statements and
safety goals come back marked as carried, to keep, edit or retire; the minutes and the
family's plan say what became of them."""

from __future__ import annotations

from datetime import date

import pytest

from tac.export import gather
from tac.export.documents import family_plan, tac_minutes
from tac.meetings.carry import since_last_time
from tac.meetings.tac_draft import ScalingAnswer, TacMeetingDraft
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting, start_tac_meeting
from tac.models import (
    Agency,
    AssessmentItem,
    AttendanceStatus,
    Column,
    Consent,
    DangerStatement,
    Family,
    Person,
    Professional,
    SafetyGoal,
    SinceLastTime,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
)
from tac.rules import previous_meeting
from tac.store import Store
from tests.export.reading import body_text, read, rows, section, table_with

TODAY = date(2026, 3, 10)


@pytest.fixture
def walsh(store: Store) -> Family:
    """An open family whose first meeting agreed a plan: a worry, a strength, a next
    step, a danger statement and the goal that answers it; Kerry scaled 4."""
    hub = store.save(Agency(name="Stockport Early Help", kind="early_help"))
    priya = store.save(Professional(name="Priya Shah", role="Family worker", agency_id=hub.id))
    kerry = Person(name="Kerry Walsh", role="parent", relationship="mother")
    family = Family(
        reference="EH-2026-0042", people=[Person(name="Jayden Walsh", role="child", subject=True),
                                          kerry],
        consents=[Consent(given_by=kerry.id, given_on=date(2026, 1, 5), agency_ids=[hub.id])],
        status_history=[StatusChange(on=date(2026, 1, 5), status="open", level=2)],
    )
    family.set_lead_professional(priya.id, date(2026, 1, 5))
    family = store.save(family)
    danger = DangerStatement(text="School worry Jayden falls behind")
    store.save(TacMeeting(
        family_id=family.id, kind="initial", held_on=date(2026, 1, 13), status="finished",
        lead_professional_id=priya.id,
        assessment=[AssessmentItem(column="worries", text="Jayden is late most days"),
                    AssessmentItem(column="working_well", text="Kerry walks him to school"),
                    AssessmentItem(column="next_steps", text="Breakfast club")],
        danger_statements=[danger],
        safety_goals=[SafetyGoal(text="Jayden in by 8:50", danger_statement_id=danger.id,
                                 score=4)],
        scaling=[{"person_id": kerry.id, "score": 4}],
    ))
    return family


def opened(store: Store, family: Family, held_on: date, kind: TacMeetingKind | None = None
           ) -> TacMeetingDraft:
    draft = start_tac_meeting(open_tac_meeting(store, family.id), held_on, kind=kind)
    for row in draft.attendance:
        row.status = AttendanceStatus.PRESENT
    draft.consent_confirmed = True
    return draft


def texts(items) -> list[str]:
    return [item.text for item in items]


def test_a_review_opens_with_the_last_plan_each_item_marked_as_carried(store, walsh):
    first = previous_meeting(store.tac_meetings(family_id=walsh.id))
    draft = opened(store, walsh, TODAY)

    assert draft.kind is TacMeetingKind.REVIEW
    assert [(i.column, i.text) for i in draft.assessment] == [
        (Column.WORRIES, "Jayden is late most days"),
        (Column.WORKING_WELL, "Kerry walks him to school"),
        (Column.NEXT_STEPS, "Breakfast club")]
    assert texts(draft.danger_statements) == ["School worry Jayden falls behind"]
    assert [(g.text, g.score) for g in draft.safety_goals] == [("Jayden in by 8:50", 4)]
    carried = [*draft.assessment, *draft.danger_statements, *draft.safety_goals]
    before = [*first.assessment, *first.danger_statements, *first.safety_goals]
    assert [item.carried_from_id for item in carried] == [item.id for item in before]
    # Each carried item is a new one (ids are unique across meetings), the goal still
    # paired with the carried copy of its statement.
    assert not {item.id for item in carried} & {item.id for item in before}
    assert draft.safety_goals[0].danger_statement_id == draft.danger_statements[0].id


def test_a_closure_opens_with_the_plan_it_closes(store, walsh):
    draft = opened(store, walsh, TODAY, TacMeetingKind.CLOSURE)
    assert texts(draft.assessment) == [
        "Jayden is late most days", "Kerry walks him to school", "Breakfast club"]
    assert all(item.carried for item in [*draft.assessment, *draft.safety_goals])


def test_an_initial_meeting_starts_a_plan_of_its_own(store, walsh):
    draft = opened(store, walsh, TODAY, TacMeetingKind.INITIAL)
    assert (draft.assessment, draft.danger_statements, draft.safety_goals) == ([], [], [])


def test_a_retired_worry_stays_on_its_meeting_and_is_not_carried_two_meetings_later(
        store, walsh):
    review = opened(store, walsh, date(2026, 2, 24))
    review.assessment[0].retired = True  # the lateness is no longer a worry
    review.danger_statements[0].retired = True
    review.assessment[2].text = "Breakfast club on Mondays and Fridays"
    review.assessment.append(AssessmentItem(column="worries", text="Rent arrears"))
    saved = finish_tac_meeting(store, review)

    back = store.get(TacMeeting, saved.id)
    assert [(i.text, i.retired) for i in back.assessment] == [
        ("Jayden is late most days", True), ("Kerry walks him to school", False),
        ("Breakfast club on Mondays and Fridays", False), ("Rent arrears", False)]
    assert [since_last_time(i, previous_meeting(store.tac_meetings(family_id=walsh.id), back))
            for i in back.assessment] == [
        SinceLastTime.RETIRED, SinceLastTime.KEPT, SinceLastTime.CHANGED, SinceLastTime.NEW]
    assert texts(back.items(Column.WORRIES)) == ["Rent arrears"]
    assert back.danger_statements_in_plan() == []

    later = opened(store, walsh, TODAY)
    assert texts(later.assessment) == [
        "Kerry walks him to school", "Breakfast club on Mondays and Fridays", "Rent arrears"]
    assert later.danger_statements == []
    # The goal's statement was retired: the goal carries on, paired with nothing.
    assert [(g.text, g.danger_statement_id) for g in later.safety_goals] == [
        ("Jayden in by 8:50", None)]
    assert all(not item.retired for item in later.assessment)


def test_only_an_item_carried_forward_can_be_retired():
    with pytest.raises(ValueError, match="only an item carried forward"):
        AssessmentItem(column="worries", text="Typed today", retired=True)


def test_the_previous_meeting_of_two_on_one_day_is_the_later_created(store, walsh):
    first = opened(store, walsh, TODAY)
    first.assessment.append(AssessmentItem(column="worries", text="Morning meeting's worry"))
    morning = finish_tac_meeting(store, first)
    afternoon_draft = opened(store, walsh, TODAY)
    assert "Morning meeting's worry" in texts(afternoon_draft.assessment)
    afternoon_draft.second_meeting = True
    afternoon = finish_tac_meeting(store, afternoon_draft)

    meetings = store.tac_meetings(family_id=walsh.id)
    assert previous_meeting(meetings).id == afternoon.id
    assert previous_meeting(meetings, afternoon).id == morning.id
    assert previous_meeting(meetings, morning).held_on == date(2026, 1, 13)


def test_the_plan_after_a_review_that_changed_nothing_keeps_every_carried_item(store, walsh):
    meeting = finish_tac_meeting(store, opened(store, walsh, TODAY))
    document = read(family_plan(gather.plan_papers(store, walsh.id), gather.directory(store),
                                today=TODAY))
    assert section(document, "What's going well") == ["Kerry walks him to school"]
    worries = section(document, "What we're worried about")
    assert "Jayden is late most days" in worries
    assert "School worry Jayden falls behind" in worries
    assert section(document, "What needs to happen")[:3] == [
        "Breakfast club", "What we want to see", "Jayden in by 8:50"]

    minutes = read(tac_minutes(gather.minutes_papers(store, meeting.id),
                               gather.directory(store), today=TODAY))
    changes = rows(table_with(minutes, "Where", "What the plan says", "Since last time"))
    assert [change[2] for change in changes] == ["Kept"] * 5


def test_the_minutes_say_what_changed_and_a_retired_worry_is_no_longer_in_the_plan(
        store, walsh):
    review = opened(store, walsh, TODAY)
    review.assessment[0].retired = True
    review.assessment[1].text = "Kerry walks him to school every day"
    review.safety_goals[0].retired = True
    review.assessment.append(AssessmentItem(column="worries", text="Rent arrears"))
    kerry = walsh.people[1].id
    review.scaling = [ScalingAnswer(person_id=kerry, score="7", reason="Mornings are calmer")]
    meeting = finish_tac_meeting(store, review)

    minutes = read(tac_minutes(gather.minutes_papers(store, meeting.id),
                               gather.directory(store), today=TODAY))
    changes = rows(table_with(minutes, "Where", "What the plan says", "Since last time"))
    assert changes == [
        ["What are we worried about?", "Jayden is late most days", "No longer a worry"],
        ["What's working well?",
         "Kerry walks him to school every day (was: Kerry walks him to school)", "Changed"],
        ["What needs to happen?", "Breakfast club", "Kept"],
        ["What are we worried about?", "Rent arrears", "New"],
        ["Danger statement", "School worry Jayden falls behind", "Kept"],
        ["Safety goal", "Jayden in by 8:50", "Retired"],
    ]
    assert "No longer a worry" in [p.text for p in minutes.paragraphs]
    changed = section(minutes, "What changed since the last meeting")
    assert changed[changed.index("No longer a worry") + 1] == "Jayden is late most days"
    assert rows(table_with(minutes, "Who", "Today", "Last time")) == [
        ["Kerry Walsh", "7", "4", "Mornings are calmer"]]

    plan = read(family_plan(gather.plan_papers(store, walsh.id), gather.directory(store),
                            today=TODAY))
    worries = section(plan, "What we're worried about")
    assert "Jayden is late most days" not in worries
    assert "Rent arrears" in worries
    assert "Jayden in by 8:50" not in body_text(plan)

"""Closing early help at a TAC meeting: the outcome, the closing level and summary, the lead
professional's term ended and the family closed, all in one finish."""

from __future__ import annotations

from datetime import date

import pytest

from tac.errors import InvalidInput
from tac.meetings.drafts import tac_meeting_draft_key
from tac.meetings.tac_draft import TacMeetingDraft, missing_before_finishing
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting, start_tac_meeting
from tac.models import (
    Agency,
    AttendanceStatus,
    ClosureReason,
    Consent,
    Family,
    FamilyStatus,
    MeetingStatus,
    Person,
    Professional,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
)
from tac.store import Store

TODAY = date(2026, 5, 19)


@pytest.fixture
def walsh(store: Store) -> dict[str, str]:
    """An open family at level 2 with Priya Shah as lead and a review held six weeks ago."""
    early_help = store.save(Agency(name="Stockport Early Help", kind="early_help"))
    priya = store.save(Professional(name="Priya Shah", role="Family worker",
                                    agency_id=early_help.id))
    kerry = Person(name="Kerry Walsh", role="parent", relationship="mother")
    family = Family(
        reference="EH-2026-0042",
        people=[Person(name="Jayden Walsh", role="child", subject=True), kerry],
        consents=[Consent(given_by=kerry.id, given_on=date(2026, 2, 2),
                          agency_ids=[early_help.id])],
        status_history=[StatusChange(on=date(2026, 2, 2), status="open", level=2)],
    )
    family.set_lead_professional(priya.id, date(2026, 2, 2))
    family = store.save(family)
    store.save(TacMeeting(family_id=family.id, kind="review", held_on=date(2026, 4, 7),
                          status="finished", lead_professional_id=priya.id,
                          next_review_on=date(2026, 5, 19)))
    return {"walsh": family.id, "priya": priya.id}


def closure(store: Store, family_id: str, reason: ClosureReason) -> TacMeetingDraft:
    """A closure typed in full: everyone present, consent confirmed, the outcome, level 1
    and a closing summary."""
    draft = start_tac_meeting(open_tac_meeting(store, family_id), TODAY,
                              kind=TacMeetingKind.CLOSURE)
    for row in draft.attendance:
        row.status = AttendanceStatus.PRESENT
    draft.consent_confirmed = True
    draft.closure_reason = reason
    draft.closing_level = 1
    draft.closing_summary = "Jayden is on time every day and Kerry has friends at the school gate."
    return draft


def test_a_closure_stepped_down_to_universal_services_ends_early_help(store, walsh):
    opening = open_tac_meeting(store, walsh["walsh"])
    assert start_tac_meeting(opening, TODAY).closing_level == 2, "the family's level now"
    draft = closure(store, walsh["walsh"], ClosureReason.STEPPED_DOWN_TO_UNIVERSAL)
    assert missing_before_finishing(draft, opening.family, opening.directory) == [
        "no scaling scores: ask each person where we are today"]
    finish_tac_meeting(store, draft)

    family = store.get(Family, walsh["walsh"])
    assert (family.status, family.level, family.lead_professional_id) == (
        FamilyStatus.CLOSED, 1, None)
    closed = family.status_history[-1]
    assert (closed.on, closed.reason, closed.level) == (
        TODAY, ClosureReason.STEPPED_DOWN_TO_UNIVERSAL, 1)
    [term] = family.lead_professionals
    assert (term.professional_id, term.ended_on) == (walsh["priya"], TODAY)

    meeting = store.get(TacMeeting, draft.meeting_id)
    assert (meeting.kind, meeting.status, meeting.next_review_on) == (
        TacMeetingKind.CLOSURE, MeetingStatus.FINISHED, None)
    assert (meeting.closure_reason, meeting.closing_level, meeting.closing_summary) == (
        ClosureReason.STEPPED_DOWN_TO_UNIVERSAL, 1,
        "Jayden is on time every day and Kerry has friends at the school gate.")
    assert meeting.lead_professional_id == walsh["priya"], "it names the lead whose term ended"

    [row] = store.family_rows("EH-2026-0042", today=TODAY)
    assert (row.status, row.lead_professional, row.next_review_on, row.is_open) == (
        "closed", "", None, False)
    assert store.family_rows(open_only=True, today=TODAY) == []

    change = store.audit_trail(record_id=walsh["walsh"])[0]
    assert change.actor == "Priya Shah" and change.operation == "update"
    assert {"status_history", "lead_professionals"} <= set(change.changes or {})
    assert store.load_draft(tac_meeting_draft_key(walsh["walsh"], "Priya Shah")) is None


def test_a_family_that_moved_says_where_and_the_status_note_keeps_it(store, walsh):
    draft = closure(store, walsh["walsh"], ClosureReason.MOVED_AWAY)
    with pytest.raises(InvalidInput, match="moved to: say which area or local authority"):
        finish_tac_meeting(store, draft)
    assert store.get(Family, walsh["walsh"]).is_open, "nothing is saved"

    draft.moved_to = "Tameside Council"
    finish_tac_meeting(store, draft)
    family = store.get(Family, walsh["walsh"])
    assert family.status_history[-1].note == "Closed at the TAC meeting: moved to Tameside Council"
    assert store.get(TacMeeting, draft.meeting_id).moved_to == "Tameside Council"


def test_a_closure_needs_its_summary_and_level_before_it_finishes(store, walsh):
    opening = open_tac_meeting(store, walsh["walsh"])
    draft = closure(store, walsh["walsh"], ClosureReason.NEEDS_MET)
    draft.closing_summary = "  "
    missing = missing_before_finishing(draft, opening.family, opening.directory)
    assert missing[-1].startswith("closing summary: say in plain words what was achieved")
    with pytest.raises(InvalidInput, match="closing summary"):
        finish_tac_meeting(store, draft)
    draft.closing_summary = "Needs met."
    draft.closing_level = None
    with pytest.raises(InvalidInput, match="closing level: choose"):
        finish_tac_meeting(store, draft)
    assert store.get(Family, walsh["walsh"]).status is FamilyStatus.OPEN


def test_a_closure_does_not_agree_a_new_lead_or_a_next_review(store, walsh):
    draft = closure(store, walsh["walsh"], ClosureReason.NEEDS_MET)
    draft.lead_professional_id = None
    draft.next_review = "30/06/2026"
    finish_tac_meeting(store, draft)
    meeting = store.get(TacMeeting, draft.meeting_id)
    assert (meeting.lead_professional_id, meeting.next_review_on) == (walsh["priya"], None)


def test_closures_recorded_before_closing_summaries_still_load(store, walsh):
    old = store.save(TacMeeting(family_id=walsh["walsh"], kind="closure", held_on=TODAY,
                                status="finished", closure_reason="disengaged"))
    assert store.get(TacMeeting, old.id).closing_summary == ""
    with pytest.raises(ValueError, match="only a closure meeting records how the plan closed"):
        TacMeeting(family_id=walsh["walsh"], kind="review", held_on=TODAY, closing_level=1)
    with pytest.raises(ValueError, match="moved to: only for a family that moved"):
        TacMeeting(family_id=walsh["walsh"], kind="closure", held_on=TODAY,
                   closure_reason="needs_met", moved_to="Tameside")

"""Correcting a finished TAC meeting's record: by its chair only, audited, marked revised.

    opening, draft = open_correction(store, meeting_id)   # NotTheChair for anyone else
    # ... the meeting screen shows the draft; the chair puts right what was recorded ...
    meeting = finish_correction(store, draft, today)      # one save, audited, revised_on set

`correct_tac_meeting(store, corrected)` does the saving for a corrected record made any
other way. A correction changes only what the meeting recorded: the date it was held, the
notes taker, who came and their updates, consent confirmed, the voices, the assessment,
danger statements and safety goals, the scaling and the next review date
(`CORRECTABLE`). It never repeats what finishing did: the actions the meeting agreed, its
review of the last plan's actions, the lead professional and a closure's change of status
stay as they are; those are changed on the family's record, where each change is its own.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from tac import rules
from tac.dates import form_date
from tac.directory import Directory
from tac.errors import ConflictError, InvalidInput, TacError, describe_validation_error
from tac.meetings.drafts import kept_draft, tac_correction_draft_key
from tac.meetings.held_on import check_held_on
from tac.meetings.tac_draft import (
    AttendanceRow,
    ChildHouses,
    ReviewMark,
    ScalingAnswer,
    TacMeetingDraft,
    tac_meeting_record,
)
from tac.meetings.tac_meeting import TacMeetingOpening
from tac.models import Family, MeetingStatus, TacMeeting
from tac.store import Store

CORRECTABLE = (
    "held_on", "minute_taker", "attendance", "consent_confirmed", "family_voice",
    "child_voices", "assessment", "danger_statements", "safety_goals", "scaling",
    "next_review_on",
)
"""What a correction may change; everything else on the meeting stays as it was saved."""

NOT_CORRECTED = (
    "A correction changes what this meeting recorded. The actions it agreed, its review of "
    "the last plan's actions and the lead professional stay as they are: change those on "
    "the family's record."
)
"""What the meeting screen says while correcting."""


class NotTheChair(TacError):
    """Someone other than the meeting's chair tried to correct its record."""

    title = "Only the meeting's chair can correct it"


def _refuse_unless_the_chair_corrects(store: Store, meeting: TacMeeting,
                                      directory: Directory) -> None:
    if meeting.status is not MeetingStatus.FINISHED:
        raise TacError("This TAC meeting is still being typed: finish it before correcting it.")
    chair = directory.professional(meeting.chair_id) if meeting.chair_id else None
    if chair is None:
        raise NotTheChair(
            f"The TAC meeting of {form_date(meeting.held_on)} has no chair on record, so its "
            "record cannot be corrected.")
    if chair.name != store.actor:
        raise NotTheChair(
            f"Only the meeting's chair, {chair.name}, can correct the record of the TAC "
            f"meeting of {form_date(meeting.held_on)}; ask them to.")


def _directory(store: Store) -> Directory:
    return Directory.of(store.professionals(), store.agencies(), store.local_services())


def draft_of_meeting(meeting: TacMeeting) -> TacMeetingDraft:
    """The finished meeting as the meeting screen shows it, to be corrected."""
    return TacMeetingDraft(
        meeting_id=meeting.id, family_id=meeting.family_id, held_on=meeting.held_on,
        kind=meeting.kind, read={meeting.id: meeting.version},
        chair_id=meeting.chair_id, minute_taker=meeting.minute_taker or "",
        attendance=[AttendanceRow(professional_id=a.professional_id, person_id=a.person_id,
                                  status=a.status, update=a.update) for a in meeting.attendance],
        consent_confirmed=meeting.consent_confirmed, family_voice=meeting.family_voice,
        child_voices=[ChildHouses(person_id=v.person_id, worries=v.worries,
                                  good_things=v.good_things, dreams=v.dreams)
                      for v in meeting.child_voices],
        action_reviews=[ReviewMark(action_id=r.action_id, outcome=r.outcome, note=r.note)
                        for r in meeting.action_reviews],
        assessment=meeting.assessment, danger_statements=meeting.danger_statements,
        safety_goals=meeting.safety_goals,
        scaling=[ScalingAnswer(professional_id=s.professional_id, person_id=s.person_id,
                               score=str(s.score), reason=s.reason) for s in meeting.scaling],
        lead_professional_id=meeting.lead_professional_id,
        next_review=form_date(meeting.next_review_on),
        closure_reason=meeting.closure_reason,
    )


def open_correction(store: Store, meeting_id: str) -> tuple[TacMeetingOpening, TacMeetingDraft]:
    """The finished meeting to correct, as the meeting screen opens it, and its record as a
    draft; the opening carries your own kept correction of it, if any. `NotTheChair` for
    anyone but its chair."""
    meeting = store.get(TacMeeting, meeting_id)
    directory = _directory(store)
    _refuse_unless_the_chair_corrects(store, meeting, directory)
    kept = kept_draft(store, tac_correction_draft_key(meeting.id, store.actor), TacMeetingDraft)
    opening = TacMeetingOpening(
        actor=store.actor,
        family=store.get(Family, meeting.family_id),
        directory=directory,
        open_actions=[],
        previous=rules.previous_meeting(store.tac_meetings(family_id=meeting.family_id), meeting),
        review_interval_weeks=store.settings().review_interval_weeks,
        kept=kept[0] if kept else None,
        kept_at=kept[1] if kept else None,
    )
    return opening, draft_of_meeting(meeting)


def correct_tac_meeting(store: Store, corrected: TacMeeting, today: date | None = None) -> TacMeeting:
    """Save the chair's correction of a finished meeting: the `CORRECTABLE` fields of
    `corrected` onto the meeting as saved, marked revised today by the store's actor.

    `corrected.version` is the version the correction was read at. Raises `NotTheChair`
    unless the store's actor is the meeting's chair, `ConflictError` if the meeting was
    saved since it was read, and `InvalidInput` for a date after `today` or nothing changed.
    """
    today = today or date.today()
    with store.transaction():
        saved = store.get(TacMeeting, corrected.id)
        _refuse_unless_the_chair_corrects(store, saved, _directory(store))
        if saved.version != corrected.version:
            raise ConflictError("TAC meeting", saved.updated_by, saved.updated_at)
        check_held_on(corrected.held_on, today)
        changes = {name: getattr(corrected, name) for name in CORRECTABLE
                   if getattr(corrected, name) != getattr(saved, name)}
        if not changes:
            raise InvalidInput("nothing to save: the meeting's record is as it was")
        try:
            revised = TacMeeting.model_validate({
                **saved.model_dump(), **changes, "revised_on": today, "revised_by": store.actor,
            })
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None
        result = store.save(revised)
        store.drop_draft(tac_correction_draft_key(saved.id, store.actor))
    return result


def finish_correction(store: Store, draft: TacMeetingDraft, today: date | None = None) -> TacMeeting:
    """Save the correction typed into the meeting screen (see `correct_tac_meeting`)."""
    family = store.get(Family, draft.family_id)
    corrected = tac_meeting_record(draft, family, _directory(store))
    version = draft.read.get(draft.meeting_id, 0)
    return correct_tac_meeting(store, corrected.model_copy(update={"version": version}), today)

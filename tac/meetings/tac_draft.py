"""A TAC meeting as typed: the draft the meeting screen fills from the first key, and
the meeting record it makes when finished.

The draft holds the record's own models where an entry is checked as it is added (an
assessment item, an action), text as typed where it is checked at the end (a score, a
date), and the version of each record read when the meeting started (see `versions`).

    draft.scaling = [ScalingAnswer(person_id=kerry.id, score="7")]
    tac_meeting_record(draft, family, directory)       # TacMeeting, or InvalidInput
    missing_before_finishing(draft, family, directory) # lines the chair reads aloud
"""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationError

from tac.consent import outside_consent
from tac.dates import form_date, parse_form_date
from tac.directory import Directory
from tac.errors import InvalidInput, describe_validation_error
from tac.meetings.step_up import StepUpAsTyped, missing_reflection
from tac.meetings.versions import VersionsRead
from tac.models import (
    Action,
    ActionReview,
    AssessmentItem,
    Attendance,
    AttendanceStatus,
    ChildVoice,
    ClosureReason,
    DangerStatement,
    Family,
    FamilyStatus,
    MeetingStatus,
    Model,
    Participant,
    ReviewOutcome,
    SafetyGoal,
    ScalingScore,
    StepUp,
    TacMeeting,
    TacMeetingKind,
    new_id,
)
from tac.models.base import RecordId
from tac.outcomes import tagged_needs, unrecorded_needs

# --- the meeting as typed -----------------------------------------------------------------


class AttendanceRow(Participant):
    """Someone on the meeting's list: present, apologies, did not attend, or not marked yet."""

    status: AttendanceStatus | None = None
    update: str = Field(default="", description="their update, as typed")


class ChildHouses(Model):
    """A child's Three Houses, as typed."""

    person_id: RecordId
    worries: str = ""
    good_things: str = ""
    dreams: str = ""


class ReviewMark(Model):
    """An open action from the last plan, as the meeting reviews it (or has not yet)."""

    action_id: RecordId
    outcome: ReviewOutcome | None = None
    note: str = ""


class ScalingAnswer(Participant):
    """One person's answer to the scaling question as typed; checked when finishing."""

    score: str = ""
    reason: str = ""


class ActionForm(Model):
    """An action being typed in but not added yet."""

    what: str = ""
    who: str = Field(default="", description="pro:<id> or person:<id>, as the form lists them")
    due_on: str = ""
    success: str = ""
    service: str = Field(default="", description="a local service's id: the action refers to it")
    replaces: str = Field(default="", description="the id of an added action taken back to edit")

    def is_blank(self) -> bool:
        return not any(v.strip() for v in (self.what, self.who, self.due_on, self.success,
                                           self.service))


class Entry(Model):
    """A line typed into a step but not added yet (Enter adds it)."""

    text: str = ""
    into: str = Field(default="", description="where it goes: a column or a list")
    edits: str = Field(default="", description="the id of what it changes; empty for new")
    field: str = Field(default="", description="the field of it typed, when not its text")


class TacMeetingDraft(Model):
    """A TAC meeting from its first key to its saved record, kept as it is typed."""

    meeting_id: RecordId = Field(default_factory=new_id)
    family_id: RecordId
    held_on: date
    held_on_as_typed: str = Field(
        default="", description="the date field as typed (DD/MM/YYYY); held_on is the date it "
        "last read as, and empty means it shows held_on")
    kind: TacMeetingKind
    second_meeting: bool = Field(
        default=False, description="the chair said it is a second meeting that same day"
    )
    read: VersionsRead = Field(default_factory=dict)

    chair_id: RecordId | None = None
    minute_taker: str = ""
    attendance: list[AttendanceRow] = Field(default_factory=list)
    consent_confirmed: bool = False
    family_voice: str = ""
    child_voices: list[ChildHouses] = Field(default_factory=list)
    action_reviews: list[ReviewMark] = Field(default_factory=list)
    assessment: list[AssessmentItem] = Field(default_factory=list)
    danger_statements: list[DangerStatement] = Field(default_factory=list)
    safety_goals: list[SafetyGoal] = Field(default_factory=list)
    scaling: list[ScalingAnswer] = Field(default_factory=list)
    new_actions: list[Action] = Field(default_factory=list)
    action_form: ActionForm = Field(default_factory=ActionForm)
    lead_professional_id: RecordId | None = None
    next_review: str = Field(default="", description="as typed, DD/MM/YYYY")
    closure_reason: ClosureReason | None = None
    closing_level: int | None = Field(default=None, description="a closure: 1 to 4")
    closing_summary: str = ""
    moved_to: str = Field(default="", description="a closure for a family that moved: where")
    stepping_up: bool = Field(
        default=False, description="the meeting steps the family up to children's social care")
    step_up: StepUpAsTyped = Field(default_factory=StepUpAsTyped)

    step: int = Field(default=0, ge=0, description="the step on screen, from 0")
    focus: str | None = Field(default=None, description="the field the cursor was in")
    entries: dict[str, Entry] = Field(default_factory=dict, description="by step")

    @property
    def closing(self) -> bool:
        return self.kind is TacMeetingKind.CLOSURE

    def present(self) -> list[AttendanceRow]:
        return [row for row in self.attendance if row.status is AttendanceStatus.PRESENT]


# --- from the draft to the record ---------------------------------------------------------


def participant_name(who: Participant, family: Family, directory: Directory) -> str:
    if who.professional_id:
        pro = directory.professional(who.professional_id)
        return pro.name if pro else "someone no longer listed"
    person = family.person(who.person_id or "")
    return person.name if person else "someone no longer in the family"


def scaling_scores(draft: TacMeetingDraft, family: Family, directory: Directory) -> list[ScalingScore]:
    """The scores given by the people present; InvalidInput names whose score is wrong."""
    answers = {(a.professional_id, a.person_id): a for a in draft.scaling}
    scores = []
    for who in draft.present():
        answer = answers.get((who.professional_id, who.person_id))
        if answer is None or not answer.score.strip():
            continue
        try:
            scores.append(ScalingScore(
                professional_id=who.professional_id, person_id=who.person_id,
                score=answer.score.strip(), reason=answer.reason,
            ))
        except ValidationError as error:
            name = participant_name(who, family, directory)
            raise InvalidInput(f"{name}'s {describe_validation_error(error)}") from None
    return scores


def agreed_next_review(draft: TacMeetingDraft) -> date | None:
    """The next review date as typed, checked; None when none is typed or the plan closes."""
    text = draft.next_review.strip()
    if draft.closing or draft.stepping_up or not text:
        return None
    next_review = parse_form_date(text, "next review")
    try:
        # The meeting model knows what a next review date must be.
        TacMeeting(family_id=draft.family_id, kind=TacMeetingKind.REVIEW,
                   held_on=draft.held_on, next_review_on=next_review)
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None
    return next_review


def closing_problem(draft: TacMeetingDraft) -> str | None:
    """What a closure still needs before it can finish (the outcome, the closing level, a
    closing summary, and for a family that moved, where to), in words; None for a meeting
    that is not a closure (or steps the family up) or has them all.

    Asked when finishing, not by the meeting model: closures recorded before these were
    kept have none, and their records must still load."""
    if not draft.closing or draft.stepping_up:
        return None
    if draft.closure_reason is None:
        return "closing as: choose why early help is closing"
    if draft.closure_reason is ClosureReason.MOVED_AWAY and not draft.moved_to.strip():
        return "moved to: say which area or local authority the family moved to"
    if draft.closing_level is None:
        return "closing level: choose the family's level of need as early help closes"
    if not draft.closing_summary.strip():
        return ("closing summary: say in plain words what was achieved together; the "
                "family's closing letter prints it")
    return None


def closure_reason(draft: TacMeetingDraft) -> ClosureReason | None:
    """Why a closure closes: stepped up when the meeting steps the family up."""
    if not draft.closing:
        return None
    return ClosureReason.STEPPED_UP if draft.stepping_up else draft.closure_reason


def step_up_record(draft: TacMeetingDraft, recorded_by: str = "") -> StepUp | None:
    """The step up the meeting records (None if it does not step the family up);
    InvalidInput says what to fix."""
    if not draft.stepping_up:
        return None
    return draft.step_up.step_up(
        draft.family_id, draft.held_on, recorded_by=recorded_by,
        reflection_by_id=draft.chair_id, tac_meeting_id=draft.meeting_id,
    )


def agreed_actions(draft: TacMeetingDraft) -> list[Action]:
    """The new actions, agreed on the day the meeting was held (whatever day it was when
    they were typed in); InvalidInput names one due before the meeting."""
    agreed = []
    for action in draft.new_actions:
        try:
            agreed.append(Action.model_validate(
                {**action.model_dump(), "agreed_on": draft.held_on}))
        except ValidationError as error:
            raise InvalidInput(
                f"new action “{action.what[:60]}”: {describe_validation_error(error)} "
                f"({form_date(draft.held_on)}); change its date or the meeting's") from None
    return agreed


def tac_meeting_record(
    draft: TacMeetingDraft,
    family: Family,
    directory: Directory,
    status: MeetingStatus = MeetingStatus.FINISHED,
) -> TacMeeting:
    """The meeting record the draft makes; InvalidInput says what to fix (its new actions
    are checked too: each is due on or after the meeting)."""
    scaling = scaling_scores(draft, family, directory)
    agreed_actions(draft)
    next_review_on = agreed_next_review(draft)
    closing = draft.closing
    closing_plainly = closing and not draft.stepping_up  # a closure that steps up asks none
    if closing and status is MeetingStatus.FINISHED and (problem := closing_problem(draft)):
        raise InvalidInput(problem)
    statements = {s.id for s in draft.danger_statements}
    try:
        return TacMeeting(
            id=draft.meeting_id, family_id=draft.family_id, kind=draft.kind,
            held_on=draft.held_on, status=status, chair_id=draft.chair_id,
            minute_taker=draft.minute_taker.strip() or None,
            attendance=[
                Attendance(professional_id=row.professional_id, person_id=row.person_id,
                           status=row.status, update=row.update)
                for row in draft.attendance if row.status is not None
            ],
            consent_confirmed=draft.consent_confirmed,
            family_voice=draft.family_voice,
            child_voices=[
                ChildVoice(person_id=child.person_id, worries=child.worries,
                           good_things=child.good_things, dreams=child.dreams)
                for child in draft.child_voices
                if any(text.strip() for text in (child.worries, child.good_things, child.dreams))
            ],
            action_reviews=[
                ActionReview(action_id=mark.action_id, outcome=mark.outcome, note=mark.note)
                for mark in draft.action_reviews if mark.outcome is not None
            ],
            assessment=draft.assessment,
            danger_statements=draft.danger_statements,
            safety_goals=[
                goal if goal.danger_statement_id in statements
                else goal.model_copy(update={"danger_statement_id": None})
                for goal in draft.safety_goals
            ],
            scaling=scaling,
            # A closure agrees no new lead: it names the one whose term it ends.
            lead_professional_id=family.lead_professional_id if closing
            else draft.lead_professional_id,
            next_review_on=next_review_on,
            closure_reason=closure_reason(draft),
            closing_level=draft.closing_level if closing_plainly else None,
            closing_summary=draft.closing_summary.strip() if closing_plainly else "",
            moved_to=draft.moved_to.strip() if closing_plainly and
            draft.closure_reason is ClosureReason.MOVED_AWAY else "",
        )
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None


def present_outside_consent(
    attendance: list[AttendanceRow], held_on: date, family: Family, directory: Directory
) -> list[str]:
    """A line for each professional marked present whose agency is outside the family's
    consent on the day of the meeting: nothing about the family may be shared with them."""
    present = [row.professional_id for row in attendance
               if row.professional_id and row.status is AttendanceStatus.PRESENT]
    lines = []
    for pid, reason in outside_consent(family, present, held_on, directory).items():
        pro = directory.professional(pid)
        agency = directory.agency_name(pro.agency_id if pro else None)
        who = participant_name(Participant(professional_id=pid), family, directory)
        lines.append(f"{who}{f' ({agency})' if agency else ''} is present, but {reason}")
    return lines


def missing_before_finishing(
    draft: TacMeetingDraft, family: Family, directory: Directory
) -> list[str]:
    """What a finished meeting record would lack, and who is present from outside the
    family's consent, in the words the chair reads aloud."""
    missing = []
    present = draft.present()
    here = {(p.professional_id, p.person_id) for p in present}
    scored = [a for a in draft.scaling
              if (a.professional_id, a.person_id) in here and a.score.strip()]
    if not present:
        missing.append("nobody is marked present (attendance)")
    if not draft.consent_confirmed:
        missing.append("the family's consent to share was not confirmed")
    if present and not scored:
        missing.append("no scaling scores: ask each person where we are today")
    # A family stepped up leaves early help: no new plan, lead or review is agreed.
    staying = not draft.closing and not draft.stepping_up
    if staying and not draft.new_actions:
        missing.append("no new actions: agree what will be done, by whom, by when")
    if staying and not draft.lead_professional_id:
        missing.append("no lead professional")
    open_family = family.is_open or family.status is FamilyStatus.REFERRED
    if staying and open_family and not draft.next_review.strip():
        missing.append("no next review date for a family that stays open")
    if draft.closing and not closure_reason(draft):
        missing.append("no reason for closing the plan")
    elif draft.closing and (problem := closing_problem(draft)):
        missing.append(problem)
    if draft.closing and not draft.stepping_up:
        unsaid = len(unrecorded_needs(draft))
        if unsaid:
            missing.append(f"{unsaid} of the {len(tagged_needs(draft))} needs tagged with a "
                           "headline outcome not marked met, partly met or not met")
    if draft.stepping_up and not draft.step_up.has_reflection():
        missing.append(missing_reflection(family.reference))
    missing += present_outside_consent(draft.attendance, draft.held_on, family, directory)
    return missing

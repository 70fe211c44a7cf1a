"""The team-around-the-child meeting as a workflow: open it, type it, finish it.

    opening = open_tac_meeting(store, family_id)
    draft = start_tac_meeting(opening, held_on, review_weeks=6)   # or resume_tac_meeting
    # ... each step of the meeting screen fills its part of `draft` as the chair types ...
    missing_before_finishing(draft, opening.family)   # lines the chair reads aloud
    meeting = finish_tac_meeting(store, draft)        # one transaction, or nothing saved

The draft is the meeting from its first key: the record's own models where an entry is
checked as it is added (an assessment item, an action), text as typed where it is
checked at the end (a score, a date), and the version of each record read when the
meeting started, so finishing never overwrites someone else's later save.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import Field, ValidationError

from tac.dates import form_date, parse_form_date
from tac.directory import Directory
from tac.errors import InvalidInput, TacError, describe_validation_error
from tac.meetings.drafts import (
    KeptDraft,
    kept_draft,
    others_tac_meeting_drafts,
    tac_meeting_draft_key,
)
from tac.meetings.versions import (
    VersionsRead,
    changed_since_read,
    check_unchanged,
    versions_of,
    who_changed,
)
from tac.models import (
    REVIEW_OUTCOME_LABELS,
    Action,
    ActionReview,
    ActionStatus,
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
    ProgressNote,
    Record,
    ReviewOutcome,
    SafetyGoal,
    ScalingScore,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
    new_id,
)
from tac.models.base import RecordId
from tac.rules import latest_meeting, suggested_next_review
from tac.store import Store

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
    replaces: str = Field(default="", description="the id of an added action taken back to edit")

    def is_blank(self) -> bool:
        return not any(v.strip() for v in (self.what, self.who, self.due_on, self.success))


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
    if draft.closing or not text:
        return None
    next_review = parse_form_date(text, "next review")
    try:
        # The meeting model knows what a next review date must be.
        TacMeeting(family_id=draft.family_id, kind=TacMeetingKind.REVIEW,
                   held_on=draft.held_on, next_review_on=next_review)
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None
    return next_review


def tac_meeting_record(
    draft: TacMeetingDraft,
    family: Family,
    directory: Directory,
    status: MeetingStatus = MeetingStatus.FINISHED,
) -> TacMeeting:
    """The meeting record the draft makes; InvalidInput says what to fix."""
    scaling = scaling_scores(draft, family, directory)
    next_review_on = agreed_next_review(draft)
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
            lead_professional_id=draft.lead_professional_id,
            next_review_on=next_review_on,
            closure_reason=draft.closure_reason if draft.closing else None,
        )
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None


def missing_before_finishing(draft: TacMeetingDraft, family: Family) -> list[str]:
    """What a finished meeting record would lack, in the words the chair reads aloud."""
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
    if not draft.closing and not draft.new_actions:
        missing.append("no new actions: agree what will be done, by whom, by when")
    if not draft.closing and not draft.lead_professional_id:
        missing.append("no lead professional")
    open_family = family.is_open or family.status is FamilyStatus.REFERRED
    if not draft.closing and open_family and not draft.next_review.strip():
        missing.append("no next review date for a family that stays open")
    if draft.closing and not draft.closure_reason:
        missing.append("no reason for closing the plan")
    return missing


# --- opening, starting and resuming -------------------------------------------------------


@dataclass(frozen=True)
class TacMeetingOpening:
    """The family's record as a TAC meeting opens it, and the meetings in progress for it."""

    actor: str
    family: Family
    directory: Directory
    open_actions: list[Action]
    previous: TacMeeting | None
    kept: TacMeetingDraft | None = None
    kept_at: datetime | None = None
    others: list[KeptDraft] = field(default_factory=list)


def open_tac_meeting(store: Store, family_id: str) -> TacMeetingOpening:
    """Read what a TAC meeting for the family needs, with your own kept draft (if any)
    and the drafts other people have open for the family."""
    family = store.get(Family, family_id)
    kept = kept_draft(store, tac_meeting_draft_key(family_id, store.actor), TacMeetingDraft)
    return TacMeetingOpening(
        actor=store.actor,
        family=family,
        directory=Directory.of(store.professionals(), store.agencies()),
        open_actions=store.actions(family_id=family_id, status=ActionStatus.OPEN),
        previous=latest_meeting(store.tac_meetings(family_id=family_id)),
        kept=kept[0] if kept else None,
        kept_at=kept[1] if kept else None,
        others=others_tac_meeting_drafts(store, family_id),
    )


def first_kind(previous: TacMeeting | None) -> TacMeetingKind:
    """An initial meeting for a family with no plan (or a closed one), else a review."""
    if previous is None or previous.kind is TacMeetingKind.CLOSURE:
        return TacMeetingKind.INITIAL
    return TacMeetingKind.REVIEW


def invited(opening: TacMeetingOpening) -> list[AttendanceRow]:
    """The family, then the professionals likely to come (the lead, those at the last
    meeting, those with open actions), once each, none marked yet."""
    rows = [AttendanceRow(person_id=person.id) for person in opening.family.people]
    professionals = [opening.family.lead_professional_id]
    if opening.previous is not None:
        professionals += [a.professional_id for a in opening.previous.attendance]
    professionals += [a.professional_id for a in opening.open_actions]
    for pid in dict.fromkeys(p for p in professionals if p):
        rows.append(AttendanceRow(professional_id=pid))
    return rows


def start_tac_meeting(
    opening: TacMeetingOpening,
    held_on: date,
    review_weeks: int,
    kind: TacMeetingKind | None = None,
) -> TacMeetingDraft:
    """A new meeting on the family's record as opened: who is likely to come, the chair
    (whoever opened it, if they are in the directory), the current lead professional,
    a next review `review_weeks` on, and the version of every record it read."""
    directory = opening.directory
    chair = next((p.id for p in directory.professionals.values() if p.name == opening.actor),
                 None)
    lead = opening.family.lead_professional_id
    return TacMeetingDraft(
        family_id=opening.family.id,
        held_on=held_on,
        kind=kind or first_kind(opening.previous),
        read=versions_of([opening.family, *opening.open_actions]),
        chair_id=chair,
        attendance=invited(opening),
        action_reviews=[ReviewMark(action_id=a.id) for a in opening.open_actions],
        lead_professional_id=lead if lead in directory.professionals else None,
        next_review=form_date(suggested_next_review(held_on, review_weeks)),
    )


def resume_tac_meeting(
    opening: TacMeetingOpening, draft: TacMeetingDraft
) -> tuple[TacMeetingDraft, list[str]]:
    """Carry on a kept meeting on the record as it is now.

    Returns the draft with the versions now read, and a line for each record someone
    saved since the meeting started (and for reviews of actions no longer open): the
    chair sees those changes on screen before finishing, so finishing then checks
    against what is shown.
    """
    records: list[Record] = [opening.family, *opening.open_actions]
    notices = [
        f"{_named(record)} was changed by {who_changed(record)} since this meeting "
        "started: it is shown as it is now; check it before finishing."
        for record in changed_since_read(records, draft.read)
    ]
    marks = {mark.action_id: mark for mark in draft.action_reviews}
    open_ids = {a.id for a in opening.open_actions}
    closed = [m for m in marks.values() if m.action_id not in open_ids and (m.outcome or m.note)]
    if closed:
        notices.append(
            f"{len(closed)} action{'s' if len(closed) != 1 else ''} reviewed in this meeting "
            "were closed by someone else since; those reviews are not kept."
        )
    resumed = draft.model_copy(update={
        "read": versions_of(records),
        "action_reviews": [marks.get(a.id, ReviewMark(action_id=a.id))
                           for a in opening.open_actions],
    })
    return resumed, notices


def _named(record: Record) -> str:
    if isinstance(record, Family):
        return f"The family record ({record.reference})"
    if isinstance(record, Action):
        return f"The action “{record.what[:60]}”"
    return "A record"


# --- finishing ----------------------------------------------------------------------------


class SecondMeetingSameDay(TacError):
    """The family already has a TAC meeting finished that day and the chair has not said
    this one is a second meeting."""

    title = "A TAC meeting was already finished that day"

    def __init__(self, family: Family, earlier: TacMeeting) -> None:
        super().__init__(
            f"{family.display_name()} already has a TAC meeting finished on "
            f"{form_date(earlier.held_on)} (a {earlier.kind.value} meeting, saved by "
            f"{who_changed(earlier)}). What you typed is kept. If this is a second meeting "
            "that day, say so and finish again."
        )
        self.earlier = earlier


def finish_tac_meeting(store: Store, draft: TacMeetingDraft) -> TacMeeting:
    """Save the finished meeting and everything it changes, in one transaction.

    The meeting; its new actions; a progress note on each reviewed action (closed if
    done); the lead professional agreed; for a closure, the family's status; and the
    draft is dropped. Raises `InvalidInput` for something to fix, `SecondMeetingSameDay`
    unless `draft.second_meeting` when the family had a meeting finished that day, and
    `ConflictError` (naming who, and when) if the family or a reviewed action was saved
    by someone else since the meeting started. Then nothing is saved and the draft stays.
    """
    family = store.get(Family, draft.family_id)
    directory = Directory.of(store.professionals(), store.agencies())
    meeting = tac_meeting_record(draft, family, directory)
    with store.transaction():
        family = store.get(Family, draft.family_id)
        _refuse_a_meeting_already_held(store, draft, family)
        check_unchanged(family, draft.read, f"family record ({family.reference})")
        reviewed = []
        for review in meeting.action_reviews:
            action = store.get(Action, review.action_id)
            check_unchanged(action, draft.read, f"action “{action.what[:60]}”")
            reviewed.append((review, action))

        saved = store.save(meeting)
        for action in draft.new_actions:
            store.save(action.model_copy(update={"meeting_id": saved.id}))
        for review, action in reviewed:
            store.save(_reviewed(action, review, meeting.held_on, store.actor))
        agreed = family.model_copy(deep=True)
        agreed.set_lead_professional(meeting.lead_professional_id, meeting.held_on)
        if meeting.kind is TacMeetingKind.CLOSURE:
            agreed.change_status(StatusChange(
                on=meeting.held_on, status=FamilyStatus.CLOSED, level=family.level or 1,
                reason=meeting.closure_reason, note="Closed at the TAC meeting",
            ))
        if agreed != family:
            store.save(agreed)
        store.drop_draft(tac_meeting_draft_key(draft.family_id, store.actor))
    return saved


def _refuse_a_meeting_already_held(store: Store, draft: TacMeetingDraft, family: Family) -> None:
    finished = store.tac_meetings(family_id=draft.family_id, status=MeetingStatus.FINISHED)
    this = next((m for m in finished if m.id == draft.meeting_id), None)
    if this is not None:
        raise TacError(f"This meeting was already finished and saved by {who_changed(this)}.")
    same_day = [m for m in finished if m.held_on == draft.held_on]
    if same_day and not draft.second_meeting:
        raise SecondMeetingSameDay(family, same_day[-1])


def _reviewed(action: Action, review: ActionReview, held_on: date, actor: str) -> Action:
    note = f"Reviewed at the TAC meeting: {REVIEW_OUTCOME_LABELS[review.outcome]}."
    if review.note:
        note += f" {review.note}"
    update: dict = {"progress": [*action.progress, ProgressNote(on=held_on, by=actor, text=note)]}
    if review.outcome is ReviewOutcome.DONE:
        update |= {"status": ActionStatus.DONE, "completed_on": max(held_on, action.agreed_on)}
    return action.model_copy(update=update)

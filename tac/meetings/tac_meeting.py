"""The team-around-the-child meeting as a workflow: open it, type it, finish it.

    opening = open_tac_meeting(store, family_id)
    draft = start_tac_meeting(opening, held_on)   # or resume_tac_meeting
    # ... each step of the meeting screen fills its part of `draft` (see tac_draft) ...
    meeting = finish_tac_meeting(store, draft)        # one transaction, or nothing saved

Finishing checks the version of each record the meeting read when it started, so it
never overwrites someone else's later save, and refuses a second meeting for the family
on a day that already has one unless the chair says it is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tac.dates import form_date
from tac.directory import Directory
from tac.errors import TacError
from tac.meetings.carry import carried_forward
from tac.meetings.drafts import (
    KeptDraft,
    kept_draft,
    others_tac_meeting_drafts,
    tac_meeting_draft_key,
)
from tac.meetings.step_up import step_up_family
from tac.meetings.tac_draft import (
    AttendanceRow,
    ReviewMark,
    TacMeetingDraft,
    agreed_actions,
    step_up_record,
    tac_meeting_record,
)
from tac.meetings.versions import (
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
    CheckOccasion,
    Family,
    FamilyStatus,
    MeetingStatus,
    ProgressNote,
    Record,
    ReviewOutcome,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
    VulnerabilityCheck,
)
from tac.rules import previous_meeting, suggested_next_review, times_carried_over
from tac.store import Store

# --- opening, starting and resuming -------------------------------------------------------


@dataclass(frozen=True)
class TacMeetingOpening:
    """The family's record as a TAC meeting opens it, and the meetings in progress for it."""

    actor: str
    family: Family
    directory: Directory
    open_actions: list[Action]
    previous: TacMeeting | None  # `rules.previous_meeting`: the plan a review carries on
    review_interval_weeks: int
    kept: TacMeetingDraft | None = None
    kept_at: datetime | None = None
    others: list[KeptDraft] = field(default_factory=list)
    carried_over: dict[str, int] = field(default_factory=dict)
    """Reviews each action has been carried over from (`rules.times_carried_over`)."""


def open_tac_meeting(store: Store, family_id: str) -> TacMeetingOpening:
    """Read what a TAC meeting for the family needs, with your own kept draft (if any)
    and the drafts other people have open for the family."""
    family = store.get(Family, family_id)
    kept = kept_draft(store, tac_meeting_draft_key(family_id, store.actor), TacMeetingDraft)
    meetings = store.tac_meetings(family_id=family_id)
    return TacMeetingOpening(
        actor=store.actor,
        family=family,
        directory=Directory.of(store.professionals(), store.agencies(), store.local_services()),
        open_actions=store.actions(family_id=family_id, status=ActionStatus.OPEN),
        previous=previous_meeting(meetings),
        review_interval_weeks=store.settings().review_interval_weeks,
        kept=kept[0] if kept else None,
        kept_at=kept[1] if kept else None,
        others=others_tac_meeting_drafts(store, family_id),
        carried_over=times_carried_over(meetings),
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
    review_weeks: int | None = None,
    kind: TacMeetingKind | None = None,
) -> TacMeetingDraft:
    """A new meeting on the family's record as opened: who is likely to come, the chair
    (whoever opened it, if they are in the directory), the current lead professional,
    a next review `review_weeks` on (the council's review interval unless given), the
    version of every record it read and, for a review or closure, the last meeting's plan
    carried forward (`carry.carried_forward`)."""
    directory = opening.directory
    chair = next((p.id for p in directory.professionals.values() if p.name == opening.actor),
                 None)
    lead = opening.family.lead_professional_id
    kind = kind or first_kind(opening.previous)
    # A review or closure goes on from the plan as the last meeting left it; an initial
    # meeting (a new family, or one back after a closure) starts a plan of its own.
    plan = carried_forward(None if kind is TacMeetingKind.INITIAL else opening.previous)
    return TacMeetingDraft(
        family_id=opening.family.id,
        held_on=held_on,
        kind=kind,
        assessment=plan.assessment,
        danger_statements=plan.danger_statements,
        safety_goals=plan.safety_goals,
        read=versions_of([opening.family, *opening.open_actions]),
        chair_id=chair,
        attendance=invited(opening),
        action_reviews=[ReviewMark(action_id=a.id) for a in opening.open_actions],
        lead_professional_id=lead if lead in directory.professionals else None,
        next_review=form_date(suggested_next_review(
            held_on, review_weeks or opening.review_interval_weeks)),
        closing_level=opening.family.level,  # where need is now, should the plan close
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
    done); the lead professional agreed, or for a closure the lead's term ended and the
    family closed (no next review is set); for a step up, the step up (`step_up_family`:
    the lead's term ends, the family is stepped up); the children's vulnerability checks
    typed during the meeting (`_checks_at`) linked to it; and the draft is dropped. Raises
    `InvalidInput` for something to fix, `SecondMeetingSameDay` unless
    `draft.second_meeting` when the family had a meeting finished that day, and
    `ConflictError` (naming who, and when) if the family or a reviewed action was saved
    by someone else since the meeting started. Then nothing is saved and the draft stays.
    """
    family = store.get(Family, draft.family_id)
    directory = Directory.of(store.professionals(), store.agencies(), store.local_services())
    meeting = tac_meeting_record(draft, family, directory)
    step_up = step_up_record(draft, store.actor)
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
        for action in agreed_actions(draft):
            store.save(action.model_copy(update={"meeting_id": saved.id}))
        for review, action in reviewed:
            store.save(_reviewed(action, review, meeting.held_on, store.actor))
        agreed = family.model_copy(deep=True)
        if meeting.kind is TacMeetingKind.CLOSURE and step_up is None:
            _close(agreed, meeting)
        else:
            agreed.set_lead_professional(meeting.lead_professional_id, meeting.held_on)
        if agreed != family:
            store.save(agreed)
        if step_up is not None:
            step_up_family(store, step_up)
        for check in _checks_at(store, saved):
            store.save(check.model_copy(update={"meeting_id": saved.id}))
        store.drop_draft(tac_meeting_draft_key(draft.family_id, store.actor))
    return saved


def _checks_at(store: Store, meeting: TacMeeting) -> list[VulnerabilityCheck]:
    """The family's vulnerability checks typed during this meeting: made at a meeting or a
    closure on its day and not yet linked to one. A check is saved as soon as it is typed,
    before the meeting it belongs to is, so finishing the meeting is what links them."""
    at_meeting = {CheckOccasion.MEETING, CheckOccasion.CLOSURE}
    return [c for c in store.vulnerability_checks(meeting.family_id)
            if c.meeting_id is None and c.occasion in at_meeting
            and c.checked_on == meeting.held_on]


def _close(family: Family, meeting: TacMeeting) -> None:
    """Early help ends at a closure: the lead professional's term ends on the meeting's
    day and the family's status follows, at the closing level, with the reason."""
    family.set_lead_professional(None, meeting.held_on)
    note = "Closed at the TAC meeting"
    if meeting.moved_to:
        note += f": moved to {meeting.moved_to}"
    family.change_status(StatusChange(
        on=meeting.held_on, status=FamilyStatus.CLOSED,
        level=meeting.closing_level or family.level or 1,
        reason=meeting.closure_reason, note=note,
    ))


def _refuse_a_meeting_already_held(store: Store, draft: TacMeetingDraft, family: Family) -> None:
    finished = store.tac_meetings(family_id=draft.family_id, status=MeetingStatus.FINISHED)
    this = next((m for m in finished if m.id == draft.meeting_id), None)
    if this is not None:
        raise TacError(f"This meeting was already finished and saved by {who_changed(this)}.")
    same_day = [m for m in finished if m.held_on == draft.held_on]
    if same_day and not draft.second_meeting:
        raise SecondMeetingSameDay(family, same_day[-1])


def _reviewed(action: Action, review: ActionReview, held_on: date, actor: str) -> Action:
    note = f"Reviewed at the TAC meeting: {REVIEW_OUTCOME_LABELS[review.outcome].lower()}."
    if review.note:
        note += f" {review.note}"
    update: dict = {"progress": [*action.progress, ProgressNote(on=held_on, by=actor, text=note)]}
    if review.outcome is ReviewOutcome.DONE:
        update |= {"status": ActionStatus.DONE, "completed_on": max(held_on, action.agreed_on)}
    return action.model_copy(update=update)

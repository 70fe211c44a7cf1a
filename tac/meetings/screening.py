"""The multi-agency screening meeting as a workflow: open it, decide, finish it.

    opening = open_screening_meeting(store)
    draft = start_screening_meeting(opening, held_on)   # or resume_screening_meeting
    # ... the screen fills `draft.forms[referral_id]` as the chair types each decision ...
    missing_before_finishing(draft, references)        # undecided referrals, by family
    meeting = finish_screening_meeting(store, draft)   # one transaction, or nothing saved

The draft keeps each decision as typed (text, valid or not yet) and the version of each
referral and family read when the meeting started: a referral another chair decided
since is refused at finishing, naming them, rather than decided twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import Field, ValidationError

from tac.bundle import FamilyFile
from tac.dates import parse_form_date
from tac.directory import Directory
from tac.errors import InvalidInput, TacError, describe_validation_error
from tac.meetings.drafts import (
    KeptDraft,
    kept_draft,
    others_screening_meeting_drafts,
    screening_meeting_draft_key,
)
from tac.meetings.step_up import (
    NO_TEAM,
    StepUpAsTyped,
    missing_reflection,
    step_up_family,
)
from tac.meetings.versions import (
    VersionsRead,
    changed_since_read,
    check_unchanged,
    versions_of,
    who_changed,
)
from tac.models import (
    Family,
    FamilyStatus,
    MeetingStatus,
    Model,
    Record,
    Referral,
    ReferralStatus,
    ScreeningDecision,
    ScreeningMeeting,
    ScreeningOutcome,
    StatusChange,
    new_id,
)
from tac.models.base import RecordId
from tac.settings import Settings
from tac.store import Store

# --- the meeting as typed -----------------------------------------------------------------


NO_REASON_TO_PROCEED = (
    "reason to proceed: the family has not agreed to this referral; say why early help goes "
    "ahead (for instance, the family agreed at the meeting)"
)


class DecisionAsTyped(Model):
    """The decision on one referral as typed into the form: text, valid or not yet."""

    outcome: str = ""
    level: str = ""
    rationale: str = ""
    service: str = Field(default="", description="a local service's id, for signposting")
    signposted_to: str = Field(
        default="", description="a service typed in by a TAC before the directory: kept to show")
    allocated_to: str = Field(default="", description="a professional's id")
    due_on: str = Field(default="", description="DD/MM/YYYY")
    dissent: str = ""
    reason_to_proceed: str = Field(
        default="", description="why early help goes ahead though the family has not agreed"
    )
    team: str = Field(default="", description="for a step up: the social care team")
    earlier_signs: str = Field(default="", description="for a step up: the reflection")
    sooner: str = Field(default="", description="for a step up: the reflection")

    def is_blank(self) -> bool:
        """Nothing typed: the referral is left undecided, in the queue."""
        return not any(value.strip() for value in self.model_dump().values())

    def step_up_form(self) -> StepUpAsTyped:
        """The step up part of the form: the team and the missed-opportunity reflection."""
        return StepUpAsTyped(team=self.team, earlier_signs=self.earlier_signs,
                             sooner=self.sooner)

    def decision(self, referral_id: str, held_on: date, *, family_agreed: bool) -> ScreeningDecision:
        """The decision this makes; InvalidInput says what to fix. Early help with a TAC
        for a referral the family has not agreed to (`family_agreed` False) needs the
        reason the meeting goes ahead; any other decision keeps no such reason."""
        if not self.outcome:
            raise InvalidInput("outcome: choose what the meeting decided")
        if not self.level:
            raise InvalidInput("level: choose the level on the continuum of need, 1 to 4")
        signposting = self.outcome == ScreeningOutcome.SIGNPOSTING.value
        if signposting and not self.service:
            typed = f" (typed before: {self.signposted_to})" if self.signposted_to.strip() else ""
            raise InvalidInput(
                f"signposted to: choose the service from the directory{typed}; a service "
                "not listed is added in the local services directory first")
        without_agreement = self.outcome == ScreeningOutcome.EARLY_HELP_TAC and not family_agreed
        if without_agreement and not self.reason_to_proceed.strip():
            raise InvalidInput(NO_REASON_TO_PROCEED)
        if self.outcome == ScreeningOutcome.STEP_UP and not self.team.strip():
            raise InvalidInput(NO_TEAM)
        due_text = self.due_on.strip()
        due_on = parse_form_date(due_text, "by when") if due_text else None
        if self.outcome == ScreeningOutcome.MORE_INFORMATION:
            # The referral comes back to the next meeting: someone must be getting it, by a day.
            if not self.allocated_to:
                raise InvalidInput("allocated to: choose who is getting the information")
            if due_on is None:
                raise InvalidInput("by when: say by when the information is wanted (DD/MM/YYYY)")
        try:
            decision = ScreeningDecision(
                referral_id=referral_id,
                outcome=ScreeningOutcome(self.outcome),
                level=int(self.level),
                rationale=self.rationale,
                service_id=self.service if signposting else None,
                allocated_to_id=self.allocated_to or None,
                due_on=due_on,
                dissent=self.dissent,
                reason_to_proceed=self.reason_to_proceed if without_agreement else "",
            )
            # The meeting checks what one decision cannot: its date against the meeting's.
            ScreeningMeeting(held_on=held_on, chair_id="chair", decisions=[decision])
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None
        return decision


class ScreeningMeetingDraft(Model):
    """A screening meeting from its first key to its saved record, kept as it is typed."""

    meeting_id: RecordId = Field(default_factory=new_id)
    held_on: date
    held_on_as_typed: str = Field(
        default="", description="the date field as typed (DD/MM/YYYY); held_on is the date it "
        "last read as, and empty means it shows held_on")
    chair_id: RecordId | None = None
    present: list[RecordId] = Field(default_factory=list)
    order: list[RecordId] = Field(
        default_factory=list, description="the referrals, in the order the meeting takes them"
    )
    forms: dict[RecordId, DecisionAsTyped] = Field(default_factory=dict, description="by referral")
    not_agreed: list[RecordId] = Field(
        default_factory=list,
        description="the referrals the family has not agreed to, as read: early help for one "
        "needs the reason to proceed",
    )
    read: VersionsRead = Field(default_factory=dict)

    step: int = Field(default=0, ge=0, description="0 who is here, then each referral, then the summary")
    focus: str | None = Field(default=None, description="the field the cursor was in")

    def form(self, referral_id: str) -> DecisionAsTyped:
        return self.forms.get(referral_id) or DecisionAsTyped()

    def decision(self, referral_id: str) -> ScreeningDecision:
        """The decision typed for one referral; InvalidInput says what to fix."""
        return self.form(referral_id).decision(
            referral_id, self.held_on, family_agreed=referral_id not in self.not_agreed)

    def decisions(self) -> tuple[list[ScreeningDecision], dict[str, str]]:
        """The decisions that can be saved, and what is wrong with the others, by referral."""
        decisions, problems = [], {}
        for referral_id in self.order:
            form = self.form(referral_id)
            if form.is_blank():
                continue
            try:
                decisions.append(self.decision(referral_id))
            except TacError as error:
                problems[referral_id] = str(error)
        return decisions, problems


# --- from the draft to the record ---------------------------------------------------------


def screening_meeting_record(draft: ScreeningMeetingDraft) -> ScreeningMeeting:
    """The finished meeting record the draft makes; InvalidInput says what to fix."""
    if not draft.chair_id:
        raise InvalidInput("chair: choose who chairs the meeting")
    decisions, problems = draft.decisions()
    if problems:
        raise InvalidInput(next(iter(problems.values())))
    # The chair was there, whether or not they ticked themselves as present.
    present = draft.present + [draft.chair_id] * (draft.chair_id not in draft.present)
    try:
        return ScreeningMeeting(
            id=draft.meeting_id, held_on=draft.held_on, chair_id=draft.chair_id,
            attendee_ids=present, decisions=decisions, status=MeetingStatus.FINISHED,
        )
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None


def missing_before_finishing(draft: ScreeningMeetingDraft, references: Mapping[str, str]) -> list[str]:
    """Each referral left undecided (by its family's reference in `references`, by
    referral id), and a line if nothing at all was decided."""
    decisions, _ = draft.decisions()
    decided = {d.referral_id for d in decisions}
    missing = [
        f"{references.get(rid, 'a referral')}: not decided, stays in the queue"
        for rid in draft.order if rid not in decided
    ]
    if not decisions:
        missing.insert(0, "no decisions at all: the meeting saves with none")
    missing += [
        missing_reflection(references.get(d.referral_id, "a referral"))
        for d in decisions
        if d.outcome is ScreeningOutcome.STEP_UP
        and not draft.form(d.referral_id).step_up_form().has_reflection()
    ]
    missing += [
        f"{references.get(d.referral_id, 'a referral')}: early help goes ahead without the "
        f"family's agreement to the referral, because: {d.reason_to_proceed}"
        for d in decisions if d.reason_to_proceed
    ]
    return missing


# --- opening, starting and resuming -------------------------------------------------------


@dataclass(frozen=True)
class ScreeningOpening:
    """The queue as a screening meeting opens it, and the screening meetings in progress."""

    actor: str
    directory: Directory
    queue: list[Referral]
    files: dict[str, FamilyFile]
    kept: ScreeningMeetingDraft | None = None
    kept_at: datetime | None = None
    others: list[KeptDraft] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    """The council's settings: how long after a closure a referral is a re-referral."""

    def records(self) -> list[Record]:
        return [*self.queue, *(file.family for file in self.files.values())]


def open_screening_meeting(store: Store) -> ScreeningOpening:
    """Read the referrals awaiting screening with their families' files, your own kept
    draft (if any) and the screening meetings other people have open."""
    queue = store.referrals(status=ReferralStatus.AWAITING_SCREENING)
    kept = kept_draft(store, screening_meeting_draft_key(store.actor), ScreeningMeetingDraft)
    return ScreeningOpening(
        actor=store.actor,
        directory=Directory.of(store.professionals(), store.agencies(), store.local_services()),
        queue=queue,
        files={fid: store.family_file(fid) for fid in dict.fromkeys(r.family_id for r in queue)},
        kept=kept[0] if kept else None,
        kept_at=kept[1] if kept else None,
        others=others_screening_meeting_drafts(store),
        settings=store.settings(),
    )


def start_screening_meeting(opening: ScreeningOpening, held_on: date) -> ScreeningMeetingDraft:
    """A new meeting on the queue as opened, chaired by whoever opened it (if they are in
    the directory), with the version of every referral and family it read."""
    chair = next((p.id for p in opening.directory.professionals.values()
                  if p.name == opening.actor), None)
    return ScreeningMeetingDraft(
        held_on=held_on,
        chair_id=chair,
        order=[r.id for r in opening.queue],
        not_agreed=_not_agreed(opening.queue),
        read=versions_of(opening.records()),
    )


def _not_agreed(queue: list[Referral]) -> list[str]:
    return [r.id for r in queue if not r.consent_obtained]


def resume_screening_meeting(
    opening: ScreeningOpening, draft: ScreeningMeetingDraft
) -> tuple[ScreeningMeetingDraft, list[str]]:
    """Carry on a kept meeting on the queue as it is now.

    The queue keeps the meeting's order, then anything referred since; referrals decided
    elsewhere leave it. Returns the draft with the versions now read, and a line for each
    change since the meeting started, which the chair sees before finishing.
    """
    waiting = {r.id for r in opening.queue}
    gone = [rid for rid in draft.order if rid not in waiting and not draft.form(rid).is_blank()]
    notices = [
        f"{_named(record, opening)} was changed by {who_changed(record)} since this meeting "
        "started: it is shown as it is now; check it before finishing."
        for record in changed_since_read(opening.records(), draft.read)
    ]
    if gone:
        notices.append(
            f"{len(gone)} referral{'s' if len(gone) != 1 else ''} decided in this meeting "
            f"{'were' if len(gone) != 1 else 'was'} screened by someone else since; "
            "those decisions are not saved."
        )
    order = [rid for rid in draft.order if rid in waiting]
    order += [r.id for r in opening.queue if r.id not in order]
    resumed = draft.model_copy(update={"order": order, "read": versions_of(opening.records()),
                                       "not_agreed": _not_agreed(opening.queue)})
    return resumed, notices


def _named(record: Record, opening: ScreeningOpening) -> str:
    if isinstance(record, Family):
        return f"The family record ({record.reference})"
    if isinstance(record, Referral):
        return f"The referral for {opening.files[record.family_id].family.reference}"
    return "A record"


# --- finishing ----------------------------------------------------------------------------


def finish_screening_meeting(store: Store, draft: ScreeningMeetingDraft) -> ScreeningMeeting:
    """Save the finished meeting and what each decision changes, in one transaction.

    Each decided referral is screened, except one needing more information, which stays
    in the queue for a later meeting to decide; early help opens the family at the decided level
    with the allocated professional as its lead; a step up is recorded (`step_up_family`:
    the team, the reflection, the lead's term ended, the family stepped up);
    the draft is dropped. Raises `InvalidInput` for something to fix, and `ConflictError`
    (naming who, and when) if a decided referral or its family was saved by someone else
    since the meeting started. Then nothing is saved and the draft stays.
    """
    meeting = screening_meeting_record(draft)
    with store.transaction():
        for decision in meeting.decisions:
            referral = store.get(Referral, decision.referral_id)
            family = store.get(Family, referral.family_id)
            check_unchanged(referral, draft.read, f"referral for {family.reference}")
            check_unchanged(family, draft.read, f"family record ({family.reference})")
            going_ahead = decision.outcome is ScreeningOutcome.EARLY_HELP_TAC
            if going_ahead and not referral.consent_obtained and not decision.reason_to_proceed:
                raise InvalidInput(f"{family.reference}: {NO_REASON_TO_PROCEED}")
        saved = store.save(meeting)
        for decision in meeting.decisions:
            referral = store.get(Referral, decision.referral_id)
            if decision.outcome is not ScreeningOutcome.MORE_INFORMATION:
                referral.status = ReferralStatus.SCREENED
                store.save(referral)
            if decision.outcome is ScreeningOutcome.EARLY_HELP_TAC:
                family = store.get(Family, referral.family_id)
                # A step down from social care opens as one, so its episode says how it began.
                family.change_status(StatusChange(
                    on=meeting.held_on, level=decision.level,
                    status=FamilyStatus.STEPPED_DOWN if referral.is_step_down
                    else FamilyStatus.OPEN,
                    note="Screening meeting: early help with a team around the child",
                ))
                family.set_lead_professional(decision.allocated_to_id, meeting.held_on)
                store.save(family)
            elif decision.outcome is ScreeningOutcome.STEP_UP:
                step_up = draft.form(decision.referral_id).step_up_form().step_up(
                    referral.family_id, meeting.held_on, reason=decision.rationale,
                    recorded_by=store.actor, reflection_by_id=meeting.chair_id,
                    screening_meeting_id=meeting.id,
                )
                step_up_family(store, step_up, level=decision.level)
        store.drop_draft(screening_meeting_draft_key(store.actor))
    return saved

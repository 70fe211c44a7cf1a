"""Screening meetings and their decisions; team-around-the-child meetings."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from tac.models.base import Level, Model, Name, Record, RecordId, Text
from tac.models.people import ClosureReason
from tac.models.signs import (
    AssessmentItem,
    Column,
    DangerStatement,
    Participant,
    SafetyGoal,
    ScalingScore,
)


def _held_by_today(held_on: date) -> None:
    """A meeting is recorded once it has been held: its date is today at the latest."""
    if held_on > date.today():
        raise ValueError(
            "held on: is in the future; type the date the meeting was held (today at the latest)")


class MeetingStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


MEETING_STATUS_LABELS: dict[MeetingStatus, str] = {
    MeetingStatus.IN_PROGRESS: "In progress",
    MeetingStatus.FINISHED: "Finished",
}


class ScreeningOutcome(StrEnum):
    NO_FURTHER_ACTION = "no_further_action"
    SIGNPOSTING = "signposting"
    EARLY_HELP_TAC = "early_help_tac"
    STEP_UP = "step_up"
    MORE_INFORMATION = "more_information"


OUTCOME_LABELS: dict[ScreeningOutcome, str] = {
    ScreeningOutcome.NO_FURTHER_ACTION: "No further action",
    ScreeningOutcome.SIGNPOSTING: "Information and signposting",
    ScreeningOutcome.EARLY_HELP_TAC: "Early help with a team around the child",
    ScreeningOutcome.STEP_UP: "Step up to children's social care",
    ScreeningOutcome.MORE_INFORMATION: "More information needed",
}

OUTCOME_SHORT_LABELS: dict[ScreeningOutcome, str] = {
    ScreeningOutcome.NO_FURTHER_ACTION: "No further action",
    ScreeningOutcome.SIGNPOSTING: "Signposting",
    ScreeningOutcome.EARLY_HELP_TAC: "Early help (TAC)",
    ScreeningOutcome.STEP_UP: "Step up",
    ScreeningOutcome.MORE_INFORMATION: "More information",
}
"""The outcomes as a table with little room shows them (the screening summary)."""


class ToldHow(StrEnum):
    """How the referrer was told of the screening meeting's decision."""

    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"


TOLD_HOW_LABELS: dict[ToldHow, str] = {
    ToldHow.PHONE: "Phone",
    ToldHow.EMAIL: "Email",
    ToldHow.LETTER: "Letter",
    ToldHow.IN_PERSON: "In person",
}


class ScreeningDecision(Model):
    """The meeting's decision on one referral, with its reason."""

    referral_id: RecordId
    outcome: ScreeningOutcome
    level: Level
    rationale: Text
    service_id: RecordId | None = Field(
        default=None, description="the local service signposted to, from the directory")
    signposted_to: Text = Field(
        default="", description="the service as typed, in decisions made before the directory")
    allocated_to_id: RecordId | None = Field(default=None, description="who takes it forward")
    due_on: date | None = None
    dissent: Text = Field(default="", description="any disagreement, and whose")
    referrer_informed: bool = False
    reason_to_proceed: Text = Field(
        default="",
        description="why early help goes ahead for a referral the family has not agreed to",
    )
    referrer_told_on: date | None = Field(default=None, description="when the referrer was told")
    referrer_told_how: ToldHow | None = None
    referrer_told_by: Text = Field(default="", description="who told them")

    @model_validator(mode="after")
    def _check(self) -> ScreeningDecision:
        if self.referrer_told_on and self.referrer_told_how is None:
            raise ValueError("told how: say how the referrer was told (phone, email, letter, in person)")
        if not self.rationale:
            raise ValueError("rationale: say why the meeting decided this")
        if self.outcome is ScreeningOutcome.SIGNPOSTING and not (
            self.service_id or self.signposted_to
        ):
            raise ValueError("signposted to: name the service the family is signposted to")
        if self.outcome is ScreeningOutcome.EARLY_HELP_TAC and self.allocated_to_id is None:
            raise ValueError("allocated to: early help needs someone to arrange the TAC")
        return self


def _check_minutes(meeting: ScreeningMeeting | TacMeeting) -> None:
    if meeting.minutes_sent_on and meeting.minutes_sent_on < meeting.held_on:
        raise ValueError("sent on: is before the meeting")


class ScreeningMeeting(Record):
    """The multi-agency screening meeting: who was there and one decision per referral."""

    held_on: date
    chair_id: RecordId
    attendee_ids: list[RecordId] = Field(default_factory=list)
    decisions: list[ScreeningDecision] = Field(default_factory=list)
    status: MeetingStatus = MeetingStatus.IN_PROGRESS
    # The minutes clock (`tac.rules.minutes_past_clock`): written is recorded by TAC when the
    # minutes are first exported to Word, sent by a person.
    minutes_written_on: date | None = Field(
        default=None, description="when the minutes were first exported to Word")
    minutes_sent_on: date | None = Field(default=None, description="when the minutes were sent")
    minutes_sent_by: Text = Field(default="", description="who sent the minutes")

    @model_validator(mode="after")
    def _check(self) -> ScreeningMeeting:
        seen = [d.referral_id for d in self.decisions]
        if len(seen) != len(set(seen)):
            raise ValueError("decisions: a referral can only be decided once per meeting")
        for decision in self.decisions:
            if decision.due_on and decision.due_on < self.held_on:
                raise ValueError("by when: is before the meeting")
        _check_minutes(self)
        _held_by_today(self.held_on)
        return self

    def decision_for(self, referral_id: str) -> ScreeningDecision | None:
        return next((d for d in self.decisions if d.referral_id == referral_id), None)


class TacMeetingKind(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"
    CLOSURE = "closure"


TAC_MEETING_KIND_LABELS: dict[TacMeetingKind, str] = {
    TacMeetingKind.INITIAL: "Initial",
    TacMeetingKind.REVIEW: "Review",
    TacMeetingKind.CLOSURE: "Closure",
}


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    DID_NOT_ATTEND = "did_not_attend"


ATTENDANCE_LABELS: dict[AttendanceStatus, str] = {
    AttendanceStatus.PRESENT: "Present",
    AttendanceStatus.APOLOGIES: "Apologies",
    AttendanceStatus.DID_NOT_ATTEND: "Did not attend",
}


class Attendance(Participant):
    status: AttendanceStatus
    update: Text = Field(default="", description="their update, or the written one sent")


class ChildVoice(Model):
    """A child's own words, gathered with the Three Houses."""

    person_id: RecordId
    worries: Text = ""
    good_things: Text = ""
    dreams: Text = ""


class ReviewOutcome(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


REVIEW_OUTCOME_LABELS: dict[ReviewOutcome, str] = {
    ReviewOutcome.DONE: "Done",
    ReviewOutcome.PARTLY: "Partly done",
    ReviewOutcome.NOT_DONE: "Not done",
}


class ActionReview(Model):
    action_id: RecordId
    outcome: ReviewOutcome
    note: Text = ""


class TacMeeting(Record):
    """A team-around-the-child meeting: initial, review or closure."""

    family_id: RecordId
    kind: TacMeetingKind
    held_on: date
    chair_id: RecordId | None = None
    minute_taker: Name | None = None
    status: MeetingStatus = MeetingStatus.IN_PROGRESS
    attendance: list[Attendance] = Field(default_factory=list)
    consent_confirmed: bool = False
    family_voice: Text = ""
    child_voices: list[ChildVoice] = Field(default_factory=list)
    action_reviews: list[ActionReview] = Field(default_factory=list)
    assessment: list[AssessmentItem] = Field(default_factory=list)
    danger_statements: list[DangerStatement] = Field(default_factory=list)
    safety_goals: list[SafetyGoal] = Field(default_factory=list)
    scaling: list[ScalingScore] = Field(default_factory=list)
    lead_professional_id: RecordId | None = None
    next_review_on: date | None = None
    closure_reason: ClosureReason | None = None
    # The minutes clock (`tac.rules.minutes_past_clock`): written is recorded by TAC when the
    # minutes are first exported to Word, sent by a person.
    minutes_written_on: date | None = Field(
        default=None, description="when the minutes were first exported to Word")
    minutes_sent_on: date | None = Field(default=None, description="when the minutes were sent")
    minutes_sent_by: Text = Field(default="", description="who sent the minutes")
    closing_level: Level | None = Field(
        default=None, description="a closure: the level of need as early help closes")
    closing_summary: Text = Field(
        default="", description="a closure: what was achieved, in plain words for the family")
    moved_to: Text = Field(
        default="", description="a closure for a family that moved: the area or local authority")
    revised_on: date | None = Field(
        default=None, description="when its chair last corrected the finished record")
    revised_by: Name | None = Field(default=None, description="who corrected it")

    @model_validator(mode="after")
    def _check(self) -> TacMeeting:
        _held_by_today(self.held_on)
        if self.next_review_on and self.next_review_on <= self.held_on:
            raise ValueError("next review: must be after the meeting")
        closing = self.kind is TacMeetingKind.CLOSURE and self.status is MeetingStatus.FINISHED
        if closing and self.closure_reason is None:
            raise ValueError("closure reason: say why the family's plan is closing")
        if self.kind is not TacMeetingKind.CLOSURE and (
            self.closing_level or self.closing_summary or self.moved_to
        ):
            raise ValueError("closing: only a closure meeting records how the plan closed")
        if self.moved_to and self.closure_reason is not ClosureReason.MOVED_AWAY:
            raise ValueError("moved to: only for a family that moved to another area")
        if self.kind is not TacMeetingKind.CLOSURE and any(
            need.met for need in (*self.danger_statements, *self.safety_goals)
        ):
            raise ValueError("met: only a closure meeting records whether a need was met")
        statements = {s.id for s in self.danger_statements}
        for goal in self.safety_goals:
            if goal.danger_statement_id and goal.danger_statement_id not in statements:
                raise ValueError("safety goal: pairs with a danger statement that is not here")
        who = [s.participant_id for s in self.scaling]
        if len(who) != len(set(who)):
            raise ValueError("scaling: each person gives one score")
        _check_minutes(self)
        return self

    def items(self, column: Column) -> list[AssessmentItem]:
        """The column's items in the plan (those this meeting retired are left out)."""
        return [item for item in self.assessment if item.column is column and not item.retired]

    def danger_statements_in_plan(self) -> list[DangerStatement]:
        return [s for s in self.danger_statements if not s.retired]

    def safety_goals_in_plan(self) -> list[SafetyGoal]:
        return [g for g in self.safety_goals if not g.retired]

    def retired(self) -> list[AssessmentItem | DangerStatement | SafetyGoal]:
        """What this meeting retired: worries no longer worries, goals no longer needed."""
        return [item for item in (*self.assessment, *self.danger_statements, *self.safety_goals)
                if item.retired]

    def present(self) -> list[Attendance]:
        return [a for a in self.attendance if a.status is AttendanceStatus.PRESENT]

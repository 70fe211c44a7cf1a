"""The rules a lead professional and a manager live by: plain functions of the models.

Nothing here reads the store or knows a screen exists. Each function takes models (and
`today`, so that tests and benchmarks can fix the date) and answers one question: is
this action overdue, when is this family's next review, is it late, which way are the
scaling scores moving, who has no lead professional, which referral has waited too long.

    >>> from datetime import date
    >>> action = Action(family_id="f1", what="Book a GP appointment", person_id="p1",
    ...                 agreed_on=date(2026, 3, 2), due_on=date(2026, 3, 9))
    >>> is_overdue(action, today=date(2026, 3, 9)), is_overdue(action, today=date(2026, 3, 10))
    (False, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tac.bundle import FamilyFile
from tac.dates import add_working_days, working_days_between
from tac.models import (
    Action,
    ActionStatus,
    Family,
    MeetingStatus,
    Referral,
    ReferralStatus,
    ScalingScore,
    TacMeeting,
    TacMeetingKind,
)

REVIEW_INTERVAL_WEEKS = 6
"""Reviews are most often held every six weeks; councils may choose 4 to 12."""

DUE_SOON_DAYS = 7
"""An action or review within this many days counts as due soon."""

SCREENING_WAIT_WORKING_DAYS = 1
"""Front doors aim to decide a referral within one working day."""

TREND_STEP = 0.5
"""How far the mean score must move between meetings to count as a change."""


# --- actions -------------------------------------------------------------------------


def is_overdue(action: Action, today: date | None = None) -> bool:
    """An open action whose date has passed. Due today is not yet overdue."""
    today = today or date.today()
    return action.status is ActionStatus.OPEN and action.due_on < today


def is_due_soon(
    action: Action, today: date | None = None, within_days: int = DUE_SOON_DAYS
) -> bool:
    """An open action due from today up to `within_days` days ahead (overdue ones are not)."""
    today = today or date.today()
    return (
        action.status is ActionStatus.OPEN
        and today <= action.due_on <= today + timedelta(days=within_days)
    )


def days_overdue(action: Action, today: date | None = None) -> int:
    """Calendar days since an overdue action was due; 0 when it is not overdue."""
    today = today or date.today()
    return (today - action.due_on).days if is_overdue(action, today) else 0


def overdue_actions(actions: Iterable[Action], today: date | None = None) -> list[Action]:
    """The overdue actions among `actions`, the longest overdue first."""
    today = today or date.today()
    return sorted((a for a in actions if is_overdue(a, today)), key=lambda a: a.due_on)


# --- reviews ---------------------------------------------------------------------------


class ReviewState(StrEnum):
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    LATE = "late"


REVIEW_STATE_LABELS: dict[ReviewState, str] = {
    ReviewState.NOT_DUE: "Not due",
    ReviewState.DUE_SOON: "Due soon",
    ReviewState.LATE: "Late",
}


def finished_meetings(meetings: Iterable[TacMeeting]) -> list[TacMeeting]:
    """The finished TAC meetings, oldest first (a meeting still in progress decides nothing)."""
    done = [m for m in meetings if m.status is MeetingStatus.FINISHED]
    return sorted(done, key=lambda m: m.held_on)


def latest_meeting(meetings: Iterable[TacMeeting]) -> TacMeeting | None:
    """The most recent finished TAC meeting, or None when none has finished."""
    done = finished_meetings(meetings)
    return done[-1] if done else None


def next_review_on(
    meetings: Iterable[TacMeeting], interval_weeks: int = REVIEW_INTERVAL_WEEKS
) -> date | None:
    """When the family's plan is next reviewed.

    The date the latest finished meeting agreed; if it agreed none, `interval_weeks`
    after it. None when no meeting has finished yet, or the latest one closed the plan.
    """
    latest = latest_meeting(meetings)
    if latest is None or latest.kind is TacMeetingKind.CLOSURE:
        return None
    return latest.next_review_on or latest.held_on + timedelta(weeks=interval_weeks)


def suggested_next_review(held_on: date, weeks: int) -> date:
    """The next review date a meeting suggests: `weeks` after it is held.

    >>> suggested_next_review(date(2026, 3, 10), 6)
    datetime.date(2026, 4, 21)
    """
    return held_on + timedelta(weeks=weeks)


def review_state(
    family: Family,
    meetings: Iterable[TacMeeting],
    today: date | None = None,
    interval_weeks: int = REVIEW_INTERVAL_WEEKS,
    within_days: int = DUE_SOON_DAYS,
) -> ReviewState | None:
    """Whether an open family's review is not due, due soon or late.

    None for a family early help is not working with, or one whose first TAC meeting
    has not been held yet. A review due today is due soon, not late.
    """
    today = today or date.today()
    if not family.is_open:
        return None
    due = next_review_on(meetings, interval_weeks)
    if due is None:
        return None
    if due < today:
        return ReviewState.LATE
    if due <= today + timedelta(days=within_days):
        return ReviewState.DUE_SOON
    return ReviewState.NOT_DUE


# --- scaling ---------------------------------------------------------------------------


class Trend(StrEnum):
    IMPROVING = "improving"
    STEADY = "steady"
    WORSENING = "worsening"


@dataclass(frozen=True)
class Scaling:
    """The scaling scores one meeting gave: each person's score, and their spread."""

    meeting_id: str
    held_on: date
    scores: tuple[ScalingScore, ...]

    @property
    def mean(self) -> float:
        return sum(s.score for s in self.scores) / len(self.scores)

    @property
    def lowest(self) -> int:
        return min(s.score for s in self.scores)

    @property
    def highest(self) -> int:
        return max(s.score for s in self.scores)

    @property
    def who(self) -> list[str]:
        """The participant ids (professional or family member) of those who scored."""
        return [s.participant_id for s in self.scores]


def latest_scaling(meetings: Iterable[TacMeeting]) -> Scaling | None:
    """The scores from the latest finished meeting that asked the scaling question."""
    scored = [m for m in finished_meetings(meetings) if m.scaling]
    if not scored:
        return None
    last = scored[-1]
    return Scaling(meeting_id=last.id, held_on=last.held_on, scores=tuple(last.scaling))


def scaling_trend(meetings: Iterable[TacMeeting]) -> list[tuple[date, float]]:
    """(date, mean score) for each finished meeting that scaled, oldest first."""
    return [
        (m.held_on, sum(s.score for s in m.scaling) / len(m.scaling))
        for m in finished_meetings(meetings)
        if m.scaling
    ]


def trend_direction(
    trend: Sequence[tuple[date, float]], step: float = TREND_STEP
) -> Trend | None:
    """Which way the scores moved since the meeting before: the chair's "since last time".

    Higher scores mean safer, so a rise of at least `step` is improving and a fall of at
    least `step` is worsening. None with fewer than two meetings to compare.
    """
    if len(trend) < 2:
        return None
    change = trend[-1][1] - trend[-2][1]
    if change >= step:
        return Trend.IMPROVING
    if change <= -step:
        return Trend.WORSENING
    return Trend.STEADY


# --- lead professional and referrals --------------------------------------------------


def has_no_lead_professional(family: Family) -> bool:
    """An open family nobody holds the lead for: their plan has no one to drive it."""
    return family.is_open and family.lead_professional_id is None


def working_days_waiting(referral: Referral, today: date | None = None) -> int:
    """Working days a referral awaiting screening has waited since it arrived (0 once screened).

    Weekends do not count: a referral received on Friday has waited one working day
    on Monday.
    """
    if referral.status is not ReferralStatus.AWAITING_SCREENING:
        return 0
    return working_days_between(referral.received_on, today or date.today())


def is_waiting_too_long(
    referral: Referral,
    today: date | None = None,
    limit_working_days: int = SCREENING_WAIT_WORKING_DAYS,
) -> bool:
    """A referral still awaiting screening after more than `limit_working_days`."""
    return working_days_waiting(referral, today) > limit_working_days


# --- drift: the manager's view ---------------------------------------------------------


@dataclass(frozen=True)
class FamilyDrift:
    """What has slipped for one open family."""

    family_id: str
    reference: str
    name: str
    overdue_actions: int
    review_late_by: int = 0
    """Calendar days since the review was due; 0 when it is not late."""
    no_lead_professional: bool = False

    @property
    def review_late(self) -> bool:
        return self.review_late_by > 0


@dataclass(frozen=True)
class DriftSummary:
    """Open families whose plans are slipping, for a manager's oversight."""

    open_families: int
    drifting: tuple[FamilyDrift, ...]

    @property
    def with_overdue_actions(self) -> list[FamilyDrift]:
        return [d for d in self.drifting if d.overdue_actions]

    @property
    def late_reviews(self) -> list[FamilyDrift]:
        return [d for d in self.drifting if d.review_late]

    @property
    def without_lead_professional(self) -> list[FamilyDrift]:
        return [d for d in self.drifting if d.no_lead_professional]

    @property
    def overdue_action_count(self) -> int:
        return sum(d.overdue_actions for d in self.drifting)


def family_drift(
    file: FamilyFile,
    today: date | None = None,
    interval_weeks: int = REVIEW_INTERVAL_WEEKS,
) -> FamilyDrift | None:
    """What has slipped for one family: None when it is not open or nothing has slipped."""
    today = today or date.today()
    family = file.family
    if not family.is_open:
        return None
    overdue = sum(1 for a in file.actions if is_overdue(a, today))
    due = next_review_on(file.tac_meetings, interval_weeks)
    late_by = (today - due).days if due and due < today else 0
    no_lead = family.lead_professional_id is None
    if not (overdue or late_by or no_lead):
        return None
    return FamilyDrift(
        family_id=family.id,
        reference=family.reference,
        name=family.display_name(),
        overdue_actions=overdue,
        review_late_by=late_by,
        no_lead_professional=no_lead,
    )


def drift_summary(
    files: Iterable[FamilyFile],
    today: date | None = None,
    interval_weeks: int = REVIEW_INTERVAL_WEEKS,
) -> DriftSummary:
    """Open families with overdue actions, late reviews or no lead professional.

    The most drifted first: late reviews by how late, then most overdue actions.
    """
    today = today or date.today()
    open_count = 0
    drifting: list[FamilyDrift] = []
    for file in files:
        if not file.family.is_open:
            continue
        open_count += 1
        drift = family_drift(file, today, interval_weeks)
        if drift:
            drifting.append(drift)
    drifting.sort(key=lambda d: (-d.review_late_by, -d.overdue_actions, d.reference))
    return DriftSummary(open_families=open_count, drifting=tuple(drifting))


def referrer_told_late(decided_on: date, today: date | None = None) -> bool:
    """True when a referrer not yet told of a screening decision made on `decided_on` should
    have been by now: they are told within one working day of the meeting."""
    return (today or date.today()) > add_working_days(decided_on, 1)

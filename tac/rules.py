"""The rules a lead professional and a manager live by: plain functions of the models.

Nothing here reads the store or knows a screen exists. Each function takes models (and
`today`, so that tests and benchmarks can fix the date) and answers one question: is
this action overdue, when is this family's next review, is it late, which way are the
scaling scores moving, who has no lead professional, which referral has waited too long.
The weeks and days they count come from the council's `tac.settings.Settings`, passed in
by the caller, so no rule can quietly use a default the council has changed.

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
from functools import lru_cache
from typing import NamedTuple, Protocol

from tac.bundle import FamilyFile
from tac.consent import consent_withdrawn
from tac.dates import add_months, add_working_days, long_date, working_days_between
from tac.episodes import Episode, ended_before
from tac.models import (
    Action,
    ActionStatus,
    Family,
    MeetingStatus,
    OversightNote,
    Referral,
    ReferralStatus,
    ReviewOutcome,
    ScalingScore,
    TacMeeting,
    TacMeetingKind,
)
from tac.settings import Settings

TREND_STEP = 0.5
"""How far the mean score must move between meetings to count as a change."""


# --- actions -------------------------------------------------------------------------


def is_overdue(action: Action, today: date | None = None) -> bool:
    """An open action whose date has passed. Due today is not yet overdue."""
    today = today or date.today()
    return action.status is ActionStatus.OPEN and action.due_on < today


def is_due_soon(action: Action, today: date | None = None, *, within_days: int) -> bool:
    """An open action due from today up to `within_days` days ahead (overdue ones are not).

    `within_days` is the council's `due_soon_days` setting.
    """
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


def times_carried_over(meetings: Iterable[TacMeeting]) -> dict[str, int]:
    """How many times each action was carried over: the finished TAC meetings that reviewed
    it as not done or partly done, by action id (actions never carried over are absent).

    One pass over a family's meetings answers for all its actions; an oversight of many
    families can keep those carried over at two reviews or more.

        >>> times_carried_over(file.tac_meetings).get(action.id, 0)
        2
    """
    counts: dict[str, int] = {}
    for meeting in meetings:
        if meeting.status is not MeetingStatus.FINISHED:
            continue
        for review in meeting.action_reviews:
            if review.outcome in (ReviewOutcome.NOT_DONE, ReviewOutcome.PARTLY):
                counts[review.action_id] = counts.get(review.action_id, 0) + 1
    return counts


def carried_over_label(times: int) -> str:
    """`carried over 2×` beside an action; empty when it never was."""
    return f"carried over {times}×" if times else ""


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
    """The finished TAC meetings, oldest first (a meeting still in progress decides nothing).

    Meetings held the same day keep the order they are given in: the store gives them in
    the order they were saved, so of two on one day the later-created comes last.
    """
    done = [m for m in meetings if m.status is MeetingStatus.FINISHED]
    return sorted(done, key=lambda m: m.held_on)


def previous_meeting(
    meetings: Iterable[TacMeeting], before: TacMeeting | None = None
) -> TacMeeting | None:
    """The finished meeting a meeting follows on from: the one whose plan a review carries
    forward and whose scores are "last time".

    Without `before`, the family's latest finished meeting (by the day it was held; of two
    the same day, the later-created). With `before`, the finished meeting just before that
    one in the same order (a meeting not among them, such as one being typed, follows the
    latest held on or before its day). None when there is none.
    """
    done = finished_meetings(meetings)
    if before is None:
        return done[-1] if done else None
    ids = [m.id for m in done]
    if before.id in ids:
        at = ids.index(before.id)
        return done[at - 1] if at else None
    earlier = [m for m in done if m.held_on <= before.held_on]
    return earlier[-1] if earlier else None


def latest_meeting(meetings: Iterable[TacMeeting]) -> TacMeeting | None:
    """The most recent finished TAC meeting, or None when none has finished."""
    return previous_meeting(meetings)


def suggested_next_review(held_on: date, interval_weeks: int) -> date:
    """The review date a meeting held on `held_on` is offered: `interval_weeks` later.

    `interval_weeks` is the council's `review_interval_weeks` setting.

    >>> suggested_next_review(date(2026, 3, 10), 6)
    datetime.date(2026, 4, 21)
    """
    return held_on + timedelta(weeks=interval_weeks)


def review_due_on(
    held_on: date,
    agreed_on: date | None,
    kind: TacMeetingKind | str,
    *,
    family_open: bool,
    interval_weeks: int,
) -> date | None:
    """When the plan agreed at a finished TAC meeting is reviewed (at the family's latest
    meeting: the family's next review).

    The date the meeting agreed (`agreed_on`); if it agreed none, `interval_weeks` after
    it (`suggested_next_review`). None when the meeting closed the plan, or when early
    help is no longer working with the family (`family_open` is False: a closed or
    stepped-up plan is not reviewed).

    Plain values, not models, so that the store's families list, which reads only these
    columns of each family's latest meeting for thousands of families at once, applies
    this same rule (`kind` may be the stored string).
    """
    if not family_open or kind == TacMeetingKind.CLOSURE:
        return None
    return agreed_on or suggested_next_review(held_on, interval_weeks)


def next_review_on(
    family: Family, meetings: Iterable[TacMeeting], *, interval_weeks: int
) -> date | None:
    """When the family's plan is next reviewed, from its latest finished meeting
    (`review_due_on`). None when no meeting has finished yet."""
    latest = latest_meeting(meetings)
    if latest is None:
        return None
    return review_due_on(
        latest.held_on, latest.next_review_on, latest.kind,
        family_open=family.is_open, interval_weeks=interval_weeks,
    )


def review_state(
    family: Family,
    meetings: Iterable[TacMeeting],
    today: date | None = None,
    *,
    interval_weeks: int,
    within_days: int,
) -> ReviewState | None:
    """Whether an open family's review is not due, due soon or late.

    None for a family early help is not working with, or one whose first TAC meeting
    has not been held yet. A review due today is due soon, not late. `within_days` is
    the council's `due_soon_days` setting.
    """
    today = today or date.today()
    due = next_review_on(family, meetings, interval_weeks=interval_weeks)
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


def consent_withdrawn_with_plan_open(family: Family, today: date | None = None) -> bool:
    """An open family whose consent to share has been withdrawn from every agency: nothing
    about them may be shared, so the plan should close or the family be asked again."""
    today = today or date.today()
    return family.is_open and consent_withdrawn(family, today) is not None


# --- management oversight --------------------------------------------------------------


def last_oversight_note(
    notes: Iterable[OversightNote], today: date | None = None, *, within_weeks: int | None = None
) -> OversightNote | None:
    """The family's latest management oversight note written by `today`; with
    `within_weeks` (the council's `oversight_note_weeks`), only if it was written in the
    last that many weeks. None answers "no note in the last N weeks".

        >>> last_oversight_note(file.oversight_notes, today, within_weeks=12) is None
        True     # drift: nobody has looked at this family's work for twelve weeks
    """
    today = today or date.today()
    written = [n for n in notes if n.written_on <= today]
    if not written:
        return None
    last = max(written, key=lambda n: n.written_on)
    if within_weeks is not None and oversight_note_due(last.written_on, today,
                                                       within_weeks=within_weeks):
        return None
    return last


def oversight_note_due(since: date, today: date, *, within_weeks: int) -> bool:
    """Whether an open family counted from `since` (its latest oversight note, or with none
    the day its early help opened) has gone `within_weeks` weeks or more without a note by
    `today`: a note written exactly that many weeks ago no longer counts.

        >>> oversight_note_due(date(2025, 12, 9), date(2026, 3, 3), within_weeks=12)
        True
    """
    return since <= today - timedelta(weeks=within_weeks)
# --- the vulnerability check list -------------------------------------------------------


class Checked(Protocol):
    """A child's vulnerability check as the rising rule reads it: its day and its total."""

    @property
    def checked_on(self) -> date: ...
    @property
    def score(self) -> int: ...


def vulnerability_rising(
    previous: Checked | None, latest: Checked, settings: Settings
) -> str | None:
    """Why the child's `latest` check is flagged as rising, or None when it is not: its total
    rose by the council's `vulnerability_rise` or more since the `previous` check, or is at
    or over the council's `vulnerability_threshold` (either turned off by 0).

        >>> vulnerability_rising(march, april, Settings())   # totals 9, then 13
        'up 4 since 3 March 2026'
        >>> vulnerability_rising(None, april, Settings(vulnerability_threshold=12))
        "13, over the council's threshold of 12"
    """
    why = []
    rise, threshold = settings.vulnerability_rise, settings.vulnerability_threshold
    if previous is not None and rise and latest.score - previous.score >= rise:
        why.append(f"up {latest.score - previous.score} since {long_date(previous.checked_on)}")
    if threshold and latest.score >= threshold:
        where = "at" if latest.score == threshold else "over"
        why.append(f"{latest.score}, {where} the council's threshold of {threshold}")
    return "; ".join(why) or None


def working_days_waiting(referral: Referral, today: date | None = None) -> int:
    """Working days a referral awaiting screening has waited since it arrived (0 once screened).

    Weekends do not count: a referral received on Friday has waited one working day
    on Monday.
    """
    if referral.status is not ReferralStatus.AWAITING_SCREENING:
        return 0
    return working_days_between(referral.received_on, today or date.today())


def is_waiting_too_long(
    referral: Referral, today: date | None = None, *, limit_working_days: int
) -> bool:
    """A referral still awaiting screening after more than `limit_working_days` (the
    council's `screening_wait_working_days` setting)."""
    return working_days_waiting(referral, today) > limit_working_days


def first_meeting_due_on(decided_on: date, *, within_working_days: int) -> date:
    """The day a family's first TAC meeting should be held by: `within_working_days` working
    days after early help was decided for it (the council's `initial_meeting_working_days`).

    >>> first_meeting_due_on(date(2026, 3, 3), within_working_days=20)
    datetime.date(2026, 3, 31)
    """
    return _working_days_after(decided_on, within_working_days)


def first_meeting_overdue(
    decided_on: date, first_held_on: date | None, today: date | None = None, *,
    within_working_days: int,
) -> bool:
    """No first TAC meeting has been held (`first_held_on` is None) and the day it was due
    by (`first_meeting_due_on`) has passed. Due today is not yet overdue."""
    today = today or date.today()
    return first_held_on is None and today > first_meeting_due_on(
        decided_on, within_working_days=within_working_days)


# --- the minutes clock -----------------------------------------------------------------


class Minuted(Protocol):
    """A meeting as the minutes clock sees it: a `TacMeeting`, a `ScreeningMeeting`, or the
    store's `MinutesRow` (many at a time, for the home screen)."""

    @property
    def held_on(self) -> date: ...
    @property
    def status(self) -> MeetingStatus | str: ...
    @property
    def minutes_sent_on(self) -> date | None: ...


def minutes_due_on(meeting: Minuted, *, within_working_days: int) -> date:
    """The day a meeting's minutes should be sent by: `within_working_days` working days
    after it was held (the council's `minutes_within_working_days` setting).

    >>> held = TacMeeting(family_id="f1", kind="review", held_on=date(2026, 3, 3))
    >>> minutes_due_on(held, within_working_days=10)
    datetime.date(2026, 3, 17)
    """
    return _working_days_after(meeting.held_on, within_working_days)


@lru_cache(maxsize=4096)
def _working_days_after(held_on: date, days: int) -> date:
    # Thousands of meetings share a few hundred days: home counts them all on every visit.
    return add_working_days(held_on, days)


def minutes_past_clock(
    meeting: Minuted, today: date | None = None, *, within_working_days: int,
    clock_from: date | None = None,
) -> bool:
    """A finished meeting whose minutes are not recorded as sent, after the day they were due
    (`minutes_due_on`). Sent on the due day is on time; sending stops the clock. A meeting
    held before `clock_from` (the council's `minutes_clock_from` setting: when TAC began
    keeping the clock) is not on it."""
    today = today or date.today()
    return (
        meeting.status == MeetingStatus.FINISHED
        and (clock_from is None or meeting.held_on >= clock_from)
        and meeting.minutes_sent_on is None
        and today > minutes_due_on(meeting, within_working_days=within_working_days)
    )


def minutes_days_past(
    meeting: Minuted, today: date | None = None, *, within_working_days: int,
    clock_from: date | None = None,
) -> int:
    """Calendar days since a meeting's minutes were due, when they are past the clock; else 0."""
    today = today or date.today()
    if not minutes_past_clock(meeting, today, within_working_days=within_working_days,
                              clock_from=clock_from):
        return 0
    return (today - minutes_due_on(meeting, within_working_days=within_working_days)).days


def is_re_referral(
    referral: Referral, episodes: Sequence[Episode], *, within_months: int
) -> bool:
    """A referral received within `within_months` months (the council's
    `re_referral_months` setting) of the end of the family's last episode of early help
    before it: received 11 months after a closure is a re-referral, 13 months after is not.

    A step down from children's social care is not one: it is the family coming back by
    the planned way, whatever happened before.
    """
    if referral.is_step_down:
        return False
    last = ended_before(episodes, referral.received_on)
    if last is None or last.end is None:
        return False
    return referral.received_on <= add_months(last.end, within_months)


# --- drift: the manager's view ---------------------------------------------------------


class Standing(Protocol):
    """Where one family's plan stands today: what drift is judged on.

    The store's `FamilyRow` is one, for thousands of families at a time (the home
    screen); `standing(file, ...)` works one out from a family's whole file.
    """

    @property
    def id(self) -> str: ...
    @property
    def reference(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def level(self) -> int | None: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def has_lead_professional(self) -> bool: ...
    @property
    def next_review_on(self) -> date | None: ...
    @property
    def overdue_actions(self) -> int: ...


class FamilyStanding(NamedTuple):
    """A `Standing` worked out from a family's file, or by oversight for each open family
    (thousands at a time: a named tuple is made in a third of the time of a dataclass)."""

    id: str
    reference: str
    name: str
    level: int | None
    is_open: bool
    has_lead_professional: bool
    next_review_on: date | None
    overdue_actions: int


def standing(file: FamilyFile, today: date | None = None, *, interval_weeks: int) -> FamilyStanding:
    """Where the family in `file` stands today: its next review, overdue actions, lead."""
    today = today or date.today()
    family = file.family
    return FamilyStanding(
        id=family.id,
        reference=family.reference,
        name=family.display_name(),
        level=family.level,
        is_open=family.is_open,
        has_lead_professional=family.lead_professional_id is not None,
        next_review_on=next_review_on(family, file.tac_meetings, interval_weeks=interval_weeks),
        overdue_actions=sum(1 for a in file.actions if is_overdue(a, today)),
    )


class FamilyDrift(NamedTuple):
    """What has slipped for one open family."""

    family_id: str
    reference: str
    name: str
    overdue_actions: int
    review_late_by: int = 0
    """Calendar days since the review was due; 0 when it is not late."""
    no_lead_professional: bool = False
    level: int | None = None

    @property
    def review_late(self) -> bool:
        return self.review_late_by > 0


@dataclass(frozen=True)
class DriftSummary:
    """Open families whose plans are slipping, and referrals waiting too long for screening."""

    open_families: int
    drifting: tuple[FamilyDrift, ...]
    waiting_too_long: tuple[Referral, ...] = ()
    """Longest waiting first."""
    minutes_late: tuple[Minuted, ...] = ()
    """Meetings whose minutes are past the clock, the longest past first."""

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


def family_drift(family: Standing, today: date | None = None) -> FamilyDrift | None:
    """What has slipped for one family: None when it is not open or nothing has slipped.

    Slipping is any of: an overdue action, a review past its date, no lead professional.
    """
    today = today or date.today()
    if not family.is_open:
        return None
    due = family.next_review_on
    late_by = (today - due).days if due and due < today else 0
    no_lead = not family.has_lead_professional
    if not (family.overdue_actions or late_by or no_lead):
        return None
    return FamilyDrift(
        family_id=family.id,
        reference=family.reference,
        name=family.name,
        overdue_actions=family.overdue_actions,
        review_late_by=late_by,
        no_lead_professional=no_lead,
        level=family.level,
    )


def drift_summary(
    families: Iterable[Standing],
    referrals: Iterable[Referral] = (),
    today: date | None = None,
    *,
    limit_working_days: int,
    meetings: Iterable[Minuted] = (),
    minutes_within_working_days: int | None = None,
    minutes_clock_from: date | None = None,
) -> DriftSummary:
    """Open families with overdue actions, late reviews or no lead professional, the
    referrals among `referrals` waiting longer than `limit_working_days` for screening, and
    the `meetings` whose minutes are past the clock (`minutes_past_clock`, with the council's
    `minutes_within_working_days`, which must be given with them, and `minutes_clock_from`).

    The most drifted first: late reviews by how late, then most overdue actions.
    """
    today = today or date.today()
    open_count = 0
    drifting: list[FamilyDrift] = []
    for family in families:
        if not family.is_open:
            continue
        open_count += 1
        drift = family_drift(family, today)
        if drift:
            drifting.append(drift)
    drifting.sort(key=lambda d: (-d.review_late_by, -d.overdue_actions, d.reference))
    waiting = sorted(
        (r for r in referrals
         if is_waiting_too_long(r, today, limit_working_days=limit_working_days)),
        key=lambda r: r.received_on,
    )
    minutes_late: list[Minuted] = []
    for meeting in meetings:
        if minutes_within_working_days is None:
            raise TypeError("drift_summary: meetings need minutes_within_working_days")
        if minutes_past_clock(meeting, today, within_working_days=minutes_within_working_days,
                              clock_from=minutes_clock_from):
            minutes_late.append(meeting)
    minutes_late.sort(key=lambda m: m.held_on)
    return DriftSummary(
        open_families=open_count, drifting=tuple(drifting), waiting_too_long=tuple(waiting),
        minutes_late=tuple(minutes_late),
    )


def referrer_told_late(decided_on: date, today: date | None = None) -> bool:
    """True when a referrer not yet told of a screening decision made on `decided_on` should
    have been by now: they are told within one working day of the meeting."""
    return (today or date.today()) > add_working_days(decided_on, 1)

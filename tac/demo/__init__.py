"""Demo data: the early help caseload of the invented borough of Castlebridge.

`build_demo(families=40, seed=1, today=...)` gives a `Bundle` with families in every
state a chair, a lead professional and a manager meet: referrals in the screening queue
(one waiting too long), last week's screening meeting with every kind of decision, open
families with initial and review TAC meetings (reviews carry the plan forward and retire
worries), overdue actions (some with their due date moved), a late review, a family with no
lead professional, step-ups (at screening and from a review, each with its missed-opportunity
reflection), step-downs from social care (open, and one awaiting screening), a re-referral,
a family on its second episode, closures with each outcome (needs met, stepped down to
universal services, moved away, consent withdrawn, disengaged), minutes past the clock;
consents given in writing or verbally, some withdrawn from one agency since the last
meeting, and one withdrawn from every agency while the family's plan is still open;
children's vulnerability checks at the referral, meetings and closure, a few of them rising
(`tac.demo.checks`).

Everything is drawn from `random.Random(seed)` and dated relative to `today`, so the same
seed and day always give the same bundle, ids included. The builder is pure: no store,
no clock beyond the `today` default. It scales: tens of thousands of families build in
seconds, for benchmarks.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from tac.bundle import Bundle
from tac.dates import add_working_days, is_working_day
from tac.demo.checks import with_a_rise
from tac.demo.directory import Directory, build_directory, derived_id
from tac.demo.earlier import (
    RE_REFERRED,
    SECOND_EPISODE,
    STEP_DOWN_AWAITING,
    earlier_dates,
    tell_with_earlier,
)
from tac.demo.family import FamilyStory, tell_story
from tac.demo.meetings import minutes_clock
from tac.models import ScreeningDecision, ScreeningMeeting
from tac.models.meetings import MeetingStatus


class State(Enum):
    """Where a demo family stands today."""

    AWAITING = "awaiting screening"
    AWAITING_LONG = "awaiting screening for more than a working day"
    AWAITING_NO_CONSENT = "awaiting screening, no consent"
    NO_FURTHER_ACTION = "no further action at screening"
    SIGNPOSTED = "signposted at screening"
    MORE_INFORMATION = "more information needed"
    AWAITING_FIRST_TAC = "early help agreed, first TAC not yet held"
    STEPPED_UP_AT_SCREENING = "stepped up at screening"
    OPEN = "open with a plan"
    OPEN_REVIEW_LATE = "open, review late"
    OPEN_NO_LEAD = "open, no lead professional"
    STEPPED_DOWN = "stepped down from social care"
    STEPPED_UP = "stepped up from early help"
    CLOSED_NEEDS_MET = "closed, needs met"
    CLOSED_TO_UNIVERSAL = "closed, stepped down to universal services"
    """Never drawn: every second family whose needs were met steps down to universal
    services instead (see `_closure`)."""
    CLOSED_MOVED_AWAY = "closed, moved away"
    CLOSED_CONSENT_WITHDRAWN = "closed, consent withdrawn"
    CLOSED_DISENGAGED = "closed, disengaged"


# Every demo has these first (as many as fit), so 40 families show every state; the
# screening queue holds about nine referrals.
_FIRST: list[tuple[State, bool]] = [
    (State.AWAITING_LONG, True), (State.NO_FURTHER_ACTION, True), (State.SIGNPOSTED, True),
    (State.MORE_INFORMATION, True), (State.AWAITING_FIRST_TAC, True),
    (State.STEPPED_UP_AT_SCREENING, True), (State.OPEN, False),
    (State.OPEN_REVIEW_LATE, False), (State.OPEN_NO_LEAD, False), (State.STEPPED_DOWN, False),
    (State.STEPPED_UP, False), (State.CLOSED_NEEDS_MET, False),
    (State.CLOSED_MOVED_AWAY, False), (State.CLOSED_CONSENT_WITHDRAWN, False),
    (State.CLOSED_DISENGAGED, False), (State.AWAITING_NO_CONSENT, True),
    *[(State.AWAITING, True)] * 7,
]

# The rest of a demo, by share: mostly open plans and closed ones, as in a real caseload.
_REST: list[tuple[State, int]] = [
    (State.OPEN, 56), (State.CLOSED_NEEDS_MET, 14), (State.OPEN_REVIEW_LATE, 3),
    (State.OPEN_NO_LEAD, 1), (State.STEPPED_DOWN, 4), (State.STEPPED_UP, 3),
    (State.CLOSED_MOVED_AWAY, 2), (State.CLOSED_DISENGAGED, 2),
    (State.CLOSED_CONSENT_WITHDRAWN, 1), (State.NO_FURTHER_ACTION, 4), (State.SIGNPOSTED, 4),
    (State.STEPPED_UP_AT_SCREENING, 2), (State.AWAITING_FIRST_TAC, 3), (State.AWAITING, 1),
]


def build_demo(families: int = 40, seed: int = 1, today: date | None = None) -> Bundle:
    """A deterministic, validated demo caseload of `families` families, set on `today`.

    >>> bundle = build_demo(families=40, seed=1, today=date(2026, 3, 3))
    >>> len(bundle.families), bundle == build_demo(40, 1, date(2026, 3, 3))
    (40, True)
    """
    parts = list(demo_batches(families, seed, today, batch_size=max(families, 1)))
    return Bundle(
        agencies=parts[0].agencies,
        professionals=parts[0].professionals,
        local_services=parts[0].local_services,
        screening_meetings=[m for part in parts for m in part.screening_meetings],
        families=[f for part in parts for f in part.families],
    )


def demo_batches(
    families: int = 40, seed: int = 1, today: date | None = None, batch_size: int = 1000
) -> Iterator[Bundle]:
    """The same demo as `build_demo`, a few families at a time, for loading a big one.

    Twenty thousand families take a couple of gigabytes as one bundle; in batches only
    one batch is held at once. The first bundle carries the directory (agencies,
    professionals and local services); the last carries the screening meetings, which refer to referrals
    in every batch, so load them in the order given.
    """
    if families < 0:
        raise ValueError("families: cannot be negative")
    if batch_size < 1:
        raise ValueError("batch size: must be at least 1")
    real_today = date.today()
    today = today or real_today
    if today > real_today:
        # The models refuse dates in the future, so a demo cannot be set on one.
        raise ValueError(f"today: {today} has not happened yet")
    rng = random.Random(seed)
    directory = build_directory(rng, families)
    plan = _plan(rng, families)
    last_screening = _tuesday_on_or_before(today - timedelta(days=1))
    timelines = [_timeline(rng, state, recent, today, last_screening) for state, recent in plan]
    # Families are told in the order their latest referral arrived (the random source is
    # drawn in that order); references number them in the order their first referral
    # arrived, per year, which differs for a family with an earlier episode.
    order = sorted(range(len(plan)), key=lambda i: (timelines[i].received_on, i))
    earlier = [_earlier_episode(plan, i) for i in range(len(plan))]
    first_referred = [
        earlier_dates(how, today, t.received_on).received_on if how else t.received_on
        for how, t in zip(earlier, timelines, strict=True)
    ]
    references: dict[int, str] = {}
    per_year: dict[int, int] = {}
    for index in sorted(range(len(plan)), key=lambda i: (first_referred[i], i)):
        year = first_referred[index].year
        per_year[year] = per_year.get(year, 0) + 1
        references[index] = f"EH-{year}-{per_year[year]:04d}"
    decisions: dict[date, list[ScreeningDecision]] = {}
    earlier_decisions: dict[date, list[ScreeningDecision]] = {}
    first = True
    for start in range(0, max(len(order), 1), batch_size):
        with _collector_paused():
            files = []
            for index in order[start : start + batch_size]:
                timeline = timelines[index]
                story = FamilyStory(
                    state=_closure(plan, index).name,
                    consent_change=_consent_change(plan, index),
                    reference=references[index],
                    received_on=timeline.received_on,
                    screened_on=timeline.screened_on,
                    meetings=timeline.meetings,
                    next_review_on=timeline.next_review_on,
                    today=today,
                    screening_meeting_id=_screening_meeting_id(seed, timeline.screened_on),
                )
                if earlier[index]:
                    told, before = tell_with_earlier(rng, directory, story, earlier[index])
                    if before is not None:
                        earlier_decisions.setdefault(before.screened_on, []).append(
                            before.decision)
                else:
                    told = tell_story(rng, directory, story)
                files.append(told.file)
                if told.decision is not None and timeline.screened_on is not None:
                    decisions.setdefault(timeline.screened_on, []).append(told.decision)
            last = start + batch_size >= len(order)
            batch = Bundle(
                agencies=directory.agencies if first else [],
                professionals=directory.professionals if first else [],
                local_services=directory.services if first else [],
                screening_meetings=_with_earlier(
                    _screening_meetings(rng, directory, decisions, today, seed), directory,
                    earlier_decisions, seed, today) if last else [],
                families=with_a_rise(files),
            )
        first = False
        yield batch


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are made.

    A batch is thousands of small records with no reference cycles among them; the
    collector would only scan them again and again, doubling the build time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _consent_change(plan: list[tuple[State, bool]], index: int) -> str:
    """What the family has done with its consent since the last meeting, chosen from the
    plan alone (no random draw, so adding it changed no other family): the first family
    whose review is late withdrew all of it, a third of open families withdrew it from
    one agency."""
    state = plan[index][0]
    late = [i for i, (s, _) in enumerate(plan) if s is State.OPEN_REVIEW_LATE]
    if late and index == late[0]:
        return "withdrawn"
    if state is State.OPEN and index % 3 == 0:
        return "withdrawn_from_one"
    return ""


def _closure(plan: list[tuple[State, bool]], index: int) -> State:
    """The family's state, with every second family whose needs were met stepped down to
    universal services at its closure instead: the same story to the end, chosen from the
    plan alone (no random draw, so no other family changed)."""
    state = plan[index][0]
    if state is State.CLOSED_NEEDS_MET:
        met = [i for i, (s, _) in enumerate(plan) if s is State.CLOSED_NEEDS_MET]
        if met.index(index) % 2 == 1:
            return State.CLOSED_TO_UNIVERSAL
    return state


def _earlier_episode(plan: list[tuple[State, bool]], index: int) -> str:
    """Which families had an episode of early help before this one, chosen from the plan
    alone (no draw from the demo's random source, so no other family changed): the first
    family awaiting screening is a re-referral four months after a closure, the second a
    step down from social care after a step up, and the first open family is on its
    second episode."""
    awaiting = [i for i, (s, _) in enumerate(plan) if s is State.AWAITING]
    opened = [i for i, (s, _) in enumerate(plan) if s is State.OPEN]
    if awaiting and index == awaiting[0]:
        return RE_REFERRED
    if len(awaiting) > 1 and index == awaiting[1]:
        return STEP_DOWN_AWAITING
    if opened and index == opened[0]:
        return SECOND_EPISODE
    return ""


def _with_earlier(
    meetings: list[ScreeningMeeting], directory: Directory,
    earlier: dict[date, list[ScreeningDecision]], seed: int, today: date,
) -> list[ScreeningMeeting]:
    """The screening meetings with the earlier episodes' decisions: in the meeting held
    that day, or a meeting of their own (drawn from a random source of its own, so the
    other meetings are as they were)."""
    by_day = {m.held_on: m for m in meetings}
    for held_on, decisions in sorted(earlier.items()):
        meeting = by_day.get(held_on)
        if meeting is not None:
            by_day[held_on] = meeting.model_copy(
                update={"decisions": [*meeting.decisions, *decisions]})
            continue
        rng = random.Random(f"{seed} {held_on}")
        chair = rng.choice(directory.chairs)
        by_day[held_on] = ScreeningMeeting(
            id=directory.new_id(rng), held_on=held_on, chair_id=chair.id,
            attendee_ids=sorted({chair.id, *(directory.someone(rng, kind).id
                                             for kind in directory.screening_partners)}),
            decisions=decisions, status=MeetingStatus.FINISHED,
            **minutes_clock(held_on, today, chair.name),
        )
    return [by_day[day] for day in sorted(by_day)]


def _plan(rng: random.Random, families: int) -> list[tuple[State, bool]]:
    plan = _FIRST[:families]
    states, weights = zip(*_REST, strict=True)
    plan += [(state, False) for state in rng.choices(states, weights, k=families - len(plan))]
    return plan


@dataclass
class _Timeline:
    received_on: date
    screened_on: date | None = None
    meetings: list[date] = field(default_factory=list)
    next_review_on: date | None = None


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _tuesday_on_or_before(day: date) -> date:
    """Castlebridge's screening meeting meets every Tuesday."""
    return day - timedelta(days=(day.weekday() - 1) % 7)


def _working_days_back(day: date, count: int) -> date:
    """`count` working days before `day` (or the working day before it), bank holidays
    skipped as every count of working days skips them."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return add_working_days(day, -count)


def _review_gap(rng: random.Random) -> timedelta:
    return timedelta(weeks=rng.choice((4, 6, 6, 6, 6, 8)))


def _timeline(
    rng: random.Random, state: State, recent: bool, today: date, last_screening: date
) -> _Timeline:
    """When the family was referred, screened and met, working back from where it is now."""
    if state in (State.AWAITING, State.AWAITING_NO_CONSENT):
        return _Timeline(received_on=_working_days_back(today, rng.randint(0, 1)))
    if state is State.AWAITING_LONG:
        return _Timeline(received_on=_working_days_back(today, 3))

    meetings: list[date] = []
    next_review: date | None = None
    reviews = 0
    if state in (State.OPEN, State.OPEN_REVIEW_LATE, State.OPEN_NO_LEAD, State.STEPPED_DOWN):
        late = state is State.OPEN_REVIEW_LATE or (state is State.OPEN and rng.random() < 0.06)
        gap = timedelta(weeks=6) if late else _review_gap(rng)
        if late:
            next_review = _weekday_on_or_before(today - timedelta(days=rng.randint(6, 30)))
        else:
            ahead = rng.randint(1, gap.days - 4)
            next_review = _weekday_on_or_after(today + timedelta(days=ahead))
        meetings = [next_review - gap]
        reviews = rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5))
    elif state is State.STEPPED_UP:
        meetings = [_weekday_on_or_before(today - timedelta(days=rng.randint(10, 300)))]
        reviews = rng.randint(1, 3)
    elif state.name.startswith("CLOSED"):
        meetings = [_weekday_on_or_before(today - timedelta(days=rng.randint(7, 500)))]
        reviews = {State.CLOSED_NEEDS_MET: rng.randint(2, 5)}.get(state, rng.randint(1, 3))
    for _ in range(reviews):
        meetings.insert(0, meetings[0] - _review_gap(rng))

    if meetings:
        screened = _tuesday_on_or_before(meetings[0] - timedelta(days=rng.randint(14, 35)))
    elif recent:
        screened = last_screening
    elif state is State.AWAITING_FIRST_TAC:
        screened = last_screening - timedelta(weeks=rng.randint(0, 2))
    else:
        screened = last_screening - timedelta(weeks=rng.randint(1, 100))
    received = _working_days_back(screened - timedelta(days=1), rng.randint(0, 4))
    return _Timeline(received, screened, meetings, next_review)


def _screening_meeting_id(seed: int, held_on: date | None) -> str | None:
    """The id of the screening meeting held that day, known before it is made: a family
    stepped up there names it, and is told before the meetings are gathered."""
    return derived_id(seed, "screening meeting", held_on) if held_on else None


def _screening_meetings(
    rng: random.Random,
    directory: Directory,
    decisions: dict[date, list[ScreeningDecision]],
    today: date,
    seed: int,
) -> list[ScreeningMeeting]:
    meetings = []
    for held_on in sorted(decisions):
        chair = rng.choice(directory.chairs)
        attendees = {chair.id}
        for kind in directory.screening_partners:
            attendees.add(directory.someone(rng, kind).id)
        meetings.append(
            ScreeningMeeting(
                id=_screening_meeting_id(seed, held_on),
                held_on=held_on,
                chair_id=chair.id,
                attendee_ids=sorted(attendees),
                decisions=decisions[held_on],
                status=MeetingStatus.FINISHED,
                **minutes_clock(held_on, today, chair.name),
            )
        )
    return meetings


__all__ = ["State", "build_demo", "demo_batches"]

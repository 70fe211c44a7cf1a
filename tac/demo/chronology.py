"""A demo family's chronology: what agencies saw before the referral, and what followed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from tac.demo.meetings import CLOSURE_REASONS
from tac.models import (
    Agency,
    AgencyKind,
    ChronologyEvent,
    EventKind,
    Person,
    ScreeningDecision,
    Significance,
)

if TYPE_CHECKING:
    from tac.demo.family import Teller


def family_chronology(t: Teller, decision: ScreeningDecision | None) -> list[ChronologyEvent]:
    """The events other agencies saw, typed in, oldest first: counting the referral, the
    screening decision, the first meeting and a step that TAC writes, 5 to 15 events."""
    rng, story = t.rng, t.story
    end = story.meetings[-1] if story.state in CLOSURE_REASONS else story.today
    key: list[tuple[date, EventKind, Agency | None, str, Significance, Person | None]] = []
    if story.state == "CLOSED_MOVED_AWAY":
        key.append((story.meetings[-1] - timedelta(days=rng.randint(1, 10)),
                    EventKind.HOUSING_MOVE, _agency(t, AgencyKind.HOUSING),
                    "Family moved to another local authority; records sent on.",
                    Significance.MEDIUM, None))
    # TAC writes the referral, the screening decision, the first meeting and a step up or
    # down itself (tac/chronology.py). The demo typed them too, once: it still counts them
    # and draws their ids, so every other event and family is as it was.
    written_by_tac = 1 + (decision is not None and story.screened_on is not None) + bool(
        story.meetings) + (story.state in ("STEPPED_DOWN", "STEPPED_UP"))

    # What led up to the referral comes before it; everyday events fall anywhere.
    history = [(*event, True) for c in t.concerns for event in c.events]
    focal_age = _age_on(t.focal, story.today)
    at_school, under_five = 4 <= focal_age <= 15, focal_age < 5
    history += [
        (*event, False) for event in _EVERYDAY
        if (event[1] is not AgencyKind.SCHOOL or at_school)
        and (event[1] is not AgencyKind.HEALTH_VISITING or under_five)
    ]
    rng.shuffle(history)
    wanted = max(5, rng.randint(5, 15)) - len(key) - written_by_tac
    for _ in range(written_by_tac):
        t.id()
    events = [_event(t, *row) for row in key]
    earliest = min(p.date_of_birth for p in t.people if p.date_of_birth)
    for kind, agency_kind, summary, significance, before in history[:wanted]:
        person = t.focal if "{child}" in summary else (
            t.mother if "{parent}" in summary else None)
        start = max(earliest, story.received_on - timedelta(days=500))
        if person is t.focal and t.focal.date_of_birth:
            start = max(start, t.focal.date_of_birth)
        last = max(start, story.received_on - timedelta(days=1)) if before else end
        occurred = start + timedelta(days=rng.randint(0, max(0, (last - start).days)))
        events.append(_event(t, occurred, kind, _agency(t, agency_kind),
                                  t.fill(summary), significance, person))
    events.sort(key=lambda e: (e.occurred_on, e.id))
    return events

def _event(t: Teller, occurred: date, kind: EventKind, agency: Agency | None, summary: str,
           significance: Significance, person: Person | None) -> ChronologyEvent:
    return ChronologyEvent(
        id=t.id(), family_id=t.family_id, person_id=person.id if person else None,
        occurred_on=min(occurred, t.story.today), agency_id=agency.id if agency else None,
        kind=kind, summary=summary, significance=significance,
    )

def _agency(t: Teller, kind: AgencyKind) -> Agency | None:
    if kind is AgencyKind.OTHER:
        return None  # the family told us themselves
    if kind in t.agencies:
        return t.agencies[kind]
    if kind is AgencyKind.SCHOOL:
        return t.rng.choice(t.directory.primaries)
    return t.rng.choice(t.directory.by_kind[kind])

def _age_on(person: Person, day: date) -> int:
    return (day - person.date_of_birth).days // 365 if person.date_of_birth else 0


# Ordinary events any family's history may hold, besides those of its worries.
_EVERYDAY: list[tuple[EventKind, AgencyKind, str, Significance]] = [
    (EventKind.HEALTH_APPOINTMENT, AgencyKind.HEALTH_VISITING,
     "{child} had a development review: on track apart from speech.", Significance.LOW),
    (EventKind.SCHOOL_ATTENDANCE, AgencyKind.SCHOOL,
     "{child}'s attendance was 91% for the half term.", Significance.LOW),
    (EventKind.HOSPITAL_VISIT, AgencyKind.HOSPITAL,
     "{child} seen in A&E with a sprained wrist after falling off a trampoline.",
     Significance.LOW),
    (EventKind.HOUSING_MOVE, AgencyKind.HOUSING,
     "Family moved to their current address.", Significance.LOW),
    (EventKind.POLICE_CALL_OUT, AgencyKind.POLICE,
     "Neighbour dispute about noise; words of advice given.", Significance.LOW),
    (EventKind.HEALTH_APPOINTMENT, AgencyKind.GP,
     "{parent} saw the GP about back pain and stress at home.", Significance.LOW),
    (EventKind.OTHER, AgencyKind.SCHOOL,
     "{child} started at {school}.", Significance.LOW),
]



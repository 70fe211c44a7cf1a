"""A demo family's chronology: what agencies saw before the referral, and what followed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from tac.demo.meetings import CLOSURE_REASONS
from tac.models import (
    OUTCOME_LABELS,
    Agency,
    AgencyKind,
    ChronologyEvent,
    EventKind,
    Person,
    Referral,
    ScreeningDecision,
    Significance,
)

if TYPE_CHECKING:
    from tac.demo.family import Teller


def family_chronology(
    t: Teller, referral: Referral, decision: ScreeningDecision | None
) -> list[ChronologyEvent]:
    """Between 5 and 15 dated events from several agencies, oldest first."""
    rng, story = t.rng, t.story
    early_help = t.directory.by_kind[AgencyKind.EARLY_HELP][0]
    end = story.meetings[-1] if story.state in CLOSURE_REASONS else story.today
    key: list[tuple[date, EventKind, Agency | None, str, Significance, Person | None]] = []
    key.append((story.received_on, EventKind.REFERRAL,
                _agency_by_id(t, referral.referrer_agency_id),
                f"Referral to the early help front door: {t.concerns[0].label}.",
                Significance.MEDIUM, None))
    if decision is not None and story.screened_on is not None:
        key.append((story.screened_on, EventKind.MEETING, early_help,
                    f"Screening meeting decided: {OUTCOME_LABELS[decision.outcome].lower()}.",
                    Significance.MEDIUM, None))
    if story.meetings:
        key.append((story.meetings[0], EventKind.MEETING, early_help,
                    "First team around the child meeting; the family's plan agreed.",
                    Significance.MEDIUM, None))
    if story.state == "STEPPED_DOWN":
        csc = t.directory.by_kind[AgencyKind.CHILDRENS_SOCIAL_CARE][0]
        key.append((story.received_on, EventKind.STEP_DOWN, csc,
                    "Child in need plan closed; stepped down to early help.",
                    Significance.HIGH, None))
    if story.state == "STEPPED_UP":
        csc = t.directory.by_kind[AgencyKind.CHILDRENS_SOCIAL_CARE][0]
        key.append((story.meetings[-1], EventKind.STEP_UP, csc,
                    "Stepped up to children's social care for a social work assessment.",
                    Significance.HIGH, None))
    if story.state == "CLOSED_MOVED_AWAY":
        key.append((story.meetings[-1] - timedelta(days=rng.randint(1, 10)),
                    EventKind.HOUSING_MOVE, _agency(t, AgencyKind.HOUSING),
                    "Family moved to another local authority; records sent on.",
                    Significance.MEDIUM, None))

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
    wanted = max(5, rng.randint(5, 15)) - len(key)
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

def _agency_by_id(t: Teller, agency_id: str | None) -> Agency | None:
    return next((a for a in t.agencies.values() if a.id == agency_id), None)



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



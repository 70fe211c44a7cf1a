"""A demo family's vulnerability checks: at the referral, at each TAC meeting and at closure.

Three families in four have their focal child checked, and one in three of those a brother
or sister too. Scores start where the family's worries are (its concerns' domains score
higher) and mostly fall as the plan works; about one open family in three with two checks
or more has its latest check risen by 3 to 6, so the rising flag shows on home, in
oversight and on screening.

Drawn from a random source of the family's own (seeded by its reference), not the demo's:
adding checks leaves every other record of the demo as it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache

from tac.bundle import FamilyFile
from tac.demo.directory import derived_id
from tac.models import (
    OPEN_STATUSES,
    CheckOccasion,
    FamilyStatus,
    MeetingStatus,
    NeedDomain,
    Person,
    PersonRole,
    Referral,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
    VulnerabilityCheck,
)
from tac.settings import Settings
from tac.vulnerability import by_child, default_file, read_check_list, why_rising

# The check list's domains nearest each domain of need the demo's worries sit in.
_NEAREST: dict[NeedDomain, tuple[str, ...]] = {
    NeedDomain.EDUCATION: ("education",),
    NeedDomain.DOMESTIC_ABUSE: ("domestic_abuse", "relationships"),
    NeedDomain.MENTAL_HEALTH: ("mental_health",),
    NeedDomain.HOUSING: ("home", "money"),
    NeedDomain.MONEY: ("money", "home"),
    NeedDomain.SUBSTANCE_USE: ("substance_use",),
    NeedDomain.FAMILY_AND_ENVIRONMENT: ("home", "relationships"),
    NeedDomain.PARENTING_CAPACITY: ("relationships", "home"),
    NeedDomain.CRIME: ("crime_exploitation",),
    NeedDomain.ISOLATION: ("isolation",),
    NeedDomain.RELATIONSHIPS: ("relationships",),
    NeedDomain.HEALTH: ("health",),
    NeedDomain.CHILD_DEVELOPMENT: ("health", "education"),
}

RISING_EVERY = 3
"""One open family in this many (by reference) with two checks or more has risen."""


@dataclass(frozen=True)
class Occasion:
    on: date
    occasion: CheckOccasion
    meeting_id: str | None
    by: str


@cache
def _indicators() -> dict[str, tuple[str, ...]]:
    """TAC's own list's indicator keys by domain key (the demo scores TAC's list)."""
    shipped = read_check_list(default_file())
    return {d.key: tuple(i.key for i in d.indicators) for d in shipped.domains}


def vulnerability_checks(
    family_id: str, reference: str, people: list[Person], focal: Person,
    domains: list[NeedDomain], referral: Referral, meetings: list[TacMeeting],
    history: list[StatusChange], recorded_by: str,
) -> list[VulnerabilityCheck]:
    """The checks of one family's children (see the module's docstring), oldest first."""
    number = int(reference[-4:]) + 7 * int(reference[3:7])
    if number % 4 == 0:
        return []
    rng = random.Random(f"checks {reference}")
    occasions = [Occasion(referral.received_on, CheckOccasion.REFERRAL, None, recorded_by)]
    for meeting in meetings:
        if meeting.status is not MeetingStatus.FINISHED:
            continue
        closing = meeting.kind is TacMeetingKind.CLOSURE
        occasions.append(Occasion(
            meeting.held_on, CheckOccasion.CLOSURE if closing else CheckOccasion.MEETING,
            meeting.id, meeting.minute_taker or recorded_by))
    is_open = bool(history) and history[-1].status in OPEN_STATUSES and (
        history[-1].status is not FamilyStatus.STEPPED_DOWN)
    rises = is_open and len(occasions) > 1 and number % RISING_EVERY == 1
    children = [focal]
    siblings = [p for p in people if p.role is PersonRole.CHILD and p is not focal
                and p.date_of_birth is not None]
    if siblings and number % 3 == 0:
        children.append(siblings[0])
    checks = []
    for child in children:
        scores = _first_scores(rng, domains)
        for at, occasion in enumerate(occasions):
            if rises and child is focal and at == len(occasions) - 1:
                scores = _risen(rng, scores)
            elif at:
                scores = _later(rng, scores)
            checks.append(VulnerabilityCheck(
                id=derived_id(family_id, "vulnerability check", child.id, occasion.on, at),
                family_id=family_id, person_id=child.id, checked_on=occasion.on,
                occasion=occasion.occasion, meeting_id=occasion.meeting_id, scores=scores,
                recorded_by=occasion.by))
    checks.sort(key=lambda c: c.checked_on)
    return checks


def _first_scores(rng: random.Random, domains: list[NeedDomain]) -> dict[str, int]:
    """Where the worries are, scores of 1 to 3; a few other indicators of some concern."""
    by_domain = _indicators()
    scores: dict[str, int] = {}
    for at, domain in enumerate(domains):  # the first is the worry the family was referred for
        for key in _NEAREST.get(domain, ())[:2 if at == 0 else 1]:
            for indicator in rng.sample(by_domain[key], min(2, len(by_domain[key]))):
                scores[indicator] = max(scores.get(indicator, 0), rng.choice((1, 2, 2, 3)))
    others = [k for keys in by_domain.values() for k in keys if k not in scores]
    for indicator in rng.sample(others, rng.randint(1, 3)):
        scores[indicator] = 1
    return dict(sorted(scores.items()))


def _later(rng: random.Random, scores: dict[str, int]) -> dict[str, int]:
    """The next check: the plan mostly working, a score now and then a step worse."""
    later = {}
    for key, score in scores.items():
        draw = rng.random()
        later[key] = max(0, score - 1) if draw < 0.3 else min(3, score + 1) if draw > 0.93 else score
    return later


def _risen(rng: random.Random, scores: dict[str, int]) -> dict[str, int]:
    """A check risen by 3 to 6 since the last: new worries, or old ones worse."""
    risen, wanted = dict(scores), rng.randint(3, 6)
    keys = [k for keys in _indicators().values() for k in keys]
    while wanted:
        key = rng.choice(keys)
        if risen.get(key, 0) < 3:
            risen[key] = risen.get(key, 0) + 1
            wanted -= 1
    return dict(sorted(risen.items()))


def with_a_rise(files: list[FamilyFile]) -> list[FamilyFile]:
    """`files` as they are if a child among them is flagged as rising (by the default
    settings), else with one rise made: the latest check of the first open family's child
    checked twice or more risen by 3 to 6 since the check before. Which families rise
    depends on their references, so on some days no family of a small demo would, and
    home would have no flag to show."""
    if any(_flagged(file.vulnerability_checks) for file in files):
        return files
    for at, file in enumerate(files):
        history = file.family.status_history
        if not history or history[-1].status not in OPEN_STATUSES:
            continue
        child = next((c for c in by_child(file.vulnerability_checks).values() if len(c) > 1),
                     None)
        if child is None:
            continue
        before, latest = child[-2], child[-1]
        risen = VulnerabilityCheck.model_validate({**latest.model_dump(), "scores": _risen(
            random.Random(f"rise {file.family.reference}"), before.scores)})  # total again
        checks = [risen if c is latest else c for c in file.vulnerability_checks]
        return [*files[:at], file.model_copy(update={"vulnerability_checks": checks}),
                *files[at + 1:]]
    return files


def _flagged(checks: list[VulnerabilityCheck]) -> bool:
    defaults = Settings()
    return any(why_rising(child, defaults) for child in by_child(checks).values())


__all__ = ["RISING_EVERY", "vulnerability_checks", "with_a_rise"]

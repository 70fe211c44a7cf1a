"""What importing a file of referrals does, and doing it: `tac referrals import`.

Each referral read from the file (`tac.intake.referral_file`) is matched by the rules of
`tac.intake.matching`: someone in it who is the same person as someone known (NHS number,
or name and date of birth) joins their family; someone only possibly known makes a new
family whose referral says "check: possible match with EH-..."; no one known makes a new
family with the next reference.

    >>> plan = plan_import(store, read_referral_file(Path("referrals.csv")), "referrals.csv")
    >>> plan[1].line()
    'R2: new family EH-2026-0108 (Ní Bhriain family): Siobhán Ní Bhriain, Aoife Ní Bhriain'
    >>> take_in(store, plan, "referrals.csv")  # all of it in one transaction
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tac import names
from tac.dates import form_date
from tac.intake.matching import Match, MatchKind, PersonQuery, matches_in, same_or_possible
from tac.intake.referral_file import PersonRow, Problem, ReferralFileError, ReferralRows
from tac.intake.referrals import join
from tac.models import Agency, Family, Professional, Referral
from tac.store import Store
from tac.store.intake import REFERENCE_PREFIX


class Outcome(StrEnum):
    JOINED = "joined"
    NEW_FAMILY = "new_family"
    TO_CHECK = "to_check"


@dataclass
class PlannedReferral:
    """What importing one referral does: the family it joins or makes, and the referral."""

    rows: ReferralRows
    outcome: Outcome
    family: Family
    referral: Referral
    matched: list[Match] = field(default_factory=list)
    """The matches that decided it: the same person (joined) or possibly so (to check)."""

    def line(self) -> str:
        """One line saying what happened (or would), e.g.

        `R1: re-referral, joins EH-2024-0042 (Walsh family, closed): Jayden Walsh, born
        01/05/2018: same name, same date of birth`; `R2: new family EH-2026-0108 (Ní Bhriain
        family): Siobhán Ní Bhriain, Aoife Ní Bhriain`; `R3: new family EH-2026-0109 (Walsh
        family): Jaden Walsh; check: possible match with EH-2024-0042 (Jayden Walsh, born
        01/05/2018: same name)`.
        """
        family = self.family
        name = family.display_name().removeprefix(family.reference).strip()
        head = f"{self.rows.source_reference}: "
        if self.outcome is Outcome.JOINED:
            text = (f"{head}re-referral, joins {family.reference} ({name}, {family.status.value}): "
                    f"{_described(self.matched[0])}")
        else:
            people = ", ".join(p.person.name for p in self.rows.people)
            text = f"{head}new family {family.reference} ({name}): {people}"
        if self.referral.possible_matches:
            why = {m.reference: _described(m) for m in self.matched if m.kind is MatchKind.POSSIBLE}
            marks = [f"{r} ({why[r]})" if r in why else r for r in self.referral.possible_matches]
            text += f"; check: possible match with {', '.join(marks)}"
        return text


def _described(match: Match) -> str:
    """`Jayden Walsh, born 01/05/2018: same name, same date of birth`."""
    why = ", ".join(match.reasons)
    person = match.person
    if person is None:
        return why
    born = f", born {form_date(person.date_of_birth)}" if person.date_of_birth else ""
    return f"{person.name}{born}: {why}"


def plan_import(store: Store, referrals: list[ReferralRows], name: str = "the file") -> list[PlannedReferral]:
    """What importing `referrals` would do, in file order; nothing is written. Raises
    `ReferralFileError` for a referral already imported."""
    _refuse_repeats(store, referrals, name)
    people = [(r, p) for r in referrals for p in r.people]
    known = same_or_possible(
        store,
        [
            PersonQuery(
                first_name=p.first_name,
                last_name=p.last_name,
                date_of_birth=p.person.date_of_birth,
                nhs_number=p.person.nhs_number,
                postcode=r.postcode,
            )
            for r, p in people
        ],
    )
    found: dict[int, list[Match]] = {id(p): matches for (_, p), matches in zip(people, known, strict=True)}
    directory = _Directory(store.agencies(), store.professionals())
    planned: list[PlannedReferral] = []
    touched = _Touched()  # families this file creates or joins, as it leaves them
    numbers: dict[int, int] = {}  # the last family number given, by year
    for rows in referrals:
        matches = _matches(rows, found, touched)
        same = [m for m in matches if m.kind is MatchKind.SAME_PERSON]
        if same:
            target = min(same, key=lambda m: m.rank)
            known = touched.families.get(target.family.id, target.family)
            family = join(known, [p.person for p in rows.people], rows.postcode, rows.address)
            outcome, matched = Outcome.JOINED, [target]
        else:
            year = rows.received_on.year
            if year not in numbers:
                numbers[year] = int(store.next_family_reference(year).rsplit("-", 1)[1]) - 1
            numbers[year] += 1
            reference = f"{REFERENCE_PREFIX}-{year}-{numbers[year]:04d}"
            family = Family(
                reference=reference,
                address=rows.address,
                postcode=rows.postcode,
                people=[p.person for p in rows.people],
            )
            matched = _one_per_family(m for m in matches if m.kind is MatchKind.POSSIBLE)
            outcome = Outcome.TO_CHECK if matched else Outcome.NEW_FAMILY
        touched.add(family)
        others = [m for m in _one_per_family(matches) if m.family.id != family.id]
        referral = Referral(
            family_id=family.id,
            received_on=rows.received_on,
            **directory.referrer(rows),
            concerns=rows.concerns,
            referrer_wants=rows.referrer_wants,
            reason_for_involvement=rows.reason_for_involvement,
            family_agrees=rows.family_agrees,
            family_agrees_reason=rows.family_agrees_reason,
            taken_by=store.actor,
            possible_matches=[m.reference for m in others],
            source_reference=rows.source_reference,
            kind=rows.kind,
            social_care_summary=rows.social_care_summary,
            social_worker=rows.social_worker,
        )
        planned.append(PlannedReferral(rows, outcome, family, referral, matched))
    # A family joined by two referrals of the file is saved once, as the last left it.
    for plan in planned:
        plan.family = touched.families[plan.family.id]
    return planned


class _Touched:
    """The families a file has made or joined so far, found again by a member's date of
    birth, NHS number or a word of their name."""

    def __init__(self) -> None:
        self.families: dict[str, Family] = {}
        self._by_key: dict[object, set[str]] = defaultdict(set)

    def add(self, family: Family) -> None:
        self.families[family.id] = family
        for person in family.people:
            for key in _keys(person.date_of_birth, person.nhs_number, names.words(person.name)):
                self._by_key[key].add(family.id)

    def like(self, row: PersonRow) -> list[Family]:
        words = names.words(row.first_name) + names.words(row.last_name)
        keys = _keys(row.person.date_of_birth, row.person.nhs_number, words)
        ids = set().union(*(self._by_key.get(k, set()) for k in keys))
        return [self.families[i] for i in sorted(ids)]


def _keys(born_on: date | None, nhs_number: str, words: list[str]) -> list[object]:
    """What finds someone again: their date of birth, NHS number, and name (its first and
    last words, or all of it run together, so that a hyphen or space does not hide it)."""
    keys: list[object] = [("whole", "".join(words))]
    if words:
        keys.append(("first and last", f"{words[0]} {words[-1]}"))
    if born_on:
        keys.append(("born", born_on))
    if nhs_number:
        keys.append(("nhs", nhs_number))
    return keys


def take_in(store: Store, planned: list[PlannedReferral], name: str) -> list[PlannedReferral]:
    """Save what `plan_import` planned in one transaction, one audit line per family created
    or joined; return the plan with the saved records (references as finally given)."""
    families = list({p.family.id: p.family for p in planned}.values())
    saved_families, saved_referrals = store.take_referrals(
        families, [p.referral for p in planned], note=f"referrals imported from {name}"
    )
    by_id = {f.id: f for f in saved_families}
    for plan, referral in zip(planned, saved_referrals, strict=True):
        plan.referral = referral
        plan.family = by_id.get(plan.family.id, plan.family)
    return planned


def _refuse_repeats(store: Store, referrals: list[ReferralRows], name: str) -> None:
    """A referral already imported (same id, received date and concerns) is not taken twice."""
    earlier = {
        (r.source_reference, r.received_on, r.concerns): reference
        for r, reference in store.referrals_from(r.source_reference for r in referrals)
    }
    problems = [
        Problem(rows.lines[0], "referral", f"{rows.source_reference} was imported already, into {reference}; "
                "take it out of the file")
        for rows in referrals
        if (reference := earlier.get((rows.source_reference, rows.received_on, rows.concerns)))
    ]
    if problems:
        raise ReferralFileError(name, problems)


def _matches(rows: ReferralRows, found: dict[int, list[Match]], touched: _Touched) -> list[Match]:
    """Everyone the referral's people may be: in the database, or in a family this file
    has already made or joined (compared as the file has left it)."""
    matches: list[Match] = []
    for row in rows.people:
        query = PersonQuery(
            first_name=row.first_name,
            last_name=row.last_name,
            date_of_birth=row.person.date_of_birth,
            nhs_number=row.person.nhs_number,
            postcode=rows.postcode,
        )
        for match in found[id(row)]:
            if match.family.id not in touched.families:
                matches.append(_subject_first(match, row))
        for family in touched.like(row):
            matches += [_subject_first(m, row) for m in matches_in(family, query, sure_only=True)]
    return sorted(matches, key=lambda m: m.rank)


def _subject_first(match: Match, row: PersonRow) -> Match:
    # The child a referral is about decides which family it joins, before a parent does.
    rank = (0 if row.person.subject else 1, *match.rank)
    return Match(match.family, match.person, match.kind, match.reasons, match.last_referral_on, rank)


def _one_per_family(matches) -> list[Match]:
    best: dict[str, Match] = {}
    for match in sorted(matches, key=lambda m: m.rank):
        best.setdefault(match.family.id, match)
    return list(best.values())


class _Directory:
    """The agencies and professionals, found by name (accents and case aside)."""

    def __init__(self, agencies: list[Agency], professionals: list[Professional]):
        self.agencies = {names.key(a.name): a for a in agencies}
        self.professionals: dict[str, list[Professional]] = defaultdict(list)
        for professional in professionals:
            self.professionals[names.key(professional.name)].append(professional)

    def referrer(self, rows: ReferralRows) -> dict:
        """The referrer as the directory knows them: the agency by its name, and the
        professional of that name (at that agency, if one was typed)."""
        wanted = names.key(rows.referrer_agency)
        agency = self.agencies.get(wanted) if wanted else None
        known = [
            p for p in self.professionals.get(names.key(rows.referrer_name), [])
            if agency is None or p.agency_id == agency.id
        ]
        # Someone of that name at an agency other than the one typed is someone else.
        professional = known[0] if len(known) == 1 and (agency or not wanted) else None
        return {
            "referrer_name": professional.name if professional else rows.referrer_name,
            "referrer_professional_id": professional.id if professional else None,
            "referrer_agency_id": agency.id if agency else (professional.agency_id if professional else None),
            "referrer_agency_name": "" if agency or professional else rows.referrer_agency,
            "referrer_contact": rows.referrer_contact,
        }

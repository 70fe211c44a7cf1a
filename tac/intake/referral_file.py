"""Referrals from a CSV file (an online form, another system): `tac referrals import`.

One row per person named in a referral; the rows of one referral share its `referral` id.
The format is in docs/referral-import.md, with a sample file. A file with any bad row is
refused whole, each problem named by its line (the header is line 1) and column:

    >>> plan = plan_import(store, read_referral_file(Path("referrals.csv")))
    >>> plan[1].line()
    'R2: new family EH-2026-0108 (Ní Bhriain family): Siobhán Ní Bhriain, Aoife Ní Bhriain'
    >>> take_in(store, plan, "referrals.csv")  # all of it in one transaction

Each referral is matched by the rules of `tac.intake.matching`: someone in it who is the
same person as someone known (NHS number, or name and date of birth) joins their family;
someone only possibly known makes a new family whose referral says "check: possible match
with EH-..."; no one known makes a new family with the next reference.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from tac import names
from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput, describe_validation_error
from tac.intake.matching import Match, MatchKind, PersonQuery, matches_in, same_or_possible
from tac.intake.referrals import join
from tac.models import (
    Agency,
    Family,
    FamilyAgrees,
    InvolvementReason,
    Person,
    PersonRole,
    Professional,
    Referral,
)
from tac.models.history import INVOLVEMENT_REASON_LABELS
from tac.models.people import nhs_number_problem, uk_postcode
from tac.store import Store
from tac.store.intake import REFERENCE_PREFIX

COLUMNS = (
    "referral", "received_on", "referrer_name", "referrer_agency", "concerns", "family_agrees",
    "first_name", "last_name", "date_of_birth", "relationship", "postcode", "address",
    "school_or_setting", "nhs_number",
)
"""The columns every file has, in any order."""

OPTIONAL_COLUMNS = ("referrer_contact", "referrer_wants", "reason_for_involvement", "family_agrees_reason")
"""Columns a file may add."""

RELATIONSHIPS: dict[str, tuple[PersonRole, bool]] = {
    "son": (PersonRole.CHILD, True),
    "daughter": (PersonRole.CHILD, True),
    "mother": (PersonRole.PARENT, False),
    "father": (PersonRole.PARENT, False),
    "carer": (PersonRole.CARER, False),
    "grandparent": (PersonRole.HOUSEHOLD_MEMBER, False),
    "other": (PersonRole.HOUSEHOLD_MEMBER, False),
}
"""Who a person is in the family, as the file says it: their role, and whether the referral is
about them (a son or daughter is)."""

_FAMILY_AGREES = {"yes": FamilyAgrees.YES, "no": FamilyAgrees.NO, "notasked": FamilyAgrees.NOT_ASKED}

# Columns every row of one referral shares: a later row saying otherwise is a mistake.
_SHARED = (
    "received_on", "referrer_name", "referrer_agency", "concerns", "family_agrees",
    "referrer_contact", "referrer_wants", "reason_for_involvement", "family_agrees_reason",
)


@dataclass(frozen=True)
class Problem:
    """A mistake in the file, where it is."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


class ReferralFileError(InvalidInput):
    """The file cannot be imported; `problems` names each bad line and column."""

    title = "The referrals file was not imported"

    def __init__(self, name: str, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"{name} was not imported ({count}; nothing was imported): "
            + "; ".join(str(p) for p in problems[:20])
            + ("; ..." if len(problems) > 20 else "")
        )


@dataclass
class PersonRow:
    """One person named in a referral: a row of the file."""

    line: int
    person: Person
    first_name: str
    last_name: str


@dataclass
class ReferralRows:
    """One referral as the file gives it: its own columns and the people named in it."""

    source_reference: str
    lines: list[int]
    received_on: date
    referrer_name: str
    referrer_agency: str
    referrer_contact: str
    concerns: str
    referrer_wants: str
    reason_for_involvement: InvolvementReason | None
    family_agrees: FamilyAgrees
    family_agrees_reason: str
    postcode: str = ""
    address: str = ""
    people: list[PersonRow] = field(default_factory=list)


# -- reading the file --------------------------------------------------------------------------


def read_referral_file(path: Path, today: date | None = None) -> list[ReferralRows]:
    """The referrals in the CSV file at `path`, each row checked. Raises `ReferralFileError`
    naming every bad line and column, or `InvalidInput` when the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text; save it as CSV UTF-8"
        raise InvalidInput(f"cannot read {path}: {reason}") from None
    return read_referrals(text, path.name, today)


def read_referrals(text: str, name: str = "the file", today: date | None = None) -> list[ReferralRows]:
    """The referrals in CSV `text` (see `read_referral_file`); `name` names it in messages."""
    today = today or date.today()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS and h not in OPTIONAL_COLUMNS]
    if missing or unknown:
        problems = [Problem(1, c, "this column is missing") for c in missing]
        known = ", ".join(COLUMNS + OPTIONAL_COLUMNS)
        problems += [Problem(1, h or "(blank)", f"unknown column; the columns are {known}") for h in unknown]
        raise ReferralFileError(name, problems)
    reader.fieldnames = header
    problems: list[Problem] = []
    referrals: dict[str, ReferralRows] = {}
    first_seen: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    spoilt: set[str] = set()  # referrals with a bad row: what they lack is not known
    for raw in reader:
        # The line the row starts on: a quoted value may hold line breaks of its own.
        start = reader.line_num - sum(v.count("\n") for v in raw.values() if isinstance(v, str))
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue  # a blank line
        if None in raw:
            problems.append(Problem(start, "", "has more values than the header has columns"))
            continue
        found = _read_row(row, start, today)
        problems += found.problems
        key = row["referral"]
        if not key:
            continue
        if found.problems:
            spoilt.add(key)
        for column in _SHARED:
            value = row.get(column, "")
            seen = first_seen[key].setdefault(column, (start, value))
            if seen[1] != value:
                message = f"differs from line {seen[0]}; the rows of one referral share it"
                problems.append(Problem(start, column, message))
        if found.problems:
            continue
        referral = referrals.setdefault(key, found.referral)
        if referral is found.referral:
            continue
        referral.lines.append(start)
        referral.people += found.referral.people
        for column in ("postcode", "address"):
            value, held = getattr(found.referral, column), getattr(referral, column)
            if value and held and value != held:
                message = f"differs from another row of referral {key}; a family has one"
                problems.append(Problem(start, column, message))
            elif value:
                setattr(referral, column, value)
    for key, referral in referrals.items():
        if key not in spoilt and not any(p.person.subject for p in referral.people):
            message = f"referral {key} names no son or daughter; a referral is about a child"
            problems.append(Problem(referral.lines[0], "relationship", message))
    if problems:
        raise ReferralFileError(name, sorted(problems, key=lambda p: p.line))
    if not referrals:
        raise InvalidInput(f"{name} holds no referrals, only its header")
    return list(referrals.values())


@dataclass
class _Row:
    referral: ReferralRows | None = None
    problems: list[Problem] = field(default_factory=list)


def _read_row(row: dict[str, str], line: int, today: date) -> _Row:
    found = _Row()

    def problem(column: str, message: str) -> None:
        found.problems.append(Problem(line, column, message))

    if not row["referral"]:
        problem("referral", "is empty; give the referral's id (rows of one referral share it)")
    received_on = _date(row["received_on"], "received_on", problem, required=True)
    if received_on and received_on > today:
        problem("received_on", f"{row['received_on']} is in the future")
    born_on = _date(row["date_of_birth"], "date_of_birth", problem)
    if born_on and born_on > today:
        problem("date_of_birth", f"{row['date_of_birth']} is in the future")
    for column in ("first_name", "last_name", "referrer_name", "concerns"):
        if not row[column]:
            problem(column, "is empty")
    relationship = row["relationship"].lower()
    if relationship not in RELATIONSHIPS:
        problem("relationship", f"'{row['relationship']}' is not one of {', '.join(RELATIONSHIPS)}")
    agrees = _FAMILY_AGREES.get(names.key(row["family_agrees"]))
    if agrees is None:
        problem("family_agrees", f"'{row['family_agrees']}' is not yes, no or not asked")
    reason = None
    if row.get("reason_for_involvement"):
        reason = _reason(row["reason_for_involvement"])
        if reason is None:
            problem("reason_for_involvement", f"'{row['reason_for_involvement']}' is not one of: "
                    + "; ".join(INVOLVEMENT_REASON_LABELS.values()))
    if row["nhs_number"] and (wrong := nhs_number_problem(row["nhs_number"])):
        problem("nhs_number", wrong)
    postcode = ""
    try:
        postcode = uk_postcode(row["postcode"])
    except ValueError as error:
        problem("postcode", str(error))
    if found.problems:
        return found
    role, subject = RELATIONSHIPS[relationship]
    try:
        person = Person(
            name=f"{row['first_name']} {row['last_name']}",
            role=role,
            subject=subject,
            relationship="" if relationship == "other" else relationship,
            date_of_birth=born_on,
            school_or_setting=row["school_or_setting"],
            nhs_number=row["nhs_number"],
        )
        Referral(
            family_id="checking",
            received_on=received_on,
            referrer_name=row["referrer_name"],
            referrer_agency_name=row["referrer_agency"],
            referrer_contact=row.get("referrer_contact", ""),
            concerns=row["concerns"],
            referrer_wants=row.get("referrer_wants", ""),
            family_agrees_reason=row.get("family_agrees_reason", ""),
        )
    except ValidationError as error:
        problem("", describe_validation_error(error))
        return found
    found.referral = ReferralRows(
        source_reference=row["referral"],
        lines=[line],
        received_on=received_on,
        referrer_name=row["referrer_name"],
        referrer_agency=row["referrer_agency"],
        referrer_contact=row.get("referrer_contact", ""),
        concerns=row["concerns"],
        referrer_wants=row.get("referrer_wants", ""),
        reason_for_involvement=reason,
        family_agrees=agrees,
        family_agrees_reason=row.get("family_agrees_reason", ""),
        postcode=postcode,
        address=row["address"],
        people=[PersonRow(line, person, row["first_name"], row["last_name"])],
    )
    return found


def _date(text: str, column: str, problem, required: bool = False) -> date | None:
    if not text:
        if required:
            problem(column, "is empty; give a date as DD/MM/YYYY")
        return None
    try:
        return parse_form_date(text, column)
    except InvalidInput:
        problem(column, f"'{text}' is not a date (DD/MM/YYYY or YYYY-MM-DD)")
        return None


def _reason(text: str) -> InvolvementReason | None:
    wanted = names.key(text)
    for reason, label in INVOLVEMENT_REASON_LABELS.items():
        if wanted in (names.key(reason.value), names.key(label)):
            return reason
    return None


# -- deciding what each referral does ----------------------------------------------------------


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

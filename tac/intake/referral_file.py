"""Reading a CSV file of referrals (an online form, another system): `tac referrals import`.

One row per person named in a referral; the rows of one referral share its `referral` id.
The format is in docs/referral-import.md, with a sample file. A file with any bad row is
refused whole, each problem named by its line (the header is line 1) and column; what a
good file does is `tac.intake.referral_import`'s business.

    >>> referrals = read_referral_file(Path("referrals.csv"))
    >>> [p.person.name for p in referrals[1].people]
    ['Siobhán Ní Bhriain', 'Aoife Ní Bhriain']
    >>> read_referral_file(Path("bad.csv"))
    ReferralFileError: bad.csv was not imported (1 problem; nothing was imported): line 3,
    date_of_birth: '31/02/2018' is not a date (DD/MM/YYYY or YYYY-MM-DD)
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from tac import names
from tac.dates import parse_form_date
from tac.errors import InvalidInput, describe_validation_error
from tac.models import (
    FamilyAgrees,
    InvolvementReason,
    Person,
    PersonRole,
    Referral,
    ReferralKind,
)
from tac.models.history import INVOLVEMENT_REASON_LABELS, REFERRAL_KIND_LABELS
from tac.models.people import nhs_number_problem, uk_postcode

COLUMNS = (
    "referral", "received_on", "referrer_name", "referrer_agency", "concerns", "family_agrees",
    "first_name", "last_name", "date_of_birth", "relationship", "postcode", "address",
    "school_or_setting", "nhs_number",
)
"""The columns every file has, in any order."""

OPTIONAL_COLUMNS = ("referrer_contact", "referrer_wants", "reason_for_involvement", "family_agrees_reason",
                    "kind", "social_care_summary", "social_worker")
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
    "kind", "social_care_summary", "social_worker",
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
    kind: ReferralKind = ReferralKind.NEW
    social_care_summary: str = ""
    social_worker: str = ""
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
    kind = _kind(row.get("kind", ""))
    if kind is None:
        problem("kind", f"'{row['kind']}' is not new or step down")
    elif kind is ReferralKind.STEP_DOWN and not row.get("social_care_summary"):
        problem("social_care_summary", "is empty; a step down from children's social care "
                "needs social care's summary of its work with the family")
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
            kind=kind,
            social_care_summary=row.get("social_care_summary", ""),
            social_worker=row.get("social_worker", ""),
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
        kind=kind or ReferralKind.NEW,
        social_care_summary=row.get("social_care_summary", ""),
        social_worker=row.get("social_worker", ""),
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


def _kind(text: str) -> ReferralKind | None:
    """The referral's kind as the file says it (`new`, `step down`, a label or TAC's word;
    empty: new), or None when it is neither."""
    wanted = names.key(text)
    if not wanted:
        return ReferralKind.NEW
    for kind, label in REFERRAL_KIND_LABELS.items():
        if wanted in (names.key(kind.value), names.key(label)):
            return kind
    return None

"""A referral as it is typed at the front door, and what taking it in makes of it.

The new-referral screen keeps everything typed in a `ReferralAsTyped` (text, valid or not
yet; also its draft, so nothing typed is lost), asks `known_matches` who is already known
as the people are typed, and hands the form to `take_referral_as_typed`, which checks it
whole and saves it through `tac.intake.referrals.take_referral`:

    >>> form = ReferralAsTyped(people=[PersonAsTyped(first_name="Aoife", last_name="Walsh",
    ...     date_of_birth="01/05/2018", relationship="daughter", subject=True)], ...)
    >>> problems(form, directory, today)
    {'received_on': 'received on: is in the future'}
    >>> family, referral = take_referral_as_typed(store, form, "Priya Shah", today)

Each problem is keyed by the name of the field it is about (a person's fields are
`person-0-first_name`, `person-1-date_of_birth`...), so a screen shows it beside that field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field, ValidationError

from tac import names
from tac.dates import parse_form_date
from tac.directory import Directory
from tac.errors import InvalidInput, describe_validation_error
from tac.intake.matching import Match, PersonQuery, find_families
from tac.intake.referral_file import RELATIONSHIPS
from tac.intake.referrals import join, new_family, same_member, take_referral
from tac.models import (
    Family,
    FamilyAgrees,
    InvolvementReason,
    Model,
    Person,
    Referral,
    ReferralKind,
)
from tac.models.people import uk_postcode
from tac.store import Store

PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "relationship", "subject", "nhs_number")

RELATIONSHIP_LABELS: dict[str, str] = {word: word.capitalize() for word in RELATIONSHIPS}
"""Who a person is in the family, as the CSV import says it too."""


def referral_draft_key(actor: str) -> str:
    """Where `actor`'s referral being typed is kept (each person's apart, as meetings are)."""
    return f"new-referral:{actor}"


def person_field(position: int, name: str) -> str:
    """The key of one person's field: `person-0-first_name`."""
    return f"person-{position}-{name}"


class FormProblems(InvalidInput):
    """What is wrong with a form, by field; `str()` is the first problem."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(next(iter(problems.values())))
        self.problems = problems


class PersonAsTyped(Model):
    """One person named in the referral, as typed."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = Field(default="", description="DD/MM/YYYY")
    relationship: str = Field(default="", description="son, daughter, mother... (RELATIONSHIPS)")
    subject: bool = Field(default=False, description="a child the referral is about")
    nhs_number: str = ""

    def is_blank(self) -> bool:
        """Nothing typed: the line is left out."""
        return not any(v.strip() for v in (self.first_name, self.last_name, self.date_of_birth,
                                            self.nhs_number))

    @property
    def name(self) -> str:
        return " ".join(f"{self.first_name} {self.last_name}".split())

    def born_on(self) -> date | None:
        """The date of birth, if what is typed is one (so far)."""
        try:
            return parse_form_date(self.date_of_birth) if self.date_of_birth.strip() else None
        except InvalidInput:
            return None

    def person(self, position: int, today: date, known: Sequence[Person] = ()) -> Person:
        """The person this makes; `FormProblems` names each field to fix. Someone already
        among `known` (the family re-referred) needs no relationship typed: theirs is kept."""
        problems: dict[str, str] = {}
        born: date | None = None
        if self.date_of_birth.strip():
            try:
                born = parse_form_date(self.date_of_birth, "date of birth")
            except InvalidInput as error:
                problems[person_field(position, "date_of_birth")] = str(error)
            else:
                if born > today:
                    problems[person_field(position, "date_of_birth")] = "date of birth: is in the future"
                    born = None
        relationship = self.relationship
        if not relationship and self.name:
            probe = Person.model_construct(name=self.name, date_of_birth=born,
                                           nhs_number=self.nhs_number.replace(" ", ""))
            same = next((p for p in known if same_member(p, probe)), None)
            relationship = same.relationship if same and same.relationship in RELATIONSHIPS else ""
        if not relationship:
            problems[person_field(position, "relationship")] = (
                "relationship: say who this is in the family (son, daughter, mother...)")
        role = RELATIONSHIPS.get(relationship, RELATIONSHIPS["other"])[0]
        try:
            person = Person(
                name=self.name, role=role, relationship=relationship, subject=self.subject,
                date_of_birth=born, nhs_number=self.nhs_number,
            )
        except ValidationError as error:
            for item in error.errors():
                where = str(item["loc"][0]) if item.get("loc") else ""
                field = {"name": "first_name", "nhs_number": "nhs_number",
                         "date_of_birth": "date_of_birth"}.get(where, "subject")
                message = describe_validation_error(_one(error, item))
                problems.setdefault(person_field(position, field), message)
            raise FormProblems(problems) from None
        if problems:
            raise FormProblems(problems)
        return person


def _one(error: ValidationError, item: dict) -> ValidationError:
    return ValidationError.from_exception_data(error.title, [item])  # type: ignore[list-item]


class ReferralAsTyped(Model):
    """A referral from its first key to its saving, kept as typed."""

    family_id: str = Field(default="", description="the known family chosen; empty: a new one")
    people: list[PersonAsTyped] = Field(default_factory=lambda: [PersonAsTyped()])
    address: str = ""
    postcode: str = ""
    received_on: str = Field(default="", description="DD/MM/YYYY")
    referrer_professional_id: str = Field(default="", description="empty: typed in below")
    referrer_name: str = ""
    referrer_agency: str = Field(default="", description="an agency's name; empty: the family")
    referrer_contact: str = ""
    concerns: str = ""
    referrer_wants: str = ""
    reason_for_involvement: str = ""
    family_agrees: str = ""
    family_agrees_reason: str = ""
    kind: str = Field(default=ReferralKind.NEW.value, description="new, or step_down")
    social_care_summary: str = Field(default="", description="a step down's, from social care")
    social_worker: str = Field(default="", description="a step down's social worker and team")
    step: int = Field(default=0, ge=0, le=1, description="0 who it is about, 1 the referral")
    focus: str | None = Field(default=None, description="the field the cursor was in")

    def typed_people(self) -> list[tuple[int, PersonAsTyped]]:
        """The people lines with anything typed in them, with their positions."""
        return [(n, p) for n, p in enumerate(self.people) if not p.is_blank()]


def search_queries(form: ReferralAsTyped) -> list[PersonQuery]:
    """What to look for: each person typed (names, date of birth, NHS number, with the
    postcode), or the postcode alone when no one is typed yet."""
    postcode = form.postcode.strip()
    queries = []
    for _, person in form.typed_people():
        query = PersonQuery(first_name=person.first_name.strip(), last_name=person.last_name.strip(),
                            date_of_birth=person.born_on(), nhs_number=person.nhs_number.strip(),
                            postcode=postcode)
        if query.first_name or query.last_name or query.date_of_birth or query.nhs_number:
            queries.append(query)
    if not queries and len(names.key(postcode)) >= 5:
        queries.append(PersonQuery(postcode=postcode))
    return queries


def known_matches(store: Store, form: ReferralAsTyped, limit: int = 12) -> list[Match]:
    """The families already known that the people typed may belong to, best first, each
    once with the person in it who matched best."""
    found: dict[str, Match] = {}
    for query in search_queries(form):
        for match in find_families(store, query, limit=limit):
            best = found.get(match.family.id)
            if best is None or match.rank < best.rank:
                found[match.family.id] = match
    return sorted(found.values(), key=lambda m: m.rank)[:limit]


def problems(form: ReferralAsTyped, directory: Directory, today: date) -> dict[str, str]:
    """Everything that must be fixed before the referral can be taken in, by field (empty:
    it can be)."""
    try:
        _made(form, directory, "", today)
    except FormProblems as error:
        return error.problems
    return {}


def _made(
    form: ReferralAsTyped, directory: Directory, taken_by: str, today: date,
    family: Family | None = None,
) -> tuple[Referral, list[Person], str]:
    found: dict[str, str] = {}
    people = []
    for position, typed in form.typed_people():
        try:
            people.append(typed.person(position, today, family.people if family else ()))
        except FormProblems as error:
            found.update(error.problems)
    if not form.family_id:
        if not form.typed_people():
            found.setdefault("people", "people: type the child the referral is about (a new family "
                                       "needs at least one person), or choose a known family")
        elif not found and not any(p.subject for p in people):
            found.setdefault("people", "people: tick the child (or children) the referral is about")
    try:
        postcode = uk_postcode(form.postcode)
    except ValueError as error:
        found["postcode"] = f"postcode: {error}"
        postcode = ""

    received: date | None = None
    if not form.received_on.strip():
        found["received_on"] = "received on: type the day the referral arrived (DD/MM/YYYY)"
    else:
        try:
            received = parse_form_date(form.received_on, "received on")
        except InvalidInput as error:
            found["received_on"] = str(error)
        else:
            if received > today:
                found["received_on"] = "received on: is in the future"
    if not form.reason_for_involvement:
        found["reason_for_involvement"] = "reason for involvement: choose the category"
    if not form.family_agrees:
        found["family_agrees"] = "family agrees: say whether the family knows and agrees"
    elif form.family_agrees != FamilyAgrees.YES and not form.family_agrees_reason.strip():
        found["family_agrees_reason"] = (
            "family agrees reason: say why the family was not asked, or what they said")

    try:
        kind = ReferralKind(form.kind or ReferralKind.NEW)
    except ValueError:
        found["kind"] = "referral kind: choose a new referral or a step down from social care"
        kind = ReferralKind.NEW
    # Only a step down carries social care's summary: one typed before the kind was set
    # back to a new referral is not saved with it.
    step_down = {"kind": kind, "social_care_summary": form.social_care_summary,
                 "social_worker": form.social_worker} if kind is ReferralKind.STEP_DOWN else {}

    professional = directory.professional(form.referrer_professional_id or None)
    if professional is not None:
        referrer = {"referrer_name": professional.name, "referrer_professional_id": professional.id,
                    "referrer_agency_id": professional.agency_id}
    else:
        typed_agency = " ".join(form.referrer_agency.split())
        agency = next((a for a in directory.agencies.values()
                       if a.name.casefold() == typed_agency.casefold()), None)
        referrer = {"referrer_name": form.referrer_name,
                    "referrer_agency_id": agency.id if agency else None,
                    "referrer_agency_name": "" if agency else typed_agency}
    try:
        referral = Referral(
            family_id=form.family_id or "new", received_on=received or today, **referrer,
            referrer_contact=form.referrer_contact, concerns=form.concerns,
            referrer_wants=form.referrer_wants,
            reason_for_involvement=InvolvementReason(form.reason_for_involvement)
            if form.reason_for_involvement else None,
            family_agrees=FamilyAgrees(form.family_agrees) if form.family_agrees else FamilyAgrees.NOT_ASKED,
            family_agrees_reason=form.family_agrees_reason, taken_by=taken_by, **step_down,
        )
    except ValidationError as error:
        for message in describe_validation_error(error).split("; "):
            where = message.split(":", 1)[0].strip().replace(" ", "_")
            if where == "referrer_name" and professional is not None:
                where = "referrer_professional_id"
            found.setdefault(where if ":" in message else "form", message)
        referral = None  # type: ignore[assignment]
    if found:
        raise FormProblems(found)
    return referral, people, postcode


def take_referral_as_typed(
    store: Store, form: ReferralAsTyped, taken_by: str, today: date
) -> tuple[Family, Referral]:
    """Take the referral in: about the known family chosen (a re-referral, whatever its
    status; the people typed join it) or a new family of the people typed. One transaction;
    the referral joins the screening queue. `FormProblems` names each field to fix, and
    other `TacError`s (someone changed the family meanwhile) say what happened; nothing is
    saved then."""
    directory = Directory.of(store.professionals(), store.agencies())
    known = store.get(Family, form.family_id) if form.family_id else None
    referral, people, postcode = _made(form, directory, taken_by, today, known)
    address = " ".join(form.address.split())
    if known is not None:
        family = join(known, people, postcode, address)
    else:
        family = new_family(store, referral.received_on, people, postcode, address)
    return take_referral(store, referral, family)

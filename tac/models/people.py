"""Agencies, professionals, families and their people, and consent to share."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, computed_field, model_validator

from tac.models.base import Level, Model, Name, Record, RecordId, Text, new_id


class AgencyKind(StrEnum):
    SCHOOL = "school"
    EARLY_YEARS = "early_years"
    HEALTH_VISITING = "health_visiting"
    SCHOOL_NURSING = "school_nursing"
    GP = "gp"
    HOSPITAL = "hospital"
    POLICE = "police"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    EARLY_HELP = "early_help"
    HOUSING = "housing"
    SUBSTANCE_MISUSE = "substance_misuse"
    CAMHS = "camhs"
    ADULT_MENTAL_HEALTH = "adult_mental_health"
    PROBATION = "probation"
    VOLUNTARY = "voluntary"
    OTHER = "other"


AGENCY_KIND_LABELS: dict[AgencyKind, str] = {
    AgencyKind.SCHOOL: "School",
    AgencyKind.EARLY_YEARS: "Early years setting",
    AgencyKind.HEALTH_VISITING: "Health visiting",
    AgencyKind.SCHOOL_NURSING: "School nursing",
    AgencyKind.GP: "GP",
    AgencyKind.HOSPITAL: "Hospital",
    AgencyKind.POLICE: "Police",
    AgencyKind.CHILDRENS_SOCIAL_CARE: "Children's social care",
    AgencyKind.EARLY_HELP: "Early help",
    AgencyKind.HOUSING: "Housing",
    AgencyKind.SUBSTANCE_MISUSE: "Substance misuse service",
    AgencyKind.CAMHS: "Child and adolescent mental health (CAMHS)",
    AgencyKind.ADULT_MENTAL_HEALTH: "Adult mental health",
    AgencyKind.PROBATION: "Probation",
    AgencyKind.VOLUNTARY: "Voluntary sector",
    AgencyKind.OTHER: "Other",
}


class Agency(Record):
    name: Name
    kind: AgencyKind
    phone: Text = ""
    email: Text = ""
    active: bool = Field(default=True, description="false once closed: kept for history")


class Professional(Record):
    name: Name
    role: Text = ""
    agency_id: RecordId | None = None
    phone: Text = ""
    email: Text = ""
    active: bool = Field(default=True, description="false once they have left: kept for history")


class Sex(StrEnum):
    """Sex as the DfE's children in need census codes it."""

    NOT_KNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    INDETERMINATE = "9"


SEX_LABELS: dict[Sex, str] = {
    Sex.NOT_KNOWN: "Not known",
    Sex.MALE: "Male",
    Sex.FEMALE: "Female",
    Sex.INDETERMINATE: "Indeterminate",
}


class Ethnicity(StrEnum):
    """Ethnicity by the DfE's main codes (as the school and children in need censuses)."""

    WHITE_BRITISH = "WBRI"
    WHITE_IRISH = "WIRI"
    TRAVELLER_OF_IRISH_HERITAGE = "WIRT"
    GYPSY_ROMA = "WROM"
    WHITE_OTHER = "WOTH"
    WHITE_AND_BLACK_CARIBBEAN = "MWBC"
    WHITE_AND_BLACK_AFRICAN = "MWBA"
    WHITE_AND_ASIAN = "MWAS"
    MIXED_OTHER = "MOTH"
    INDIAN = "AIND"
    PAKISTANI = "APKN"
    BANGLADESHI = "ABAN"
    ASIAN_OTHER = "AOTH"
    BLACK_CARIBBEAN = "BCRB"
    BLACK_AFRICAN = "BAFR"
    BLACK_OTHER = "BOTH"
    CHINESE = "CHNE"
    OTHER = "OOTH"
    REFUSED = "REFU"
    NOT_OBTAINED = "NOBT"


ETHNICITY_LABELS: dict[Ethnicity, str] = {
    Ethnicity.WHITE_BRITISH: "White British",
    Ethnicity.WHITE_IRISH: "White Irish",
    Ethnicity.TRAVELLER_OF_IRISH_HERITAGE: "Traveller of Irish heritage",
    Ethnicity.GYPSY_ROMA: "Gypsy or Roma",
    Ethnicity.WHITE_OTHER: "Any other White background",
    Ethnicity.WHITE_AND_BLACK_CARIBBEAN: "White and Black Caribbean",
    Ethnicity.WHITE_AND_BLACK_AFRICAN: "White and Black African",
    Ethnicity.WHITE_AND_ASIAN: "White and Asian",
    Ethnicity.MIXED_OTHER: "Any other mixed background",
    Ethnicity.INDIAN: "Indian",
    Ethnicity.PAKISTANI: "Pakistani",
    Ethnicity.BANGLADESHI: "Bangladeshi",
    Ethnicity.ASIAN_OTHER: "Any other Asian background",
    Ethnicity.BLACK_CARIBBEAN: "Black Caribbean",
    Ethnicity.BLACK_AFRICAN: "Black African",
    Ethnicity.BLACK_OTHER: "Any other Black background",
    Ethnicity.CHINESE: "Chinese",
    Ethnicity.OTHER: "Any other ethnic group",
    Ethnicity.REFUSED: "Refused",
    Ethnicity.NOT_OBTAINED: "Information not yet obtained",
}


class PersonRole(StrEnum):
    CHILD = "child"
    PARENT = "parent"
    CARER = "carer"
    HOUSEHOLD_MEMBER = "household_member"


PERSON_ROLE_LABELS: dict[PersonRole, str] = {
    PersonRole.CHILD: "Child",
    PersonRole.PARENT: "Parent",
    PersonRole.CARER: "Carer",
    PersonRole.HOUSEHOLD_MEMBER: "Other household member",
}


def nhs_number_problem(value: str) -> str | None:
    """What is wrong with an NHS number (ten digits, the last a modulus 11 check digit), or
    None when it is sound. Spaces and hyphens between the digits are allowed."""
    digits = "".join(value.replace("-", " ").split())
    if not digits.isdigit() or not digits.isascii():
        return f"'{value}' is not an NHS number: it should be ten digits"
    if len(digits) != 10:
        return f"'{value}' has {len(digits)} digits; an NHS number has ten"
    remainder = sum(int(d) * (10 - n) for n, d in enumerate(digits[:9])) % 11
    check = (11 - remainder) % 11
    if check == 10:
        return (f"'{value}' is not an NHS number (no check digit fits its first nine digits); "
                "check it was copied right")
    if int(digits[9]) != check:
        return (f"'{value}' is not an NHS number: its check digit (the last) should be {check} "
                "if the first nine are right; check it was copied right")
    return None


def _nhs_number(value: str) -> str:
    if not value.strip():
        return ""
    problem = nhs_number_problem(value)
    if problem:
        raise ValueError(problem)
    return "".join(value.replace("-", " ").split())


NhsNumber = Annotated[str, AfterValidator(_nhs_number)]
"""An NHS number, kept as its ten digits (`943 476 5919` -> `9434765919`), or "" if unknown."""
PERSON_ROLE_LABELS: dict[PersonRole, str] = {
    PersonRole.CHILD: "Child",
    PersonRole.PARENT: "Parent",
    PersonRole.CARER: "Carer",
    PersonRole.HOUSEHOLD_MEMBER: "Household member",
}


class Person(Model):
    """Someone in the family: a child, a parent or carer, or another household member."""

    id: RecordId = Field(default_factory=new_id)
    name: Name
    other_names: Text = Field(default="", description="also known as, or names used before")
    name_in_other_script: Text = Field(default="", description="e.g. in Arabic or Cyrillic")
    role: PersonRole
    relationship: Text = Field(default="", description="e.g. mother, stepfather, half-brother")
    subject: bool = Field(default=False, description="a child the plan is about")
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = Field(default=None, description="a baby not yet born")
    sex: Sex | None = None
    ethnicity: Ethnicity | None = None
    school_or_setting: Text = ""
    gp: Text = ""
    language: Text = Field(default="English", description="first language")
    interpreter_needed: bool = False
    communication_needs: Text = ""
    nhs_number: NhsNumber = Field(default="", description="ten digits; the last is a check digit")
    left_household_on: date | None = Field(
        default=None, description="moved out: kept, because the record names them")

    @model_validator(mode="after")
    def _check(self) -> Person:
        if self.date_of_birth and self.date_of_birth > date.today():
            raise ValueError(
                f"date of birth: {self.name}'s is in the future; for a baby not yet born, "
                "give the expected date of birth instead")
        if self.date_of_birth and self.expected_date_of_birth:
            raise ValueError("expected date of birth: leave it empty once the date of birth is known")
        if self.left_household_on and self.left_household_on > date.today():
            raise ValueError("left household on: is in the future")
        if self.subject and self.role is not PersonRole.CHILD:
            raise ValueError(f"{self.name} is marked as a subject child but is not a child")
        return self


class ConsentHow(StrEnum):
    """How the family gave their consent."""

    WRITTEN = "written"
    VERBAL = "verbal"


CONSENT_HOW_LABELS: dict[ConsentHow, str] = {
    ConsentHow.WRITTEN: "In writing",
    ConsentHow.VERBAL: "Verbally",
}


class ConsentWithdrawal(Model):
    """The family taking back their consent, from some of the agencies or from all of them."""

    on: date
    by: RecordId | None = Field(
        default=None, description="the person in the family who withdrew it; None: not recorded"
    )
    all_agencies: bool = Field(default=False, description="withdrawn from every agency")
    agency_ids: list[RecordId] = Field(
        default_factory=list, description="the agencies it is withdrawn from, when not all"
    )
    note: Text = Field(default="", description="what the family said, and how they told us")

    @model_validator(mode="after")
    def _check(self) -> ConsentWithdrawal:
        if self.on > date.today():
            raise ValueError("withdrawn on: is in the future")
        if self.all_agencies and self.agency_ids:
            raise ValueError("withdrawn from: choose all agencies or some of them, not both")
        if not self.all_agencies and not self.agency_ids:
            raise ValueError("withdrawn from: choose the agencies, or all of them")
        return self


class Consent(Model):
    """The family's consent to share information between named agencies, and any
    withdrawals of it since (from some agencies, or all). A newer consent replaces it."""

    id: RecordId = Field(default_factory=new_id)
    given_by: RecordId = Field(description="the person in the family who gave it")
    given_on: date
    how: ConsentHow | None = Field(
        default=None, description="written or verbal; None: not recorded (before version 5)"
    )
    agency_ids: list[RecordId] = Field(default_factory=list)
    scope: Text = Field(default="", description="what the information is shared for")
    withdrawals: list[ConsentWithdrawal] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _withdrawn_on(cls, data: Any) -> Any:
        # Before schema version 5 a consent said only `withdrawn_on`, withdrawn from all;
        # since then that is worked out from `withdrawals`, and dumps carry both.
        if isinstance(data, dict) and "withdrawn_on" in data:
            data = dict(data)
            withdrawn_on = data.pop("withdrawn_on")
            if withdrawn_on and not data.get("withdrawals"):
                data["withdrawals"] = [{"on": withdrawn_on, "all_agencies": True}]
        return data

    @model_validator(mode="after")
    def _check(self) -> Consent:
        if self.given_on > date.today():
            raise ValueError("consent given on: is in the future")
        if not self.agency_ids:
            raise ValueError("agencies: choose the agencies the family agrees to share with")
        if len(set(self.agency_ids)) != len(self.agency_ids):
            raise ValueError("agencies: an agency is listed twice")
        before = self.given_on
        for withdrawal in self.withdrawals:
            if withdrawal.on < self.given_on:
                raise ValueError("consent withdrawn on: is before the date it was given")
            if withdrawal.on < before:
                raise ValueError("consent withdrawn on: is before an earlier withdrawal")
            before = withdrawal.on
        ended = self.withdrawn_on
        if ended is not None and any(w.on > ended for w in self.withdrawals):
            raise ValueError(f"consent withdrawn: it was withdrawn from every agency on {ended}")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def withdrawn_on(self) -> date | None:
        """The day the consent ended: withdrawn from all, or from the last agency left."""
        left = set(self.agency_ids)
        for withdrawal in self.withdrawals:
            left = set() if withdrawal.all_agencies else left - set(withdrawal.agency_ids)
            if not left:
                return withdrawal.on
        return None

    def agencies_on(self, on: date) -> list[str]:
        """The agencies this consent lets the family's information go to on `on`, in the
        order given: none before it was given, less those withdrawn by then."""
        if on < self.given_on:
            return []
        left = list(self.agency_ids)
        for withdrawal in self.withdrawals:
            if withdrawal.on > on:
                break
            left = [] if withdrawal.all_agencies else [
                a for a in left if a not in withdrawal.agency_ids]
        return left

    def withdrawn_from(self, agency_id: str, on: date) -> ConsentWithdrawal | None:
        """The withdrawal that took `agency_id` out of this consent by `on`, if one did."""
        for withdrawal in self.withdrawals:
            if withdrawal.on > on:
                break
            if withdrawal.all_agencies or agency_id in withdrawal.agency_ids:
                return withdrawal
        return None

    def in_force(self, on: date | None = None) -> bool:
        """Given by `on` (today if None) and not withdrawn from every agency by then."""
        return bool(self.agencies_on(on or date.today()))


class LeadProfessionalTerm(Model):
    """One professional's time as the family's lead professional."""

    professional_id: RecordId
    started_on: date
    ended_on: date | None = None

    @model_validator(mode="after")
    def _check(self) -> LeadProfessionalTerm:
        if self.ended_on and self.ended_on < self.started_on:
            raise ValueError("lead professional ended on: is before it started")
        return self


class FamilyStatus(StrEnum):
    REFERRED = "referred"
    OPEN = "open"
    STEPPED_UP = "stepped_up"
    STEPPED_DOWN = "stepped_down"
    CLOSED = "closed"


FAMILY_STATUS_LABELS: dict[FamilyStatus, str] = {
    FamilyStatus.REFERRED: "Referred",
    FamilyStatus.OPEN: "Open",
    FamilyStatus.STEPPED_UP: "Stepped up",
    FamilyStatus.STEPPED_DOWN: "Stepped down",
    FamilyStatus.CLOSED: "Closed",
}

OPEN_STATUSES = frozenset({FamilyStatus.OPEN, FamilyStatus.STEPPED_DOWN})
"""Families early help is working with now (a step-down arrives open to early help)."""


class ClosureReason(StrEnum):
    NEEDS_MET = "needs_met"
    STEPPED_DOWN_TO_UNIVERSAL = "stepped_down_to_universal"
    STEPPED_UP = "stepped_up"
    MOVED_AWAY = "moved_away"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    DISENGAGED = "disengaged"
    OTHER = "other"


CLOSURE_REASON_LABELS: dict[ClosureReason, str] = {
    ClosureReason.NEEDS_MET: "Needs met",
    ClosureReason.STEPPED_DOWN_TO_UNIVERSAL: "Stepped down to universal services",
    ClosureReason.STEPPED_UP: "Stepped up to children's social care",
    ClosureReason.MOVED_AWAY: "Moved to another area",
    ClosureReason.CONSENT_WITHDRAWN: "Family withdrew consent",
    ClosureReason.DISENGAGED: "Family disengaged",
    ClosureReason.OTHER: "Other",
}

CLOSING_OUTCOMES: tuple[ClosureReason, ...] = (
    ClosureReason.NEEDS_MET,
    ClosureReason.STEPPED_DOWN_TO_UNIVERSAL,
    ClosureReason.CONSENT_WITHDRAWN,
    ClosureReason.DISENGAGED,
    ClosureReason.MOVED_AWAY,
)
"""The outcomes a closure meeting offers. A step up ends early help by its own path, and
"other" is kept for closures recorded before (and for screening's no further action)."""


class StatusChange(Model):
    """The family's status and level from a date on: the history of open, up, down, closed."""

    on: date
    status: FamilyStatus
    level: Level
    reason: ClosureReason | None = None
    note: Text = ""

    @model_validator(mode="after")
    def _check(self) -> StatusChange:
        if self.status is FamilyStatus.CLOSED and self.reason is None:
            raise ValueError("a closure needs a reason")
        return self


_REFERENCE = re.compile(r"^[A-Z]{2,4}-\d{4}-\d{4,6}$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def _reference(value: str) -> str:
    value = value.strip().upper()
    if not _REFERENCE.match(value):
        raise ValueError(f"'{value}' is not a family reference like EH-2026-0042")
    return value


def uk_postcode(value: str) -> str:
    """A UK postcode written the usual way (`sk41aa` -> `SK4 1AA`), "" for none; raises
    ValueError for one that is not a postcode."""
    value = " ".join(value.upper().split())
    if value and not _POSTCODE.match(value):
        raise ValueError(f"'{value}' is not a UK postcode")
    if value and " " not in value:
        value = f"{value[:-3]} {value[-3:]}"
    return value


FamilyReference = Annotated[str, AfterValidator(_reference)]


def is_family_reference(text: str) -> bool:
    """Whether `text` is written as a family reference (`eh-2026-0042` is)."""
    return bool(_REFERENCE.match(text.strip().upper()))


def reference_order(reference: str) -> int:
    """A number that sorts as `reference` sorts as text (EH-2026-0042 before EH-2026-0043,
    and EH-2026-10000 before EH-2026-9999): the search index keeps families in this order,
    so a search lists them in reference order without fetching every match to sort it.

        >>> reference_order("EH-2026-0042") < reference_order("EH-2026-0043")
        True
    """
    letters, year, number = reference.split("-")
    value = 0
    for ch in letters.ljust(4, "-"):  # "-" sorts before any letter: EH-... before EHA-...
        value = value * 27 + (0 if ch == "-" else ord(ch) - ord("A") + 1)
    value = value * 10_000 + int(year)
    for ch in number.ljust(6, "-"):  # an end sorts before any digit: 0042 before 00421
        value = value * 11 + (0 if ch == "-" else int(ch) + 1)
    return value


class Family(Record):
    """A family known to early help: its people, consent, lead professional and status."""

    reference: FamilyReference
    address: Text = ""
    postcode: Annotated[str, AfterValidator(uk_postcode)] = ""
    people: list[Person] = Field(default_factory=list)
    consents: list[Consent] = Field(default_factory=list)
    lead_professionals: list[LeadProfessionalTerm] = Field(default_factory=list)
    status_history: list[StatusChange] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Family:
        ids = [p.id for p in self.people]
        if len(ids) != len(set(ids)):
            raise ValueError("people: the same person is listed twice")
        for consent in self.consents:
            if consent.given_by not in ids:
                raise ValueError("consent: given by someone who is not in the family")
            if any(w.by and w.by not in ids for w in consent.withdrawals):
                raise ValueError("consent: withdrawn by someone who is not in the family")
        open_terms = [t for t in self.lead_professionals if t.ended_on is None]
        if len(open_terms) > 1:
            raise ValueError("lead professional: only one can hold the role at a time")
        return self

    @property
    def subject_children(self) -> list[Person]:
        return [p for p in self.people if p.subject]

    @property
    def lead_professional_id(self) -> str | None:
        current = [t for t in self.lead_professionals if t.ended_on is None]
        return current[0].professional_id if current else None

    @property
    def status(self) -> FamilyStatus:
        return self.status_history[-1].status if self.status_history else FamilyStatus.REFERRED

    @property
    def level(self) -> int | None:
        return self.status_history[-1].level if self.status_history else None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def latest_consent(self, on: date | None = None) -> Consent | None:
        """The consent given last on or before `on` (today if None), withdrawn or not: a
        newer consent replaces the ones before it."""
        on = on or date.today()
        given = [c for c in self.consents if c.given_on <= on]
        # Sorted (stably) by date: of two given the same day, the one recorded later.
        return sorted(given, key=lambda c: c.given_on)[-1] if given else None

    def consent_in_force(self, on: date | None = None) -> Consent | None:
        """The latest consent, unless it has been withdrawn from every agency by `on`."""
        on = on or date.today()
        latest = self.latest_consent(on)
        return latest if latest is not None and latest.in_force(on) else None

    def display_name(self) -> str:
        """`EH-2026-0042 Smith family`, from the first subject child or person."""
        anchor = (self.subject_children or self.people or [None])[0]
        surname = anchor.name.split()[-1] if anchor else ""
        return f"{self.reference} {surname} family".strip()

    def set_lead_professional(self, professional_id: str | None, on: date) -> None:
        """End the current lead professional's term and start a new one (or none)."""
        if professional_id == self.lead_professional_id:
            return
        terms = [t.model_copy() for t in self.lead_professionals]
        for term in terms:
            if term.ended_on is None:
                term.ended_on = max(on, term.started_on)
        if professional_id:
            terms.append(LeadProfessionalTerm(professional_id=professional_id, started_on=on))
        self.lead_professionals = terms

    def change_status(self, change: StatusChange) -> None:
        self.status_history = [*self.status_history, change]

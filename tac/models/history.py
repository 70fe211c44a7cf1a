"""What happened before a meeting: the chronology of events and the referrals (contacts)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from tac.models.base import Name, Record, RecordId, RequiredText, Text
from tac.models.people import FamilyReference


class EventKind(StrEnum):
    SCHOOL_EXCLUSION = "school_exclusion"
    SCHOOL_ATTENDANCE = "school_attendance"
    HOSPITAL_VISIT = "hospital_visit"
    HEALTH_APPOINTMENT = "health_appointment"
    POLICE_CALL_OUT = "police_call_out"
    DOMESTIC_ABUSE_INCIDENT = "domestic_abuse_incident"
    HOUSING_MOVE = "housing_move"
    HOUSING_ARREARS = "housing_arrears"
    REFERRAL = "referral"
    MEETING = "meeting"
    STEP_UP = "step_up"
    STEP_DOWN = "step_down"
    BIRTH = "birth"
    BEREAVEMENT = "bereavement"
    OTHER = "other"


EVENT_KIND_LABELS: dict[EventKind, str] = {
    EventKind.SCHOOL_EXCLUSION: "School exclusion",
    EventKind.SCHOOL_ATTENDANCE: "School attendance",
    EventKind.HOSPITAL_VISIT: "Hospital visit (A&E or admission)",
    EventKind.HEALTH_APPOINTMENT: "Health appointment",
    EventKind.POLICE_CALL_OUT: "Police call-out",
    EventKind.DOMESTIC_ABUSE_INCIDENT: "Domestic abuse incident",
    EventKind.HOUSING_MOVE: "Housing move",
    EventKind.HOUSING_ARREARS: "Rent arrears",
    EventKind.REFERRAL: "Referral",
    EventKind.MEETING: "Meeting",
    EventKind.STEP_UP: "Step up to social care",
    EventKind.STEP_DOWN: "Step down to early help",
    EventKind.BIRTH: "Birth",
    EventKind.BEREAVEMENT: "Bereavement",
    EventKind.OTHER: "Other",
}


class Significance(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


SIGNIFICANCE_LABELS: dict[Significance, str] = {
    Significance.LOW: "Low",
    Significance.MEDIUM: "Medium",
    Significance.HIGH: "High",
}


class ChronologyEvent(Record):
    """A dated, significant event in the family's life, from any agency."""

    family_id: RecordId
    person_id: RecordId | None = Field(default=None, description="None: the whole family")
    occurred_on: date
    agency_id: RecordId | None = Field(default=None, description="the agency that reported it")
    kind: EventKind
    summary: RequiredText
    significance: Significance = Significance.MEDIUM

    @model_validator(mode="after")
    def _check(self) -> ChronologyEvent:
        if self.occurred_on > date.today():
            raise ValueError("occurred on: is in the future")
        return self


class ReferralStatus(StrEnum):
    AWAITING_SCREENING = "awaiting_screening"
    SCREENED = "screened"


class InvolvementReason(StrEnum):
    """Why early help is involved: the Standard Safeguarding Dataset's categories."""

    SUBSTANCE_MISUSE = "substance_misuse"
    MENTAL_HEALTH = "mental_health"
    PARENTING_AND_FAMILY = "parenting_and_family"
    DISABILITY_OR_ILLNESS = "disability_or_illness"
    DOMESTIC_ABUSE = "domestic_abuse"
    ABUSE_OR_NEGLECT = "abuse_or_neglect"
    SPECIAL_CIRCUMSTANCES = "special_circumstances"
    SOCIO_ECONOMIC = "socio_economic"
    WELLBEING_AND_DEVELOPMENT = "wellbeing_and_development"
    INFORMATION_AND_SUPPORT = "information_and_support"
    OTHER = "other"


INVOLVEMENT_REASON_LABELS: dict[InvolvementReason, str] = {
    InvolvementReason.SUBSTANCE_MISUSE: "Alcohol/substance misuse",
    InvolvementReason.MENTAL_HEALTH: "Mental health",
    InvolvementReason.PARENTING_AND_FAMILY: "Parenting and family dynamics",
    InvolvementReason.DISABILITY_OR_ILLNESS: "Physical and learning disabilities or illness",
    InvolvementReason.DOMESTIC_ABUSE: "Domestic violence/abuse",
    InvolvementReason.ABUSE_OR_NEGLECT: "Child abuse/neglect",
    InvolvementReason.SPECIAL_CIRCUMSTANCES: "Special circumstances/vulnerabilities",
    InvolvementReason.SOCIO_ECONOMIC: "Socio-economic challenges",
    InvolvementReason.WELLBEING_AND_DEVELOPMENT: "Child well-being and development",
    InvolvementReason.INFORMATION_AND_SUPPORT: "Information and support",
    InvolvementReason.OTHER: "Other",
}


class FamilyAgrees(StrEnum):
    """Whether the family knows of the referral and agrees to it."""

    YES = "yes"
    NO = "no"
    NOT_ASKED = "not_asked"


FAMILY_AGREES_LABELS: dict[FamilyAgrees, str] = {
    FamilyAgrees.YES: "Yes",
    FamilyAgrees.NO: "No",
    FamilyAgrees.NOT_ASKED: "Not asked",
}


class ReferralKind(StrEnum):
    """How a referral comes to early help: a new worry, or a family children's social care
    is stepping down to early help as its own work ends."""

    NEW = "new"
    STEP_DOWN = "step_down"


REFERRAL_KIND_LABELS: dict[ReferralKind, str] = {
    ReferralKind.NEW: "New referral",
    ReferralKind.STEP_DOWN: "Step down from children's social care",
}


NO_SOCIAL_CARE_SUMMARY = (
    "social care summary: a step down from children's social care needs the social "
    "worker's summary (the work done, what is still a worry, why it is stepping down)"
)


class Referral(Record):
    """A contact: a concern about a child, raised by an agency or the family itself.

    The referrer is a professional from the directory (`referrer_professional_id`, their name
    copied into `referrer_name` so history keeps it) or someone typed in: a name, the agency
    from the directory or as typed (`referrer_agency_name`, for one not in the directory),
    and how to reach them. Neither agency: the family referred itself.
    """

    family_id: RecordId
    received_on: date
    referrer_name: Name
    referrer_professional_id: RecordId | None = None
    referrer_agency_id: RecordId | None = Field(default=None, description="None: the family")
    referrer_agency_name: Text = Field(default="", description="an agency not in the directory")
    referrer_contact: Text = Field(default="", description="phone or email, as given")
    concerns: RequiredText = Field(description="the concerns, in the referrer's words")
    referrer_wants: Text = Field(default="", description="what the referrer wants to happen")
    reason_for_involvement: InvolvementReason | None = None
    family_agrees: FamilyAgrees = FamilyAgrees.NOT_ASKED
    family_agrees_reason: Text = Field(
        default="", description="why the family was not asked, or what they said"
    )
    taken_by: Text = Field(default="", description="who took the referral at the front door")
    possible_matches: list[FamilyReference] = Field(
        default_factory=list,
        description="known families this may be, for a person to check: attach or confirm new",
    )
    source_reference: Text = Field(
        default="", description="the referral's own id in the form or system it came from"
    )
    status: ReferralStatus = ReferralStatus.AWAITING_SCREENING
    kind: ReferralKind = ReferralKind.NEW
    social_care_summary: Text = Field(
        default="",
        description="a step down: children's social care's summary of its work with the family",
    )
    social_worker: Text = Field(
        default="", description="a step down: the social worker and team handing over, as given"
    )

    @model_validator(mode="before")
    @classmethod
    def _consent_obtained(cls, data: Any) -> Any:
        # Before schema version 4 a referral said only `consent_obtained` (true or false);
        # files dumped then still load: true is a yes, false was never asked.
        if isinstance(data, dict) and "consent_obtained" in data:
            data = dict(data)
            obtained = data.pop("consent_obtained")
            if "family_agrees" not in data:
                data["family_agrees"] = FamilyAgrees.YES if obtained else FamilyAgrees.NOT_ASKED
        return data

    @model_validator(mode="after")
    def _check(self) -> Referral:
        if self.received_on > date.today():
            raise ValueError("received on: is in the future")
        if self.referrer_agency_id and self.referrer_agency_name:
            raise ValueError(
                "referrer agency: choose one from the directory or type one in, not both"
            )
        if self.kind is ReferralKind.STEP_DOWN and not self.social_care_summary:
            raise ValueError(NO_SOCIAL_CARE_SUMMARY)
        return self

    @property
    def is_step_down(self) -> bool:
        """Children's social care stepping the family down to early help."""
        return self.kind is ReferralKind.STEP_DOWN

    @property
    def consent_obtained(self) -> bool:
        """The family knows of the referral and agrees to it."""
        return self.family_agrees is FamilyAgrees.YES

    @property
    def check_note(self) -> str:
        """`check: possible match with EH-2024-0012`, or "" when nothing is to be checked."""
        if not self.possible_matches:
            return ""
        return f"check: possible match with {', '.join(self.possible_matches)}"


__all__ = [
    "FAMILY_AGREES_LABELS",
    "INVOLVEMENT_REASON_LABELS",
    "REFERRAL_KIND_LABELS",
    "ChronologyEvent",
    "EventKind",
    "FamilyAgrees",
    "InvolvementReason",
    "Referral",
    "ReferralKind",
    "ReferralStatus",
    "Significance",
]

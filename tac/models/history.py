"""What happened before a meeting: the chronology of events and the referrals (contacts)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from tac.models.base import Name, Record, RecordId, RequiredText


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


class Referral(Record):
    """A contact: a concern about a child, raised by an agency or the family itself."""

    family_id: RecordId
    received_on: date
    referrer_name: Name
    referrer_agency_id: RecordId | None = Field(default=None, description="None: the family")
    concerns: RequiredText
    consent_obtained: bool = False
    status: ReferralStatus = ReferralStatus.AWAITING_SCREENING

    @model_validator(mode="after")
    def _check(self) -> Referral:
        if self.received_on > date.today():
            raise ValueError("received on: is in the future")
        return self


__all__ = [
    "ChronologyEvent",
    "EventKind",
    "Referral",
    "ReferralStatus",
    "Significance",
]

"""How each record maps onto the tables in tac/schema.py. No SQL here: just the mapping.

A record kind (family, action, ...) is one row in its main table plus rows in child
tables for its lists of parts (a family's members, a meeting's attendance...). Child rows
carry the parent's id and their position, so lists come back in the order they were saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tac.models import (
    Action,
    ActionReview,
    Agency,
    AssessmentItem,
    Attendance,
    ChildVoice,
    ChronologyEvent,
    Consent,
    DangerStatement,
    DueDateChange,
    Family,
    LeadProfessionalTerm,
    LocalService,
    Model,
    OversightNote,
    Person,
    Professional,
    ProgressNote,
    Record,
    Referral,
    SafetyGoal,
    ScalingScore,
    ScreeningDecision,
    ScreeningMeeting,
    StatusChange,
    StepUp,
    TacMeeting,
    VulnerabilityCheck,
)
from tac.models.people import reference_order
from tac.names import family_search_text

# Field names that are SQL keywords get a plainer column name.
_COLUMN_FOR_FIELD = {
    "on": "on_date",
    "by": "written_by",
    "column": "assessment_column",
    "update": "update_given",
}


@dataclass(frozen=True)
class Part:
    """A list of parts of a record, kept in a child table."""

    table: str
    model: type[Model]
    parent_key: str
    json_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """A kind of record saved on its own: its main table and its parts."""

    label: str
    table: str
    model: type[Record]
    parts: dict[str, Part] = field(default_factory=dict)
    json_fields: tuple[str, ...] = ()
    family_field: str | None = "family_id"


def _family_columns(family: Family) -> dict[str, Any]:
    words = [family.postcode, family.address]
    for person in family.people:
        words += [person.name, person.school_or_setting]
    return {
        "status": family.status.value,
        "level": family.level,
        "lead_professional_id": family.lead_professional_id,
        "display_name": family.display_name(),
        # The full-text index (schema.SEARCH_TABLE) follows these through triggers.
        "search_text": family_search_text(family.reference, " ".join(w for w in words if w)),
        "search_order": reference_order(family.reference),
    }


def _referral_columns(referral: Referral) -> dict[str, Any]:
    # Kept for queries written before family_agrees (schema version 4) said more.
    return {"consent_obtained": referral.consent_obtained}


KINDS: dict[type[Record], Kind] = {
    Agency: Kind("agency", "agencies", Agency, family_field=None),
    Professional: Kind("professional", "professionals", Professional, family_field=None),
    LocalService: Kind("local service", "local_services", LocalService, family_field=None),
    Family: Kind(
        "family",
        "families",
        Family,
        parts={
            "people": Part("family_members", Person, "family_id"),
            "consents": Part("consents", Consent, "family_id",
                             json_fields=("agency_ids", "withdrawals")),
            "lead_professionals": Part(
                "lead_professional_terms", LeadProfessionalTerm, "family_id"
            ),
            "status_history": Part("family_status_changes", StatusChange, "family_id"),
        },
        family_field="id",
    ),
    ChronologyEvent: Kind("chronology event", "chronology_events", ChronologyEvent),
    Referral: Kind("referral", "referrals", Referral, json_fields=("possible_matches",)),
    ScreeningMeeting: Kind(
        "screening meeting",
        "screening_meetings",
        ScreeningMeeting,
        parts={"decisions": Part("screening_decisions", ScreeningDecision, "meeting_id")},
        json_fields=("attendee_ids",),
        family_field=None,
    ),
    TacMeeting: Kind(
        "TAC meeting",
        "tac_meetings",
        TacMeeting,
        parts={
            "attendance": Part("meeting_attendance", Attendance, "meeting_id"),
            "child_voices": Part("child_voices", ChildVoice, "meeting_id"),
            "action_reviews": Part("action_reviews", ActionReview, "meeting_id"),
            "assessment": Part("assessment_items", AssessmentItem, "meeting_id"),
            "danger_statements": Part("danger_statements", DangerStatement, "meeting_id"),
            "safety_goals": Part("safety_goals", SafetyGoal, "meeting_id"),
            "scaling": Part("scaling_scores", ScalingScore, "meeting_id"),
        },
    ),
    Action: Kind(
        "action",
        "actions",
        Action,
        parts={
            "progress": Part("action_progress", ProgressNote, "action_id"),
            "due_date_changes": Part("action_due_date_changes", DueDateChange, "action_id"),
        },
    ),
    # After the meetings: a step up names the meeting that decided it.
    StepUp: Kind("step up", "step_ups", StepUp),
    OversightNote: Kind("oversight note", "oversight_notes", OversightNote),
    VulnerabilityCheck: Kind("vulnerability check", "vulnerability_checks", VulnerabilityCheck,
                             json_fields=("scores",)),
}


def kind_of(record: Record | type[Record]) -> Kind:
    model = record if isinstance(record, type) else type(record)
    try:
        return KINDS[model]
    except KeyError:
        raise TypeError(f"{model.__name__} is not a record the store keeps") from None


def _columns(data: dict[str, Any], json_fields: tuple[str, ...]) -> dict[str, Any]:
    row = {}
    for name, value in data.items():
        if name in json_fields:
            value = json.dumps(value, ensure_ascii=False)
        row[_COLUMN_FOR_FIELD.get(name, name)] = value
    return row


def to_rows(record: Record) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The main row and the child rows (by table) that hold `record`."""
    kind = kind_of(record)
    data = record.model_dump(mode="json")
    parts: dict[str, list[dict[str, Any]]] = {}
    for name, part in kind.parts.items():
        rows = []
        for position, item in enumerate(data.pop(name)):
            row = _columns(item, part.json_fields)
            row[part.parent_key] = record.id
            row["position"] = position
            rows.append(row)
        parts[part.table] = rows
    main = _columns(data, kind.json_fields)
    if isinstance(record, Family):
        main.update(_family_columns(record))
    elif isinstance(record, Referral):
        main.update(_referral_columns(record))
    return main, parts


@cache
def _field_for_column(model: type[Model]) -> dict[str, str]:
    """Column name -> field name, for the columns that hold one of `model`'s fields."""
    return {_COLUMN_FOR_FIELD.get(name, name): name for name in model.model_fields}


def _fields(row: dict[str, Any], model: type[Model], json_fields: tuple[str, ...]) -> dict:
    wanted = _field_for_column(model)
    data = {wanted[column]: value for column, value in row.items() if column in wanted}
    for name in json_fields:
        if data.get(name) is not None:
            data[name] = json.loads(data[name])
    return data


def from_rows(kind: Kind, row: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> Record:
    """Rebuild a record from its main row and its child rows (each list in position order)."""
    data = _fields(row, kind.model, kind.json_fields)
    for name, part in kind.parts.items():
        data[name] = [_fields(r, part.model, part.json_fields) for r in parts.get(part.table, [])]
    return kind.model.model_validate(data)


def part_from_row(model: type[Record], name: str, row: dict[str, Any]) -> Model:
    """One part of a record (`part_from_row(Family, "consents", row)`) rebuilt from its row in
    the child table, without reading the rest of the record."""
    part = KINDS[model].parts[name]
    return part.model.model_validate(_fields(row, part.model, part.json_fields))

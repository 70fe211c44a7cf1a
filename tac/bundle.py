"""Everything the store holds about families, as one document: `tac dump` and `tac load`.

A `Bundle` is also how demo data and other bulk imports reach the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from tac.models import (
    Action,
    Agency,
    ChronologyEvent,
    Family,
    LocalService,
    Model,
    OversightNote,
    Professional,
    Record,
    Referral,
    ScreeningMeeting,
    StepUp,
    TacMeeting,
    VulnerabilityCheck,
)

FORMAT = "tac-dump"


class FamilyFile(Model):
    """One family and everything recorded about it."""

    family: Family
    chronology: list[ChronologyEvent] = Field(default_factory=list)
    referrals: list[Referral] = Field(default_factory=list)
    tac_meetings: list[TacMeeting] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    step_ups: list[StepUp] = Field(default_factory=list)
    oversight_notes: list[OversightNote] = Field(default_factory=list)
    vulnerability_checks: list[VulnerabilityCheck] = Field(default_factory=list)


class Bundle(Model):
    """The directory (agencies, professionals, local services), screening meetings, and
    families."""

    format: Literal["tac-dump"] = FORMAT
    format_version: Literal[1] = 1
    agencies: list[Agency] = Field(default_factory=list)
    professionals: list[Professional] = Field(default_factory=list)
    local_services: list[LocalService] = Field(default_factory=list)
    screening_meetings: list[ScreeningMeeting] = Field(default_factory=list)
    families: list[FamilyFile] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_record_once(self) -> Bundle:
        """A record given twice would be saved twice: name the first one repeated."""
        _once("family", (f.family.reference for f in self.families))
        lists: list[tuple[str, Iterable[Record]]] = [
            ("agency", self.agencies),
            ("professional", self.professionals),
            ("local service", self.local_services),
            ("screening meeting", self.screening_meetings),
            ("family", (f.family for f in self.families)),
            ("chronology event", (e for f in self.families for e in f.chronology)),
            ("referral", (r for f in self.families for r in f.referrals)),
            ("TAC meeting", (m for f in self.families for m in f.tac_meetings)),
            ("action", (a for f in self.families for a in f.actions)),
            ("step up", (s for f in self.families for s in f.step_ups)),
            ("oversight note", (n for f in self.families for n in f.oversight_notes)),
            ("vulnerability check", (c for f in self.families for c in f.vulnerability_checks)),
        ]
        for label, records in lists:
            _once(f"{label} with id", (r.id for r in records))
        return self


def _once(label: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{label} {value} appears twice in this file")
        seen.add(value)

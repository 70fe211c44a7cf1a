"""Everything the store holds about families, as one document: `tac dump` and `tac load`.

A `Bundle` is also how demo data and other bulk imports reach the store.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tac.models import (
    Action,
    Agency,
    ChronologyEvent,
    Family,
    Model,
    Professional,
    Referral,
    ScreeningMeeting,
    TacMeeting,
)

FORMAT = "tac-dump"


class FamilyFile(Model):
    """One family and everything recorded about it."""

    family: Family
    chronology: list[ChronologyEvent] = Field(default_factory=list)
    referrals: list[Referral] = Field(default_factory=list)
    tac_meetings: list[TacMeeting] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)


class Bundle(Model):
    """The directory (agencies, professionals), screening meetings, and families."""

    format: Literal["tac-dump"] = FORMAT
    format_version: Literal[1] = 1
    agencies: list[Agency] = Field(default_factory=list)
    professionals: list[Professional] = Field(default_factory=list)
    screening_meetings: list[ScreeningMeeting] = Field(default_factory=list)
    families: list[FamilyFile] = Field(default_factory=list)

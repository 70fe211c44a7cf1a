"""A family stepped up from early help to children's social care, and what early help
learnt from it."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from tac.models.base import Record, RecordId, RequiredText, Text


class StepUp(Record):
    """The day a family went to children's social care: why, to which team, from which
    meeting, and the missed-opportunity reflection written by the chair or a manager."""

    family_id: RecordId
    stepped_up_on: date
    reason: RequiredText = Field(description="why the family is stepped up, in plain words")
    team: RequiredText = Field(description="the social care team it went to")
    recorded_by: Text = Field(default="", description="who recorded the step up")
    screening_meeting_id: RecordId | None = Field(
        default=None, description="the screening meeting that decided it")
    tac_meeting_id: RecordId | None = Field(
        default=None, description="the TAC meeting that decided it")
    earlier_signs: Text = Field(default="", description="what earlier signs there were")
    sooner: Text = Field(default="", description="what could have been done sooner")
    reflection_by_id: RecordId | None = Field(
        default=None, description="the chair or manager who wrote the reflection")

    @model_validator(mode="after")
    def _check(self) -> StepUp:
        if self.stepped_up_on > date.today():
            raise ValueError("stepped up on: is in the future")
        if self.screening_meeting_id and self.tac_meeting_id:
            raise ValueError("a step up comes from one meeting: a screening or a TAC meeting")
        return self

    @property
    def has_reflection(self) -> bool:
        """The chair or a manager wrote what could have been seen or done earlier."""
        return bool(self.earlier_signs or self.sooner)


__all__ = ["StepUp"]

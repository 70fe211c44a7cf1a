"""A manager's oversight of a family: a dated note with direction."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from tac.models.base import Name, Record, RecordId, RequiredText


class OversightNote(Record):
    """What an early help manager saw when they looked at the family's work, and the
    direction they gave: the management oversight Ofsted looks for on every file.

    Its own record, not a kind of chronology event: a chronology event is something that
    happened in the family's life, reported by an agency, and anyone on the family's team
    may type one in; an oversight note is a manager's judgement and instruction, only a
    manager may write one, and "no note for N weeks" is asked of every open family at once.
    """

    family_id: RecordId
    written_on: date
    written_by: Name = Field(description="the manager who wrote it, as named when they signed in")
    written_by_id: RecordId | None = Field(
        default=None, description="the manager in the directory, when they signed in as one")
    note: RequiredText = Field(description="what the manager found: progress, drift, risk")
    direction: RequiredText = Field(description="what is to happen next, by whom and when")

    @model_validator(mode="after")
    def _check(self) -> OversightNote:
        if self.written_on > date.today():
            raise ValueError("written on: is in the future")
        return self


__all__ = ["OversightNote"]
